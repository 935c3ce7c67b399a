package org.cbrnn.ccrnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cbrnn.engine.fast.Kernels;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.task.online.LineDrawing;
import org.cbrnn.task.online.OnlineTask;
import org.cbrnn.task.online.SeqBatch;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CB-RNN and the plain Elman RNN on the drawing tasks (docs/ccrnn.md §8.4): the per-step-loss gradient by full BPTT
 * against central finite differences in double of an independent plain-loop reference (every tensor: core, cerebellum,
 * readout), the pinned parameter counts, determinism and resume, bad input, and the registry and store wiring.
 */
class OnlineElmanTest {
    static final int T = 6, I = 2, O = 2, B = 3;
    static final boolean[] FEEDBACK = {true, false, true, true, false, false};

    /** Random inputs and targets; feedback at steps 0, 2, 3 (none at the last two). */
    static OnlineTask randomTask() {
        return new OnlineTask() {
            public String name() { return "random"; }
            public int steps() { return T; }
            public int inputSize() { return I; }
            public int outputSize() { return O; }
            public Loss loss() { return Loss.MSE_FEEDBACK; }
            public SeqBatch sample(int b, Rng rng) {
                float[] in = new float[T * b * I], tg = new float[T * b * O];
                for (int i = 0; i < in.length; i++) in[i] = (float) rng.nextGaussian();
                for (int i = 0; i < tg.length; i++) tg[i] = (float) rng.nextGaussian();
                return new SeqBatch(T, b, I, O, in, tg, FEEDBACK.clone(), new int[b]);
            }
        };
    }

    /** Small architectures: the CB-RNN in each input mode of its cerebellum, and the plain RNN. */
    static List<ModelConfig> tinyModels() {
        ModelConfig cb = ModelConfig.cbRnn().withInputSize(I).withNumClasses(O).withHiddenSize(4).withGranuleSize(6).withPurkinjeSize(3);
        return List.of(cb, cb.withCbInput(ModelConfig.CbInput.HIDDEN), cb.withCbInput(ModelConfig.CbInput.INPUT),
                ModelConfig.elman(5).withInputSize(I).withNumClasses(O));
    }

    /** A network whose cerebellum is live (its initial N(0, 0.01^2) weights and zero biases make it nearly silent). */
    static OnlineElman<double[]> liveNetwork(ModelConfig m, long seed) {
        OnlineElman<double[]> n = OnlineElman.create(Kernels.doubles(), m, seed);
        Rng r = new Rng(seed + 100);
        for (int i = 0; i < n.params().length; i++) {
            boolean cb = n.specs().get(i).module() == Module.CEREBELLUM;
            for (int j = 0; j < n.params()[i].length; j++) n.params()[i][j] += (cb ? 0.5 : 0.2) * r.nextGaussian();
        }
        return n;
    }

    // ---- the reference: the equations of docs/protocol.md §2.2-2.3 and docs/ccrnn.md §4.1 in plain loops ----

    static double[] tensor(ModelConfig m, double[][] p, String name) {
        List<ParamSpec> s = m.parameterSpecs();
        for (int i = 0; i < s.size(); i++) if (s.get(i).name().equals(name)) return p[i];
        throw new IllegalStateException(name);
    }

    /** y = W v + b for a row-major out x in weight. */
    static double[] linear(double[] w, double[] bias, double[] v) {
        double[] y = new double[bias.length];
        for (int o = 0; o < y.length; o++) {
            double s = bias[o];
            for (int i = 0; i < v.length; i++) s += w[o * v.length + i] * v[i];
            y[o] = s;
        }
        return y;
    }

    static double[] relu(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = Math.max(0, v[i]);
        return r;
    }

