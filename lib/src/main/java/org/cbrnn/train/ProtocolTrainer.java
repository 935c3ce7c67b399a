package org.cbrnn.train;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cbrnn.engine.Engine;
import org.cbrnn.engine.MultiHeadResult;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.model.Model;
import org.cbrnn.model.Module;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.model.Parameters;
import org.cbrnn.task.Batch;
import org.cbrnn.task.MultiHeadBatch;
import org.cbrnn.task.Task;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.task.Tasks;
import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;

/**
 * The training loop of the multi-task {@link Protocol}s (docs/protocol.md §12): multitask, task switching, continual
 * learning and the cumulative curriculum. Each epoch runs {@code stepsPerEpoch} SGD steps on fresh multi-head batches
 * (the loss is the sum of the active heads' cross-entropies), scores every head the protocol scores on
 * {@code evalBatches} fresh batches, and then moves the protocol on (next level, switch, next phase).
 *
 * <p>Plasticity: the {@link PlasticitySchedule} decides as in single-task runs, read with the protocols' routing
 * (§12.5): CORE stands for the recurrent weights only ({@code hh.*}, the GRU's {@code h?.*}); the input layer
 * ({@code inp.*}, {@code x?.*}) learns in every epoch; heads the batch leaves unlabelled do not learn, momentum included.
 *
 * <p>State: everything the protocol keeps between epochs (levels per task, the active task, the next switch target,
 * the phase of a plan) is a function of the epoch records, so a {@link TrainerState} (with the weights) restores a
 * run exactly: resuming gives the same records, bit for bit, as an uninterrupted run. Randomness as in
 * {@link Trainer}: {@code Rng.of(seed, "train")} for training batches and h_0, {@code Rng.of(seed, "eval")} for
 * evaluation. Interruption as in {@link Trainer}: the epoch in progress is rolled back.
 */
public final class ProtocolTrainer implements TrainingRun {
    private final Model model;
    private final Protocol protocol;
    /** The task of each head, as its batches are drawn (switching: with the pulse channel). */
    private final Task[] headTask;
    /** Continual: the head of each phase. */
    private final int[] plan;
    private final Engine engine;
    private final boolean ownsEngine;
    private final TrainingConfig config;
    private final PlasticitySchedule schedule;
    private final int startLevel;
    private final List<TrainingListener> listeners;
    private final Sgd sgd;
    private final boolean[] inputLayer;
    private Rng trainRng, evalRng;
    private final List<EpochRecord> records = new ArrayList<>();
    private State st;
    private volatile boolean stopRequested;

    /** The protocol's position between epochs; rebuilt from the records on resume. */
    private static final class State {
        int[] levels;        // per head (multitask: all equal, the shared N; cumulative: unused)
        int newest;          // cumulative: the newest head's level
        int active;          // switching/continual: the active head
        int switchTarget;    // switching: the level that hands over
        int phase, phaseEpochs; // continual: the phase of the plan and epochs done in it
        int[] lastSolved;    // per head: highest level solved so far (startLevel - 1 if none)
        boolean[] trained;   // continual: heads that have had a phase
        int highestSolved;   // of the primary level, for the schedule's freeze point
        boolean finished;
        TrainingResult.StopReason reason;
    }

