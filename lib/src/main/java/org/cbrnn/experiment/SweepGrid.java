package org.cbrnn.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cbrnn.options.Opt;
import org.cbrnn.train.Protocol;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.util.Check;

/**
 * A grid of runs: tasks x conditions x extra axes x seeds, with one training budget. Extra axes vary any property of a
 * {@link RunSpec} ({@code schedule}, {@code model.granuleSize}, {@code training.coreLr}, ...); the varied values are
 * appended to the condition label (e.g. {@code CB-RNN [granuleSize=128]}) so that result tables group them apart.
 *
 * <p>In code:
 * <pre>{@code
 * SweepGrid g = SweepGrid.builder().tasks("parity").conditions("cbrnn").seedRange(1, 3).epochs(150)
 *         .vary("schedule", "joint", "freeze-L4", "freeze-E25").build();
 * }</pre>
 * or as a small file ({@link #parse(String)}):
 * <pre>
 * # freeze timing on parity
 * tasks = parity
 * conditions = cbrnn
 * seeds = 1-3
 * epochs = 150
 * vary.schedule = joint, freeze-L4, freeze-E25
 * </pre>
 */
public final class SweepGrid {
    /** Keys of the file format besides {@code vary.<spec property>} ({@link RunOptions#GRID_KEYS}). */
    public static final Set<String> FILE_KEYS = RunOptions.GRID_KEYS.stream().map(Opt::name).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final List<String> tasks;
    private final List<String> conditions;
    private final List<Long> seeds;
    private final TrainingConfig training;
    private final Map<String, List<String>> axes;
    private final TaskRegistry registry;
    private final List<Protocol> protocols;