    /** Outputs [t][row][o] of the CB-RNN / RNN with a readout at every step, from initial states h0 (row-major B x H). */
    static double[][][] reference(ModelConfig m, double[][] p, SeqBatch b, double[] h0) {
        int H = m.hiddenSize();
        double a = m.alpha(), slope = m.leakSlope();
        double[][][] y = new double[b.steps()][b.batch()][];
        for (int r = 0; r < b.batch(); r++) {
            double[] h = java.util.Arrays.copyOfRange(h0, r * H, (r + 1) * H);
            for (int t = 0; t < b.steps(); t++) {
                double[] x = new double[b.inputSize()];
                for (int i = 0; i < x.length; i++) x[i] = b.input(t, r, i);
                double[] z = linear(tensor(m, p, "inp.weight"), tensor(m, p, "inp.bias"), x);
                double[] zr = linear(tensor(m, p, "hh.weight"), tensor(m, p, "hh.bias"), h);
                for (int j = 0; j < H; j++) z[j] += zr[j];
                if (m.coupling() == ModelConfig.Coupling.CEREBELLAR_BIAS) {
                    double[] u = switch (m.cbInput()) {
                        case HIDDEN_AND_INPUT -> concat(h, x);
                        case HIDDEN -> h.clone();
                        case INPUT -> x.clone();
                    };
                    double[] g = relu(linear(tensor(m, p, "gc.weight"), tensor(m, p, "gc.bias"), u));
                    double[] pc = relu(linear(tensor(m, p, "pc.weight"), tensor(m, p, "pc.bias"), g));
                    double[] c = linear(tensor(m, p, "dcn.weight"), tensor(m, p, "dcn.bias"), pc);
                    for (int j = 0; j < H; j++) z[j] += c[j];
                }
                double[] hn = new double[H];
                for (int j = 0; j < H; j++) hn[j] = (1 - a) * h[j] + a * (z[j] > 0 ? z[j] : slope * z[j]);
                h = hn;
                y[t][r] = linear(tensor(m, p, "head.weight"), tensor(m, p, "head.bias"), h);
            }
        }
        return y;
    }

