package org.cbrnn.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.cbrnn.engine.StepResult;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.engine.fast.GradientCheck;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.task.Batch;
import org.cbrnn.task.Task;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.Trainer;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.train.TrainingResult;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;

/** Training trajectories: SameDiff against the hand-written BPTT from the same weights and batches. */
class TrainingAgreementTest {

    /**
     * 20 SGD steps (the paper's optimiser in double) on parity batches of changing length, driven once by the SameDiff
     * double engine and once by the fast engine's double network: the losses agree to 1e-6 relative (in practice ~1e-13).
     * The core is frozen for the last 5 steps.
     */
    @Test
    void twentyStepsAgreeInDouble() {
        ModelConfig c = ModelConfig.cbRnn().withHiddenSize(16).withGranuleSize(32).withPurkinjeSize(16);
        double[][] pA = Model.create(c, 5).parameters().toDouble();
        double[][] pB = Model.create(c, 5).parameters().toDouble();
        DoubleSgd sgdA = DoubleSgd.paperDefaults(pA.length), sgdB = DoubleSgd.paperDefaults(pB.length);
        Task parity = TaskRegistry.of("parity");
        Rng rng = new Rng(77);
        Model forState = Model.create(c, 5);
        double maxErr = 0;
        List<String> lines = new ArrayList<>();
        try (SameDiffEngine sd = SameDiffEngine.doublePrecision()) {
            for (int step = 0; step < 20; step++) {
                Batch batch = parity.sample(3, 16, rng);
                double[] h0 = GradientCheck.toDouble(forState.initialState(16, rng));
                Set<Module> learning = step < 15 ? EnumSet.allOf(Module.class) : EnumSet.of(Module.CEREBELLUM, Module.READOUT);
                boolean[] tr = new boolean[pA.length];
                for (int i = 0; i < tr.length; i++) tr[i] = learning.contains(c.parameterSpecs().get(i).module());

                SameDiffEngine.Gradients a = sd.lossAndGradients(c, pA, batch, h0, tr);
                double lossB = GradientCheck.loss(c, pB, batch, h0, true);
                double[][] gB = GradientCheck.analytic(c, pB, batch, h0, tr, 1);
                double err = Math.abs(a.loss() - lossB) / Math.abs(lossB);
                maxErr = Math.max(maxErr, err);
                lines.add(String.format("  step %2d T=%2d loss samediff %.15f fast %.15f rel %.1e", step + 1, batch.steps(), a.loss(), lossB, err));
                assertTrue(err < 1e-6, "step " + step + ": loss " + a.loss() + " vs " + lossB);
                sgdA.step(pA, a.gradients(), tr);
                sgdB.step(pB, gB, tr);
            }
        }
        for (int i = 0; i < pA.length; i++) {
            assertTrue(GradientCheck.relativeError(pA[i], pB[i]) < 1e-9, c.parameterSpecs().get(i).name() + " drifted");
        }
        System.err.println("20 SGD steps, SameDiff(double) vs fast BPTT(double): max relative loss difference "
                + String.format("%.1e", maxErr) + "\n" + String.join("\n", lines));
    }

    /** The engines are interchangeable in the trainer: float SameDiff and the fast engine give the same records. */
    @Test
    void trainerRecordsAgreeBetweenEngines() {
        ModelConfig c = ModelConfig.cbRnn().withHiddenSize(16).withGranuleSize(32).withPurkinjeSize(16);
        TrainingConfig tc = TrainingConfig.paper().withStepsPerEpoch(8).withBatchSize(16).withEvalBatches(3)
                .withEvalBatchSize(16).withMaxEpochs(2);
        List<EpochRecord> fast, sd;
        try (FastEngine e = FastEngine.create(1)) {
            fast = Trainer.builder(Model.create(c, 9), TaskRegistry.of("parity")).engine(e).config(tc).seed(3).build().run().records();
        }
        try (SameDiffEngine e = SameDiffEngine.create()) {
            TrainingResult r = Trainer.builder(Model.create(c, 9), TaskRegistry.of("parity")).engine(e).config(tc).seed(3).build().run();
            sd = r.records();
        }
        assertEquals(fast.size(), sd.size());
        for (int i = 0; i < fast.size(); i++) {
            double lf = fast.get(i).trainLoss(), ls = sd.get(i).trainLoss();
            assertEquals(lf, ls, 1e-4 * Math.abs(lf), "epoch " + (i + 1) + " train loss");
            assertEquals(fast.get(i).level(), sd.get(i).level());
        }
    }

    /** evaluate() and gradients() of the float engine match the fast engine on one batch. */
    @Test
    void floatEngineMatchesFastEngineOnOneBatch() {
        ModelConfig c = ModelConfig.cbRnn();
        Model m = Model.create(c, 3);
        Rng rng = new Rng(4);
        Batch batch = TaskRegistry.of("parity").sample(4, 32, rng);
        float[] h0 = m.initialState(32, rng);
        float[][] gf = new float[m.parameters().size()][], gs = new float[m.parameters().size()][];
        for (int i = 0; i < gf.length; i++) {
            gf[i] = new float[m.parameters().get(i).length];
            gs[i] = new float[m.parameters().get(i).length];
        }
        StepResult rf, rs;
        try (FastEngine f = FastEngine.create(1); SameDiffEngine s = SameDiffEngine.create()) {
            rf = f.gradients(m, batch, h0, EnumSet.allOf(Module.class), gf);
            rs = s.gradients(m, batch, h0, EnumSet.allOf(Module.class), gs);
            assertEquals(f.evaluate(m, batch, h0, false).loss(), s.evaluate(m, batch, h0, false).loss(), 1e-5);
        }
        assertEquals(rf.loss(), rs.loss(), 1e-5 * rf.loss());
        assertEquals(rf.correct(), rs.correct());
        for (int i = 0; i < gf.length; i++) {
            double err = GradientCheck.relativeError(GradientCheck.toDouble(gf[i]), GradientCheck.toDouble(gs[i]));
            assertTrue(err < 1e-3, c.parameterSpecs().get(i).name() + " float relative error " + err);
        }
    }
}
