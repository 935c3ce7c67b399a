package org.cbrnn.dl4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cbrnn.engine.Engine;
import org.cbrnn.engine.EngineChecks;
import org.cbrnn.engine.MultiHeadResult;
import org.cbrnn.engine.StepResult;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.model.ParamSpec;
import org.cbrnn.model.Parameters;
import org.cbrnn.task.Batch;
import org.cbrnn.task.MultiHeadBatch;
import org.cbrnn.util.Check;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * An {@link Engine} on SameDiff, DL4J's autodiff: the forward pass of each architecture is written once as SameDiff
 * ops ({@link ElmanCell}, {@link AuxCell}, {@link GruCell}, or a user's {@link CellDefinition}), unrolled over the
 * sequence, and differentiated automatically. Two uses:
 * <ul>
 *   <li>an <b>oracle</b> for the hand-written BPTT of {@link org.cbrnn.engine.fast.FastEngine}: in double precision
 *       ({@link #doublePrecision()}, and {@link #lossAndGradients(ModelConfig, double[][], Batch, double[], boolean[])}
 *       on double parameters) the two agree to machine precision (~1e-15 relative);</li>
 *   <li><b>prototyping</b>: an engine bound to a {@link CellDefinition} ({@code builder().cell(def)}) trains a new cell
 *       with the kit's trainer, tasks, curriculum, freezing schedules and records, without writing a backward pass.</li>
 * </ul>
 *
 * <pre>{@code
 * try (Engine e = SameDiffEngine.create()) {
 *     Trainer t = Trainer.builder(model, task).engine(e).build();    // the kit's Sgd and clipping apply as usual
 *     t.run();
 * }
 * }</pre>
 *
 * <p><b>Graphs and memory.</b> A graph is unrolled for a fixed length and batch size. Batches are left-padded to a
 * {@link LengthBuckets} length with an exact hold mask, and at most {@code maxGraphs} graphs are kept (least recently
 * used first out; an evicted graph's native arrays are freed at once), so memory stays bounded when T changes at every
 * batch. ND4J frees native buffers only when their Java objects are collected, so the engine also requests a full
 * garbage collection whenever resident memory has grown by {@code gcThresholdBytes} (512 MiB) since the last one
 * (a few hundred ms, every few hundred steps). Frozen modules' gradients are not requested
 * (SameDiff then skips their weight-gradient ops). The model's weights are copied in at every call.
 *
 * <p><b>Threads.</b> ND4J's native code should run with one thread per process on small machines: start the JVM with
 * {@code OMP_NUM_THREADS=1} (the module's tests do). Calls are serialised ({@code synchronized}).
 *
 * <p><b>Output.</b> SameDiff prints a line per op on {@code System.out} when it builds a gradient function; the engine
 * redirects {@code System.out} to nowhere for that moment (a process-wide redirection, under a global lock).
 */
public final class SameDiffEngine implements Engine {
    /** Default number of cached graphs. */
    public static final int DEFAULT_MAX_GRAPHS = 10;
    /** Default growth of resident memory that triggers a garbage collection (512 MiB). */
    public static final long DEFAULT_GC_THRESHOLD = 512L << 20;

    private final DataType dataType;
    private final int maxGraphs;
    private final LengthBuckets buckets;
    private final CellDefinition boundCell;
    private final long gcThresholdBytes;
    private final LinkedHashMap<GraphKey, UnrolledGraph> cache;
    private long graphsBuilt, collections, physicalAfterGc = -1;

    private record GraphKey(CellDefinition cell, int steps, int batchSize, boolean cerebellumEnabled, DataType type) {}

    private SameDiffEngine(Builder b) {
        this.dataType = b.dataType;
        this.maxGraphs = b.maxGraphs;
        this.buckets = b.buckets;
        this.boundCell = b.cell;
        this.gcThresholdBytes = b.gcThresholdBytes;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<GraphKey, UnrolledGraph> eldest) {
                if (size() <= SameDiffEngine.this.maxGraphs) return false;
                evicted(eldest.getValue());
                return true;
            }
        };
    }

    /** Float precision, quarter-octave length buckets, {@value #DEFAULT_MAX_GRAPHS} cached graphs. */
    public static SameDiffEngine create() {
        return builder().build();
    }

    /** Double precision (the oracle), otherwise as {@link #create()}. */
    public static SameDiffEngine doublePrecision() {
        return builder().doublePrecision().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The SameDiff definition of a {@link ModelConfig}'s architecture. */
    public static CellDefinition cellFor(ModelConfig config) {
        if (config.cell() == ModelConfig.Cell.GRU) return new GruCell(config);
        if (config.coupling() == ModelConfig.Coupling.RECURRENT_AUX) return new AuxCell(config);
        return new ElmanCell(config);
    }

    @Override
    public String name() {
        return "samediff[" + (dataType == DataType.DOUBLE ? "double" : "float")
                + (boundCell != null ? ", " + boundCell.name() : "") + "]";
    }

    /** FLOAT or DOUBLE. */
    public DataType dataType() {
        return dataType;
    }

    public LengthBuckets lengthBuckets() {
        return buckets;
    }

    /** The cell this engine is bound to, or null (then each model's config decides). */
    public CellDefinition boundCell() {
        return boundCell;
    }

    public int maxGraphs() {
        return maxGraphs;
    }

    /** Graphs currently cached (never more than {@link #maxGraphs()}). */
    public synchronized int cachedGraphs() {
        return cache.size();
    }

    /** Graphs built since creation (cache misses). */
    public synchronized long graphsBuilt() {
        return graphsBuilt;
    }

    /** Garbage collections this engine requested (see {@link Builder#gcThresholdBytes(long)}). */
    public synchronized long collectionsRequested() {
        return collections;
    }

    // ---------------------------------------------------------------- Engine

    @Override
    public synchronized StepResult gradients(Model model, Batch batch, float[] initialState, Set<Module> trainable, float[][] gradients) {
        EngineChecks.gradients(model, batch, initialState, trainable, gradients);
        CellDefinition cell = cellOf(model);
        Parameters p = model.parameters();
        boolean[] want = new boolean[p.size()];
        for (int i = 0; i < want.length; i++) want[i] = p.inModules(i, trainable);
        UnrolledGraph g = graph(cell, batch.steps(), batch.batchSize(), true);
        g.setParameters(p.arrays());
        UnrolledGraph.Result r = g.run(g.placeholders(batch, initialState), batch.labels(), want);
        for (int i = 0; i < want.length; i++) {
            if (!want[i]) continue;
            double[] src = r.gradients()[i];
            float[] dst = gradients[i];
            for (int j = 0; j < dst.length; j++) dst[j] = (float) src[j];
        }
        afterCall();
        return new StepResult(r.loss(), r.correct(), batch.batchSize());
    }

    @Override
    public synchronized StepResult evaluate(Model model, Batch batch, float[] initialState, boolean cerebellumEnabled) {
        EngineChecks.evaluate(model, batch, initialState);
        CellDefinition cell = cellOf(model);
        UnrolledGraph g = graph(cell, batch.steps(), batch.batchSize(), cerebellumEnabled);
        g.setParameters(model.parameters().arrays());
        UnrolledGraph.Result r = g.run(g.placeholders(batch, initialState), batch.labels(), null);
        afterCall();
        return new StepResult(r.loss(), r.correct(), batch.batchSize());
    }

    @Override
    public synchronized MultiHeadResult gradients(Model model, MultiHeadBatch batch, float[] initialState, Set<Module> trainable,
                                                  float[][] gradients) {
        EngineChecks.gradients(model, batch, initialState, trainable, gradients);
        CellDefinition cell = cellOf(model);
        boolean[] want = Engine.learningTensors(model, batch, trainable);
        UnrolledGraph g = graph(cell, batch.inputs().steps(), batch.inputs().batchSize(), true);
        g.setParameters(model.parameters().arrays());
        UnrolledGraph.Result r = g.run(g.placeholders(batch, initialState), batch.labels(), want);
        for (int i = 0; i < want.length; i++) {
            if (!want[i]) continue;
            double[] src = r.gradients()[i];
            float[] dst = gradients[i];
            for (int j = 0; j < dst.length; j++) dst[j] = (float) src[j];
        }
        afterCall();
        return result(r, batch);
    }

    @Override
    public synchronized MultiHeadResult evaluate(Model model, MultiHeadBatch batch, float[] initialState, boolean cerebellumEnabled) {
        EngineChecks.evaluate(model, batch, initialState);
        CellDefinition cell = cellOf(model);
        UnrolledGraph g = graph(cell, batch.inputs().steps(), batch.inputs().batchSize(), cerebellumEnabled);
        g.setParameters(model.parameters().arrays());
        UnrolledGraph.Result r = g.run(g.placeholders(batch, initialState), batch.labels(), null);
        afterCall();
        return result(r, batch);
    }

    private static MultiHeadResult result(UnrolledGraph.Result r, MultiHeadBatch batch) {
        StepResult[] heads = new StepResult[batch.numHeads()];
        int B = batch.inputs().batchSize();
        for (int k = 0; k < heads.length; k++) {
            if (batch.active(k)) heads[k] = new StepResult(r.headLosses()[k], r.headCorrect()[k], B);
        }
        return new MultiHeadResult(r.loss(), heads);
    }

    @Override
    public synchronized void close() {
        for (UnrolledGraph g : cache.values()) g.release();
        cache.clear();
    }

    /**
     * An evicted graph's native arrays are freed at once, and a garbage collection is requested so that the native
     * buffers of the Java garbage of earlier calls go too (ND4J frees native memory when the owning Java objects are
     * collected, and a mostly idle heap is rarely collected in full). Evictions are rare (a level change of the
     * curriculum) and cost far less than the graph build that follows them.
     */
    private void evicted(UnrolledGraph g) {
        g.release();
        collect();
    }

    /**
     * ND4J frees an array's native buffer when its Java object is garbage-collected; the per-call garbage of a SameDiff
     * graph soon reaches the old generation, which a mostly idle heap rarely collects, so the process's resident memory
     * would grow by megabytes per call. A full collection is requested whenever it has grown by
     * {@code gcThresholdBytes} since the last one.
     */
    private void afterCall() {
        if (gcThresholdBytes <= 0) return;
        long now = Pointer.physicalBytes();
        if (physicalAfterGc < 0) physicalAfterGc = now;
        if (now > physicalAfterGc + gcThresholdBytes) collect();
    }

    private void collect() {
        System.gc();
        collections++;
        physicalAfterGc = Pointer.physicalBytes();
    }

    // ---------------------------------------------------------------- double-precision API

    /**
     * Loss, accuracy and gradients from double parameters, for comparisons with
     * {@code org.cbrnn.engine.fast.GradientCheck.analytic(...)}. Computed in this engine's precision (use
     * {@link #doublePrecision()} for an oracle).
     *
     * @param params    tensors in spec order ({@code config.parameterSpecs()})
     * @param h0        initial state, batch-major, {@code B * config.stateSize()}
     * @param trainable which tensors get gradients (spec order); null for all
     */
    public Gradients lossAndGradients(ModelConfig config, double[][] params, Batch batch, double[] h0, boolean[] trainable) {
        Check.notNull("config", config);
        return lossAndGradients(cellFor(config), params, batch, h0, trainable);
    }

    /** As {@link #lossAndGradients(ModelConfig, double[][], Batch, double[], boolean[])} for any cell definition. */
    public synchronized Gradients lossAndGradients(CellDefinition cell, double[][] params, Batch batch, double[] h0, boolean[] trainable) {
        validate(cell, params, batch, h0);
        boolean[] want = trainable;
        if (want == null) {
            want = new boolean[params.length];
            java.util.Arrays.fill(want, true);
        }
        if (want.length != params.length) throw new IllegalArgumentException("trainable has " + want.length + " entries, expected " + params.length);
        UnrolledGraph g = graph(cell, batch.steps(), batch.batchSize(), true);
        g.setParameters(params);
        UnrolledGraph.Result r = g.run(g.placeholders(batch, h0), batch.labels(), want);
        afterCall();
        return new Gradients(r.loss(), r.correct(), batch.batchSize(), r.gradients());
    }

    /**
     * As {@link #lossAndGradients(ModelConfig, double[][], Batch, double[], boolean[])} for a multi-head batch: the loss
     * is the sum of the active heads' mean cross-entropies, {@code correct} is summed over them, and the tensors of
     * inactive heads get no gradient (null) whatever {@code trainable} says.
     */
    public synchronized Gradients lossAndGradients(ModelConfig config, double[][] params, MultiHeadBatch batch, double[] h0,
                                                   boolean[] trainable) {
        Check.notNull("config", config);
        Check.notNull("batch", batch);
        CellDefinition cell = cellFor(config);
        validate(cell, params, batch, h0);
        if (trainable != null && trainable.length != params.length) {
            throw new IllegalArgumentException("trainable has " + trainable.length + " entries, expected " + params.length);
        }
        boolean[] want = new boolean[params.length];
        List<ParamSpec> specs = cell.parameterSpecs();
        for (int i = 0; i < want.length; i++) {
            int head = config.headOf(specs.get(i).name());
            want[i] = (trainable == null || trainable[i]) && (head < 0 || batch.active(head));
        }
        UnrolledGraph g = graph(cell, batch.inputs().steps(), batch.inputs().batchSize(), true);
        g.setParameters(params);
        UnrolledGraph.Result r = g.run(g.placeholders(batch, h0), batch.labels(), want);
        afterCall();
        return new Gradients(r.loss(), r.correct(), batch.inputs().batchSize(), r.gradients());
    }

    /** The summed loss of a multi-head batch's active heads from double parameters (forward only). */
    public synchronized double loss(ModelConfig config, double[][] params, MultiHeadBatch batch, double[] h0, boolean cerebellumEnabled) {
        Check.notNull("config", config);
        Check.notNull("batch", batch);
        CellDefinition cell = cellFor(config);
        validate(cell, params, batch, h0);
        UnrolledGraph g = graph(cell, batch.inputs().steps(), batch.inputs().batchSize(), cerebellumEnabled);
        g.setParameters(params);
        double loss = g.run(g.placeholders(batch, h0), batch.labels(), null).loss();
        afterCall();
        return loss;
    }

    /** The mean loss from double parameters (forward only); {@code cerebellumEnabled = false} zeroes the CB output. */
    public double loss(ModelConfig config, double[][] params, Batch batch, double[] h0, boolean cerebellumEnabled) {
        Check.notNull("config", config);
        return loss(cellFor(config), params, batch, h0, cerebellumEnabled);
    }

    /** As {@link #loss(ModelConfig, double[][], Batch, double[], boolean)} for any cell definition. */
    public synchronized double loss(CellDefinition cell, double[][] params, Batch batch, double[] h0, boolean cerebellumEnabled) {
        validate(cell, params, batch, h0);
        UnrolledGraph g = graph(cell, batch.steps(), batch.batchSize(), cerebellumEnabled);
        g.setParameters(params);
        double loss = g.run(g.placeholders(batch, h0), batch.labels(), null).loss();
        afterCall();
        return loss;
    }

    /**
     * What the double-precision API returns.
     *
     * @param gradients per tensor in spec order; null for tensors that were not requested
     */
    public record Gradients(double loss, int correct, int batchSize, double[][] gradients) {}

    // ---------------------------------------------------------------- graphs

    /**
     * The cached (or a newly built) graph that runs batches of {@code steps} for {@code cell}: its length is the
     * bucket of {@code steps}. Public for tests and for direct SameDiff work (e.g. DL4J's GradCheckUtil).
     */
    public synchronized UnrolledGraph graph(CellDefinition cell, int steps, int batchSize, boolean cerebellumEnabled) {
        int length = buckets.bucket(steps);
        GraphKey key = new GraphKey(cell, length, batchSize, cerebellumEnabled, dataType);
        UnrolledGraph g = cache.get(key);
        if (g == null) {
            g = UnrolledGraph.build(cell, dataType, length, batchSize, length - buckets.minSteps(length), cerebellumEnabled);
            graphsBuilt++;
            cache.put(key, g);
        }
        return g;
    }

    private CellDefinition cellOf(Model model) {
        List<ParamSpec> specs = model.parameters().specs();
        if (boundCell != null) {
            if (!boundCell.parameterSpecs().equals(specs)) {
                throw new IllegalArgumentException("model's parameter layout does not match cell '" + boundCell.name() + "'");
            }
            if (boundCell.config().stateSize() != model.config().stateSize()
                    || boundCell.config().inputSize() != model.config().inputSize()
                    || boundCell.config().numClasses() != model.config().numClasses()) {
                throw new IllegalArgumentException("model " + model.config().label() + " does not fit cell '" + boundCell.name()
                        + "' (state size, input size and classes must match)");
            }
            return boundCell;
        }
        return cellFor(model.config());
    }

    /** The double-precision API's checks, the engine's shared ones ({@link EngineChecks}) against the cell's layout. */
    private static void validate(CellDefinition cell, double[][] params, Batch batch, double[] h0) {
        Check.notNull("cell", cell);
        Check.notNull("params", params);
        Check.notNull("batch", batch);
        Check.notNull("h0", h0);
        EngineChecks.batch(cell.config(), batch);
        EngineChecks.initialState(cell.config(), batch, h0.length);
        EngineChecks.tensors("params", cell.parameterSpecs(), params);
    }

    /** The multi-head double-precision API's checks. */
    private static void validate(CellDefinition cell, double[][] params, MultiHeadBatch batch, double[] h0) {
        Check.notNull("params", params);
        Check.notNull("h0", h0);
        EngineChecks.heads(cell.config(), batch);
        EngineChecks.initialState(cell.config(), batch.inputs(), h0.length);
        EngineChecks.tensors("params", cell.parameterSpecs(), params);
    }

    /** Options of a {@link SameDiffEngine}. */
    public static final class Builder {
        private DataType dataType = DataType.FLOAT;
        private int maxGraphs = DEFAULT_MAX_GRAPHS;
        private LengthBuckets buckets = LengthBuckets.quarterOctave();
        private CellDefinition cell;
        private long gcThresholdBytes = DEFAULT_GC_THRESHOLD;

        private Builder() {}

        /**
         * Requests a full garbage collection whenever the process's resident memory has grown by this many bytes since
         * the last one (default 512 MiB; 0 disables). See the class documentation.
         */
        public Builder gcThresholdBytes(long bytes) {
            if (bytes < 0) throw new IllegalArgumentException("gcThresholdBytes must be >= 0, got " + bytes);
            gcThresholdBytes = bytes;
            return this;
        }

        /** Float (default). */
        public Builder floatPrecision() {
            dataType = DataType.FLOAT;
            return this;
        }

        /** Double precision: the oracle. */
        public Builder doublePrecision() {
            dataType = DataType.DOUBLE;
            return this;
        }

        /** At most this many unrolled graphs are cached (least recently used first out); default {@value SameDiffEngine#DEFAULT_MAX_GRAPHS}. */
        public Builder maxGraphs(int n) {
            maxGraphs = Check.inRange("maxGraphs", n, 1, 1000);
            return this;
        }

        /** How batch lengths map to unrolled lengths; default {@link LengthBuckets#quarterOctave()}. */
        public Builder lengthBuckets(LengthBuckets b) {
            buckets = Check.notNull("lengthBuckets", b);
            return this;
        }

        /** Binds the engine to a cell definition: every model it runs must have that cell's parameter layout. */
        public Builder cell(CellDefinition c) {
            cell = Check.notNull("cell", c);
            return this;
        }

        public SameDiffEngine build() {
            return new SameDiffEngine(this);
        }
    }
}
