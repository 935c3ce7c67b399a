package org.cbrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cbrnn.engine.fast.DoubleOps;
import org.cbrnn.engine.fast.Network;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.testing.Fixtures;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;

class JacobianTest {

    /**
     * h_1 of the fast engine's forward step, in double, for one sequence of one step from h_0 = {@code h}: unit i is read
     * through a readout whose first logit is h_i and second 0, so with label 1 the loss is softplus(h_i) = log(1 + e^{h_i}),
     * which gives back h_i = log(expm1(loss)).
     */
    static double[] engineStep(Model model, double[] h, double[] x, boolean cbOn) {
        ModelConfig c = model.config();
        int H = c.hiddenSize();
        double[][] p = model.parameters().toDouble();
        int wo = model.parameters().indexOf("head.weight"), bo = model.parameters().indexOf("head.bias");
        java.util.Arrays.fill(p[bo], 0);
        Network<double[]> net = Network.create(c, DoubleOps.INSTANCE);
        double[] out = new double[H];
        for (int i = 0; i < H; i++) {
            java.util.Arrays.fill(p[wo], 0);
            p[wo][i] = 1;
            double[] r = net.run(p, net.prepare(p), x.clone(), new int[]{1}, h.clone(), 1, 1, 0, 1, null, new boolean[p.length], cbOn);
            out[i] = Math.log(Math.expm1(r[0]));
        }
        return out;
    }

    static double[] randomState(int H, long seed) {
        Rng r = new Rng(seed);
        double[] h = new double[H];
        for (int i = 0; i < H; i++) h[i] = 2 * r.nextDouble() - 1;
        return h;
    }

    static void checkAgainstFiniteDifferences(Model m, double[] x, boolean cbOn, double tol) {
        Jacobian jac = new Jacobian(m);
        int H = jac.size();
        double[] h = randomState(H, 11);
        Jacobian.Point pt = jac.step(h, x, cbOn);
        double[] hn = engineStep(m, h, x, cbOn);
        for (int i = 0; i < H; i++) assertEquals(hn[i], pt.next()[i], 1e-10, "step unit " + i);
        Jacobian.Terms terms = jac.terms(pt);
        double[] full = terms.full();
        double eps = 1e-6, worst = 0;
        // every column of the small models, every 4th of the paper's (the test's time is in these engine calls)
        for (int j = 0; j < H; j += H > 16 ? 4 : 1) {
            double[] hp = h.clone(), hm = h.clone();
            hp[j] += eps;
            hm[j] -= eps;
            double[] a = engineStep(m, hp, x, cbOn), b = engineStep(m, hm, x, cbOn);
            for (int i = 0; i < H; i++) worst = Math.max(worst, Math.abs((a[i] - b[i]) / (2 * eps) - full[i * H + j]));
        }
        assertTrue(worst < tol, "largest |J - FD| = " + worst);
        // the JVP agrees with the matrices, term by term
        double[] v = randomState(H, 12);
        double[][] jv = jac.jvp(pt, v);
        for (int i = 0; i < H; i++) {
            double si = 0, sc = 0;
            for (int j = 0; j < H; j++) {
                si += terms.intrinsic()[i * H + j] * v[j];
                sc += terms.cerebellar()[i * H + j] * v[j];
            }
            assertEquals(si, jv[0][i], 1e-12);
            assertEquals(sc, jv[1][i], 1e-12);
        }
    }

    @Test
    void fullJacobianMatchesCentralDifferencesOfTheFastEnginesStep() {
        Model m = ActivityRecorderTest.strongCb(3);
        checkAgainstFiniteDifferences(m, new double[]{1}, true, 1e-7);
        checkAgainstFiniteDifferences(m, new double[]{0}, true, 1e-7);
        // the paper's size, cerebellum made strong enough to matter
        Model paper = Model.create(ModelConfig.cbRnn(), 5);
        for (String n : new String[]{"gc.weight", "pc.weight", "dcn.weight"}) {
            float[] w = paper.parameters().get(n);
            for (int i = 0; i < w.length; i++) w[i] *= n.equals("gc.weight") ? 50 : 3;
        }
        checkAgainstFiniteDifferences(paper, new double[]{1}, true, 1e-7);
        Jacobian.Terms t = new Jacobian(paper).terms(new Jacobian(paper).step(randomState(64, 11), new double[]{1}, true));
        assertTrue(Jacobian.norm(t.cerebellar()) > 0.05 * Jacobian.norm(t.intrinsic()), "the check must exercise the cerebellar term");
    }

