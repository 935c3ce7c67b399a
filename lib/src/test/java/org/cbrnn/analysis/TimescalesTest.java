package org.cbrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cbrnn.analysis.ActivityRecorder.Population;
import org.cbrnn.analysis.Timescales.Shape;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.testing.Fixtures;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;

class TimescalesTest {

    @Test
    void lagAccumulatorMatchesTheDirectEstimate() {
        Rng rng = new Rng(5);
        int n = 300, L = 7;
        double[][] x = new double[2][n];
        for (int t = 0; t < n; t++) {
            x[0][t] = 50 + rng.nextGaussian();
            x[1][t] = t % 3 + 0.1 * rng.nextGaussian();
        }
        LagAccumulator acc = new LagAccumulator(2, L);
        for (int t = 0; t < n; t++) acc.add(new double[]{x[0][t], x[1][t]}, 0);
        for (int i = 0; i < 2; i++) {
            double mu = 0;
            for (double v : x[i]) mu += v / n;
            double[] c = acc.autocovariance(i);
            for (int k = 0; k <= L; k++) {
                double s = 0;
                for (int t = k; t < n; t++) s += (x[i][t] - mu) * (x[i][t - k] - mu);
                assertEquals(s / (n - k), c[k], 1e-9, "series " + i + " lag " + k);
            }
        }
    }

    @Test
    void exactCurvesAreFittedAndClassified() {
        double phi = 0.8;
        double[] y = new double[31];
        for (int k = 0; k < y.length; k++) y[k] = Math.pow(phi, k);
        var f = Timescales.fit(y);
        assertEquals(Shape.SINGLE, f.shape());
        assertEquals(-1 / Math.log(phi), f.tau(), 1e-4);
        assertEquals(5, Timescales.tauPop(y)); // 0.8^4 = 0.41 > 1/e ≥ 0.8^5 = 0.33
        // half and half of τ = 1.44 (φ = 0.5) and τ = 19.5 (φ = 0.95)
        double[] z = new double[31];
        for (int k = 0; k < z.length; k++) z[k] = 0.5 * Math.pow(0.5, k) + 0.5 * Math.pow(0.95, k);
        var g = Timescales.fit(z);
        assertEquals(Shape.DOUBLE, g.shape());
        assertEquals(-1 / Math.log(0.5), g.tauFast(), 1e-3);
        assertEquals(-1 / Math.log(0.95), g.tauSlow(), 1e-2);
        assertEquals(0.5, g.ampFast(), 1e-4);
        assertEquals((0.5 * g.tauFast() + 0.5 * g.tauSlow()), g.tau(), 1e-2);
    }

    @Test
    void simulatedAr1AndTwoTimescaleProcesses() {
        Rng rng = new Rng(17);
        int trials = 8, n = 40_000;
        double p1 = 0.8, fast = 0.5, slow = 0.95;
        LagAccumulator one = new LagAccumulator(trials, 40), two = new LagAccumulator(trials, Timescales.UNIT_LAGS);
        double[] a = new double[trials], b = new double[trials], c = new double[trials], v1 = new double[trials], v2 = new double[trials];
        // equal stationary variances for the two components: noise scaled by sqrt(1 − φ²)
        double sf = Math.sqrt(1 - fast * fast), ss = Math.sqrt(1 - slow * slow);
        for (int t = 0; t < n + 200; t++) {
            for (int i = 0; i < trials; i++) {
                a[i] = p1 * a[i] + rng.nextGaussian();
                b[i] = fast * b[i] + sf * rng.nextGaussian();
                c[i] = slow * c[i] + ss * rng.nextGaussian();
                v1[i] = a[i];
                v2[i] = b[i] + c[i];
            }
            if (t >= 200) {
                one.add(v1, 0);
                two.add(v2, 0);
            }
        }
        double[] ac = Timescales.normalise(mean(one, trials));
        for (int k = 1; k <= 6; k++) assertEquals(Math.pow(p1, k), ac[k], 0.02, "lag " + k);
        assertEquals(5, Timescales.tauPop(ac));
        var f = Timescales.fit(java.util.Arrays.copyOf(ac, 31));
        assertEquals(-1 / Math.log(p1), f.tauSingle(), 0.05 * -1 / Math.log(p1));
        var g = Timescales.fit(Timescales.normalise(mean(two, trials)));
        assertEquals(Shape.DOUBLE, g.shape());
        assertEquals(-1 / Math.log(fast), g.tauFast(), 0.25 * -1 / Math.log(fast));
        assertEquals(-1 / Math.log(slow), g.tauSlow(), 0.25 * -1 / Math.log(slow));
    }

    @Test
    void aLinearLeakyUnitWithoutRecurrenceIsAnAr1OfCoefficientOneMinusAlpha() {
        // W_hh = 0, positive pre-activation (linear regime): h_t = (1 − α) h_{t−1} + α (w x_t + b), x_t i.i.d. bits,
        // an AR(1) with φ = 1 − α = 0.8 for τ = 5, in every unit and in their sum. The CB is silent (DCN = 0).
        Model m = Model.create(Fixtures.tinyCbRnn().withTau(5), 3);
        var p = m.parameters();
        java.util.Arrays.fill(p.get("hh.weight"), 0f);
        java.util.Arrays.fill(p.get("dcn.weight"), 0f);
        java.util.Arrays.fill(p.get("dcn.bias"), 0f);
        for (int i = 0; i < 5; i++) {
            p.get("inp.weight")[i] = 0.5f + 0.1f * i;
            p.get("inp.bias")[i] = 1f;
            p.get("hh.bias")[i] = 0f;
        }
        List<Timescales.Result> rs = Timescales.acrossLevels(Map.of(4, m), 30_000, 8, 500, 1);
        assertEquals(4, rs.size());
        var hidden = rs.stream().filter(r -> r.population() == Population.HIDDEN).findFirst().orElseThrow();
        assertEquals(4, hidden.level());
        assertEquals(5, hidden.tauPop());
        assertEquals(5, hidden.fitted());
        for (var u : hidden.unitFits()) assertEquals(-1 / Math.log(0.8), u.fit().tauSingle(), 0.3, "unit " + u.unit());
        assertEquals(-1 / Math.log(0.8), hidden.medianTau(), 0.3);
        var cb = rs.stream().filter(r -> r.population() == Population.CB_OUTPUT).findFirst().orElseThrow();
        assertEquals(0, cb.fitted(), "a silent cerebellum has no variance to fit");
        assertEquals(-1, cb.tauPop());
        assertTrue(Double.isNaN(cb.doubleFraction()));
        assertEquals(4, Timescales.populationTable(rs).rowCount());
        assertTrue(Timescales.unitTable(rs).rowCount() >= 5);
    }

    @Test
    void paperSizedCbRnnRuns() {
        Model m = Model.create(ModelConfig.cbRnn(), 1);
        int steps = 1500;
        long t0 = System.nanoTime();
        var rs = Timescales.measure(m, 2, steps, Timescales.PAPER_BATCH, 500, 1);
        double s = (System.nanoTime() - t0) / 1e9;
        assertEquals(4, rs.size());
        System.out.printf("timescales: H64 G256 CB-RNN, %d steps x 8: %.2f s%n", steps, s);
        for (var r : rs) assertTrue(r.fitted() <= r.units());
    }

    private static double[] mean(LagAccumulator acc, int trials) {
        double[] m = new double[acc.maxLag() + 1];
        for (int i = 0; i < trials; i++) {
            double[] c = acc.autocovariance(i);
            for (int k = 0; k < m.length; k++) m[k] += c[k] / trials;
        }
        return m;
    }
}
