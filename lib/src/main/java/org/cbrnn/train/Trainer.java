package org.cbrnn.train;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cbrnn.engine.Engine;
import org.cbrnn.engine.StepResult;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.model.Model;
import org.cbrnn.model.Module;
import org.cbrnn.model.Parameters;
import org.cbrnn.task.Batch;
import org.cbrnn.task.Task;
import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;

/**
 * The one training loop, for any engine (docs/protocol.md §4.1-4.2): each epoch runs {@code stepsPerEpoch} SGD steps on fresh batches
 * at the current level with the modules the {@link PlasticitySchedule} lets learn, then scores the model on
 * {@code evalBatches} fresh batches; reaching the threshold advances the {@link Curriculum}.
 *
 * <p>Randomness: training batches and their h_0 come from {@code Rng.of(seed, "train")}, evaluation from
 * {@code Rng.of(seed, "eval")}; the same seed, engine and thread count give the same records bit for bit.
 *
 * <p>Interruption: if the thread is interrupted (a notebook's stop button) or {@link #requestStop()} is called, the
 * epoch in progress is rolled back and {@link #run()} returns with {@code INTERRUPTED}; calling {@code run()} again
 * continues as if nothing had happened.
 */
public final class Trainer implements TrainingRun {
    private final Model model;
    private final Task task;
    private final Engine engine;
    private final boolean ownsEngine;
    private final TrainingConfig config;
    private final PlasticitySchedule schedule;
    private final Curriculum curriculum;
    private final List<TrainingListener> listeners;
    private final Sgd sgd;
    private Rng trainRng, evalRng;
    private int epochsCompleted, level, highestSolved;
    private boolean finished;
    private TrainingResult.StopReason finishReason;
    private final List<EpochRecord> records = new ArrayList<>();
    private volatile boolean stopRequested;

    private Trainer(Builder b) {
        this.model = b.model;
        this.task = b.task;
        this.ownsEngine = b.engine == null;
        this.engine = b.engine != null ? b.engine : FastEngine.create();
        this.config = b.config;
        this.schedule = b.schedule;
        this.curriculum = b.curriculum;
        this.listeners = List.copyOf(b.listeners);
        Check.inRange("curriculum startLevel", curriculum.startLevel(), task.minLevel(), task.maxLevel());
        Check.inRange("targetLevel", config.targetLevel(), curriculum.startLevel(), task.maxLevel());
        if (task.inputSize() != model.config().inputSize()) {
            throw new IllegalArgumentException("task '" + task.name() + "' has inputSize " + task.inputSize()
                    + " but the model's inputSize is " + model.config().inputSize());
        }
        if (task.numClasses() > model.config().numClasses()) {
            throw new IllegalArgumentException("task '" + task.name() + "' has " + task.numClasses() + " classes but the model's readout has "
                    + model.config().numClasses());
        }
        this.sgd = new Sgd(model.parameters(), config.learningRates(), config.momentum(), config.nesterov(), config.maxGradNorm());
        if (b.resume != null) {
            TrainerState s = b.resume;
            epochsCompleted = s.epochsCompleted();
            level = s.level();
            highestSolved = s.highestSolved();
            trainRng = Rng.restore(s.trainRng());
            evalRng = Rng.restore(s.evalRng());
            sgd.restoreBuffers(s.momentum());
            records.addAll(s.records());
            finished = s.finished();
            if (finished) {
                // the state does not store why the run ended: it follows from the last record and the curriculum
                // (a run that ends by its budget is saved before the budget check, so it is never 'finished' here)
                EpochRecord last = records.isEmpty() ? null : records.get(records.size() - 1);
                if (last != null && last.solved()) {
                    finishReason = curriculum.advances() ? TrainingResult.StopReason.TARGET_REACHED : TrainingResult.StopReason.FIXED_LEVEL_SOLVED;
                }
            }
        } else {
            trainRng = Rng.of(b.seed, "train");
            evalRng = Rng.of(b.seed, "eval");
            level = curriculum.startLevel();
            highestSolved = curriculum.startLevel() - 1;
        }
    }

    /** Starts a builder for training {@code model} on {@code task}. */
    public static Builder builder(Model model, Task task) {
        return new Builder(model, task);
    }

    /** Asks a running {@link #run()} to stop at the next step; the current epoch is rolled back. Thread-safe. */
    @Override
    public void requestStop() {
        stopRequested = true;
    }

    /** Trains until the epoch budget, the target level, a solved fixed level, or an interruption. */
    @Override
    public TrainingResult run() {
        stopRequested = false;
        while (!finished) {
            if (epochsCompleted >= config.maxEpochs()) {
                finish(TrainingResult.StopReason.EPOCH_BUDGET);
                break;
            }
            EpochRecord r = runEpoch();
            if (r == null) {
                TrainingResult res = new TrainingResult(records, TrainingResult.StopReason.INTERRUPTED, level);
                for (TrainingListener l : listeners) l.onFinish(res);
                return res;
            }
            records.add(r);
            epochsCompleted++;
            if (r.solved()) {
                highestSolved = Math.max(highestSolved, level);
                if (!curriculum.advances()) {
                    finish(TrainingResult.StopReason.FIXED_LEVEL_SOLVED);
                } else if (level >= config.targetLevel()) {
                    finish(TrainingResult.StopReason.TARGET_REACHED);
                } else {
                    level++;
                }
            }
            for (TrainingListener l : listeners) l.onEpoch(r);
        }
        TrainingResult res = new TrainingResult(records, finishReason == null ? TrainingResult.StopReason.EPOCH_BUDGET : finishReason, level);
        for (TrainingListener l : listeners) l.onFinish(res);
        return res;
    }