    private ProtocolTrainer(Builder b) {
        this.model = b.model;
        this.protocol = b.protocol;
        this.ownsEngine = b.engine == null;
        this.engine = b.engine != null ? b.engine : FastEngine.create();
        this.config = b.config;
        this.schedule = b.schedule;
        this.startLevel = b.startLevel;
        this.listeners = List.copyOf(b.listeners);
        if (protocol.isSingle()) throw new IllegalArgumentException("protocol single is trained by Trainer, not ProtocolTrainer");
        protocol.check(model.config());
        List<String> heads = protocol.headTasks();
        int K = protocol.heads();
        headTask = new Task[K];
        for (int k = 0; k < K; k++) {
            Task t = b.tasks.get(protocol.kind() == Protocol.Kind.CUMULATIVE ? heads.get(0) : heads.get(k));
            if (t.inputSize() != 1) throw new IllegalArgumentException("protocol tasks must have one input channel; task '" + t.name() + "' has " + t.inputSize());
            if (t.numClasses() > model.config().numClasses()) {
                throw new IllegalArgumentException("task '" + t.name() + "' has " + t.numClasses() + " classes but the model's heads have " + model.config().numClasses());
            }
            Check.inRange("startLevel", startLevel, t.minLevel(), t.maxLevel());
            headTask[k] = protocol.kind() == Protocol.Kind.SWITCHING ? Tasks.withPulseChannel(t, protocol.pulseSteps()) : t;
        }
        Check.inRange("targetLevel", config.targetLevel(), startLevel, headTask[0].maxLevel());
        plan = protocol.kind() == Protocol.Kind.CONTINUAL ? protocol.tasks().stream().mapToInt(heads::indexOf).toArray() : new int[0];
        this.sgd = new Sgd(model.parameters(), config.learningRates(), config.momentum(), config.nesterov(), config.maxGradNorm());
        List<ParamSpec> specs = model.parameters().specs();
        inputLayer = new boolean[specs.size()];
        for (int i = 0; i < specs.size(); i++) inputLayer[i] = isInputLayer(specs.get(i));
        st = initial();
        if (b.resume != null) {
            TrainerState s = b.resume;
            for (EpochRecord r : s.records()) {
                records.add(r);
                advance(r);
            }
            if (s.epochsCompleted() != records.size() || s.level() != primaryLevel() || s.highestSolved() != st.highestSolved) {
                throw new IllegalArgumentException("resume state does not fit protocol " + protocol.label() + ": it has " + s.epochsCompleted()
                        + " epochs at level " + s.level() + ", its records give " + records.size() + " epochs at level " + primaryLevel());
            }
            trainRng = Rng.restore(s.trainRng());
            evalRng = Rng.restore(s.evalRng());
            sgd.restoreBuffers(s.momentum());
        } else {
            trainRng = Rng.of(b.seed, "train");
            evalRng = Rng.of(b.seed, "eval");
        }
    }

    /** The protocols' input layer: the Elman {@code inp.*} and the GRU {@code xz/xr/xn.*} tensors (they read x_t). */
    static boolean isInputLayer(ParamSpec s) {
        if (s.module() != Module.CORE) return false;
        String n = s.name();
        return n.startsWith("inp.") || n.startsWith("xz.") || n.startsWith("xr.") || n.startsWith("xn.");
    }

    /** Starts a builder for training {@code model} under {@code protocol}, its tasks taken from {@code tasks}. */
    public static Builder builder(Model model, Protocol protocol, TaskRegistry tasks) {
        return new Builder(model, protocol, tasks);
    }

    private State initial() {
        State s = new State();
        int K = protocol.heads();
        s.levels = new int[K];
        java.util.Arrays.fill(s.levels, startLevel);
        s.lastSolved = new int[K];
        java.util.Arrays.fill(s.lastSolved, startLevel - 1);
        s.trained = new boolean[K];
        s.newest = startLevel;
        s.active = protocol.kind() == Protocol.Kind.CONTINUAL ? plan[0] : 0;
        if (protocol.kind() == Protocol.Kind.CONTINUAL) s.trained[s.active] = true;
        s.switchTarget = protocol.switchEvery() > 0 ? nextTarget(startLevel, protocol.switchEvery()) : 0;
        s.highestSolved = startLevel - 1;
        return s;
    }

    /** The first multiple of {@code every} above {@code level} (the paper's targets 5, 10, 15, ... from N = 2). */
    private static int nextTarget(int level, int every) {
        return (level / every + 1) * every;
    }

    /** The level of the epoch's record: the shared N, the active task's N, or the newest head's N. */
    private int primaryLevel() {
        return switch (protocol.kind()) {
            case MULTITASK -> st.levels[0];
            case SWITCHING, CONTINUAL -> st.levels[st.active];
            case CUMULATIVE -> st.newest;
            case SINGLE -> throw new IllegalStateException("single");
        };
    }

