package org.cbrnn.task.online;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;

/** The ccRNN-study tasks, with targets recomputed independently of the generators. */
class OnlineTasksTest {
    @Test
    void lineDrawingTargetsAreStraightLinesToTheListedEndPoints() {
        // the spec's table, written out: cue -> end point
        Map<Integer, double[]> ends = Map.of(-3, new double[] {-8.660254, 5}, -2, new double[] {-8.660254, -5}, -1, new double[] {0, -10},
                0, new double[] {0, 0}, 1, new double[] {8.660254, -5}, 2, new double[] {8.660254, 5}, 3, new double[] {0, 10});
        LineDrawing ld = LineDrawing.standard();
        SeqBatch b = ld.sample(200, new Rng(3));
        assertEquals(10, b.steps());
        for (int r = 0; r < 200; r++) {
            int cue = b.labels()[r];
            assertTrue(cue >= -3 && cue <= 3);
            assertEquals(0.1f * cue, b.input(0, r, 0), 1e-7);
            for (int t = 1; t < 10; t++) assertEquals(0f, b.input(t, r, 0));
            double[] e = ends.get(cue);
            for (int t = 0; t < 10; t++) {
                assertEquals(e[0] * t / 9.0, b.target(t, r, 0), 1e-5);
                assertEquals(e[1] * t / 9.0, b.target(t, r, 1), 1e-5);
            }
        }
        assertArrayEquals(new boolean[] {true, false, true, false, true, false, true, false, true, false}, b.feedback());
    }

    @Test
    void lineDrawingDrawsEveryCueWithRoughlyEqualFrequency() {
        SeqBatch b = LineDrawing.standard().sample(7000, new Rng(1));
        int[] n = new int[7];
        for (int c : b.labels()) n[c + 3]++;
        for (int k : n) assertTrue(Math.abs(k - 1000) < 120, "cue counts " + java.util.Arrays.toString(n));
    }

    @Test
    void generatorsAreDeterministicPerSeed() {
        for (OnlineTask t : new OnlineTask[] {LineDrawing.standard(), DigitDrawing.standard(), SeqImages.digits()}) {
            SeqBatch a = t.sample(5, new Rng(9)), b = t.sample(5, new Rng(9)), c = t.sample(5, new Rng(10));
            assertArrayEquals(a.inputs(), b.inputs(), t.name());
            assertArrayEquals(a.targets(), b.targets(), t.name());
            assertArrayEquals(a.labels(), b.labels(), t.name());
            assertFalse(java.util.Arrays.equals(a.inputs(), c.inputs()) && java.util.Arrays.equals(a.labels(), c.labels()), t.name());
        }
    }

    @Test
    void traceAllocatesStepsToSegmentsAsSpecified() {
        // digit 7: 2 segments, 28 = 2*14 (r = 0): 14 samples, then 13, then the last vertex
        double[][] p = StrokeDigits.trace(7, 28);
        assertEquals(28, p.length);
        assertArrayEquals(new double[] {0, 1}, p[0]);
        assertArrayEquals(new double[] {1, 1}, p[14]);
        assertArrayEquals(new double[] {0, 0}, p[27]);
        assertEquals(1 - 1 / 13.0, p[15][0], 1e-12);
        // digit 2: 3 segments, 28 = 3*9 + 1 (r = 1): 9, 9, 9 then the last vertex
        p = StrokeDigits.trace(2, 28);
        assertArrayEquals(new double[] {1, 1}, p[9]);
        assertArrayEquals(new double[] {0, 0}, p[18]);
        assertArrayEquals(new double[] {1, 0}, p[27]);
        // digit 3: 6 segments, 28 = 6*4 + 4 (r = 4): 5, 5, 5, 4, 4, 4 then the last vertex
        p = StrokeDigits.trace(3, 28);
        assertArrayEquals(new double[] {1, 1}, p[5]);
        assertArrayEquals(new double[] {1, 0.5}, p[10]);
        assertArrayEquals(new double[] {0.5, 0.5}, p[15]);
        assertArrayEquals(new double[] {1, 0.5}, p[19]);
        assertArrayEquals(new double[] {1, 0}, p[23]);
        assertArrayEquals(new double[] {0, 0}, p[27]);
        for (int d = 0; d < 10; d++) assertEquals(28, StrokeDigits.trace(d, 28).length);
    }

