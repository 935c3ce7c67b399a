package org.cbrnn.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.model.Model;
import org.cbrnn.model.Module;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.task.Batch;
import org.cbrnn.task.Parity;
import org.cbrnn.testing.Fixtures;
import org.cbrnn.util.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every lib engine (fast on vector kernels with one and two threads, fast on scalar kernels) refuses a wrong-shape
 * buffer, h_0 or batch through {@link EngineChecks} before it computes: the message names the argument, the expected
 * and the actual shape, and the caller's gradient buffer is left exactly as it was.
 */
class EngineShapeChecksTest {
    private static final Set<Module> ALL = EnumSet.allOf(Module.class);
    private static final int B = 3;

    static Stream<Arguments> engines() {
        return Stream.of(
                Arguments.of("fast, 1 thread", (Supplier<Engine>) () -> FastEngine.create(1)),
                Arguments.of("fast, 2 threads", (Supplier<Engine>) () -> FastEngine.create(2)),
                Arguments.of("scalar", (Supplier<Engine>) () -> FastEngine.scalar(1)));
    }

    private static Model model() {
        return Model.create(Fixtures.tinyCbRnn(), 1);
    }

    private static Batch batch() {
        return new Parity().sample(3, B, Rng.of(1, "shape"));
    }

    /** A gradient buffer shaped like {@code model}'s parameters, filled with a sentinel the engine must not touch. */
    private static float[][] sentinelBuffer(Model model) {
        float[][] g = new float[model.parameters().size()][];
        for (int i = 0; i < g.length; i++) {
            g[i] = new float[model.parameters().get(i).length];
            Arrays.fill(g[i], 42f);
        }
        return g;
    }

    private static void assertUntouched(float[][] g) {
        for (float[] a : g) {
            if (a == null) continue;
            for (float v : a) assertEquals(42f, v, "the buffer was written before the argument was refused");
        }
    }

    private static float[] h0(Model m) {
        return new float[B * m.config().stateSize()];
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void gradientsBufferWithTooFewArraysIsRefusedBeforeAnyWork(String name, Supplier<Engine> make) {
        try (Engine e = make.get()) {
            Model m = model();
            float[][] full = sentinelBuffer(m);
            float[][] shorter = Arrays.copyOf(full, full.length - 1);
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                    () -> e.gradients(m, batch(), h0(m), ALL, shorter));
            assertEquals("gradients must have " + full.length + " arrays (one per parameter tensor), got " + (full.length - 1), x.getMessage());
            assertUntouched(shorter);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void gradientsArrayOfWrongLengthIsRefusedBeforeAnyWork(String name, Supplier<Engine> make) {
        try (Engine e = make.get()) {
            Model m = model();
            List<ParamSpec> specs = m.parameters().specs();
            // the last tensor: an engine that checked lazily would have written all the others first
            int last = specs.size() - 1;
            float[][] g = sentinelBuffer(m);
            g[last] = new float[specs.get(last).size() + 1];
            Arrays.fill(g[last], 42f);
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.gradients(m, batch(), h0(m), ALL, g));
            ParamSpec s = specs.get(last);
            assertEquals("gradients[" + last + "] (" + s.name() + ", " + s.rows() + " x " + s.cols() + ") must have " + s.size()
                    + " values, got " + (s.size() + 1), x.getMessage());
            assertUntouched(g);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void gradientsWithANullArrayIsRefused(String name, Supplier<Engine> make) {
        try (Engine e = make.get()) {
            Model m = model();
            float[][] g = sentinelBuffer(m);
            g[0] = null;
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.gradients(m, batch(), h0(m), ALL, g));
            assertTrue(x.getMessage().startsWith("gradients[0] (") && x.getMessage().endsWith("must not be null"), x.getMessage());
            assertUntouched(g);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void initialStateOfWrongSizeIsRefused(String name, Supplier<Engine> make) {
        try (Engine e = make.get()) {
            Model m = model();
            int H = m.config().stateSize();
            float[] h0 = new float[B * H - 1];
            String want = "initialState must have batchSize x stateSize = " + B + " x " + H + " = " + B * H + " values, got " + (B * H - 1);
            float[][] g = sentinelBuffer(m);
            assertEquals(want, assertThrows(IllegalArgumentException.class, () -> e.gradients(m, batch(), h0, ALL, g)).getMessage());
            assertUntouched(g);
            assertEquals(want, assertThrows(IllegalArgumentException.class, () -> e.evaluate(m, batch(), h0)).getMessage());
            assertEquals(want, assertThrows(IllegalArgumentException.class, () -> e.evaluate(m, batch(), h0, false)).getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void batchThatDoesNotFitTheModelIsRefused(String name, Supplier<Engine> make) {
        try (Engine e = make.get()) {
            Model m = model();
            int T = 4;
            Batch twoChannels = new Batch(new float[T * B * 2], new int[B], T, B, 2, 2, 2);
            assertEquals("batch.inputSize must be the model's inputSize 1, got 2",
                    assertThrows(IllegalArgumentException.class, () -> e.evaluate(m, twoChannels, h0(m))).getMessage());
            Batch threeClasses = new Batch(new float[T * B], new int[] {0, 1, 2}, T, B, 1, 2, 3);
            float[][] g = sentinelBuffer(m);
            assertEquals("batch.numClasses must be at most the model's numClasses 2, got 3",
                    assertThrows(IllegalArgumentException.class, () -> e.gradients(m, threeClasses, h0(m), ALL, g)).getMessage());
            assertUntouched(g);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void nullArgumentsAreNamed(String name, Supplier<Engine> make) {
        try (Engine e = make.get()) {
            Model m = model();
            Batch b = batch();
            float[][] g = sentinelBuffer(m);
            assertEquals("model must not be null", assertThrows(IllegalArgumentException.class, () -> e.gradients(null, b, h0(m), ALL, g)).getMessage());
            assertEquals("batch must not be null", assertThrows(IllegalArgumentException.class, () -> e.evaluate(m, null, h0(m))).getMessage());
            assertEquals("initialState must not be null", assertThrows(IllegalArgumentException.class, () -> e.evaluate(m, b, null, true)).getMessage());
            assertEquals("trainable must not be null", assertThrows(IllegalArgumentException.class, () -> e.gradients(m, b, h0(m), null, g)).getMessage());
            assertEquals("gradients must not be null", assertThrows(IllegalArgumentException.class, () -> e.gradients(m, b, h0(m), ALL, null)).getMessage());
            assertUntouched(g);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void rightShapesStillRun(String name, Supplier<Engine> make) {
        try (Engine e = make.get()) {
            Model m = model();
            float[][] g = sentinelBuffer(m);
            StepResult r = e.gradients(m, batch(), h0(m), ALL, g);
            assertEquals(B, r.batchSize());
            assertTrue(Double.isFinite(r.loss()));
            for (float[] a : g) for (float v : a) assertTrue(v != 42f || a.length == 0, "every trainable tensor is overwritten");
        }
    }
}
