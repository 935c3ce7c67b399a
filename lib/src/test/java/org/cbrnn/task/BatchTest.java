package org.cbrnn.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A {@link Batch} with sizes outside their range, or arrays that do not have the declared sizes, is refused by name. */
class BatchTest {

    private static String refused(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void aConsistentBatchIsAccepted() {
        Batch b = new Batch(new float[4 * 2 * 1], new int[] {0, 1}, 4, 2, 1, 2, 2);
        assertEquals(2, b.batchSize());
        assertEquals(4, b.sequence(1).length);
    }

    @Test
    void zeroOrNegativeSizesAreRefused() {
        assertEquals("steps must be >= 1, got 0", refused(() -> new Batch(new float[0], new int[2], 0, 2, 1, 2, 2)));
        assertEquals("steps must be >= 1, got -3", refused(() -> new Batch(new float[0], new int[2], -3, 2, 1, 2, 2)));
        assertEquals("batchSize must be >= 1, got 0", refused(() -> new Batch(new float[0], new int[0], 4, 0, 1, 2, 2)));
        assertEquals("batchSize must be >= 1, got -2", refused(() -> new Batch(new float[8], new int[0], 4, -2, 1, 2, 2)));
        assertEquals("inputSize must be >= 1, got 0", refused(() -> new Batch(new float[0], new int[2], 4, 2, 0, 2, 2)));
        assertEquals("level must be >= 0, got -1", refused(() -> new Batch(new float[8], new int[2], 4, 2, 1, -1, 2)));
        assertEquals("numClasses must be in [2, " + Integer.MAX_VALUE + "], got 1",
                refused(() -> new Batch(new float[8], new int[2], 4, 2, 1, 2, 1)));
    }

    @Test
    void arraysThatDoNotMatchTheSizesAreRefused() {
        assertEquals("inputs must have steps x batchSize x inputSize = 4 x 2 x 1 = 8 values, got 7",
                refused(() -> new Batch(new float[7], new int[2], 4, 2, 1, 2, 2)));
        assertEquals("labels must have batchSize = 2 entries, got 3",
                refused(() -> new Batch(new float[8], new int[3], 4, 2, 1, 2, 2)));
        assertEquals("labels[1] must be in [0, 1], got 2",
                refused(() -> new Batch(new float[8], new int[] {0, 2}, 4, 2, 1, 2, 2)));
        assertEquals("labels[0] must be in [0, 1], got -1",
                refused(() -> new Batch(new float[8], new int[] {-1, 0}, 4, 2, 1, 2, 2)));
        assertEquals("inputs must not be null", refused(() -> new Batch(null, new int[2], 4, 2, 1, 2, 2)));
        assertEquals("labels must not be null", refused(() -> new Batch(new float[8], null, 4, 2, 1, 2, 2)));
    }

    @Test
    void sizesWhoseProductOverflowsAreRefused() {
        // 65,536 x 65,536 wraps round to 0 in int arithmetic: an empty inputs array must not pass for 2^32 values
        assertEquals("inputs must have steps x batchSize x inputSize = 65536 x 65536 x 1 = 4294967296 values, got 0",
                refused(() -> new Batch(new float[0], new int[65536], 65536, 65536, 1, 2, 2)));
    }
}