    private void finish(TrainingResult.StopReason reason) {
        finished = true;
        finishReason = reason;
    }

    /** One epoch; null (with everything rolled back) if interrupted. */
    private EpochRecord runEpoch() {
        EpochStats stats = new EpochStats();
        Parameters params = model.parameters();
        EpochStats.Undo undo = EpochStats.Undo.of(params, sgd, trainRng, evalRng);

        Set<Module> learning = schedule.learning(epochsCompleted, level, highestSolved, curriculum.startLevel());
        EpochRecord.Phase phase = schedule.phase(epochsCompleted, level, highestSolved, curriculum.startLevel());
        boolean[] mask = new boolean[params.size()];
        for (int i = 0; i < mask.length; i++) mask[i] = params.inModules(i, learning);
        float[][] grads = new float[params.size()][];
        for (int i = 0; i < grads.length; i++) grads[i] = new float[params.get(i).length];

        int B = config.batchSize();
        for (int step = 0; step < config.stepsPerEpoch(); step++) {
            if (stopRequested || Thread.currentThread().isInterrupted()) {
                undo.restore(params, sgd);
                trainRng = Rng.restore(undo.train());
                evalRng = Rng.restore(undo.eval());
                return null;
            }
            Batch batch = task.sample(level, B, trainRng);
            float[] h0 = model.initialState(B, trainRng);
            StepResult res = engine.gradients(model, batch, h0, learning, grads);
            if (!Double.isFinite(res.loss())) {
                stats.skip();
                continue;
            }
            Map<Module, Double> mn = moduleNorms(params, grads, mask);
            double norm = sgd.step(params, grads, mask);
            if (!Double.isFinite(norm)) {
                stats.skip();
                continue;
            }
            stats.add(res.loss(), res.accuracyPercent(), norm, mn);
        }
        double evalAcc = evaluate(level, config.evalBatches(), evalRng);
        return stats.record(epochsCompleted + 1, level, phase, learning, evalAcc, evalAcc >= config.advanceThreshold(), TaskEpochs.NONE);
    }

    /** Mean accuracy in percent over {@code batches} fresh evaluation batches at {@code level}. */
    private double evaluate(int lvl, int batches, Rng rng) {
        double sum = 0;
        int B = config.evalBatchSize();
        for (int i = 0; i < batches; i++) {
            Batch batch = task.sample(lvl, B, rng);
            float[] h0 = model.initialState(B, rng);
            sum += engine.evaluate(model, batch, h0).accuracyPercent();
        }
        return sum / batches;
    }

    /** The gradient norm per module over the tensors that {@code mask} selects (shared with ProtocolTrainer). */
    static Map<Module, Double> moduleNorms(Parameters p, float[][] g, boolean[] mask) {
        Map<Module, Double> sq = new EnumMap<>(Module.class);
        for (int i = 0; i < g.length; i++) {
            if (!mask[i]) continue;
            double s = 0;
            for (float v : g[i]) s += (double) v * v;
            sq.merge(p.spec(i).module(), s, Double::sum);
        }
        sq.replaceAll((k, v) -> Math.sqrt(v));
        return sq;
    }

    /** A deep copy of an array of tensors; null entries stay null. */
    static float[][] copy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i] == null ? null : a[i].clone();
        return c;
    }

    /** A snapshot at the current epoch boundary (weights are saved separately with the model). */
    @Override
    public TrainerState state() {
        return new TrainerState(epochsCompleted, level, highestSolved, trainRng.snapshot(), evalRng.snapshot(),
                copy(sgd.buffers()), records, finished);
    }

    @Override
    public Model model() {
        return model;
    }

    public Task task() {
        return task;
    }

    public TrainingConfig config() {
        return config;
    }

    public PlasticitySchedule schedule() {
        return schedule;
    }

    public Curriculum curriculum() {
        return curriculum;
    }

    public Engine engine() {
        return engine;
    }

    /** Epoch records so far. */
    @Override
    public List<EpochRecord> records() {
        return List.copyOf(records);
    }

    public int level() {
        return level;
    }

    public int epochsCompleted() {
        return epochsCompleted;
    }

    /** Closes the engine if the trainer created it. */
    public void closeEngine() {
        if (ownsEngine) engine.close();
    }

    /** Configures a {@link Trainer}; every setting has the paper's default. */
    public static final class Builder {
        private final Model model;
        private final Task task;
        private Engine engine;
        private TrainingConfig config = TrainingConfig.paper();
        private PlasticitySchedule schedule = PlasticitySchedule.joint();
        private Curriculum curriculum = Curriculum.paper();
        private long seed = 1;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private TrainerState resume;

        private Builder(Model model, Task task) {
            this.model = Check.notNull("model", model);
            this.task = Check.notNull("task", task);
        }

        /** The engine (default: a {@link FastEngine} owned and closed by the trainer's user via closeEngine()). */
        public Builder engine(Engine engine) {
            Check.notNull("engine", engine);
            this.engine = engine;
            return this;
        }

        public Builder config(TrainingConfig config) {
            this.config = Check.notNull("config", config);
            return this;
        }

        public Builder schedule(PlasticitySchedule schedule) {
            this.schedule = Check.notNull("schedule", schedule);
            return this;
        }

        public Builder curriculum(Curriculum curriculum) {
            this.curriculum = Check.notNull("curriculum", curriculum);
            return this;
        }

        /** Seed of the batch and evaluation streams (the model's weights have their own seed). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder listener(TrainingListener listener) {
            this.listeners.add(Check.notNull("listener", listener));
            return this;
        }

        /** Continue from a saved state (the model must hold the weights saved with it). */
        public Builder resume(TrainerState resume) {
            Check.notNull("resume", resume);
            this.resume = resume;
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
