package org.cbrnn.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Generic tests every registered task gets, plus independent label recomputation for the paper's tasks. */
class TaskGeneratorTest {

    static Stream<Task> registered() {
        return TaskRegistry.standard().all().stream();
    }

    @ParameterizedTest
    @MethodSource("registered")
    void lengthsCoverTheWholeRangeAndNothingElse(Task task) {
        Rng rng = new Rng(7);
        for (int level : new int[]{2, 5, 12}) {
            boolean sawMin = false, sawMax = false;
            for (int i = 0; i < 2000; i++) {
                Batch b = task.sample(level, 2, rng);
                assertTrue(b.steps() >= level + 2 && b.steps() <= 4 * level + 1, "length " + b.steps() + " at N=" + level);
                sawMin |= b.steps() == level + 2;
                sawMax |= b.steps() == 4 * level + 1;
            }
            assertTrue(sawMin && sawMax, "both ends of {N+2..4N+1} must be drawn at N=" + level);
        }
    }

    @ParameterizedTest
    @MethodSource("registered")
    void shapesLabelsAndBalance(Task task) {
        Batch b = task.sample(4, 4096, new Rng(3));
        assertEquals(b.steps() * 4096 * task.inputSize(), b.inputs().length);
        int ones = 0, bits = 0;
        for (float v : b.inputs()) {
            assertTrue(v == 0f || v == 1f, "inputs must be bits");
            ones += (int) v;
            bits++;
        }
        assertEquals(0.5, (double) ones / bits, 0.02, "bits are balanced");
        int[] counts = new int[task.numClasses()];
        for (int y : b.labels()) counts[y]++;
        for (int c : counts) assertEquals(1.0 / task.numClasses(), c / 4096.0, 0.04, "classes are balanced");
    }

    @ParameterizedTest
    @MethodSource("registered")
    void sameSeedSameBatchDifferentSeedDifferentBatch(Task task) {
        Batch a = task.sample(6, 32, new Rng(11)), b = task.sample(6, 32, new Rng(11)), c = task.sample(6, 32, new Rng(12));
        assertArrayEquals(a.inputs(), b.inputs());
        assertArrayEquals(a.labels(), b.labels());
        assertTrue(a.steps() != c.steps() || !java.util.Arrays.equals(a.inputs(), c.inputs()));
    }

    @ParameterizedTest
    @MethodSource("registered")
    void levelOutOfRangeIsRejectedWithTheParameterName(Task task) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> task.sample(task.minLevel() - 1, 8, new Rng(1)));
        assertTrue(e.getMessage().contains("level") && e.getMessage().contains("[" + task.minLevel()), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> task.sample(4, 0, new Rng(1)));
        assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
    }

    @Test
    void parityLabelsRecomputedIndependently() {
        Task t = TaskRegistry.of("parity");
        Rng rng = new Rng(5);
        for (int level = 1; level <= 20; level++) {
            Batch b = t.sample(level, 64, rng);
            for (int s = 0; s < 64; s++) {
                // integer XOR over the last N bits, read straight from the time-major buffer
                int x = 0;
                for (int k = 0; k < level; k++) x ^= (int) b.inputs()[(b.steps() - 1 - k) * 64 + s];
                assertEquals(x, b.labels()[s], "parity N=" + level);
            }
        }
    }

    @Test
    void dmsLabelsRecomputedIndependently() {
        Task t = TaskRegistry.of("dms");
        Rng rng = new Rng(6);
        for (int level = 2; level <= 40; level++) {
            Batch b = t.sample(level, 64, rng);
            for (int s = 0; s < 64; s++) {
                int last = (int) b.inputs()[(b.steps() - 1) * 64 + s];
                int sample = (int) b.inputs()[(b.steps() - level) * 64 + s];
                assertEquals(last == sample ? 1 : 0, b.labels()[s], "DMS N=" + level);
            }
        }
    }

    @Test
    void handWorkedExamples() {
        float[] seq = {1, 0, 1, 1, 0};
        assertEquals(1, new Parity().label(seq, 2)); // 1 + 0
        assertEquals(0, new Parity().label(seq, 3)); // 1 + 1 + 0
        assertEquals(1, new Parity().label(seq, 5)); // 1 + 0 + 1 + 1 + 0 = 3
        assertEquals(0, new DelayedMatch().label(seq, 2)); // x_T = 0 vs x_{T-1} = 1
        assertEquals(1, new DelayedMatch().label(seq, 4)); // x_T = 0 vs x_{T-3} = 0
    }

    @Test
    void registryIsImmutableAndExtensible() {
        TaskRegistry std = TaskRegistry.standard();
        Task custom = new Task() {
            @Override public String name() { return "last-bit"; }
            @Override public String description() { return "the last bit"; }
            @Override public int label(float[] bits, int level) { return (int) bits[bits.length - 1]; }
        };
        TaskRegistry more = std.with(custom);
        assertEquals(2, std.names().size());
        assertEquals(3, more.names().size());
        assertThrows(IllegalArgumentException.class, () -> more.with(custom));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> std.get("nope"));
        assertTrue(e.getMessage().contains("parity") && e.getMessage().contains("dms"));
    }
}
