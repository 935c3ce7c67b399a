package org.cbrnn.dl4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.cbrnn.engine.fast.GradientCheck;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.task.Batch;
import org.cbrnn.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.validation.GradCheckUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's own finite-difference checker on the SameDiff CB-RNN graph (double precision), over every parameter.
 *
 * <p>The placeholders (h0, x_t, y) are skipped: ND4J 1.0.0-M2.1 gets gradients with respect to a placeholder wrong
 * when several ops consume it (only one consumer's contribution is kept; through {@code concat} none is). The engine
 * never asks for them, and parameter (VARIABLE) gradients are summed correctly over their consumers, as this check and
 * the comparison with the hand-written BPTT show.
 */
class GradCheckUtilTest {

    @Test
    void gradCheckUtilPassesOnSmallCbRnn() {
        ModelConfig c = Fixtures.tinyCbRnn();
        try (SameDiffEngine e = SameDiffEngine.builder().doublePrecision().lengthBuckets(LengthBuckets.exact()).build()) {
            UnrolledGraph g = e.graph(SameDiffEngine.cellFor(c), 5, 3, true);
            assertTrue(g.dataType() == DataType.DOUBLE);
            g.setParameters(GradientCheck.randomParams(c, 41, 0.6));
            Batch batch = GradientCheck.randomBatch(c, 5, 3, 42);
            Map<String, INDArray> ph = new java.util.HashMap<>();
            g.placeholders(batch, GradientCheck.randomState(c, 3, 43)).forEach((k, v) -> ph.put(k, v.dup()));
            // GradCheckUtil wants arrays associated with the placeholders (it reads them as graph inputs)
            ph.forEach((k, v) -> g.sameDiff().associateArrayWithVariable(v, k));
            g.ensureGradFunction();
            DataType keepDefault = Nd4j.defaultFloatingPointType();
            Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradCheckUtil insists on a double default
                boolean ok;
            try {
                ok = GradCheckUtil.checkGradients(g.sameDiff(), ph, 1e-6, 1e-5, 1e-8, false, false, false, false,
                        ph.keySet(), null);
            } finally {
                Nd4j.setDefaultDataTypes(keepDefault, keepDefault);
            }
            assertTrue(ok, "GradCheckUtil failed on " + c.label() + " (" + c.parameterCount() + " parameters)");
            System.err.println("GradCheckUtil: passed on " + c.label() + " (T=5, B=3): all " + c.parameterCount()
                    + " parameters (eps 1e-6, max relative error 1e-5)");
        }
    }
}