    /** Moves the protocol on after epoch {@code r} (also used to replay the records on resume). */
    private void advance(EpochRecord r) {
        int level = primaryLevel();
        if (r.solved()) st.highestSolved = Math.max(st.highestSolved, level);
        switch (protocol.kind()) {
            case MULTITASK -> {
                if (r.solved()) {
                    java.util.Arrays.fill(st.lastSolved, level);
                    if (level >= config.targetLevel()) finish(TrainingResult.StopReason.TARGET_REACHED);
                    else java.util.Arrays.fill(st.levels, level + 1);
                }
            }
            case SWITCHING -> {
                if (r.solved()) {
                    int a = st.active;
                    st.lastSolved[a] = Math.max(st.lastSolved[a], level);
                    if (level >= config.targetLevel()) {
                        finish(TrainingResult.StopReason.TARGET_REACHED);
                    } else {
                        st.levels[a] = level + 1;
                        if (st.levels[a] >= st.switchTarget) {
                            // hand over: the other task starts at the target N, not at its own last level
                            int o = 1 - a;
                            st.levels[o] = st.switchTarget;
                            st.active = o;
                            st.switchTarget += protocol.switchEvery();
                        }
                    }
                }
            }
            case CONTINUAL -> {
                int a = st.active;
                if (r.solved()) {
                    st.lastSolved[a] = Math.max(st.lastSolved[a], level);
                    if (level < config.targetLevel()) st.levels[a] = level + 1;
                }
                st.phaseEpochs++;
                if (st.phaseEpochs >= protocol.epochsPerPhase()) {
                    st.phase++;
                    st.phaseEpochs = 0;
                    if (st.phase >= plan.length) {
                        finish(TrainingResult.StopReason.EPOCH_BUDGET);
                    } else {
                        int n = plan[st.phase];
                        // a task coming back restarts at its last solved N - 1 (not below the start level)
                        if (st.trained[n] && st.lastSolved[n] >= startLevel) st.levels[n] = Math.max(startLevel, st.lastSolved[n] - 1);
                        st.trained[n] = true;
                        st.active = n;
                    }
                }
            }
            case CUMULATIVE -> {
                if (r.solved()) {
                    st.lastSolved[0] = level;
                    if (level >= config.targetLevel() || level - startLevel + 1 >= protocol.heads()) finish(TrainingResult.StopReason.TARGET_REACHED);
                    else st.newest = level + 1;
                }
            }
            case SINGLE -> throw new IllegalStateException("single");
        }
    }

    private void finish(TrainingResult.StopReason reason) {
        st.finished = true;
        st.reason = reason;
    }

    @Override
    public void requestStop() {
        stopRequested = true;
    }

    @Override
    public TrainingResult run() {
        stopRequested = false;
        while (!st.finished) {
            if (records.size() >= config.maxEpochs()) {
                finish(TrainingResult.StopReason.EPOCH_BUDGET);
                break;
            }
            EpochRecord r = runEpoch();
            if (r == null) {
                TrainingResult res = new TrainingResult(records, TrainingResult.StopReason.INTERRUPTED, primaryLevel());
                for (TrainingListener l : listeners) l.onFinish(res);
                return res;
            }
            records.add(r);
            advance(r);
            for (TrainingListener l : listeners) l.onEpoch(r);
        }
        TrainingResult res = new TrainingResult(records, st.reason == null ? TrainingResult.StopReason.EPOCH_BUDGET : st.reason, primaryLevel());
        for (TrainingListener l : listeners) l.onFinish(res);
        return res;
    }

    /** The heads trained in the current epoch, each with its level (null: not trained). */
    private int[] trainedLevels() {
        int K = protocol.heads();
        int[] lv = new int[K];
        java.util.Arrays.fill(lv, -1);
        switch (protocol.kind()) {
            case MULTITASK -> java.util.Arrays.fill(lv, st.levels[0]);
            case SWITCHING, CONTINUAL -> lv[st.active] = st.levels[st.active];
            case CUMULATIVE -> {
                for (int k = 0; k <= st.newest - startLevel; k++) lv[k] = startLevel + k;
            }
            case SINGLE -> throw new IllegalStateException("single");
        }
        return lv;
    }

    /**
     * One batch for the heads with a level in {@code lv}: multitask and cumulative draw one sequence set at the highest
     * level and label it for every head; switching and continual draw the one active head's task.
     */
    private MultiHeadBatch batch(int[] lv, int B, Rng rng) {
        int K = lv.length, top = -1, first = -1;
        for (int k = 0; k < K; k++) if (lv[k] >= 0) {
            if (first < 0) first = k;
            top = Math.max(top, lv[k]);
        }
        if (protocol.kind() == Protocol.Kind.SWITCHING || protocol.kind() == Protocol.Kind.CONTINUAL) {
            return MultiHeadBatch.single(headTask[first].sample(lv[first], B, rng), K, first);
        }
        Batch x = headTask[first].sample(top, B, rng);
        int[][] y = new int[K][];
        for (int k = 0; k < K; k++) {
            if (lv[k] < 0) continue;
            y[k] = new int[B];
            for (int b = 0; b < B; b++) y[k][b] = headTask[k].label(x.sequence(b), lv[k]);
        }
        return new MultiHeadBatch(x, y);
    }

