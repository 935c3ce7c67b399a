package org.cbrnn.task.online;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cbrnn.task.DelayedMatch;
import org.cbrnn.task.Parity;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;

/** {@link BitSequences}: the CB-RNN tasks as ccRNN classification tasks, labels recomputed here from the bits. */
class OnlineTasksBitTest {
    private static int bit(SeqBatch b, int t, int r) {
        float v = b.input(t, r, 0);
        assertTrue(v == 0f || v == 1f, "inputs are bits");
        return (int) v;
    }

    @Test
    void parityLabelsAreTheSumOfTheLastNBitsModTwo() {
        for (int n : new int[] {2, 3, 7}) {
            BitSequences task = new BitSequences(new Parity(), n);
            Rng rng = new Rng(11 + n);
            int ones = 0, total = 0;
            for (int rep = 0; rep < 20; rep++) {
                SeqBatch b = task.sample(40, rng);
                int T = b.steps();
                assertTrue(T >= n + 2 && T <= 4 * n + 1, "length " + T + " in N+2..4N+1");
                assertTrue(T <= task.steps());
                for (int r = 0; r < 40; r++) {
                    int s = 0;
                    for (int k = 1; k <= n; k++) s += bit(b, T - k, r);
                    assertEquals(s % 2, b.labels()[r]);
                    ones += b.labels()[r];
                    total++;
                }
            }
            assertEquals(0.5, ones / (double) total, 0.08, "classes are balanced");
        }
    }

    @Test
    void dmsLabelsCompareTheLastBitWithTheBitNMinusOneStepsEarlier() {
        for (int n : new int[] {2, 4, 9}) {
            BitSequences task = new BitSequences(new DelayedMatch(), n);
            Rng rng = new Rng(5 * n);
            for (int rep = 0; rep < 20; rep++) {
                SeqBatch b = task.sample(40, rng);
                int T = b.steps();
                for (int r = 0; r < 40; r++) assertEquals(bit(b, T - 1, r) == bit(b, T - n, r) ? 1 : 0, b.labels()[r]);
            }
        }
    }

    @Test
    void feedbackOnlyAtTheLastStepAndTheShapesOfAClassificationTask() {
        BitSequences task = new BitSequences(new Parity(), 3);
        assertEquals(OnlineTask.Loss.CROSS_ENTROPY_LAST, task.loss());
        assertEquals(1, task.inputSize());
        assertEquals(2, task.outputSize());
        assertEquals(13, task.steps());
        assertEquals("parity-3", task.name());
        assertEquals(4, task.next().level());
        SeqBatch b = task.sample(8, new Rng(1));
        for (int t = 0; t < b.steps(); t++) assertEquals(t == b.steps() - 1, b.feedback()[t]);
        for (float v : b.targets()) assertEquals(0f, v);
        assertEquals(b.steps() * 8 * 2, b.targets().length);
    }

    @Test
    void sameGeneratorStateSameBatch() {
        BitSequences task = new BitSequences(new DelayedMatch(), 5);
        SeqBatch a = task.sample(16, new Rng(42)), b = task.sample(16, new Rng(42));
        assertEquals(a.steps(), b.steps());
        assertArrayEquals(a.inputs(), b.inputs());
        assertArrayEquals(a.labels(), b.labels());
    }

    @Test
    void aLevelOutsideTheTasksRangeIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BitSequences(new DelayedMatch(), 1));
        assertTrue(e.getMessage().contains("level"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BitSequences(new Parity(), 2).sample(0, new Rng(1)));
    }
}
