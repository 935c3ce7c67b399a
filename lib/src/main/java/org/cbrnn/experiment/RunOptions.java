package org.cbrnn.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cbrnn.options.Opt;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.train.Protocol;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.util.Check;

/**
 * The declared options that describe runs, shared by the command line ({@code cbrnn train|sweep|reproduce}) and the
 * grid-file keys ({@link SweepGrid#parse(String)}): one range per option, taken from the library's own checks
 * ({@link TrainingConfig}'s bounds), so the CLI, a grid file and the library accept the same values.
 */
public final class RunOptions {
    private RunOptions() {}

    /**
     * The largest seed of the command line and grid files. The library takes any {@code long} ({@code Rng.of}); the
     * command line has taken [0, 2^31 - 1] for {@code train} since its first version, and sweeps, reproductions and
     * grid files now take the same range.
     */
    public static final long MAX_SEED = Integer.MAX_VALUE;
    /** At most this many seeds in one {@code a-b} range (a typo such as {@code 1-100000} fails instead of planning 10^5 runs). */
    public static final int MAX_SEEDS_PER_RANGE = 10_000;

    /**
     * The short names of the {@link ConditionRegistry} (the only list of conditions), in display order; every option
     * and help text below reads them from here.
     */
    public static final List<String> CONDITION_NAMES = ConditionRegistry.standard().names();
    /** The four conditions of the paper's Table 4 (see {@link Condition#paperTable}). */
    public static final List<String> PAPER_CONDITION_NAMES = ConditionRegistry.standard().paperNames();

    public static final Opt<String> TASK = Opt.choice("task", "NAME", () -> TaskRegistry.standard().names(), "the task").withDefault("parity");
    public static final Opt<List<String>> TASKS = Opt.choiceList("tasks", "LIST", () -> TaskRegistry.standard().names(), "the tasks")
            .withDefault(List.of("parity"));
    public static final Opt<String> CONDITION = Opt.choice("condition", "NAME", () -> CONDITION_NAMES, "the condition (architecture + schedule)")
            .withDefault("cbrnn");
    /** Grid files have always accepted {@link Condition#byName}'s aliases (e.g. {@code cb-rnn}); the help lists the short names. */
    public static final Opt<List<String>> CONDITIONS = Opt.choiceList("conditions", "LIST", () -> CONDITION_NAMES, RunOptions::isCondition,
            "the conditions").withDefault(List.of("cbrnn"));
    public static final Opt<PlasticitySchedule> SCHEDULE = Opt.custom("schedule", "NAME",
            "joint, full-reservoir, interleaved-<k>, freeze-<start|never|L<n>|E<n>>", RunOptions::schedule,
            "plasticity schedule overriding the condition's").withoutDefault("the condition's");
    public static final Opt<Long> SEED = Opt.longInt("seed", "S", 0, MAX_SEED, "seed of weights and batches").withDefault(1L);
    public static final Opt<List<Long>> SEEDS = Opt.custom("seeds", "LIST",
            "seeds as a-b, a,b,c or a mix (1-3,7), each in [0, " + MAX_SEED + "], at most " + MAX_SEEDS_PER_RANGE + " per range, none repeated",
            RunOptions::seedList, "the seeds").withDefault(List.of(1L));
    public static final Opt<Integer> EPOCHS = Opt.integer("epochs", "E", 1, TrainingConfig.MAX_EPOCHS, "epoch budget per run (the paper's: 1000)")
            .withDefault(TrainingConfig.paper().maxEpochs());
    public static final Opt<Integer> STEPS = Opt.integer("steps", "K", 1, TrainingConfig.MAX_STEPS_PER_EPOCH, "SGD steps per epoch")
            .withDefault(TrainingConfig.paper().stepsPerEpoch());
    public static final Opt<Integer> EVAL_BATCHES = Opt.integer("eval-batches", "K", 1, TrainingConfig.MAX_EVAL_BATCHES,
            "evaluation batches per epoch").withDefault(TrainingConfig.paper().evalBatches());
    public static final Opt<Integer> BATCH_SIZE = Opt.integer("batch-size", "B", 1, TrainingConfig.MAX_BATCH_SIZE, "sequences per training batch")
            .withDefault(TrainingConfig.paper().batchSize());

    /** The training protocol (docs/protocol.md §12); a multi-task protocol brings its own tasks. */
    public static final Opt<Protocol> PROTOCOL = Opt.custom("protocol", "NAME", Protocol.FORMS, RunOptions::protocol,
            "training protocol: single (one task, the default), multitask, switching, continual or cumulative; the multi-task ones bring their"
                    + " own tasks (--task is then not used)").withDefault(Protocol.single(), "single");
    /** The protocols of a grid (an axis: each protocol x conditions x seeds; tasks apply to the single protocol). */
    public static final Opt<List<Protocol>> PROTOCOLS = Opt.custom("protocols", "LIST", "a comma list of " + Protocol.FORMS, RunOptions::protocolList,
            "the protocols (tasks apply to 'single' only)").withDefault(List.of(Protocol.single()), "single");

