package org.cbrnn.ccrnn;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.cbrnn.engine.fast.Ops;
import org.cbrnn.task.online.OnlineTask;
import org.cbrnn.task.online.SeqBatch;
import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;

/**
 * Trains one ccRNN-study network epoch by epoch (docs/ccrnn.md §2): fresh training sequences every epoch, per batch
 * one truncated backward pass with (or without) the cerebellum, one joint clip, one Adam step; then validation on
 * fresh full sequences. A run is a pure function of (task, config, seed): epoch e's data come from its own random
 * stream, so a run restored from {@link #checkpoint()} continues bit for bit.
 *
 * <p>The same loop trains the Elman conditions (docs/ccrnn.md §8.4): an {@link OnlineElman} (the kit's CB-RNN or a
 * plain Elman RNN) by full BPTT with the same Adam, clip, data and validation; its h_0 draws come from streams of
 * their own, so its training and validation sequences are the LSTM runs' of the same seed.
 * <pre>{@code
 * CcTrainer<float[]> tr = CcTrainer.create(Kernels.bestFloat(), LineDrawing.standard(), CcConfig.lineDrawing().withCerebellum(true), 1);
 * while (tr.epochsDone() < 100) System.out.println(tr.trainEpoch());
 * }</pre>
 */
public final class CcTrainer<A> {
    private static final int MAGIC = 0x43435254; // "CCRT"
    private final OnlineTask task;
    private final CcConfig config;
    private final long seed;
    private final CcNetwork<A> net;
    private final OnlineElman<A> elman;
    private final Adam<A> adam;
    private final A[] grads;
    private final List<CcEpoch> history = new ArrayList<>();

    private CcTrainer(Ops<A> ops, OnlineTask task, CcConfig config, long seed, org.cbrnn.model.ModelConfig model) {
        this.task = Check.notNull("task", task);
        this.config = Check.notNull("config", config);
        this.seed = seed;
        if (model == null) {
            this.net = CcNetwork.create(ops, task, config, seed);
            this.elman = null;
        } else {
            if (task.loss() != OnlineTask.Loss.MSE_FEEDBACK) {
                throw new IllegalArgumentException("task must be a drawing task (loss MSE_FEEDBACK) for the Elman conditions, got "
                        + task.name() + " with loss " + task.loss());
            }
            if (config.cerebellum()) throw new IllegalArgumentException("config.cerebellum (the synthesiser) must be false for an Elman model");
            if (config.tau() < task.steps()) {
                throw new IllegalArgumentException("tau must be >= the task's " + task.steps() + " steps for an Elman model (full BPTT), got " + config.tau());
            }
            if (model.inputSize() != task.inputSize() || model.numClasses() != task.outputSize()) {
                throw new IllegalArgumentException("model must have the task's input/output widths " + task.inputSize() + "/" + task.outputSize()
                        + ", got " + model.inputSize() + "/" + model.numClasses());
            }
            this.net = null;
            this.elman = OnlineElman.create(ops, model, seed);
        }
        A[] p = params();
        this.adam = new Adam<>(ops, p, config.learningRate(), config.beta1(), config.beta2(), config.eps());
        this.grads = net != null ? net.newGradients() : elman.newGradients();
    }

    /** An LSTM trainer (the conditions crnn, ccrnn, bptt and the lesions). */
    public static <A> CcTrainer<A> create(Ops<A> ops, OnlineTask task, CcConfig config, long seed) {
        return new CcTrainer<>(ops, task, config, seed, null);
    }

    /**
     * A trainer of {@code model}'s Elman network with {@code config}'s training constants (full BPTT: {@code tau >= T},
     * no synthesiser), or of the LSTM when {@code model} is null.
     */
    public static <A> CcTrainer<A> create(Ops<A> ops, OnlineTask task, CcConfig config, long seed, org.cbrnn.model.ModelConfig model) {
        return new CcTrainer<>(ops, task, config, seed, model);
    }

    /** The LSTM network; for an Elman trainer, an {@link IllegalStateException} (use {@link #elman()}). */
    public CcNetwork<A> network() {
        if (net == null) throw new IllegalStateException("this trainer trains " + elman.config().label() + ", not the LSTM: use elman()");
        return net;
    }

    /** The Elman network; for an LSTM trainer, an {@link IllegalStateException} (use {@link #network()}). */
    public OnlineElman<A> elman() {
        if (elman == null) throw new IllegalStateException("this trainer trains the LSTM: use network()");
        return elman;
    }

    /** Whether this trainer trains an Elman network ({@link #elman()}) rather than the LSTM. */
    public boolean isElman() {
        return elman != null;
    }

    private A[] params() {
        return net != null ? net.params() : elman.params();
    }

    public OnlineTask task() {
        return task;
    }

    public CcConfig config() {
        return config;
    }

    public int epochsDone() {
        return history.size();
    }

    public List<CcEpoch> history() {
        return List.copyOf(history);
    }

    /** The truncation window actually used on this task (tau capped at T). */
    public int effectiveTau() {
        return Math.min(config.tau(), task.steps());
    }

