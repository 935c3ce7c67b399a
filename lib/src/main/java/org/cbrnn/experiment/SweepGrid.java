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
 * SweepGrid g = SweepGrid.builder().tasks("parity").conditions("cbrnn").seeds(1, 3).epochs(150)
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
    /** Keys of the file format besides {@code vary.<spec property>}. */
    public static final Set<String> FILE_KEYS = Set.of("tasks", "conditions", "seeds", "epochs", "steps", "eval-batches", "batch-size");

    private final List<String> tasks;
    private final List<String> conditions;
    private final List<Long> seeds;
    private final TrainingConfig training;
    private final Map<String, List<String>> axes;
    private final TaskRegistry registry;

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
        for (String t : tasks) registry.get(t); // unknown task: error names the registered ones
        specs(); // validates every condition and axis value now, before any work starts
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every run of the grid: for each task, condition, axis combination, seed (seeds innermost). */
    public List<RunSpec> specs() {
        List<RunSpec> out = new ArrayList<>();
        List<Map<String, String>> combos = combinations();
        for (String task : tasks) {
            for (String c : conditions) {
                Condition cond = Condition.byName(c, task);
                for (Map<String, String> combo : combos) {
                    for (long seed : seeds) out.add(apply(RunSpec.of(cond, task, training, seed), combo));
                }
            }
        }
        return out;
    }

    public TrainingConfig training() {
        return training;
    }

    public int size() {
        return tasks.size() * conditions.size() * combinations().size() * seeds.size();
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

    /** Parses the file format shown in the class comment; unknown keys and bad values are errors naming the key. */
    public static SweepGrid parse(String text) {
        Builder b = builder();
        int lineNo = 0;
        for (String raw : text.split("\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("sweep file line " + lineNo + ": expected 'key = value', got '" + line + "'");
            String key = line.substring(0, eq).strip(), value = line.substring(eq + 1).strip();
            List<String> values = splitList(value);
            try {
                switch (key) {
                    case "tasks" -> {
                        for (String t : values) b.registry.get(t);
                        b.tasks(values.toArray(String[]::new));
                    }
                    case "conditions" -> {
                        for (String c : values) Condition.byName(c, "parity");
                        b.conditions(values.toArray(String[]::new));
                    }
                    case "seeds" -> b.seeds(parseSeeds(value));
                    case "epochs" -> b.epochs(parseInt(value));
                    case "steps" -> b.training(b.training.withStepsPerEpoch(Check.inRange("steps", parseInt(value), 1, 1_000_000)));
                    case "eval-batches" -> b.training(b.training.withEvalBatches(Check.inRange("eval-batches", parseInt(value), 1, 1_000_000)));
                    case "batch-size" -> b.training(b.training.withBatchSize(Check.inRange("batch-size", parseInt(value), 1, 1_000_000)));
                    default -> {
                        if (!key.startsWith("vary.")) {
                            throw new IllegalArgumentException("unknown key '" + key + "'; known: " + String.join(", ", FILE_KEYS.stream().sorted().toList())
                                    + ", vary.<spec property>");
                        }
                        b.vary(key.substring(5), values.toArray(String[]::new));
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sweep file line " + lineNo + " (" + key + "): " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    /** Reads a grid file. */
    public static SweepGrid load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sweep file " + file, e);
        }
    }

    private static List<String> splitList(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) if (!s.isBlank()) out.add(s.strip());
        return out;
    }

    private static int parseInt(String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be an integer, got '" + v + "'");
        }
    }

    /** {@code 1-3}, {@code 1,2,5} or a mix: {@code 1-3,7}. */
    public static long[] parseSeeds(String v) {
        List<Long> out = new ArrayList<>();
        for (String part : splitList(v)) {
            try {
                int dash = part.indexOf('-', 1);
                if (dash > 0) {
                    long a = Long.parseLong(part.substring(0, dash).strip()), b = Long.parseLong(part.substring(dash + 1).strip());
                    if (a < 0 || b < a || b - a >= 10_000) {
                        throw new IllegalArgumentException("seed range must be a-b with 0 <= a <= b and at most 10000 seeds, got '" + part + "'");
                    }
                    for (long s = a; s <= b; s++) out.add(s);
                } else {
                    long s = Long.parseLong(part);
                    if (s < 0) throw new IllegalArgumentException("seeds must be >= 0, got " + s);
                    out.add(s);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("seeds must be a list like 1-3 or 1,2,5; got '" + part + "'");
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("seeds must name at least one seed");
        if (out.stream().distinct().count() != out.size()) throw new IllegalArgumentException("seeds must not repeat, got '" + v + "'");
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** Fluent construction; defaults: parity, CB-RNN, seed 1, the paper's training config. */
    public static final class Builder {
        private List<String> tasks = List.of("parity");
        private List<String> conditions = List.of("cbrnn");
        private List<Long> seeds = List.of(1L);
        private TrainingConfig training = TrainingConfig.paper();
        private final Map<String, List<String>> axes = new LinkedHashMap<>();
        private TaskRegistry registry = TaskRegistry.standard();

        private Builder() {}

        public Builder tasks(String... t) {
            this.tasks = List.of(t);
            return this;
        }

        /** Condition short names ({@link Condition#byName}). */
        public Builder conditions(String... c) {
            this.conditions = List.of(c);
            return this;
        }

        public Builder seeds(long... s) {
            List<Long> l = new ArrayList<>();
            for (long x : s) l.add(x);
            this.seeds = l;
            return this;
        }

        /** Seeds {@code from..to} inclusive. */
        public Builder seeds(long from, long to) {
            return seeds(parseSeeds(from + "-" + to));
        }

        public Builder training(TrainingConfig t) {
            this.training = Check.notNull("training", t);
            return this;
        }

        /** The epoch budget per run (paper: 1000). */
        public Builder epochs(int e) {
            this.training = training.withMaxEpochs(Check.inRange("epochs", e, 1, 1_000_000));
            return this;
        }

        /** An extra axis over a spec property, e.g. {@code vary("model.granuleSize", "128", "256")}. */
        public Builder vary(String property, String... values) {
            if (values.length == 0) throw new IllegalArgumentException("vary." + property + " needs at least one value");
            axes.put(property, List.of(values));
            return this;
        }

        /** Tasks beyond the standard ones. */
        public Builder registry(TaskRegistry r) {
            this.registry = Check.notNull("registry", r);
            return this;
        }

        public SweepGrid build() {
            return new SweepGrid(this);
        }
    }
}