    private SweepGrid(Builder b) {
        if (b.tasks.isEmpty()) throw new IllegalArgumentException("tasks must name at least one task");
        if (b.conditions.isEmpty()) throw new IllegalArgumentException("conditions must name at least one condition");
        if (b.seeds.isEmpty()) throw new IllegalArgumentException("seeds must name at least one seed");
        this.tasks = List.copyOf(b.tasks);
        this.conditions = List.copyOf(b.conditions);
        this.seeds = List.copyOf(b.seeds);
        this.training = b.training;
        this.axes = new LinkedHashMap<>(b.axes);
        this.registry = b.registry;
        this.protocols = List.copyOf(b.protocols);
        if (protocols.isEmpty()) throw new IllegalArgumentException("protocols must name at least one protocol");
        for (Protocol p : protocols) p.headTasks().forEach(registry::get);
        for (String t : tasks) registry.get(t); // unknown task: error names the registered ones
        // validates every condition and axis value now, before any work starts; the seed does not change validity,
        // so one seed suffices (a grid of 10^6 runs is checked without building 10^6 specs twice)
        specs(this.seeds.subList(0, 1));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every run of the grid: for each task, condition, axis combination, seed (seeds innermost). */
    public List<RunSpec> specs() {
        return specs(seeds);
    }

    private List<RunSpec> specs(List<Long> seeds) {
        List<RunSpec> out = new ArrayList<>();
        List<Map<String, String>> combos = combinations();
        for (Protocol p : protocols) {
            if (!p.isSingle()) {
                // a multi-task protocol brings its tasks; the grid's tasks apply to the single protocol
                for (String c : conditions) {
                    Condition cond = conditionFor(c, p);
                    for (Map<String, String> combo : combos) {
                        for (long seed : seeds) out.add(apply(RunSpec.of(cond, p, training, seed), combo));
                    }
                }
                continue;
            }
            for (String task : tasks) {
                for (String c : conditions) {
                    Condition cond = Condition.byName(c, task);
                    for (Map<String, String> combo : combos) {
                        for (long seed : seeds) out.add(apply(RunSpec.of(cond, task, training, seed), combo));
                    }
                }
            }
        }
        return out;
    }

    private static Condition conditionFor(String name, Protocol p) {
        try {
            return ConditionRegistry.standard().condition(name, p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("condition '" + name + "' under protocol " + p.label() + ": " + e.getMessage(), e);
        }
    }

    public TrainingConfig training() {
        return training;
    }

    /** The grid's protocols ({@link Protocol#single()} unless a {@code protocols} key or {@link Builder#protocols} says otherwise). */
    public List<Protocol> protocols() {
        return protocols;
    }

    public int size() {
        int perProtocol = conditions.size() * combinations().size() * seeds.size();
        return protocols.stream().mapToInt(p -> p.isSingle() ? tasks.size() * perProtocol : perProtocol).sum();
    }

    private List<Map<String, String>> combinations() {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : axis.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    private static RunSpec apply(RunSpec base, Map<String, String> combo) {
        if (combo.isEmpty()) return base;
        Map<String, String> p = base.toProperties();
        StringBuilder label = new StringBuilder(base.condition()).append(" [");
        int i = 0;
        for (Map.Entry<String, String> e : combo.entrySet()) {
            if (!p.containsKey(e.getKey()) || e.getKey().equals("condition") || e.getKey().equals("task") || e.getKey().equals("seed")) {
                throw new IllegalArgumentException("vary." + e.getKey() + ": not a property that can vary; allowed: "
                        + String.join(", ", p.keySet().stream().filter(k -> !Set.of("condition", "task", "seed").contains(k)).toList()));
            }
            p.put(e.getKey(), e.getValue());
            String shortKey = e.getKey().substring(e.getKey().indexOf('.') + 1);
            label.append(i++ > 0 ? ", " : "").append(shortKey).append('=').append(e.getValue());
        }
        p.put("condition", label.append(']').toString());
        try {
            return RunSpec.fromProperties(p);
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("vary " + combo + ": invalid value: " + ex.getMessage(), ex);
        }
    }

    /**
     * Parses the file format shown in the class comment. Keys are {@link RunOptions#GRID_KEYS} (same ranges as the
     * command line) and {@code vary.<spec property>}; {@code epochs} is required (a budget is never defaulted), a key
     * given twice is an error naming both lines, and every bad value names its line and key.
     */
    public static SweepGrid parse(String text) {
        Check.notNull("text", text);
        return parse(text, Map.of());
    }

    /**
     * Parses a grid file with {@code overrides} (file keys to raw values, e.g. from command-line options) replacing or
     * adding keys of the file. An override satisfies the {@code epochs} requirement.
     */
    public static SweepGrid parse(String text, Map<String, String> overrides) {
        Check.notNull("text", text);
        Check.notNull("overrides", overrides);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> where = new LinkedHashMap<>();
        int lineNo = 0;
        for (String raw : text.split("\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("grid file line " + lineNo + ": expected 'key = value', got '" + line + "'");
            String key = line.substring(0, eq).strip(), value = line.substring(eq + 1).strip();
            if (key.equals("vary.")) throw new IllegalArgumentException("grid file line " + lineNo + ": 'vary.' needs a spec property, e.g. vary.schedule");
            if (!key.startsWith("vary.") && gridKey(key) == null) {
                throw new IllegalArgumentException("grid file line " + lineNo + " (" + key + "): unknown key '" + key + "'; known: "
                        + String.join(", ", FILE_KEYS.stream().sorted().toList()) + ", vary.<spec property>");
            }
            if (values.containsKey(key)) {
                throw new IllegalArgumentException("grid file line " + lineNo + " (" + key + "): key '" + key + "' is given twice (first on "
                        + where.get(key) + ")");
            }
            values.put(key, value);
            where.put(key, "line " + lineNo);
        }
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            values.put(o.getKey(), o.getValue());
            where.put(o.getKey(), "option " + o.getKey());
        }
        if (!values.containsKey(RunOptions.EPOCHS.name())) {
            throw new IllegalArgumentException("grid file: key 'epochs' is required (" + RunOptions.EPOCHS.help() + "; " + RunOptions.EPOCHS.range()
                    + "); a grid's budget is never defaulted");
        }
        Builder b = builder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey(), value = e.getValue();
            String label = "grid file " + where.get(key) + " (" + key + "): " + key;
            if (key.startsWith("vary.")) {
                List<String> vs = RunOptions.varyValues(label, value);
                try {
                    b.vary(key.substring(5), vs.toArray(String[]::new));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("grid file " + where.get(key) + " (" + key + "): " + ex.getMessage(), ex);
                }
                continue;
            }
            Opt<?> opt = gridKey(key);
            Object v = opt.parse(label, value);
            if (opt == RunOptions.TASKS) b.tasks(strings(v));
            else if (opt == RunOptions.CONDITIONS) b.conditions(strings(v));
            else if (opt == RunOptions.SEEDS) b.seeds(((List<?>) v).stream().mapToLong(x -> (Long) x).toArray());
            else if (opt == RunOptions.EPOCHS) b.epochs((Integer) v);
            else if (opt == RunOptions.STEPS) b.training(b.training.withStepsPerEpoch((Integer) v));
            else if (opt == RunOptions.EVAL_BATCHES) b.training(b.training.withEvalBatches((Integer) v));
            else if (opt == RunOptions.BATCH_SIZE) b.training(b.training.withBatchSize((Integer) v));
            else if (opt == RunOptions.PROTOCOLS) b.protocols(((List<?>) v).stream().map(x -> (Protocol) x).toArray(Protocol[]::new));
            else throw new AssertionError("grid key without a setter: " + key);
        }
        return b.build();
    }

    private static Opt<?> gridKey(String key) {
        for (Opt<?> o : RunOptions.GRID_KEYS) if (o.name().equals(key)) return o;
        return null;
    }

    private static String[] strings(Object list) {
        return ((List<?>) list).stream().map(String::valueOf).toArray(String[]::new);
    }

    /** Reads a grid file. */
    public static SweepGrid load(Path file) {
        Check.notNull("file", file);
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read grid file " + file, e);
        }
    }

    /** {@code 1-3}, {@code 1,2,5} or a mix: {@code 1-3,7} ({@link RunOptions#SEEDS}). */
    public static long[] parseSeeds(String seeds) {
        Check.notNull("seeds", seeds);
        return RunOptions.SEEDS.parse("seeds", seeds).stream().mapToLong(Long::longValue).toArray();
    }

    /** Fluent construction; defaults: parity, CB-RNN, seed 1, the paper's training config. */
    public static final class Builder {
        private List<String> tasks = List.of("parity");
        private List<String> conditions = List.of("cbrnn");
        private List<Long> seeds = List.of(1L);
        private TrainingConfig training = TrainingConfig.paper();
        private final Map<String, List<String>> axes = new LinkedHashMap<>();
        private TaskRegistry registry = TaskRegistry.standard();
        private List<Protocol> protocols = List.of(Protocol.single());

        private Builder() {}

        /** The protocols (default {@link Protocol#single()}); the tasks apply to the single one, the others bring theirs. */
        public Builder protocols(Protocol... protocols) {
            Check.notNull("protocols", protocols);
            for (Protocol p : protocols) Check.notNull("protocol", p);
            this.protocols = List.of(protocols);
            return this;
        }

        public Builder tasks(String... tasks) {
            Check.notNull("tasks", tasks);
            this.tasks = List.of(tasks);
            return this;
        }

        /** Condition short names ({@link Condition#byName}). */
        public Builder conditions(String... conditions) {
            Check.notNull("conditions", conditions);
            this.conditions = List.of(conditions);
            return this;
        }

        /** These seeds, each once ({@code seeds(1, 3)} is {1, 3}; a range is {@link #seedRange}). */
        public Builder seeds(long... seeds) {
            Check.notNull("seeds", seeds);
            List<Long> l = new ArrayList<>();
            for (long x : seeds) l.add(x);
            this.seeds = l;
            return this;
        }

        /** Seeds {@code from..to} inclusive ({@code seedRange(1, 3)} is {1, 2, 3}). */
        public Builder seedRange(long from, long to) {
            return seeds(parseSeeds(from + "-" + to));
        }

        public Builder training(TrainingConfig training) {
            this.training = Check.notNull("training", training);
            return this;
        }

        /** The epoch budget per run (paper: 1000). */
        public Builder epochs(int e) {
            this.training = training.withMaxEpochs(Check.inRange("epochs", e, 1, TrainingConfig.MAX_EPOCHS));
            return this;
        }

        /** An extra axis over a spec property, e.g. {@code vary("model.granuleSize", "128", "256")}. */
        public Builder vary(String property, String... values) {
            Check.notNull("property", property);
            Check.notNull("values", values);
            if (values.length == 0) throw new IllegalArgumentException("vary." + property + " needs at least one value");
            if (axes.containsKey(property)) throw new IllegalArgumentException("vary." + property + " is given twice");
            axes.put(property, List.of(values));
            return this;
        }

        /** Tasks beyond the standard ones. */
        public Builder registry(TaskRegistry registry) {
            this.registry = Check.notNull("registry", registry);
            return this;
        }

        public SweepGrid build() {
            return new SweepGrid(this);
        }
    }
}
