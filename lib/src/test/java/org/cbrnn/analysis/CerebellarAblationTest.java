package org.cbrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.task.TaskRegistry;
import org.junit.jupiter.api.Test;

class CerebellarAblationTest {
    @Test
    void ablationUsesIdenticalInputsAndZeroesOnlyTheCerebellum() {
        Model m = Model.create(ModelConfig.cbRnn().withHiddenSize(8).withGranuleSize(16).withPurkinjeSize(8), 1);
        // make the CB output large so that removing it must change the predictions
        for (int i = 0; i < m.parameters().get("dcn.bias").length; i++) m.parameters().get("dcn.bias")[i] = (i % 2 == 0 ? 3f : -3f);
        try (FastEngine e = FastEngine.create(1)) {
            List<CerebellarAblation.Point> a = CerebellarAblation.acrossLevels(m, TaskRegistry.of("parity"), e, new int[]{2, 3}, 4, 32, 5);
            List<CerebellarAblation.Point> b = CerebellarAblation.acrossLevels(m, TaskRegistry.of("parity"), e, new int[]{2, 3}, 4, 32, 5);
            assertEquals(a, b, "same seed, same batches");
            assertEquals(2, CerebellarAblation.table(a).rowCount());
            // a plain RNN with the same core weights is what the ablated CB-RNN computes
            Model core = Model.create(ModelConfig.elman(8), 1);
            for (String name : new String[]{"inp.weight", "inp.bias", "hh.weight", "hh.bias", "head.weight", "head.bias"}) {
                System.arraycopy(m.parameters().get(name), 0, core.parameters().get(name), 0, core.parameters().get(name).length);
            }
            var batch = TaskRegistry.of("parity").sample(3, 32, new org.cbrnn.util.Rng(9));
            float[] h0 = m.initialState(32, new org.cbrnn.util.Rng(10));
            assertEquals(e.evaluate(core, batch, h0).loss(), e.evaluate(m, batch, h0, false).loss(), 1e-6);
            assertNotEquals(e.evaluate(m, batch, h0, true).loss(), e.evaluate(m, batch, h0, false).loss());
        }
    }
}
