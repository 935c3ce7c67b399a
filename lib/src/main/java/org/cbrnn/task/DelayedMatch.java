package org.cbrnn.task;

import org.cbrnn.util.Check;

/**
 * N-DMS (delayed match-to-sample): 1 if the last bit equals the bit N-1 steps earlier, {@code x_{T-N+1} == x_T}
 * (docs/protocol.md §3.3). N = 2 compares the last two bits.
 */
public final class DelayedMatch implements Task {
    @Override
    public String name() {
        return "dms";
    }

    @Override
    public String description() {
        return "N-DMS: does the last bit match the bit N-1 steps before it";
    }

    @Override
    public int label(float[] bits, int level) {
        Check.notNull("bits", bits);
        int T = bits.length;
        return (bits[T - level] > 0.5f) == (bits[T - 1] > 0.5f) ? 1 : 0;
    }
}
