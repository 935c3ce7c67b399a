package org.cbrnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelTest {
    @TempDir
    Path dir;

    @Test
    void configRoundTripsThroughProperties() {
        for (ModelConfig c : List.of(ModelConfig.cbRnn(), ModelConfig.elman(202), ModelConfig.gruCb(), ModelConfig.auxControl(),
                ModelConfig.readoutCerebellum(), ModelConfig.cbRnn().withCbInput(ModelConfig.CbInput.INPUT).withGranuleSize(64))) {
            assertEquals(c, ModelConfig.fromProperties(c.toProperties()));
        }
    }

    @Test
    void initialisationFollowsTheSpec() {
        Model m = Model.create(ModelConfig.cbRnn(), 3);
        assertEquals(0.01, std(m.parameters().get("gc.weight")), 0.0005);
        assertEquals(0.1, std(m.parameters().get("pc.weight")), 0.003);
        assertEquals(0.1, std(m.parameters().get("dcn.weight")), 0.005);
        for (String zero : new String[]{"gc.bias", "pc.bias", "dcn.bias"}) for (float v : m.parameters().get(zero)) assertEquals(0f, v);
        assertBound(m.parameters().get("inp.weight"), 1.0);
        assertBound(m.parameters().get("hh.weight"), 0.125);
        assertBound(m.parameters().get("head.weight"), 0.125);
        // uniform U(-b, b) has sd b / sqrt(3)
        assertEquals(0.125 / Math.sqrt(3), std(m.parameters().get("hh.weight")), 0.004);
    }

    @Test
    void initialStateIsTenthOfUniform() {
        float[] h = Model.create(ModelConfig.cbRnn(), 1).initialState(256, new Rng(2));
        assertEquals(256 * 64, h.length);
        double mean = 0;
        for (float v : h) {
            assertTrue(v >= 0 && v < 0.1f);
            mean += v;
        }
        assertEquals(0.05, mean / h.length, 0.002);
        assertEquals(64 + 139, Model.create(ModelConfig.auxControl(), 1).initialState(1, new Rng(1)).length);
    }

    @Test
    void saveLoadIsBitExact() throws IOException {
        Model m = Model.create(ModelConfig.gruCb(), 9);
        Path f = dir.resolve("m.bin");
        m.save(f);
        Model back = Model.load(f);
        assertEquals(m.config(), back.config());
        for (int i = 0; i < m.parameters().size(); i++) assertArrayEquals(m.parameters().get(i), back.parameters().get(i));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary files left behind");
        }
    }

    @Test
    void corruptedOrTruncatedFilesAreDetected() throws IOException {
        Path f = dir.resolve("m.bin");
        Model.create(ModelConfig.cbRnn(), 1).save(f);
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 0x10;
        Files.write(dir.resolve("bad.bin"), b);
        IOException e = assertThrows(IOException.class, () -> Model.load(dir.resolve("bad.bin")));
        assertTrue(e.getMessage().contains("corrupted"), e.getMessage());
        Files.write(dir.resolve("short.bin"), java.util.Arrays.copyOf(Files.readAllBytes(f), 1000));
        assertThrows(IOException.class, () -> Model.load(dir.resolve("short.bin")));
    }

    @Test
    void badConfigsNameTheParameterAndRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.cbRnn().withHiddenSize(0));
        assertTrue(e.getMessage().contains("hiddenSize must be in [1, 4096]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.cbRnn().withTau(0.5));
        assertTrue(e.getMessage().contains("tau"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.cbRnn().withCbMaxRatio(1.0));
        assertTrue(e.getMessage().contains("cbMaxRatio"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.gru(64).withAuxSize(5).withCoupling(ModelConfig.Coupling.RECURRENT_AUX));
        assertTrue(e.getMessage().contains("coupling"), e.getMessage());
    }

    @Test
    void modulesTagEveryTensor() {
        Parameters p = Model.create(ModelConfig.cbRnn(), 1).parameters();
        for (ParamSpec s : p.specs()) {
            Module expected = s.name().startsWith("head") ? Module.READOUT
                    : (s.name().startsWith("gc") || s.name().startsWith("pc") || s.name().startsWith("dcn")) ? Module.CEREBELLUM : Module.CORE;
            assertEquals(expected, s.module(), s.name());
        }
    }

    private static double std(float[] v) {
        double m = 0, s = 0;
        for (float x : v) m += x;
        m /= v.length;
        for (float x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / v.length);
    }

    private static void assertBound(float[] v, double b) {
        double max = 0;
        for (float x : v) {
            assertTrue(Math.abs(x) <= b, "value " + x + " outside U(-" + b + ", " + b + ")");
            max = Math.max(max, Math.abs(x));
        }
        assertTrue(max > 0.8 * b, "values should fill the range");
    }
}
