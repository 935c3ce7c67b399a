package org.cbrnn.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;

class CustomTaskTest {
    private static final CustomTask XOR_ENDS = CustomTask.of("xor-ends", "ends differ",
            (bits, n) -> (bits[bits.length - n] > 0.5f) != (bits[bits.length - 1] > 0.5f) ? 1 : 0);

    @Test
    void labelsAreTheRulesAndTheComplementOfDms() {
        Task dms = new DelayedMatch();
        Batch b = XOR_ENDS.sample(5, 256, new Rng(3));
        Batch d = dms.sample(5, 256, new Rng(3));   // same generator: same length and bits
        assertArrayEquals(d.inputs(), b.inputs());
        for (int i = 0; i < b.batchSize(); i++) assertEquals(1 - d.labels()[i], b.labels()[i]);
        assertEquals(5, b.level());
        assertTrue(b.steps() >= 7 && b.steps() <= 21, "paper lengths N+2..4N+1: " + b.steps());
    }

    @Test
    void registersNextToTheStandardTasks() {
        TaskRegistry mine = TaskRegistry.standard().with(XOR_ENDS);
        assertEquals(java.util.List.of("parity", "dms", "xor-ends"), mine.names());
        assertSame(XOR_ENDS, mine.get("xor-ends"));
        assertEquals("ends differ", mine.get("xor-ends").description());
        assertThrows(IllegalArgumentException.class, () -> TaskRegistry.standard().with(CustomTask.of("dms", "dup", (x, n) -> 0)));
    }

    @Test
    void rejectsBadNamesAndLabels() {
        assertThrows(IllegalArgumentException.class, () -> CustomTask.of(" ", "d", (x, n) -> 0));
        assertThrows(IllegalArgumentException.class, () -> CustomTask.of("two words", "d", (x, n) -> 0));
        CustomTask bad = CustomTask.of("bad", "d", (x, n) -> 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> bad.sample(3, 4, new Rng(1)));
        assertTrue(e.getMessage().contains("'bad'") && e.getMessage().contains("returned 2"), e.getMessage());
    }
}