    /** Extra grid axes over spec properties, {@code property=v1,v2;property=v1,v2}; an axis given twice is an error. */
    public static final Opt<Map<String, List<String>>> VARY = Opt.custom("vary", "AXES",
            "axes 'property=v1,v2;property=v1,v2' over spec properties (e.g. 'schedule=joint,freeze-L4;model.granuleSize=128,256'), each property once",
            RunOptions::varyAxes, "extra grid axes").withoutDefault("none");

    /** The keys of a grid file besides {@code vary.<spec property>}; {@code epochs} is required there. */
    public static final List<Opt<?>> GRID_KEYS = List.of(TASKS, CONDITIONS, SEEDS, EPOCHS, STEPS, EVAL_BATCHES, BATCH_SIZE, PROTOCOLS);

    /** {@code 1-3}, {@code 1,2,5} or a mix ({@code 1-3,7}) into distinct seeds in [0, {@link #MAX_SEED}]. */
    public static List<Long> seedList(String raw) {
        Check.notNull("raw", raw);
        List<Long> out = new ArrayList<>();
        for (String part : Opt.items(raw)) {
            int dash = part.indexOf('-', 1);
            try {
                if (dash > 0) {
                    long a = Opt.asciiLong(part.substring(0, dash), 0, MAX_SEED), b = Opt.asciiLong(part.substring(dash + 1), 0, MAX_SEED);
                    if (b < a || b - a >= MAX_SEEDS_PER_RANGE) {
                        throw new Opt.Bad(null, "'" + part + "' needs a <= b and at most " + MAX_SEEDS_PER_RANGE + " seeds");
                    }
                    for (long s = a; s <= b; s++) out.add(s);
                } else {
                    out.add(Opt.asciiLong(part, 0, MAX_SEED));
                }
            } catch (Opt.Bad b) {
                throw b.detail() != null ? b : new Opt.Bad(null, "'" + part + "'");
            }
        }
        if (out.stream().distinct().count() != out.size()) throw new Opt.Bad(null, "a seed repeats");
        return List.copyOf(out);
    }

    /** The values of one {@code vary.<property>} axis: a comma list of distinct ASCII values. */
    static List<String> varyValues(String label, String raw) {
        return VARY_VALUES.parse(label, raw);
    }

    private static final Opt<List<String>> VARY_VALUES = Opt.custom("vary-values", "LIST", "a comma list of distinct values", raw -> {
        List<String> vs = Opt.items(raw);
        for (String v : vs) if (!v.chars().allMatch(c -> c < 128)) throw new Opt.Bad(null, "'" + v + "' is not ASCII");
        if (vs.stream().distinct().count() != vs.size()) throw new Opt.Bad(null, "a value repeats");
        return List.copyOf(vs);
    }, "values of one axis");

    private static Map<String, List<String>> varyAxes(String raw) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (String axis : raw.split(";")) {
            if (axis.isBlank()) continue;
            int eq = axis.indexOf('=');
            if (eq <= 0) throw new Opt.Bad(null, "'" + axis.strip() + "' is not property=values");
            String property = axis.substring(0, eq).strip();
            if (axes.containsKey(property)) throw new Opt.Bad(null, "axis '" + property + "' is given twice");
            axes.put(property, varyValues("vary." + property, axis.substring(eq + 1)));
        }
        if (axes.isEmpty()) throw new Opt.Bad(null, "no axis");
        return axes;
    }

    private static PlasticitySchedule schedule(String raw) {
        // PlasticitySchedule.parse reads numbers with Integer.parseInt, which takes non-ASCII digits
        if (!raw.chars().allMatch(c -> c < 128)) throw new Opt.Bad(null, "not ASCII");
        return PlasticitySchedule.parse(raw);
    }

    private static Protocol protocol(String raw) {
        if (!raw.chars().allMatch(c -> c < 128)) throw new Opt.Bad(null, "not ASCII");
        try {
            return Protocol.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new Opt.Bad(null, e.getMessage());
        }
    }

    private static List<Protocol> protocolList(String raw) {
        List<Protocol> out = new ArrayList<>();
        for (String item : Opt.items(raw)) out.add(protocol(item));
        if (out.stream().distinct().count() != out.size()) throw new Opt.Bad(null, "a protocol repeats");
        if (out.isEmpty()) throw new Opt.Bad(null, "no protocol");
        return List.copyOf(out);
    }

    private static boolean isCondition(String name) {
        if (CONDITION_NAMES.contains(name)) return true;
        try {
            Condition.byName(name, "parity");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