    static double[] concat(double[] a, double[] b) {
        double[] c = new double[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** The loss of docs/ccrnn.md §4.1 under full BPTT: the mean over (sequences x feedback steps x outputs) of the squared error. */
    static double referenceLoss(ModelConfig m, double[][] p, SeqBatch b, double[] h0) {
        double[][][] y = reference(m, p, b, h0);
        double s = 0;
        int n = 0;
        for (int t = 0; t < b.steps(); t++) {
            if (!b.feedback()[t]) continue;
            for (int r = 0; r < b.batch(); r++) for (int o = 0; o < b.outputSize(); o++) {
                double d = y[t][r][o] - b.target(t, r, o);
                s += d * d;
                n++;
            }
        }
        return s / n;
    }

    @Test
    void perStepLossGradientMatchesCentralFiniteDifferencesForEveryTensor() {
        OnlineTask task = randomTask();
        for (ModelConfig m : tinyModels()) {
            OnlineElman<double[]> net = liveNetwork(m, 11);
            SeqBatch b = task.sample(B, new Rng(12));
            double[] h0 = net.initialState(B, new Rng(13));
            double[][] g = net.newGradients();
            CcNetwork.BatchStats st = net.trainBatch(b, task.loss(), h0, g);
            double[][] p = net.params();
            // the forward pass and the training curve against the reference
            double[][][] ref = reference(m, p, b, h0);
            double[] y = net.outputs(b, h0);
            double sse = 0;
            for (int t = 0; t < T; t++) for (int r = 0; r < B; r++) for (int o = 0; o < O; o++) {
                assertEquals(ref[t][r][o], y[(t * B + r) * O + o], 1e-12, m.label() + " output");
                if (FEEDBACK[t]) sse += Math.pow(ref[t][r][o] - b.target(t, r, o), 2);
            }
            assertEquals(sse / (B * T), st.curve(), 1e-12, m.label() + " curve");
            assertEquals(0.0, st.cerebellarLoss());
            double eps = 1e-6, worst = 0;
            int checked = 0;
            for (int i = 0; i < p.length; i++) {
                for (int j = 0; j < p[i].length; j++) {
                    double keep = p[i][j];
                    p[i][j] = keep + eps;
                    double up = referenceLoss(m, p, b, h0);
                    p[i][j] = keep - eps;
                    double down = referenceLoss(m, p, b, h0);
                    p[i][j] = keep;
                    double fd = (up - down) / (2 * eps);
                    double err = Math.abs(fd - g[i][j]);
                    assertTrue(err <= 1e-8 + 1e-6 * Math.abs(fd),
                            m.label() + " " + net.specs().get(i).name() + "[" + j + "]: backprop " + g[i][j] + ", finite differences " + fd);
                    worst = Math.max(worst, err);
                    checked++;
                }
            }
            assertEquals(m.parameterCount(), checked, "every scalar of every tensor was checked");
            assertTrue(worst < 1e-8, m.label() + " worst " + worst);
            // the gradient is not trivially zero anywhere: every tensor gets a signal, the cerebellum's included
            for (int i = 0; i < g.length; i++) {
                double[] gi = g[i];
                assertTrue(java.util.Arrays.stream(gi).anyMatch(v -> Math.abs(v) > 1e-6), m.label() + " " + net.specs().get(i).name() + " has a gradient");
            }
        }
    }

    @Test
    void floatAndDoublePathsAgree() {
        OnlineTask task = LineDrawing.standard();
        ModelConfig m = OnlineElman.cbRnn(task);
        OnlineElman<double[]> d = OnlineElman.create(Kernels.doubles(), m, 4);
        OnlineElman<float[]> f = OnlineElman.create(Kernels.bestFloat(), m, 4);
        SeqBatch b = task.sample(20, new Rng(5));
        double[][] gd = d.newGradients();
        float[][] gf = f.newGradients();
        double cd = d.trainBatch(b, task.loss(), d.initialState(20, new Rng(6)), gd).curve();
        double cf = f.trainBatch(b, task.loss(), f.initialState(20, new Rng(6)), gf).curve();
        assertEquals(cd, cf, 1e-4 * cd);
        for (int i = 0; i < gd.length; i++) {
            double scale = 0;
            for (double v : gd[i]) scale = Math.max(scale, Math.abs(v));
            for (int j = 0; j < gd[i].length; j++) assertEquals(gd[i][j], gf[i][j], 1e-4 * scale + 1e-9, d.specs().get(i).name());
        }
    }

    @Test
    void parameterCountsArePinned() {
        OnlineTask ld = LineDrawing.standard();
        ModelConfig cb = OnlineElman.cbRnn(ld), rnn = OnlineElman.matchedRnn(ld);
        assertEquals(41_922, cb.parameterCount());
        assertEquals(Map.of(Module.CORE, 4_288, Module.CEREBELLUM, 37_504, Module.READOUT, 130), cb.parameterBreakdown());
        assertEquals(202, rnn.hiddenSize());
        assertEquals(ModelConfig.Coupling.NONE, rnn.coupling());
        assertEquals(41_816, rnn.parameterCount());
        assertEquals(Map.of(Module.CORE, 41_410, Module.READOUT, 406), rnn.parameterBreakdown());
        // the same core: only the cerebellum differs (and the width that matches the count)
        assertEquals(cb.alpha(), rnn.alpha());
        assertEquals(cb.leakSlope(), rnn.leakSlope());
        OnlineElman<double[]> n = OnlineElman.create(Kernels.doubles(), cb, 1);
        assertEquals(41_922, java.util.Arrays.stream(n.params()).mapToInt(a -> a.length).sum(), "the network holds exactly the model's tensors");
    }

    @Test
    void initialisationIsTheKitsCbRnnInitialisation() {
        ModelConfig m = OnlineElman.cbRnn(LineDrawing.standard());
        OnlineElman<float[]> n = OnlineElman.create(Kernels.bestFloat(), m, 7);
        org.cbrnn.model.Model ref = org.cbrnn.model.Model.create(m, 7);
        for (int i = 0; i < n.params().length; i++) assertArrayEquals(ref.parameters().get(i), n.params()[i], 0f, n.specs().get(i).name());
        float[] h0 = n.initialState(5, new Rng(3));
        assertArrayEquals(ref.initialState(5, new Rng(3)), h0, 0f);
        for (float v : h0) assertTrue(v >= 0 && v < 0.1f);
    }

    static CcConfig small() {
        return CcRegistry.standard().config("cbrnn", "line-drawing", 0).withData(50, 200, 100).withEpochs(4);
    }

    @Test
    void sameSeedSameRunAndResumeIsBitForBit() {
        OnlineTask ld = LineDrawing.standard();
        for (ModelConfig m : List.of(OnlineElman.cbRnn(ld), OnlineElman.matchedRnn(ld))) {
            CcTrainer<float[]> a = CcTrainer.create(Kernels.bestFloat(), ld, small(), 5, m);
            CcTrainer<float[]> b = CcTrainer.create(Kernels.bestFloat(), ld, small(), 5, m);
            a.trainEpoch();
            a.trainEpoch();
            byte[] ck = a.checkpoint();
            a.trainEpoch();
            a.trainEpoch();
            for (int e = 0; e < 4; e++) b.trainEpoch();
            CcTrainer<float[]> c = CcTrainer.create(Kernels.bestFloat(), ld, small(), 5, m);
            c.restore(ck);
            c.trainEpoch();
            c.trainEpoch();
            for (int i = 0; i < a.elman().params().length; i++) {
                assertArrayEquals(a.elman().params()[i], b.elman().params()[i], 0f);
                assertArrayEquals(a.elman().params()[i], c.elman().params()[i], 0f);
            }
            for (int e = 0; e < 4; e++) {
                assertEquals(a.history().get(e).trainCurve(), b.history().get(e).trainCurve());
                assertEquals(a.history().get(e).valError(), b.history().get(e).valError());
                assertEquals(a.history().get(e).trainCurve(), c.history().get(e).trainCurve());
                assertEquals(a.history().get(e).valError(), c.history().get(e).valError());
            }
            CcTrainer<float[]> other = CcTrainer.create(Kernels.bestFloat(), ld, small(), 6, m);
            other.trainEpoch();
            assertNotEquals(a.history().get(0).valError(), other.history().get(0).valError(), "another seed, another run");
        }
    }

    @Test
    void validationUsesTheLstmRunsSequencesOfTheSameSeed() {
        OnlineTask ld = LineDrawing.standard();
        CcConfig c = small().withEpochs(1);
        CcTrainer<double[]> e = CcTrainer.create(Kernels.doubles(), ld, c, 9, OnlineElman.cbRnn(ld));
        CcEpoch first = e.trainEpoch();
        // the validation sequences are the stream the LSTM trainer draws them from, with h_0 from a stream of its own
        SeqBatch val = ld.sample(c.valSize(), Rng.of(9, "ccrnn-val-1"));
        assertEquals(Metrics.validation(ld, val, e.elman().outputs(val, e.validationState(val.batch(), 1)))[0], first.valError(), 0.0);
        assertNotEquals(first.valError(), Metrics.validation(ld, val, e.elman().outputs(val, e.elman().initialState(val.batch(), new Rng(1))))[0],
                "h_0 matters: the record used the epoch's validation h_0");
        assertTrue(Double.isNaN(first.valAccuracy()));
        assertFalse(first.cerebellumOn(), "no synthesiser");
        assertEquals(0.0, first.cerebellarLoss());
    }

    @Test
    void badInputIsRefusedNamingTheParameter() {
        OnlineTask ld = LineDrawing.standard();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OnlineElman.create(Kernels.doubles(), ModelConfig.gru(8), 1))
                .getMessage().startsWith("model must be a leaky Elman core with coupling NONE or CEREBELLAR_BIAS, got GRU/NONE"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OnlineElman.create(Kernels.doubles(), ModelConfig.readoutCerebellum(), 1))
                .getMessage().startsWith("model must be a leaky Elman core"));
        assertEquals("model must have one readout head (the per-step output), got 2", assertThrows(IllegalArgumentException.class,
                () -> OnlineElman.create(Kernels.doubles(), OnlineElman.cbRnn(ld).withNumHeads(2), 1)).getMessage());
        OnlineElman<double[]> n = OnlineElman.create(Kernels.doubles(), OnlineElman.cbRnn(ld), 1);
        SeqBatch b = ld.sample(4, new Rng(1));
        assertEquals("h0 must have batch * H = 256 values, got 10", assertThrows(IllegalArgumentException.class,
                () -> n.trainBatch(b, ld.loss(), new double[10], n.newGradients())).getMessage());
        assertEquals("loss must be MSE_FEEDBACK (the drawing tasks); the CB-RNN conditions do not implement CROSS_ENTROPY_LAST",
                assertThrows(IllegalArgumentException.class, () -> n.trainBatch(b, OnlineTask.Loss.CROSS_ENTROPY_LAST, n.initialState(4, new Rng(2)),
                        n.newGradients())).getMessage());
        assertEquals("grads must hold 12 tensors, got 1", assertThrows(IllegalArgumentException.class,
                () -> n.trainBatch(b, ld.loss(), n.initialState(4, new Rng(2)), new double[1][])).getMessage());
        assertEquals("batch has input/output widths 2/2, network 1/2", assertThrows(IllegalArgumentException.class,
                () -> n.outputs(randomTask().sample(4, new Rng(3)), n.initialState(4, new Rng(2)))).getMessage());
        assertEquals("batch must be >= 1, got 0", assertThrows(IllegalArgumentException.class, () -> n.initialState(0, new Rng(2))).getMessage());
        assertEquals("tau must be >= the task's 10 steps for an Elman model (full BPTT), got 1", assertThrows(IllegalArgumentException.class,
                () -> CcTrainer.create(Kernels.doubles(), ld, CcConfig.lineDrawing(), 1, OnlineElman.cbRnn(ld))).getMessage());
        assertEquals("config.cerebellum (the synthesiser) must be false for an Elman model", assertThrows(IllegalArgumentException.class,
                () -> CcTrainer.create(Kernels.doubles(), ld, small().withCerebellum(true), 1, OnlineElman.cbRnn(ld))).getMessage());
        OnlineTask digits = org.cbrnn.task.online.SeqImages.digits();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CcTrainer.create(Kernels.doubles(), digits, small(), 1, OnlineElman.cbRnn(digits)))
                .getMessage().startsWith("task must be a drawing task (loss MSE_FEEDBACK) for the Elman conditions"));
        assertEquals("model must have the task's input/output widths 1/2, got 28/2", assertThrows(IllegalArgumentException.class,
                () -> CcTrainer.create(Kernels.doubles(), ld, small(), 1, OnlineElman.cbRnn(org.cbrnn.task.online.DigitDrawing.standard()))).getMessage());
        CcTrainer<double[]> lstm = CcTrainer.create(Kernels.doubles(), ld, CcConfig.lineDrawing(), 1);
        assertEquals("this trainer trains the LSTM: use network()", assertThrows(IllegalStateException.class, lstm::elman).getMessage());
        assertEquals("core must be CB_RNN or RNN for an Elman condition, got LSTM", assertThrows(IllegalArgumentException.class,
                () -> CcCondition.elman("x", "x", CcCondition.Core.LSTM, (c, e) -> c)).getMessage());
    }

    @Test
    void registryHasTheElmanConditionsAtTheFullBpttProtocol() {
        CcRegistry reg = CcRegistry.standard();
        CcConfig bptt = reg.config("bptt", "line-drawing", 0);
        for (String c : List.of("cbrnn", "rnn")) {
            assertEquals(bptt, reg.config(c, "line-drawing", 0), c + ": the optimiser, data and validation of the full-BPTT condition");
        }
        assertEquals(CcCondition.Core.CB_RNN, reg.condition("cb-rnn").core());
        assertEquals(CcCondition.Core.RNN, reg.condition("rnn202").core());
        assertEquals(CcCondition.Core.LSTM, reg.condition("bptt").core());
        assertEquals(OnlineElman.cbRnn(LineDrawing.standard()), reg.condition("cbrnn").model(LineDrawing.standard()));
        assertEquals(null, reg.condition("ccrnn").model(LineDrawing.standard()));
    }

    @Test
    void storeRunsResumesAndReloadsAnElmanRun(@TempDir Path dir) throws Exception {
        CcRunStore store = CcRunStore.at(dir);
        CcRunSpec spec = new CcRunSpec("cbrnn", "line-drawing", small().withEpochs(2), 3);
        assertEquals("line-drawing_cbrnn_tauT_s3", spec.id());
        // an interrupted run: one epoch and its checkpoint, as the store leaves them
        CcTrainer<float[]> one = CcTrainer.create(Kernels.bestFloat(), LineDrawing.standard(), spec.config(), 3, store.modelOf(spec));
        one.trainEpoch();
        Files.createDirectories(store.dirOf(spec));
        Files.writeString(store.dirOf(spec).resolve("spec.txt"), store.describe(spec));
        Files.write(store.dirOf(spec).resolve("checkpoint.bin"), one.checkpoint());
        assertFalse(store.load(spec).orElseThrow().complete());
        CcRunStore.Result r = store.run(spec, null);
        assertTrue(r.complete());
        assertEquals(2, r.epochs().size());
        assertTrue(Files.notExists(store.dirOf(spec).resolve("checkpoint.bin")));
        String text = Files.readString(store.dirOf(spec).resolve("spec.txt"));
        assertTrue(text.startsWith(spec.describe()) && text.contains("model=ModelConfig[cell=ELMAN, coupling=CEREBELLAR_BIAS"), text);
        // the resumed run is the straight run, and the stored network reproduces its outputs
        CcTrainer<float[]> tr = CcTrainer.create(Kernels.bestFloat(), LineDrawing.standard(), spec.config(), 3, store.modelOf(spec));
        tr.trainEpoch();
        tr.trainEpoch();
        assertEquals(tr.history().get(1).valError(), r.epochs().get(1).valError());
        SeqBatch all = LineDrawing.standard().allCues();
        float[] h0 = tr.elman().initialState(all.batch(), new Rng(1));
        assertArrayEquals(tr.elman().outputs(all, h0), store.elman(spec, Kernels.bestFloat()).outputs(all, h0), 0.0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store.cortex(spec, Kernels.bestFloat())).getMessage().contains("use elman()"));
        // the LSTM runs' description is unchanged (their stored spec.txt files still match)
        CcRunSpec lstm = new CcRunSpec("bptt", "line-drawing", small(), 3);
        assertEquals(lstm.describe(), store.describe(lstm));
        // the same id with another architecture is a different run
        Files.writeString(store.dirOf(spec).resolve("spec.txt"), spec.describe());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store.load(spec)).getMessage().contains("holds a different run"));
    }
}
