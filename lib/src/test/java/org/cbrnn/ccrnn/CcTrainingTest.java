package org.cbrnn.ccrnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cbrnn.engine.fast.Kernels;
import org.cbrnn.task.online.LineDrawing;
import org.cbrnn.task.online.OnlineTask;
import org.cbrnn.task.online.SeqBatch;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training, metrics with known answers, lesions, the optimiser, determinism, resume and the registry. */
class CcTrainingTest {
    static CcConfig small(boolean cb) {
        return CcConfig.lineDrawing().withHidden(8).withGranule(16).withCerebellum(cb).withData(10, 20, 20).withEpochs(4);
    }

    @Test
    void aCueBlindZeroOutputScoresTheChanceLevels() {
        LineDrawing ld = LineDrawing.standard();
        SeqBatch all = ld.allCues();
        double[] zero = new double[all.steps() * all.batch() * 2];
        assertEquals(30.16, Metrics.validation(ld, all, zero)[0], 0.005);
        // the training curve of a network whose readout is zero: the exact expectation over the seven cues
        CcNetwork<double[]> n = CcNetwork.create(Kernels.doubles(), ld, CcConfig.lineDrawing(), 1);
        java.util.Arrays.fill(n.params()[CcNetwork.WO], 0);
        java.util.Arrays.fill(n.params()[CcNetwork.BO], 0);
        CcNetwork.BatchStats s = n.trainBatch(all, ld.loss(), 1, false, false, 0.1, n.newGradients());
        assertEquals(12.70, s.curve(), 0.005);
        assertEquals(Metrics.validation(ld, all, zero)[0], n.trainBatch(all, ld.loss(), 1, false, false, 0.1, n.newGradients()).curve() * 285 / 120, 1e-5,
                "curve and validation differ by the feedback steps' share of sum t^2 (120 of 285)");
    }

    @Test
    void kitScoresAreZeroForPerfectLinesAndPositiveForWobble() {
        LineDrawing ld = LineDrawing.standard();
        SeqBatch all = ld.allCues();
        double[] y = new double[all.targets().length];
        for (int i = 0; i < y.length; i++) y[i] = all.targets()[i];
        assertEquals(0, Metrics.deviation(all, y), 1e-9);
        assertEquals(0, Metrics.roughness(all, y), 1e-9);
        // a line drawn at the wrong speed: no deviation, but not smooth
        double[] slow = y.clone();
        for (int t = 0; t < 10; t++) for (int b = 0; b < 7; b++) for (int o = 0; o < 2; o++) slow[(t * 7 + b) * 2 + o] *= t < 5 ? 0.5 : 1;
        assertEquals(0, Metrics.deviation(all, slow), 1e-9);
        assertTrue(Metrics.roughness(all, slow) > 0.1);
        // a sideways offset of 1 unit on every step of a circle line: deviation 1 on 6 of 7 cues, 1 on the origin cue
        double[] off = y.clone();
        for (int t = 0; t < 10; t++) for (int b = 0; b < 7; b++) {
            double[] e = ld.endPoint(b - 3);
            double len = Math.hypot(e[0], e[1]);
            double nx = len == 0 ? 1 : e[1] / len, ny = len == 0 ? 0 : -e[0] / len;
            off[(t * 7 + b) * 2] += nx;
            off[(t * 7 + b) * 2 + 1] += ny;
        }
        assertEquals(1.0, Metrics.deviation(all, off), 1e-9);
        assertEquals(0, Metrics.roughness(all, off), 1e-9);
    }

    @Test
    void adamMatchesPyTorchOnAScalar() {
        // hand-computed: g = 2 every step; m1 = 0.2, v1 = 0.08; step = lr * (0.2/0.1) / (sqrt(0.08/0.02) + eps) = lr * 2 / 2
        double[][] p = {{1.0}}, g = {{2.0}};
        Adam<double[]> a = new Adam<>(Kernels.doubles(), p, 0.1, 0.9, 0.98, 1e-9);
        a.step(p, g, new boolean[1]);
        assertEquals(1.0 - 0.1 * (1.0 / (1.0 + 1e-9 / 2)), p[0][0], 1e-12);
        double[][] big = {{3.0, 4.0}};
        assertEquals(5.0, a.clip(big, new boolean[1], 1.0), 1e-12);
        assertEquals(3.0 / (5 + 1e-6), big[0][0], 1e-12);
        assertEquals(1.0, Math.hypot(big[0][0], big[0][1]), 1e-6);
    }