    /** One epoch; null (with everything rolled back) if interrupted. */
    private EpochRecord runEpoch() {
        EpochStats stats = new EpochStats();
        Parameters params = model.parameters();
        EpochStats.Undo undo = EpochStats.Undo.of(params, sgd, trainRng, evalRng);

        int epochsCompleted = records.size(), level = primaryLevel();
        Set<Module> scheduled = schedule.learning(epochsCompleted, level, st.highestSolved, startLevel);
        EpochRecord.Phase phase = schedule.phase(epochsCompleted, level, st.highestSolved, startLevel);
        // §12.5: the input layer learns whatever the schedule says about the core, so the core is always computed
        Set<Module> computed = EnumSet.copyOf(scheduled);
        computed.add(Module.CORE);
        boolean[] frozen = new boolean[params.size()];
        for (int i = 0; i < frozen.length; i++) {
            Module m = params.spec(i).module();
            frozen[i] = !scheduled.contains(m) && !(m == Module.CORE && inputLayer[i]);
        }
        float[][] grads = new float[params.size()][];
        for (int i = 0; i < grads.length; i++) grads[i] = new float[params.get(i).length];

        int[] lv = trainedLevels();
        Set<Module> learned = EnumSet.noneOf(Module.class);
        int B = config.batchSize();
        boolean[] mask = null;
        for (int step = 0; step < config.stepsPerEpoch(); step++) {
            if (stopRequested || Thread.currentThread().isInterrupted()) {
                undo.restore(params, sgd);
                trainRng = Rng.restore(undo.train());
                evalRng = Rng.restore(undo.eval());
                return null;
            }
            MultiHeadBatch batch = batch(lv, B, trainRng);
            float[] h0 = model.initialState(B, trainRng);
            if (mask == null) {
                mask = Engine.learningTensors(model, batch, computed);
                for (int i = 0; i < mask.length; i++) {
                    mask[i] &= !frozen[i];
                    if (mask[i]) learned.add(params.spec(i).module());
                }
            }
            MultiHeadResult res = engine.gradients(model, batch, h0, computed, grads);
            if (!Double.isFinite(res.loss())) {
                stats.skip();
                continue;
            }
            Map<Module, Double> mn = Trainer.moduleNorms(params, grads, mask);
            double norm = sgd.step(params, grads, mask);
            if (!Double.isFinite(norm)) {
                stats.skip();
                continue;
            }
            stats.add(res.loss(), res.meanAccuracyPercent(), norm, mn);
        }
        List<TaskEpochs.Head> heads = evaluate(lv);
        double score;
        boolean solved;
        switch (protocol.kind()) {
            case MULTITASK -> {
                score = heads.stream().mapToDouble(TaskEpochs.Head::accuracy).average().orElseThrow();
                solved = heads.stream().allMatch(h -> h.accuracy() >= config.advanceThreshold());
            }
            case CUMULATIVE -> {
                score = heads.stream().mapToDouble(TaskEpochs.Head::accuracy).average().orElseThrow();
                solved = score >= config.advanceThreshold() && heads.get(heads.size() - 1).accuracy() >= config.advanceThreshold();
            }
            default -> {
                score = heads.get(st.active).accuracy();
                solved = score >= config.advanceThreshold();
            }
        }
        String active = switch (protocol.kind()) {
            case MULTITASK -> String.join("+", protocol.tasks());
            case CUMULATIVE -> protocol.tasks().get(0);
            default -> protocol.headTasks().get(st.active);
        };
        List<String> fr = new ArrayList<>();
        if (!scheduled.contains(Module.CORE)) fr.add("hh");
        if (!scheduled.contains(Module.CEREBELLUM) && model.config().parameterBreakdown().containsKey(Module.CEREBELLUM)) fr.add("cb");
        return stats.record(epochsCompleted + 1, level, phase, learned, score, solved, new TaskEpochs(heads, active, String.join("+", fr)));
    }

