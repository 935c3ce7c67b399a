package org.cbrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cbrnn.analysis.ActivityRecorder.Population;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.testing.Fixtures;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;

class DimensionalityTest {

    @Test
    void measuresOfHandSpectra() {
        // {4, 1, 1}: PR = 6² / 18 = 2; cumulative 4/6, 5/6, 1 → d90 = d95 = 3; {8, 1, 1}: 0.8, 0.9 → d90 = 2
        assertEquals(2.0, Dimensionality.participationRatio(new double[]{4, 1, 1}), 1e-12);
        assertEquals(3, Dimensionality.componentsFor(new double[]{4, 1, 1}, 0.90));
        assertEquals(2, Dimensionality.componentsFor(new double[]{8, 1, 1}, 0.90));
        assertEquals(3, Dimensionality.componentsFor(new double[]{8, 1, 1}, 0.95));
        assertEquals(1.0, Dimensionality.participationRatio(new double[]{5, 0, 0}), 1e-12);
        assertEquals(0, Dimensionality.componentsFor(new double[]{0, 0}, 0.95));
        assertTrue(Double.isNaN(Dimensionality.participationRatio(new double[]{0, 0})));
    }

    @Test
    void isotropicKDimensionalDataInDDimensions() {
        int k = 4, D = 12, n = 50_000;
        Rng rng = new Rng(3);
        double[][] basis = orthonormal(k, D, rng);
        double[] x = new double[n * D];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < k; a++) {
                double z = rng.nextGaussian();
                for (int j = 0; j < D; j++) x[i * D + j] += z * basis[a][j];
            }
        }
        var r = Dimensionality.ofSpectrum(2, Population.HIDDEN, n, Pca.fit(x, n, D).eigenvalues());
        assertEquals(k, r.participationRatio(), 0.05);
        assertEquals(k, r.d95());
        assertEquals(k, r.d90()); // 3 of 4 equal directions hold only 75 %
        assertEquals((double) k / D, r.d95Fraction(), 1e-12);
        // a rank-1 signal (one direction times a random amplitude) gives 1
        double[] y = new double[n * D];
        for (int i = 0; i < n; i++) {
            double z = rng.nextGaussian();
            for (int j = 0; j < D; j++) y[i * D + j] = 3 + z * basis[0][j];
        }
        var one = Dimensionality.ofSpectrum(2, Population.HIDDEN, n, Pca.fit(y, n, D).eigenvalues());
        assertEquals(1.0, one.participationRatio(), 1e-9);
        assertEquals(1, one.d95());
    }

    @Test
    void aCerebellumThatReadsOnlyTheBitIsRankOneAndASilentOneHasNoVariance() {
        // CbInput.INPUT: GC, PC and the CB output are functions of x_t ∈ {0, 1} alone, so each takes two values: rank 1
        Model m = Model.create(Fixtures.tinyCbRnn().withCbInput(ModelConfig.CbInput.INPUT), 2);
        for (String n : new String[]{"gc.weight", "pc.weight"}) {
            float[] w = m.parameters().get(n);
            for (int i = 0; i < w.length; i++) w[i] = Math.abs(w[i]) * 50; // positive: the cells are active for x = 1
        }
        List<Dimensionality.Result> rs = Dimensionality.measure(m, TaskRegistry.of("parity"), 3, 2, 8, 1);
        assertEquals(4, rs.size());
        for (var r : rs) {
            if (r.population() == Population.HIDDEN) {
                assertEquals(5, r.width()); // the state also carries the past, so no rank claim for it
                assertTrue(r.participationRatio() >= 1);
            } else {
                assertEquals(1.0, r.participationRatio(), 1e-6, r.population().toString());
                assertEquals(1, r.d95());
            }
        }
        Model silent = Model.create(Fixtures.tinyCbRnn(), 3);
        java.util.Arrays.fill(silent.parameters().get("dcn.weight"), 0f);
        var s = Dimensionality.acrossLevels(Map.of(2, silent, 3, silent), TaskRegistry.of("parity"), 2, 8, 1);
        assertEquals(8, s.size());
        var cb = s.stream().filter(r -> r.population() == Population.CB_OUTPUT).toList();
        assertEquals(0, cb.get(0).d95());
        assertTrue(Double.isNaN(cb.get(1).participationRatio()));
        assertEquals(8, Dimensionality.table(s).rowCount());
        assertEquals(2, s.get(0).level());
    }

    @Test
    void paperSizedCbRnnAtTheProtocolsBatchCount() {
        Model m = Model.create(ModelConfig.cbRnn(), 1);
        long t0 = System.nanoTime();
        var rs = Dimensionality.measure(m, TaskRegistry.of("dms"), 8, Dimensionality.PAPER_BATCHES, Dimensionality.PAPER_BATCH_SIZE, 1);
        System.out.printf("dimensionality: H64 G256 CB-RNN, N = 8, 10 x 64 sequences: %.2f s%n", (System.nanoTime() - t0) / 1e9);
        assertEquals(256, rs.get(1).width());
        for (var r : rs) assertTrue(r.d95() >= r.d90() && r.d95() <= r.width());
    }

    static double[][] orthonormal(int k, int d, Rng rng) {
        double[][] b = new double[k][d];
        for (int a = 0; a < k; a++) {
            for (int j = 0; j < d; j++) b[a][j] = rng.nextGaussian();
            for (int c = 0; c < a; c++) {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += b[a][j] * b[c][j];
                for (int j = 0; j < d; j++) b[a][j] -= dot * b[c][j];
            }
            double nrm = 0;
            for (int j = 0; j < d; j++) nrm += b[a][j] * b[a][j];
            for (int j = 0; j < d; j++) b[a][j] /= Math.sqrt(nrm);
        }
        return b;
    }
}
