package org.cbrnn.task;

import org.cbrnn.util.Check;

/** N-parity: the parity of the last N bits, {@code (x_{T-N+1} + ... + x_T) mod 2} (docs/protocol.md §3.2). */
public final class Parity implements Task {
    @Override
    public String name() {
        return "parity";
    }

    @Override
    public String description() {
        return "N-parity: sum of the last N bits mod 2";
    }

    @Override
    public int minLevel() {
        return 1;
    }

    @Override
    public int label(float[] bits, int level) {
        Check.notNull("bits", bits);
        int sum = 0;
        for (int t = bits.length - level; t < bits.length; t++) sum += bits[t] > 0.5f ? 1 : 0;
        return sum & 1;
    }
}
