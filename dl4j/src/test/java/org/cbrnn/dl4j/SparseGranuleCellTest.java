package org.cbrnn.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cbrnn.engine.fast.GradientCheck;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.task.Batch;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.testing.Fixtures;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.train.Trainer;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.train.TrainingResult;
import org.junit.jupiter.api.Test;

/** The worked example: a sparse granule layer, trained with the kit's trainer, and its gradients checked. */
class SparseGranuleCellTest {

    @Test
    void trainsThreeEpochsOnParityWithTheKitsTrainer() {
        SparseGranuleCell cell = SparseGranuleCell.paperSized(7);
        Model model = cell.createModel(1);
        float[] mask = cell.mask();
        TrainingConfig tc = TrainingConfig.paper().withStepsPerEpoch(10).withEvalBatches(5).withBatchSize(16)
                .withEvalBatchSize(16).withMaxEpochs(3);
        TrainingResult r;
        try (SameDiffEngine engine = SameDiffEngine.builder().cell(cell).build()) {
            Trainer t = Trainer.builder(model, TaskRegistry.of("parity")).engine(engine).config(tc)
                    .schedule(PlasticitySchedule.joint()).seed(2).build();
            r = t.run();
        }
        List<EpochRecord> rec = r.records();
        assertEquals(3, rec.size());
        StringBuilder sb = new StringBuilder(cell.name() + ": " + cell.effectiveParameterCount() + " effective of "
                + model.parameterCount() + " parameters\n");
        for (EpochRecord e : rec) {
            assertTrue(Double.isFinite(e.trainLoss()), "finite loss");
            assertEquals(0, e.skippedSteps());
            sb.append(String.format("  epoch %d level %d loss %.4f train acc %.1f%% eval acc %.1f%% (%.1f s)%n",
                    e.epoch(), e.level(), e.trainLoss(), e.trainAccuracy(), e.evalAccuracy(), e.seconds()));
        }
        float[] w = model.parameters().get("gc.weight");
        for (int i = 0; i < w.length; i++) if (mask[i] == 0) assertTrue(w[i] == 0f, "absent connection " + i + " stays zero");
        System.err.print(sb);
    }

    @Test
    void maskHasKInputsPerGranuleCell() {
        SparseGranuleCell cell = SparseGranuleCell.paperSized(7);
        float[] m = cell.mask();
        int U = cell.config().cbInputWidth();
        for (int g = 0; g < cell.config().granuleSize(); g++) {
            int n = 0;
            for (int j = 0; j < U; j++) n += (int) m[g * U + j];
            assertEquals(4, n);
        }
        assertEquals(41_922 - 256 * 61, cell.effectiveParameterCount());
    }

    @Test
    void gradientsMatchFiniteDifferencesAndMaskedEntriesGetNone() {
        ModelConfig host = Fixtures.tinyCbRnn();
        SparseGranuleCell cell = new SparseGranuleCell(host, 2, 3);
        double[][] p = GradientCheck.randomParams(host, 51, 0.6);
        Batch batch = GradientCheck.randomBatch(host, 6, 3, 52);
        double[] h0 = GradientCheck.randomState(host, 3, 53);
        try (SameDiffEngine e = SameDiffEngine.doublePrecision()) {
            double[][] g = e.lossAndGradients(cell, p, batch, h0, null).gradients();
            List<ParamSpec> specs = cell.parameterSpecs();
            float[] mask = cell.mask();
            int iGc = 4;
            assertEquals("gc.weight", specs.get(iGc).name());
            for (int j = 0; j < mask.length; j++) if (mask[j] == 0) assertTrue(g[iGc][j] == 0.0, "masked entry " + j + " gets no gradient");
            for (int i = 0; i < specs.size(); i++) {
                double[] num = FiniteDifferences.of(e, cell, p, batch, h0, i, 1e-6);
                double err = GradientCheck.relativeError(g[i], num);
                assertTrue(err < 1e-6, specs.get(i).name() + " relative error " + err);
            }
        }
    }
}