    @Test
    void rasterisedDigitsInkTheirStrokesAndDifferByClass() {
        Rng r = new Rng(4);
        float[][] mean = new float[10][784];
        for (int d = 0; d < 10; d++) for (int k = 0; k < 20; k++) {
            float[] img = StrokeDigits.raster(d, r);
            double ink = 0;
            for (float v : img) {
                assertTrue(v >= 0 && v <= 1);
                ink += v;
            }
            assertTrue(ink > 20 && ink < 400, "digit " + d + " ink " + ink);
            for (int i = 0; i < 784; i++) mean[d][i] += img[i] / 20;
        }
        // a 1 is a vertical bar: ink in the central columns, little at the far left and right
        double centre = 0, edge = 0;
        for (int row = 0; row < 28; row++) {
            for (int c = 12; c < 16; c++) centre += mean[1][row * 28 + c];
            for (int c = 0; c < 4; c++) edge += mean[1][row * 28 + c] + mean[1][row * 28 + 27 - c];
        }
        assertTrue(centre > 5 * edge, "centre " + centre + " edge " + edge);
        assertNotEquals(mean[0][14 * 28 + 14], mean[8][14 * 28 + 14]);
    }

    @Test
    void digitDrawingTargetsAreTheTemplateTraceAndFeedbackEveryFourthStep() {
        SeqBatch b = DigitDrawing.standard().sample(12, new Rng(2));
        for (int r = 0; r < 12; r++) {
            double[][] p = StrokeDigits.trace(b.labels()[r], 28);
            for (int t = 0; t < 28; t++) {
                assertEquals(p[t][0], b.target(t, r, 0), 1e-6);
                assertEquals(p[t][1], b.target(t, r, 1), 1e-6);
            }
        }
        for (int t = 0; t < 28; t++) assertEquals(t % 4 == 0, b.feedback()[t]);
        SeqBatch c = SeqImages.digits().sample(3, new Rng(2));
        for (int t = 0; t < 28; t++) assertEquals(t == 27, c.feedback()[t]);
    }

    @Test
    void badArgumentsNameTheParameter() {
        assertEquals("p must be in [-3, 3], got 4", assertThrows(IllegalArgumentException.class, () -> LineDrawing.standard().endPoint(4)).getMessage());
        assertEquals("digit must be in [0, 9], got 10", assertThrows(IllegalArgumentException.class, () -> StrokeDigits.template(10)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LineDrawing(1, 1, 10));
    }

    @Test
    void idxFilesAreReadAsWritten(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // two 28 x 28 images with known bytes, gzip-compressed, and their labels
        java.nio.file.Path im = dir.resolve("i.gz"), lb = dir.resolve("l");
        try (java.io.DataOutputStream o = new java.io.DataOutputStream(new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(im)))) {
            o.writeInt(0x803);
            o.writeInt(2);
            o.writeInt(28);
            o.writeInt(28);
            for (int i = 0; i < 2 * 784; i++) o.writeByte(i % 256);
        }
        try (java.io.DataOutputStream o = new java.io.DataOutputStream(java.nio.file.Files.newOutputStream(lb))) {
            o.writeInt(0x801);
            o.writeInt(2);
            o.writeByte(7);
            o.writeByte(3);
        }
        IdxImages x = IdxImages.read(im, lb);
        assertArrayEquals(new int[] {7, 3}, x.labels());
        assertEquals(255 / 255f, x.images()[0][255]);
        assertEquals((784 % 256) / 255f, x.images()[1][0]);
        SeqBatch b = x.task("t").sample(4, new Rng(1));
        for (int r = 0; r < 4; r++) {
            int which = b.labels()[r] == 7 ? 0 : 1;
            for (int t = 0; t < 28; t++) for (int j = 0; j < 28; j++) assertEquals(x.images()[which][t * 28 + j], b.input(t, r, j));
        }
        assertThrows(IllegalArgumentException.class, () -> IdxImages.read(lb, im));
    }
}