    @Test
    void sameSeedSameRunAndResumeIsBitForBit() {
        OnlineTask ld = LineDrawing.standard();
        CcTrainer<float[]> a = CcTrainer.create(Kernels.bestFloat(), ld, small(true), 5);
        CcTrainer<float[]> b = CcTrainer.create(Kernels.bestFloat(), ld, small(true), 5);
        for (int e = 0; e < 2; e++) {
            a.trainEpoch();
            b.trainEpoch();
        }
        byte[] ck = a.checkpoint();
        a.trainEpoch();
        a.trainEpoch();
        CcTrainer<float[]> c = CcTrainer.create(Kernels.bestFloat(), ld, small(true), 5);
        c.restore(ck);
        c.trainEpoch();
        c.trainEpoch();
        b.trainEpoch();
        b.trainEpoch();
        for (int i = 0; i < a.network().params().length; i++) {
            assertArrayEquals(a.network().params()[i], b.network().params()[i], 0f);
            assertArrayEquals(a.network().params()[i], c.network().params()[i], 0f);
        }
        for (int e = 0; e < 4; e++) {
            assertEquals(a.history().get(e).trainCurve(), c.history().get(e).trainCurve());
            assertEquals(a.history().get(e).valError(), c.history().get(e).valError());
        }
    }

    @Test
    void lesionsSwitchTheModuleOffOrFreezeIt() {
        OnlineTask ld = LineDrawing.standard();
        CcTrainer<double[]> io = CcTrainer.create(Kernels.doubles(), ld, small(true).withLesion(CcConfig.Lesion.INFERIOR_OLIVE, 3), 2);
        CcTrainer<double[]> ab = CcTrainer.create(Kernels.doubles(), ld, small(true).withLesion(CcConfig.Lesion.ABLATION, 3), 2);
        for (int e = 0; e < 2; e++) {
            io.trainEpoch();
            ab.trainEpoch();
        }
        int last = io.network().params().length - 1;
        double[] ioBefore = io.network().params()[last].clone();
        assertTrue(java.util.Arrays.stream(ioBefore).anyMatch(v -> v != 0), "the module learned before the lesion");
        CcEpoch e3 = io.trainEpoch();
        assertTrue(e3.cerebellumOn());
        assertEquals(0.0, e3.cerebellarLoss());
        assertArrayEquals(ioBefore, io.network().params()[last], 0.0, "IO lesion freezes the module");
        CcEpoch a3 = ab.trainEpoch();
        assertTrue(!a3.cerebellumOn() && a3.cerebellarLoss() == 0.0);
        assertTrue(small(true).cerebellumLearns(2) && !small(true).withLesion(CcConfig.Lesion.INFERIOR_OLIVE, 2).cerebellumLearns(2));
    }

