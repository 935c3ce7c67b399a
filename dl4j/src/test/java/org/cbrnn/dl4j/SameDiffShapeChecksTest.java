package org.cbrnn.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.cbrnn.model.Model;
import org.cbrnn.model.Module;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.task.Batch;
import org.cbrnn.task.Parity;
import org.cbrnn.testing.Fixtures;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SameDiff engine refuses wrong shapes through the same shared checks as lib's engines
 * ({@link org.cbrnn.engine.EngineChecks}), before it builds or runs a graph: no graph is built and the caller's
 * gradient buffer is left as it was. The double-precision API checks its parameter arrays against the cell's layout.
 */
class SameDiffShapeChecksTest {
    private static final Set<Module> ALL = EnumSet.allOf(Module.class);
    private static final int B = 3;
    private static SameDiffEngine engine;

    @BeforeAll
    static void open() {
        engine = SameDiffEngine.create();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static Model model() {
        return Model.create(Fixtures.tinyCbRnn(), 1);
    }

    private static Batch batch() {
        return new Parity().sample(3, B, Rng.of(1, "shape"));
    }

    private static float[][] sentinelBuffer(Model m) {
        float[][] g = new float[m.parameters().size()][];
        for (int i = 0; i < g.length; i++) {
            g[i] = new float[m.parameters().get(i).length];
            Arrays.fill(g[i], 42f);
        }
        return g;
    }

    private static void assertUntouched(float[][] g) {
        for (float[] a : g) for (float v : a) assertEquals(42f, v, "the buffer was written before the argument was refused");
    }

    private static String refused(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void wrongGradientBuffersAreRefusedBeforeAnyGraphIsBuilt() {
        Model m = model();
        float[] h0 = new float[B * m.config().stateSize()];
        long built = engine.graphsBuilt();
        float[][] full = sentinelBuffer(m);
        float[][] shorter = Arrays.copyOf(full, full.length - 1);
        assertEquals("gradients must have " + full.length + " arrays (one per parameter tensor), got " + (full.length - 1),
                refused(() -> engine.gradients(m, batch(), h0, ALL, shorter)));
        List<ParamSpec> specs = m.parameters().specs();
        int last = specs.size() - 1;
        ParamSpec s = specs.get(last);
        float[][] g = sentinelBuffer(m);
        g[last] = new float[s.size() - 1];
        Arrays.fill(g[last], 42f);
        assertEquals("gradients[" + last + "] (" + s.name() + ", " + s.rows() + " x " + s.cols() + ") must have " + s.size()
                + " values, got " + (s.size() - 1), refused(() -> engine.gradients(m, batch(), h0, ALL, g)));
        assertUntouched(g);
        assertUntouched(shorter);
        assertEquals(built, engine.graphsBuilt(), "no graph is built for a refused call");
    }

    @Test
    void wrongInitialStateAndBatchAreRefused() {
        Model m = model();
        int H = m.config().stateSize();
        float[][] g = sentinelBuffer(m);
        long built = engine.graphsBuilt();
        String want = "initialState must have batchSize x stateSize = " + B + " x " + H + " = " + B * H + " values, got " + (B * H + 1);
        assertEquals(want, refused(() -> engine.gradients(m, batch(), new float[B * H + 1], ALL, g)));
        assertEquals(want, refused(() -> engine.evaluate(m, batch(), new float[B * H + 1], true)));
        int T = 4;
        Batch twoChannels = new Batch(new float[T * B * 2], new int[B], T, B, 2, 2, 2);
        assertEquals("batch.inputSize must be the model's inputSize 1, got 2",
                refused(() -> engine.evaluate(m, twoChannels, new float[B * H])));
        Batch threeClasses = new Batch(new float[T * B], new int[] {0, 1, 2}, T, B, 1, 2, 3);
        assertEquals("batch.numClasses must be at most the model's numClasses 2, got 3",
                refused(() -> engine.gradients(m, threeClasses, new float[B * H], ALL, g)));
        assertEquals("trainable must not be null", refused(() -> engine.gradients(m, batch(), new float[B * H], null, g)));
        assertUntouched(g);
        assertEquals(built, engine.graphsBuilt(), "no graph is built for a refused call");
    }

    @Test
    void doublePrecisionApiChecksTheParameterArrays() {
        Model m = model();
        double[][] params = m.parameters().toDouble();
        double[] h0 = new double[B * m.config().stateSize()];
        double[][] shorter = Arrays.copyOf(params, params.length - 1);
        assertEquals("params must have " + params.length + " arrays (one per parameter tensor), got " + (params.length - 1),
                refused(() -> engine.lossAndGradients(m.config(), shorter, batch(), h0, null)));
        double[][] wrong = params.clone();
        wrong[0] = new double[params[0].length + 2];
        ParamSpec s = m.parameters().spec(0);
        assertEquals("params[0] (" + s.name() + ", " + s.rows() + " x " + s.cols() + ") must have " + s.size() + " values, got "
                + (s.size() + 2), refused(() -> engine.loss(m.config(), wrong, batch(), h0, true)));
        assertEquals("h0 must not be null", refused(() -> engine.loss(m.config(), params, batch(), null, true)));
    }
}