    /** Trains the next epoch and validates; returns its record. Stops between batches if the thread is interrupted. */
    public CcEpoch trainEpoch() {
        int epoch = history.size() + 1;
        if (epoch > config.epochs()) throw new IllegalStateException("all " + config.epochs() + " epochs are done");
        long t0 = System.nanoTime();
        boolean inject = config.cerebellumActive(epoch), learn = config.cerebellumLearns(epoch);
        boolean[] skip = new boolean[grads.length]; // an Elman network learns every tensor (its cerebellum is on the forward path)
        if (net != null) for (int i = 0; i < skip.length; i++) skip[i] = net.tensors().get(i).part() == CcNetwork.Part.CEREBELLUM && !learn;
        Rng data = Rng.of(seed, "ccrnn-train-" + epoch);
        Rng h0s = elman == null ? null : Rng.of(seed, "cbrnn-h0-train-" + epoch);
        int batches = config.trainSize() / config.batch();
        double curve = 0, cb = 0, gn = 0;
        for (int b = 0; b < batches; b++) {
            if (Thread.currentThread().isInterrupted()) throw new InterruptedRun(epoch);
            SeqBatch batch = task.sample(config.batch(), data);
            CcNetwork.BatchStats s = net != null ? net.trainBatch(batch, task.loss(), config.tau(), inject, learn, config.sgScale(), grads)
                    : elman.trainBatch(batch, task.loss(), elman.initialState(batch.batch(), h0s), grads);
            gn += adam.clip(grads, skip, config.clip());
            adam.step(params(), grads, skip);
            curve += s.curve();
            cb += s.cerebellarLoss();
        }
        double[] val = evaluate(task.sample(config.valSize(), Rng.of(seed, "ccrnn-val-" + epoch)), epoch);
        CcEpoch e = new CcEpoch(epoch, curve / batches, val[0], val[1], cb / batches, gn / batches, inject, (System.nanoTime() - t0) / 1e9);
        history.add(e);
        return e;
    }

    /** The run was interrupted during {@code epoch}; the trainer is left at the end of the previous epoch's state only via a checkpoint. */
    public static final class InterruptedRun extends RuntimeException {
        public InterruptedRun(int epoch) {
            super("interrupted during epoch " + epoch);
        }
    }

    /**
     * Validation on full sequences, no truncation, no module (docs/ccrnn.md §4.2): {error, accuracy}. Drawing: the mean
     * over (sequence, step) of the squared Euclidean error, every step counting; classification: cross-entropy and
     * accuracy at the last step. An Elman network starts from the h_0 of {@link #validationState} for {@code epoch}.
     */
    public double[] evaluate(SeqBatch batch, int epoch) {
        return Metrics.validation(task, batch, outputs(batch, epoch));
    }

    /** {@link #evaluate(SeqBatch, int)} with the h_0 of epoch {@link #epochsDone()} (irrelevant to the LSTM, whose state starts at 0). */
    public double[] evaluate(SeqBatch batch) {
        return evaluate(batch, Math.max(1, history.size()));
    }

    /** The network's outputs at every step, T x B x O; an Elman network starts from {@link #validationState}. */
    public double[] outputs(SeqBatch batch, int epoch) {
        return net != null ? net.outputs(batch) : elman.outputs(batch, validationState(batch.batch(), epoch));
    }

    /** The Elman network's h_0 for a validation batch of {@code batch} sequences in {@code epoch} (its own stream of the seed). */
    public A validationState(int batch, int epoch) {
        if (elman == null) throw new IllegalStateException("the LSTM's state starts at zero: no h_0 to draw");
        return elman.initialState(batch, Rng.of(seed, "cbrnn-h0-val-" + epoch));
    }

    /** The trainer's full state after {@link #epochsDone()} epochs: parameters, Adam moments and step, history. */
    public byte[] checkpoint() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(history.size());
            for (CcEpoch e : history) out.writeUTF(e.csv());
            out.writeLong(adam.steps);
            Ops<A> ops = net != null ? net.ops() : elman.ops();
            A[] p = params();
            out.writeInt(p.length);
            for (int i = 0; i < p.length; i++) for (A a : List.of(p[i], adam.m[i], adam.v[i])) {
                int n = ops.length(a);
                out.writeInt(n);
                for (int j = 0; j < n; j++) out.writeDouble(ops.get(a, j));
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restores a {@link #checkpoint()} of a trainer with the same task, config and seed. */
    public void restore(byte[] checkpoint) {
        Check.notNull("checkpoint", checkpoint);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(checkpoint))) {
            if (in.readInt() != MAGIC) throw new IllegalArgumentException("not a ccRNN checkpoint");
            int n = in.readInt();
            List<CcEpoch> h = new ArrayList<>();
            for (int i = 0; i < n; i++) h.add(CcEpoch.parse(in.readUTF()));
            long steps = in.readLong();
            Ops<A> ops = net != null ? net.ops() : elman.ops();
            A[] p = params();
            if (in.readInt() != p.length) throw new IllegalArgumentException("checkpoint has a different parameter layout");
            for (int i = 0; i < p.length; i++) for (A a : List.of(p[i], adam.m[i], adam.v[i])) {
                int len = in.readInt();
                if (len != ops.length(a)) throw new IllegalArgumentException("checkpoint tensor " + i + " has " + len + " values, expected " + ops.length(a));
                for (int j = 0; j < len; j++) ops.set(a, j, in.readDouble());
            }
            adam.steps = steps;
            history.clear();
            history.addAll(h);
        } catch (IOException e) {
            throw new IllegalArgumentException("checkpoint is truncated or corrupt: " + e.getMessage(), e);
        }
    }
}