    @Test
    void registryBuildsTheConditions() {
        CcRegistry reg = CcRegistry.standard();
        assertEquals(List.of("crnn", "ccrnn", "bptt", "ccrnn-ablation", "ccrnn-io", "cbrnn", "rnn"), reg.conditionNames());
        CcConfig cc = reg.config("ccrnn", "line-drawing", 0);
        assertTrue(cc.cerebellum());
        assertEquals(1, cc.tau());
        assertEquals(50, cc.hidden());
        assertEquals(400, cc.granule());
        assertEquals(0.98, cc.beta2());
        assertEquals(1e-9, cc.eps());
        assertEquals(CcConfig.FULL_BPTT, reg.config("bptt", "line-drawing", 0).tau());
        assertEquals(CcConfig.Lesion.ABLATION, reg.config("ablation", "line-drawing", 30).lesion());
        assertEquals(30, reg.config("ablation", "line-drawing", 30).lesionEpoch());
        assertEquals(20, reg.config("ccrnn-io", "line-drawing", 0).lesionEpoch());
        assertEquals("condition must be one of crnn, ccrnn, bptt, ccrnn-ablation, ccrnn-io, cbrnn, rnn; got 'x'",
                assertThrows(IllegalArgumentException.class, () -> reg.condition("x")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> reg.config("ccrnn-io", "line-drawing", 101));
        assertEquals("lesion ABLATION needs a cerebellum (cerebellum = true)", assertThrows(IllegalArgumentException.class,
                () -> CcConfig.lineDrawing().withLesion(CcConfig.Lesion.ABLATION, 3)).getMessage());
    }

    @Test
    void storeResumesAndRefusesADifferentRun(@TempDir Path dir) throws Exception {
        CcRunStore store = CcRunStore.at(dir);
        CcRunSpec spec = new CcRunSpec("ccrnn", "line-drawing", small(true).withEpochs(2), 3);
        CcRunStore.Result r = store.run(spec, null);
        assertTrue(r.complete());
        assertEquals(2, r.epochs().size());
        assertTrue(Files.isRegularFile(store.dirOf(spec).resolve("cortex.bin")));
        assertTrue(Files.notExists(store.dirOf(spec).resolve("checkpoint.bin")));
        assertEquals(r.epochs(), store.load(spec).orElseThrow().epochs());
        // the stored cortex reproduces the trained network's outputs
        CcTrainer<float[]> tr = CcTrainer.create(Kernels.bestFloat(), LineDrawing.standard(), spec.config(), 3);
        tr.trainEpoch();
        tr.trainEpoch();
        SeqBatch all = LineDrawing.standard().allCues();
        assertArrayEquals(tr.network().outputs(all), store.cortex(spec, Kernels.bestFloat()).outputs(all), 0.0);
        CcRunSpec other = new CcRunSpec("ccrnn", "line-drawing", small(true).withEpochs(3), 3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store.load(other)).getMessage().contains("holds a different run"));
    }

    @Test
    void fullBpttLearnsTheCueFasterThanTauOneAndTheModuleLearns() {
        // short runs, loose margins: the committed 10-seed study (data/ccrnn) is the real comparison
        LineDrawing ld = LineDrawing.standard();
        CcConfig base = CcConfig.lineDrawing().withGranule(100).withEpochs(10);
        CcTrainer<float[]> bptt = CcTrainer.create(Kernels.bestFloat(), ld, base.withTau(CcConfig.FULL_BPTT), 1);
        CcTrainer<float[]> c = CcTrainer.create(Kernels.bestFloat(), ld, base, 1);
        CcTrainer<float[]> cc = CcTrainer.create(Kernels.bestFloat(), ld, base.withCerebellum(true), 1);
        for (int e = 0; e < 10; e++) {
            bptt.trainEpoch();
            c.trainEpoch();
            cc.trainEpoch();
        }
        double vb = bptt.evaluate(ld.allCues())[0], vc = c.evaluate(ld.allCues())[0];
        assertTrue(vb < 0.8 * vc, "full BPTT " + vb + " vs cRNN tau=1 " + vc);
        List<CcEpoch> h = cc.history();
        assertTrue(h.get(0).cerebellarLoss() > 0);
        assertTrue(h.stream().allMatch(e -> Double.isFinite(e.cerebellarLoss()) && e.cerebellumOn()));
        // the module learned (its zero output layer moved) and its injected predictions changed the cortex's learning
        float[] out = cc.network().params()[cc.network().params().length - 2];
        assertTrue(Math.sqrt(Kernels.bestFloat().sumSquares(out, 0, out.length)) > 1e-3);
        assertTrue(!java.util.Arrays.equals(cc.network().params()[CcNetwork.WH], c.network().params()[CcNetwork.WH]));
    }
}
