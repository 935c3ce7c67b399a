package org.cbrnn.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.engine.fast.GradientCheck;
import org.cbrnn.model.Model;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.Trainer;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.model.Init;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.task.Batch;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;

/** A cell with its own parameter layout (a learned per-unit gain on the CB output) runs through the double API. */
class CustomLayoutCellTest {

    /** z_t = core + g ⊙ c_t with a learned gain vector {@code cb.gain} (H values, CEREBELLUM). */
    record GatedCerebellumCell(ModelConfig config) implements CellDefinition {
        @Override
        public String name() {
            return "gated-CB " + config.label();
        }

        @Override
        public List<ParamSpec> parameterSpecs() {
            List<ParamSpec> s = new ArrayList<>(config.parameterSpecs());
            s.add(s.size() - 2, new ParamSpec("cb.gain", Module.CEREBELLUM, config.hiddenSize(), 1, Init.normal(1.0)));
            return s;
        }

        @Override
        public SDVariable[] step(CellContext c, SDVariable[] state, SDVariable x) {
            SDVariable h = state[0];
            SDVariable z = c.linear("inp", x).add(c.linear("hh", h));
            if (c.cerebellumEnabled()) z = z.add(c.cerebellum(c.cbInput(h, x)).mul(c.param("cb.gain")));
            return new SDVariable[]{c.leakyIntegrate(h, z)};
        }
    }

    @Test
    void customLayoutGradientsMatchFiniteDifferences() {
        GatedCerebellumCell cell = new GatedCerebellumCell(ModelConfig.cbRnn().withHiddenSize(4).withGranuleSize(6).withPurkinjeSize(3));
        List<ParamSpec> specs = cell.parameterSpecs();
        Rng rng = new Rng(61);
        double[][] p = new double[specs.size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[specs.get(i).size()];
            for (int j = 0; j < p[i].length; j++) p[i][j] = (2 * rng.nextDouble() - 1) * 0.6;
        }
        Batch batch = GradientCheck.randomBatch(cell.config(), 5, 3, 62);
        double[] h0 = GradientCheck.randomState(cell.config(), 3, 63);
        try (SameDiffEngine e = SameDiffEngine.doublePrecision()) {
            double[][] g = e.lossAndGradients(cell, p, batch, h0, null).gradients();
            for (int i = 0; i < specs.size(); i++) {
                double err = GradientCheck.relativeError(g[i], FiniteDifferences.of(e, cell, p, batch, h0, i, 1e-6));
                assertTrue(err < 1e-6, specs.get(i).name() + " relative error " + err);
            }
        }
    }

    @Test
    void customLayoutModelTrainsWithTheKitsTrainerAndIsRejectedElsewhere() throws Exception {
        GatedCerebellumCell cell = new GatedCerebellumCell(ModelConfig.cbRnn().withHiddenSize(8).withGranuleSize(16).withPurkinjeSize(8));
        Model model = cell.createModel(3);
        assertFalse(model.hasConfigLayout());
        assertEquals(cell.parameterSpecs(), model.parameters().specs());
        TrainingConfig tc = TrainingConfig.paper().withStepsPerEpoch(5).withEvalBatches(2).withBatchSize(8).withEvalBatchSize(8).withMaxEpochs(2);
        float[] gainBefore = model.parameters().get("cb.gain").clone();
        try (SameDiffEngine engine = SameDiffEngine.builder().cell(cell).build()) {
            List<EpochRecord> rec = Trainer.builder(model, TaskRegistry.of("parity")).engine(engine).config(tc).seed(1).build().run().records();
            assertEquals(2, rec.size());
            assertTrue(rec.stream().allMatch(r -> Double.isFinite(r.trainLoss())));
        }
        assertFalse(java.util.Arrays.equals(gainBefore, model.parameters().get("cb.gain")), "the new parameter learns");
        try (FastEngine fast = FastEngine.create(1)) {
            Batch b = TaskRegistry.of("parity").sample(2, 4, new Rng(1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fast.evaluate(model, b, model.initialState(4, new Rng(2))));
            assertTrue(e.getMessage().contains("custom parameter layout"), e.getMessage());
        }
        assertThrows(java.io.IOException.class, () -> model.save(java.nio.file.Files.createTempFile("custom", ".model")));
    }
}
