package org.cbrnn.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.train.Curriculum;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.train.Protocol;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.util.Check;
import org.cbrnn.util.FieldTable;

/**
 * Everything that defines one training run; two specs with equal {@link #key()} produce identical runs (for a given
 * engine and thread count). The weights are drawn from {@code seed} and the batches from the same seed's other
 * streams. {@code condition} is the display label (for tables and legends); it is stored with the spec but is not
 * part of the run's identity, so the same training gets the same {@link #id()} whatever it is called.
 */
public record RunSpec(String condition, String task, ModelConfig model, PlasticitySchedule schedule, Curriculum curriculum,
                      TrainingConfig training, long seed, Protocol protocol) {
    /** Hex digits of the key's SHA-256 in {@link #id()}: 48 bits, so a store would need ~10^7 runs for a 1-in-10^3 clash. */
    public static final int HASH_DIGITS = 12;
    /** Version of the {@link #key()} format; it changes only if the key's content changes (and then every id does). */
    public static final int KEY_FORMAT = 1;

    public RunSpec {
        Check.notNull("condition", condition);
        Check.notNull("task", task);
        Check.notNull("model", model);
        Check.notNull("schedule", schedule);
        Check.notNull("curriculum", curriculum);
        Check.notNull("training", training);
        Check.notNull("protocol", protocol);
        if (!protocol.isSingle()) {
            // bad combinations fail here, before any work: a grid, the command line and a notebook all build specs first
            if (!task.equals(protocol.name())) {
                throw new IllegalArgumentException("a run of protocol " + protocol.label() + " has task '" + protocol.name() + "', got '" + task + "'");
            }
            protocol.check(model);
            if (!curriculum.advances()) throw new IllegalArgumentException("protocol " + protocol.label() + " advances levels: curriculum must be single-from-<N>");
        }
    }

    /** A single-task run ({@link Protocol#single()}): every spec written before protocols. */
    public RunSpec(String condition, String task, ModelConfig model, PlasticitySchedule schedule, Curriculum curriculum,
                   TrainingConfig training, long seed) {
        this(condition, task, model, schedule, curriculum, training, seed, Protocol.single());
    }

    /**
     * A run of {@code condition} under a multi-task {@code protocol}: the task is the protocol's name, the model the
     * condition's with the protocol's heads and inputs ({@link Protocol#adapt}). Use
     * {@link ConditionRegistry#condition(String, Protocol)} for a condition whose schedule depends on the protocol.
     */
    public static RunSpec of(Condition condition, Protocol protocol, TrainingConfig training, long seed) {
        Check.notNull("condition", condition);
        Check.notNull("protocol", protocol);
        Check.notNull("training", training);
        if (protocol.isSingle()) throw new IllegalArgumentException("protocol single needs a task: use RunSpec.of(condition, task, training, seed)");
        return new RunSpec(condition.label(), protocol.name(), protocol.adapt(condition.model()), condition.schedule(), Curriculum.paper(), training,
                seed, protocol);
    }

    /** A run of {@code condition} on {@code task} with the paper's curriculum. */
    public static RunSpec of(Condition condition, String task, TrainingConfig training, long seed) {
        Check.notNull("condition", condition);
        return new RunSpec(condition.label(), task, condition.model(), condition.schedule(), Curriculum.paper(), training, seed);
    }

    // ------------------------------------------------------------------ identity

    /**
     * The canonical, label-free text of the training: the key format, task, seed, the schedule's and curriculum's
     * fields (not their labels), every model and training field; {@code key=value}, one per line, keys sorted.
     * Two specs that train identically have the same key, whatever their condition label.
     */
    public String key() {
        Map<String, String> k = new TreeMap<>();
        k.put("key.format", Integer.toString(KEY_FORMAT));
        k.put("task", task);
        k.put("seed", Long.toString(seed));
        k.put("schedule.freeze", schedule.freeze().label());
        k.put("schedule.cerebellumBeforeFreeze", Boolean.toString(schedule.cerebellumBeforeFreeze()));
        k.put("schedule.refreshEvery", Integer.toString(schedule.refreshEvery()));
        k.put("curriculum.startLevel", Integer.toString(curriculum.startLevel()));
        k.put("curriculum.advances", Boolean.toString(curriculum.advances()));
        // single-task keys are those of every stored run: the protocol enters only when it is not the single one
        if (!protocol.isSingle()) k.put("protocol", protocol.label());
        model.toProperties().forEach((n, v) -> k.put("model." + n, v));
        training.toProperties().forEach((n, v) -> k.put("training." + n, v));
        StringBuilder sb = new StringBuilder();
        k.forEach((n, v) -> sb.append(n).append('=').append(v).append('\n'));
        return sb.toString();
    }

    /**
     * A file-system-safe identifier made only from label-free parts: task, model, schedule and seed, then the first
     * {@value #HASH_DIGITS} hex digits of the SHA-256 of {@link #key()}, e.g.
     * {@code parity__cbrnn-h64-g256__freeze-L4__s1__0123456789ab}.
     */
    public String id() {
        String slug = (task + "__" + modelSlug(model) + "__" + schedule.label() + "__s" + seed).replaceAll("[^A-Za-z0-9_.-]+", "-");
        return slug + "__" + sha256(key()).substring(0, HASH_DIGITS);
    }

    /**
     * The id of the first store format (directories in stores written before label-free ids): a lower-case slug of
     * task, condition label, schedule label and seed, and {@code Map.hashCode()} of {@link #toProperties()} in hex.
     * For reading and upgrading old stores only ({@link StoreUpgrade}); it depends on the label.
     */
    public String legacyId() {
        String slug = (task + "__" + condition + "__" + schedule.label() + "__s" + seed).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_.-]+", "-");
        return slug + "__" + String.format("%08x", toProperties().hashCode());
    }

    /** A short model tag for ids: {@code cbrnn-h64-g256}, {@code rnn-h202}, {@code gru-h128}, {@code aux-h64-a139}, ... */
    static String modelSlug(ModelConfig m) {
        String core = m.cell() == ModelConfig.Cell.GRU ? "gru" : "rnn";
        // single-head slugs are those of every stored run; a multi-head model adds its head count
        String heads = m.numHeads() == 1 ? "" : "-k" + m.numHeads();
        String slug = switch (m.coupling()) {
            case NONE -> core + "-h" + m.hiddenSize();
            case CEREBELLAR_BIAS -> "cb" + core + "-h" + m.hiddenSize() + "-g" + m.granuleSize();
            case RECURRENT_AUX -> "aux-h" + m.hiddenSize() + "-a" + m.auxSize();
            case READOUT_CEREBELLUM -> core + "cb-h" + m.hiddenSize() + "-g" + m.granuleSize();
        };
        return slug + heads;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    // ------------------------------------------------------------------ text form

    /** The spec's own fields, in stored order (the model's and training's follow under {@code model.} and {@code training.}). */
    public static final FieldTable<RunSpec, Builder> FIELDS = FieldTable.<RunSpec, Builder>of("run spec")
            .text("condition", RunSpec::condition, Builder::condition)
            .text("task", RunSpec::task, Builder::task)
            .longInteger("seed", RunSpec::seed, Builder::seed)
            .text("schedule", s -> s.schedule().label(), (b, v) -> b.schedule(PlasticitySchedule.parse(v)))
            .text("curriculum", s -> s.curriculum().label(), (b, v) -> b.curriculum(Curriculum.parse(v)));

    /** The stored form (spec.properties): {@link #FIELDS}, then {@code model.*} and {@code training.*}. */
    public Map<String, String> toProperties() {
        Map<String, String> m = FIELDS.write(this);
        if (!protocol.isSingle()) m.put("protocol", protocol.label()); // absent for single-task runs, as in every stored spec
        model.toProperties().forEach((k, v) -> m.put("model." + k, v));
        training.toProperties().forEach((k, v) -> m.put("training." + k, v));
        return m;
    }

    /** Parses {@link #toProperties()}; a missing or malformed key gives an error naming it. */
    public static RunSpec fromProperties(Map<String, String> properties) {
        Check.notNull("properties", properties);
        Map<String, String> model = new LinkedHashMap<>(), training = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith("model.")) model.put(k.substring(6), v);
            if (k.startsWith("training.")) training.put(k.substring(9), v);
        });
        Builder b = new Builder(of(Condition.cbRnn(), "parity", TrainingConfig.paper(), 1));
        FIELDS.read(properties, b);
        String protocol = properties.get("protocol");
        b.protocol(protocol == null ? Protocol.single() : Protocol.parse(protocol));
        return b.model(ModelConfig.fromProperties(model)).training(TrainingConfig.fromProperties(training)).build();
    }

    /**
     * {@link #toProperties()} as text, the format of a run directory's {@code spec.properties} ({@code key=value}, one a
     * line): how a spec travels to a worker of a cluster. {@link #fromText} reads it back to an equal spec.
     */
    public String toText() {
        return RunDir.toText(toProperties());
    }

    /** Parses {@link #toText()}; a missing or malformed key gives an error naming it. */
    public static RunSpec fromText(String text) {
        Check.notNull("text", text);
        return fromProperties(RunDir.fromText(text));
    }

    // ------------------------------------------------------------------ builder

    /** A builder holding this spec's values, e.g. {@code spec.toBuilder().seed(2).training(t).build()}. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable staging for a {@link RunSpec}. */
    public static final class Builder {
        private String condition, task;
        private ModelConfig model;
        private PlasticitySchedule schedule;
        private Curriculum curriculum;
        private TrainingConfig training;
        private long seed;
        private Protocol protocol;

        private Builder(RunSpec s) {
            protocol = s.protocol;
            condition = s.condition;
            task = s.task;
            model = s.model;
            schedule = s.schedule;
            curriculum = s.curriculum;
            training = s.training;
            seed = s.seed;
        }

        /** The display label (not part of the run's identity). */
        public Builder condition(String label) { condition = Check.notNull("label", label); return this; }

        /** Label, model and schedule of {@code condition}. */
        public Builder condition(Condition condition) {
            Check.notNull("condition", condition);
            this.condition = condition.label();
            model = condition.model();
            schedule = condition.schedule();
            return this;
        }

        public Builder task(String task) { this.task = Check.notNull("task", task); return this; }
        public Builder model(ModelConfig model) { this.model = Check.notNull("model", model); return this; }
        public Builder schedule(PlasticitySchedule schedule) { this.schedule = Check.notNull("schedule", schedule); return this; }
        public Builder curriculum(Curriculum curriculum) { this.curriculum = Check.notNull("curriculum", curriculum); return this; }
        public Builder training(TrainingConfig training) { this.training = Check.notNull("training", training); return this; }
        public Builder seed(long v) { seed = v; return this; }
        /** The protocol (the task must then be its name; {@link Protocol#single()} for single-task runs). */
        public Builder protocol(Protocol protocol) { this.protocol = Check.notNull("protocol", protocol); return this; }

        public RunSpec build() {
            return new RunSpec(condition, task, model, schedule, curriculum, training, seed, protocol);
        }
    }

    public RunSpec withTraining(TrainingConfig training) {
        Check.notNull("training", training);
        return toBuilder().training(training).build();
    }

    public RunSpec withSeed(long s) {
        return toBuilder().seed(s).build();
    }

    public RunSpec withSchedule(String conditionLabel, PlasticitySchedule schedule) {
        Check.notNull("conditionLabel", conditionLabel);
        Check.notNull("schedule", schedule);
        return toBuilder().condition(conditionLabel).schedule(schedule).build();
    }
}
