package org.cbrnn.ccrnn;

import java.util.ArrayList;
import java.util.List;
import org.cbrnn.engine.fast.Ops;
import org.cbrnn.task.Task;
import org.cbrnn.task.online.BitSequences;
import org.cbrnn.task.online.OnlineTask;
import org.cbrnn.task.online.SeqBatch;
import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;

/**
 * The ccRNN (or cRNN, or full BPTT) on a CB-RNN task under the CB-RNN's single-head curriculum (docs/ccrnn.md §8,
 * docs/protocol.md §4.2 and §5.1): start at N = {@code startLevel}; every epoch trains {@code trainSize / batch}
 * batches at the current N (each drawn by the task's own sampler, so each has its own length N + 2 .. 4N + 1), with the
 * ccRNN's truncated backward pass and last-step cross-entropy, one joint clip and one Adam step per batch; then
 * evaluates the accuracy on {@code valSize} fresh sequences (in batches of {@code batch}, each with its own length) on
 * full sequences with no module; an epoch at or above {@code threshold} is solved and the next epoch trains N + 1.
 * The run stops after {@code config.epochs()} epochs. A run is a pure function of (task, config, settings, seed).
 * <pre>{@code
 * CcCurriculum<float[]> c = CcCurriculum.create(Kernels.bestFloat(), new Parity(), CcCurriculum.base().withCerebellum(true), 2, 0.98, 1);
 * while (!c.done()) System.out.println(c.trainEpoch());
 * }</pre>
 */
public final class CcCurriculum<A> {
    private final Task task;
    private final CcConfig config;
    private final int startLevel;
    private final double threshold;
    private final long seed;
    private final CcNetwork<A> net;
    private final Adam<A> adam;
    private final A[] grads;
    private final List<CcLevelEpoch> history = new ArrayList<>();
    private int level;

    private CcCurriculum(Ops<A> ops, Task task, CcConfig config, int startLevel, double threshold, long seed) {
        this.task = Check.notNull("task", task);
        this.config = Check.notNull("config", config);
        this.startLevel = Check.inRange("startLevel", startLevel, task.minLevel(), task.maxLevel());
        this.threshold = Check.inRange("threshold", threshold, 0.0, 1.0);
        if (config.lesion() != CcConfig.Lesion.NONE) throw new IllegalArgumentException("lesion must be NONE in a curriculum run, got " + config.lesion());
        if (seed < 0) throw new IllegalArgumentException("seed must be >= 0, got " + seed);
        this.seed = seed;
        this.level = startLevel;
        this.net = CcNetwork.create(ops, task.inputSize(), task.numClasses(), config, seed);
        this.adam = new Adam<>(ops, net.params(), config.learningRate(), config.beta1(), config.beta2(), config.eps());
        this.grads = net.newGradients();
    }

    /** A curriculum run; {@code threshold} is a fraction (the paper's 0.98). */
    public static <A> CcCurriculum<A> create(Ops<A> ops, Task task, CcConfig config, int startLevel, double threshold, long seed) {
        return new CcCurriculum<>(ops, task, config, startLevel, threshold, seed);
    }

    /**
     * The kit's reduced-budget base for the curriculum study (no cerebellum; conditions derive from it as in
     * {@link CcRegistry}): LSTM H 32, cerebellum G 256 L 1, tau 5, Adam 1e-3 (0.9, 0.98, 1e-9), clip 1, batch 64,
     * 30 batches per epoch, 512 evaluation sequences, 40 epochs.
     */
    public static CcConfig base() {
        return new CcConfig(32, 256, 1, 5, false, 0.1, 1e-3, 0.9, 0.98, 1e-9, 1.0, 64, 64 * 30, 512, 40, CcConfig.Lesion.NONE, 0);
    }

    public int level() {
        return level;
    }

    public boolean done() {
        return history.size() >= config.epochs();
    }

    public List<CcLevelEpoch> history() {
        return List.copyOf(history);
    }

    public CcNetwork<A> network() {
        return net;
    }

    /** The highest level solved so far (startLevel - 1 if none). */
    public int maxSolved() {
        int m = startLevel - 1;
        for (CcLevelEpoch e : history) if (e.solved()) m = Math.max(m, e.level());
        return m;
    }

    /** Trains and evaluates the next epoch at the current level, then applies the advance rule. */
    public CcLevelEpoch trainEpoch() {
        int epoch = history.size() + 1;
        if (epoch > config.epochs()) throw new IllegalStateException("all " + config.epochs() + " epochs are done");
        long t0 = System.nanoTime();
        boolean cb = config.cerebellum();
        boolean[] skip = new boolean[grads.length];
        BitSequences at = new BitSequences(task, level);
        Rng data = Rng.of(seed, "ccrnn-curriculum-train-" + epoch);
        int batches = config.trainSize() / config.batch();
        double loss = 0, cbl = 0, gn = 0;
        for (int b = 0; b < batches; b++) {
            if (Thread.currentThread().isInterrupted()) throw new CcTrainer.InterruptedRun(epoch);
            SeqBatch batch = at.sample(config.batch(), data);
            CcNetwork.BatchStats s = net.trainBatch(batch, OnlineTask.Loss.CROSS_ENTROPY_LAST, config.tau(), cb, cb, config.sgScale(), grads);
            gn += adam.clip(grads, skip, config.clip());
            adam.step(net.params(), grads, skip);
            loss += s.curve();
            cbl += s.cerebellarLoss();
        }
        double acc = evaluate(at, Rng.of(seed, "ccrnn-curriculum-eval-" + epoch));
        boolean solved = acc >= threshold;
        CcLevelEpoch e = new CcLevelEpoch(epoch, level, loss / batches, acc, solved, cbl / batches, gn / batches, (System.nanoTime() - t0) / 1e9);
        history.add(e);
        if (solved && level < task.maxLevel()) level++;
        return e;
    }

    /** Accuracy on {@code config.valSize()} fresh sequences of {@code at}, in batches of at most {@code config.batch()}. */
    double evaluate(BitSequences at, Rng rng) {
        int left = config.valSize(), correct = 0;
        while (left > 0) {
            int n = Math.min(left, config.batch());
            SeqBatch b = at.sample(n, rng);
            correct += Math.round(Metrics.validation(at, b, net.outputs(b))[1] * n);
            left -= n;
        }
        return correct / (double) config.valSize();
    }
}