    /**
     * Scores the heads: multitask and cumulative on one set of {@code evalBatches} batches at the highest level, every
     * trained head labelled; switching and continual each task's head on its own batches at its own level, every
     * epoch, whether it is active or not.
     */
    private List<TaskEpochs.Head> evaluate(int[] trained) {
        int K = protocol.heads(), E = config.evalBatches(), B = config.evalBatchSize();
        List<TaskEpochs.Head> out = new ArrayList<>();
        if (protocol.kind() == Protocol.Kind.SWITCHING || protocol.kind() == Protocol.Kind.CONTINUAL) {
            List<String> names = protocol.headTasks();
            for (int k = 0; k < K; k++) {
                int[] lv = new int[K];
                java.util.Arrays.fill(lv, -1);
                lv[k] = st.levels[k];
                double sum = 0;
                for (int i = 0; i < E; i++) {
                    MultiHeadBatch b = batch(lv, B, evalRng);
                    sum += engine.evaluate(model, b, model.initialState(B, evalRng), true).head(k).accuracyPercent();
                }
                out.add(new TaskEpochs.Head(names.get(k), st.levels[k], sum / E, trained[k] >= 0));
            }
            return out;
        }
        double[] sum = new double[K];
        for (int i = 0; i < E; i++) {
            MultiHeadBatch b = batch(trained, B, evalRng);
            MultiHeadResult r = engine.evaluate(model, b, model.initialState(B, evalRng), true);
            for (int k = 0; k < K; k++) if (trained[k] >= 0) sum[k] += r.head(k).accuracyPercent();
        }
        for (int k = 0; k < K; k++) {
            if (trained[k] < 0) continue;
            String task = protocol.kind() == Protocol.Kind.CUMULATIVE ? protocol.tasks().get(0) : protocol.headTasks().get(k);
            out.add(new TaskEpochs.Head(task, trained[k], sum[k] / E, true));
        }
        return out;
    }

    @Override
    public TrainerState state() {
        return new TrainerState(records.size(), primaryLevel(), st.highestSolved, trainRng.snapshot(), evalRng.snapshot(), Trainer.copy(sgd.buffers()),
                records, st.finished);
    }

    @Override
    public Model model() {
        return model;
    }

    public Protocol protocol() {
        return protocol;
    }

    @Override
    public List<EpochRecord> records() {
        return List.copyOf(records);
    }

    /** The level of the next epoch's record (shared, active or newest N). */
    public int level() {
        return primaryLevel();
    }

    /** The level each head is at (multitask: the shared N; cumulative: the newest level for every head). */
    public int[] taskLevels() {
        if (protocol.kind() == Protocol.Kind.CUMULATIVE) {
            int[] l = new int[protocol.heads()];
            java.util.Arrays.fill(l, st.newest);
            return l;
        }
        return st.levels.clone();
    }

    /** The task being trained next (switching, continual), or the tasks joined by '+' (multitask). */
    public String activeTask() {
        return switch (protocol.kind()) {
            case MULTITASK -> String.join("+", protocol.tasks());
            case CUMULATIVE -> protocol.tasks().get(0);
            default -> protocol.headTasks().get(st.active);
        };
    }

    public Engine engine() {
        return engine;
    }

    /** Closes the engine if the trainer created it. */
    public void closeEngine() {
        if (ownsEngine) engine.close();
    }

    /** Configures a {@link ProtocolTrainer}; every setting has the paper's default. */
    public static final class Builder {
        private final Model model;
        private final Protocol protocol;
        private final TaskRegistry tasks;
        private Engine engine;
        private TrainingConfig config = TrainingConfig.paper();
        private PlasticitySchedule schedule = PlasticitySchedule.joint();
        private int startLevel = 2;
        private long seed = 1;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private TrainerState resume;

        private Builder(Model model, Protocol protocol, TaskRegistry tasks) {
            this.model = Check.notNull("model", model);
            this.protocol = Check.notNull("protocol", protocol);
            this.tasks = Check.notNull("tasks", tasks);
        }

        /** The engine (default: a {@link FastEngine}, closed by {@link ProtocolTrainer#closeEngine()}). */
        public Builder engine(Engine engine) {
            this.engine = Check.notNull("engine", engine);
            return this;
        }

        public Builder config(TrainingConfig config) {
            this.config = Check.notNull("config", config);
            return this;
        }

        /** The plasticity schedule, read with the protocols' routing (the input layer always learns). */
        public Builder schedule(PlasticitySchedule schedule) {
            this.schedule = Check.notNull("schedule", schedule);
            return this;
        }

        /** The level every task starts at (the paper's 2); a fixed-level curriculum is refused. */
        public Builder curriculum(Curriculum curriculum) {
            Check.notNull("curriculum", curriculum);
            if (!curriculum.advances()) throw new IllegalArgumentException("protocols advance levels: curriculum must be single-from-<N>, got " + curriculum.label());
            this.startLevel = curriculum.startLevel();
            return this;
        }

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
            this.resume = Check.notNull("resume", resume);
            return this;
        }

        public ProtocolTrainer build() {
            return new ProtocolTrainer(this);
        }
    }
}