    @Test
    void ablatedOrHiddenBlindCerebellumLeavesOnlyTheIntrinsicTerm() {
        Model m = ActivityRecorderTest.strongCb(4);
        checkAgainstFiniteDifferences(m, new double[]{1}, false, 1e-7);
        Jacobian jac = new Jacobian(m);
        Jacobian.Point off = jac.step(randomState(5, 1), new double[]{1}, false);
        assertFalse(off.cbActive());
        for (double v : jac.terms(off).cerebellar()) assertEquals(0, v);
        // a cerebellum that reads only the input bit adds to z but not to the Jacobian
        Model inputOnly = Model.create(Fixtures.tinyCbRnn().withCbInput(ModelConfig.CbInput.INPUT), 6);
        checkAgainstFiniteDifferences(inputOnly, new double[]{1}, true, 1e-7);
        for (double v : new Jacobian(inputOnly).terms(new Jacobian(inputOnly).step(randomState(5, 1), new double[]{1}, true)).cerebellar()) assertEquals(0, v);
        checkAgainstFiniteDifferences(Model.create(ModelConfig.elman(6), 7), new double[]{1}, true, 1e-7);
    }

    @Test
    void withoutRecurrenceTheJacobianIsTheLeakAndMemoryDecaysAtItsRate() {
        // W_hh = 0 and no cerebellum: J = (1 - α) I at every point, so every direction has gain 1 - α = 1/3 and after
        // k steps log‖v_k‖ = k log(1/3), whatever the sample step and the direction
        Model m = Model.create(ModelConfig.elman(6), 8);
        java.util.Arrays.fill(m.parameters().get("hh.weight"), 0f);
        double leak = 1 - m.config().alpha();
        Jacobian jac = new Jacobian(m);
        double[] j = jac.terms(jac.step(randomState(6, 2), new double[]{1}, true)).full();
        for (int r = 0; r < 6; r++) for (int c = 0; c < 6; c++) assertEquals(r == c ? leak : 0, j[r * 6 + c], 1e-15);
        List<Jacobian.MemoryPoint> pts = Jacobian.memory(m, TaskRegistry.of("dms"), 4, Jacobian.DMS_SAMPLE, 6, 2, 32, 1);
        assertEquals(6, pts.size());
        for (Jacobian.MemoryPoint p : pts) {
            assertEquals(leak, p.gainFull(), 1e-12);
            assertEquals(leak, p.gainIntrinsic(), 1e-12);
            assertEquals(p.k() * Math.log(leak), p.logNormFull(), 1e-9);
            assertEquals(p.logNormFull(), p.logNormIntrinsic(), 1e-12);
            assertEquals(0, p.cbShare());
            assertEquals(64, p.sequences());
        }
        // one step propagated is the one-step product
        assertEquals(pts.get(0).cosFull(), pts.get(0).propagatedCosFull(), 1e-12);
    }

    @Test
    void aSilencedCerebellumAddsNothingToTheMemoryMeasures() {
        Model m = ActivityRecorderTest.strongCb(9);
        java.util.Arrays.fill(m.parameters().get("dcn.weight"), 0f);
        for (Jacobian.MemoryPoint p : Jacobian.memory(m, TaskRegistry.of("parity"), 4, Jacobian.PARITY_WINDOW, 3, 1, 16, 2)) {
            assertEquals(p.gainIntrinsic(), p.gainFull(), 1e-12);
            assertEquals(p.cosIntrinsic(), p.cosFull(), 1e-12);
            assertEquals(0, p.cbShare());
        }
        Model strong = ActivityRecorderTest.strongCb(9);
        var pts = Jacobian.memory(strong, TaskRegistry.of("parity"), 4, Jacobian.PARITY_WINDOW, 3, 1, 16, 2);
        assertTrue(pts.stream().anyMatch(p -> p.cbShare() > 0.01), "a strong cerebellum reading h changes J m");
        assertEquals(pts.size(), Jacobian.memoryTable(pts).rowCount());
    }

    @Test
    void badInputIsNamed() {
        Model m = ActivityRecorderTest.strongCb(1);
        Jacobian jac = new Jacobian(m);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> jac.step(new double[4], new double[]{1}, true)).getMessage().contains("hPrev"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Jacobian.memory(m, TaskRegistry.of("dms"), 4, Jacobian.DMS_SAMPLE, 3, 1, 2, 1))
                .getMessage().contains("batchSize"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Jacobian.sampleStepOf("mod3")).getMessage().contains("mod3"));
        assertThrows(IllegalArgumentException.class, () -> new Jacobian(Model.create(ModelConfig.gruCb(), 1)));
    }
}
