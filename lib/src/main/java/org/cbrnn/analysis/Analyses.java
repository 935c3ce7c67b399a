package org.cbrnn.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import org.cbrnn.analysis.ActivityRecorder.Population;
import org.cbrnn.engine.Engine;
import org.cbrnn.model.Model;
import org.cbrnn.task.Task;
import org.cbrnn.util.Check;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The per-level analyses under one name each, run the same way on one network (a map level → model, from
 * {@link LevelCheckpoints} or trained in memory) by the {@code cbrnn analyse} command and the notebooks
 * (docs/protocol.md §9.10). {@link #perNetwork} returns one table per network with the columns {@code run, task,
 * condition, seed} first, the analysis's own columns, then {@code seconds} and {@code cpu_seconds} (wall and this thread's CPU
 * time spent on that level, repeated on each of its rows); tables of several networks are stacked and summarised by {@link #summary} (mean and SEM over
 * networks per condition, task and level).
 */
public final class Analyses {
    private Analyses() {}

    /** The analyses. */
    public enum Kind {
        /** {@link CerebellarAblation}: intact vs CB removed at every level (needs a cerebellum). */
        ABLATION(true, List.of("condition", "task", "N"), List.of("acc_intact", "acc_cb_ablated", "acc_drop")),
        /** {@link CerebellarAblation#finalStates} at one level (needs a cerebellum); not summarised. */
        FINAL_STATES(true, List.of(), List.of()),
        /** {@link ReadoutRecovery} at every level (needs a cerebellum). */
        READOUT(true, List.of("condition", "task", "N"), List.of("acc_intact", "acc_zero_shot", "acc_retrained", "recovery_gap")),
        /** {@link Timescales}: τ_pop, double-exponential fraction and median unit τ per population. */
        TIMESCALES(false, List.of("condition", "task", "N", "population"), List.of("tau_pop", "double_fraction", "median_unit_tau")),
        /** {@link Timescales#autocorrelationTable}: written alongside TIMESCALES, one row per lag. */
        AUTOCORRELATION(false, List.of("condition", "task", "N", "population", "lag"), List.of("autocorrelation")),
        /**
         * {@link Timescales#unitTable}: written alongside TIMESCALES, one row per fitted unit (single or double
         * exponential by AIC, its τ and both fits); not summarised (TIMESCALES carries the median unit τ and the
         * double-exponential fraction per population).
         */
        UNIT_TIMESCALES(false, List.of(), List.of()),
        /** {@link Dimensionality}: d90, d95, d95/D and participation ratio per population. */
        DIMENSIONALITY(false, List.of("condition", "task", "N", "population"), List.of("d95_frac", "d90", "d95", "participation_ratio")),
        /** {@link Sparsity} of the granule layer (needs a cerebellum). */
        SPARSITY(true, List.of("condition", "task", "N"), List.of("population_sparseness", "lifetime_sparseness", "active_fraction")),
        /** {@link Jacobian#memory}: gain, preservation and propagation of the memory direction per step k. */
        JACOBIAN(false, List.of("condition", "task", "N", "k"), List.of("gain_full", "gain_intrinsic", "cos_full", "cos_intrinsic",
                "log_norm_full", "log_norm_intrinsic", "prop_cos_full", "prop_cos_intrinsic", "cb_share"));

        private final boolean needsCerebellum;
        private final List<String> keys, values;

        Kind(boolean needsCerebellum, List<String> keys, List<String> values) {
            this.needsCerebellum = needsCerebellum;
            this.keys = keys;
            this.values = values;
        }

        /** Whether {@link #summary} applies (false for FINAL_STATES and UNIT_TIMESCALES: their rows are not per network and level). */
        public boolean summarised() {
            return !keys.isEmpty();
        }

        /** Whether the analysis only applies to networks with a cerebellar module. */
        public boolean needsCerebellum() {
            return needsCerebellum;
        }

        /** The command-line name, e.g. "final-states". */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The kind named {@code name} ({@link #cliName}); the error lists the names. */
        public static Kind of(String name) {
            Check.notNull("name", name);
            for (Kind k : values()) if (k.cliName().equals(name)) return k;
            throw new IllegalArgumentException("unknown analysis '" + name + "'; analyses: " + names());
        }

        /** Every {@link #cliName}. */
        public static List<String> names() {
            return java.util.Arrays.stream(values()).map(Kind::cliName).toList();
        }
    }

    /**
     * The settings of the analyses (the paper's by {@link #paper()}).
     *
     * @param seed             the seed of every analysis's input streams (batches, h_0, bits)
     * @param timescaleSteps   steps of the timescale simulation (paper 20,000) and {@code timescaleDiscard} dropped
     * @param timescaleBatch   trials of the timescale simulation (paper 8)
     * @param memorySteps      steps after the sample followed by the Jacobian analysis
     * @param readout          the readout-recovery settings
     * @param ablationBatches  fixed batches of 64 for the ablation (paper 20)
     * @param pcaBatches       batches of 64 for dimensionality, sparsity and the Jacobian (paper 10)
     * @param finalStatesLevel the level of the final-state projection (0: each network's highest solved level)
     */
    public record Settings(long seed, int timescaleSteps, int timescaleDiscard, int timescaleBatch, int memorySteps,
                           ReadoutRecovery.Settings readout, int ablationBatches, int pcaBatches, int finalStatesLevel) {
        public Settings {
            Check.notNull("readout", readout);
            Check.positive("timescaleSteps", timescaleSteps);
            Check.nonNegative("timescaleDiscard", timescaleDiscard);
            if (timescaleDiscard >= timescaleSteps) throw new IllegalArgumentException("timescaleDiscard must be below timescaleSteps = " + timescaleSteps + ", got " + timescaleDiscard);
            Check.positive("timescaleBatch", timescaleBatch);
            Check.positive("memorySteps", memorySteps);
            Check.notNull("readout", readout);
            Check.positive("ablationBatches", ablationBatches);
            Check.positive("pcaBatches", pcaBatches);
            Check.nonNegative("finalStatesLevel", finalStatesLevel);
        }

        /** The paper's settings, seed 1, 20 memory steps. */
        public static Settings paper() {
            return new Settings(1, Timescales.PAPER_STEPS, Timescales.PAPER_DISCARD, Timescales.PAPER_BATCH, 20, ReadoutRecovery.Settings.paper(),
                    CerebellarAblation.PAPER_BATCHES, Dimensionality.PAPER_BATCHES, 0);
        }

        /** Small settings for a quick look (notebook quick mode, tests): 2,000 timescale steps, 4 batches everywhere. */
        public static Settings quick() {
            return new Settings(1, 2_000, 200, 4, 10, new ReadoutRecovery.Settings(50, 64, 4, 0.01, 0.1), 4, 2, 0);
        }

        public Settings withSeed(long s) {
            return new Settings(s, timescaleSteps, timescaleDiscard, timescaleBatch, memorySteps, readout, ablationBatches, pcaBatches, finalStatesLevel);
        }

        public Settings withTimescaleSteps(int steps, int discard) {
            return new Settings(seed, steps, discard, timescaleBatch, memorySteps, readout, ablationBatches, pcaBatches, finalStatesLevel);
        }

        public Settings withFinalStatesLevel(int level) {
            return new Settings(seed, timescaleSteps, timescaleDiscard, timescaleBatch, memorySteps, readout, ablationBatches, pcaBatches, level);
        }
    }

    /** Who a network is: the first columns of its tables. */
    public record Network(String run, String task, String condition, long seed) {
        public Network {
            Check.notNull("run", run);
            Check.notNull("task", task);
            Check.notNull("condition", condition);
        }
    }

    /**
     * {@code kind} on every level of {@code network} (for FINAL_STATES one level), with {@code onLevel} told each level
     * before it starts. TIMESCALES returns the population table; {@link #timescaleTables} gives it together with the
     * autocorrelations and the unit fits from one simulation.
     *
     * @throws IllegalArgumentException if the analysis needs a cerebellum the models lack, or the network is empty
     */
    public static Table perNetwork(Kind kind, Network who, Map<Integer, Model> network, Task task, Engine engine, Settings s, IntConsumer onLevel) {
        if (kind == Kind.TIMESCALES || kind == Kind.AUTOCORRELATION || kind == Kind.UNIT_TIMESCALES) {
            Table[] t = timescaleTables(who, network, s, onLevel);
            return t[kind == Kind.TIMESCALES ? 0 : kind == Kind.AUTOCORRELATION ? 1 : 2];
        }
        check(kind, who, network, task, engine, s, onLevel);
        TreeMap<Integer, Model> levels = new TreeMap<>(network);
        if (kind == Kind.FINAL_STATES) {
            int level = s.finalStatesLevel() > 0 ? s.finalStatesLevel() : levels.lastKey();
            Model m = levels.get(level);
            if (m == null) throw new IllegalArgumentException("final-states level " + level + " is not a solved level of " + who.run() + "; levels: " + levels.keySet());
            onLevel.accept(level);
            long t0 = System.nanoTime(), c0 = cpu();
            Table t = CerebellarAblation.finalStates(m, task, level, 1, 64, s.seed()).table();
            t.column("condition").setName("state"); // intact / ablated; "condition" is the network's
            t.insertColumn(0, IntColumn.create("N", java.util.Collections.nCopies(t.rowCount(), level).toArray(Integer[]::new)));
            double[] sec = new double[t.rowCount()], cs = new double[t.rowCount()];
            java.util.Arrays.fill(sec, (System.nanoTime() - t0) / 1e9);
            java.util.Arrays.fill(cs, (cpu() - c0) / 1e9);
            return decorate(who, t, sec, cs);
        }
        Table out = null;
        List<Double> secs = new ArrayList<>(), cpus = new ArrayList<>();
        for (var e : levels.entrySet()) {
            int level = e.getKey();
            Model m = e.getValue();
            onLevel.accept(level);
            long t0 = System.nanoTime(), c0 = cpu();
            Table t = switch (kind) {
                case ABLATION -> CerebellarAblation.table(CerebellarAblation.acrossLevels(m, task, engine, new int[]{level}, s.ablationBatches(), 64, s.seed()));
                case READOUT -> ReadoutRecovery.table(List.of(ReadoutRecovery.at(m, task, engine, level, s.readout(), s.seed())));
                case DIMENSIONALITY -> Dimensionality.table(Dimensionality.measure(m, task, level, s.pcaBatches(), Dimensionality.PAPER_BATCH_SIZE, s.seed()));
                case SPARSITY -> Sparsity.table(List.of(Sparsity.measure(m, task, level, Population.GRANULE, s.pcaBatches(), Dimensionality.PAPER_BATCH_SIZE, s.seed())));
                case JACOBIAN -> Jacobian.memoryTable(Jacobian.memory(m, task, level, Jacobian.sampleStepOf(task.name()), s.memorySteps(), s.pcaBatches(),
                        Dimensionality.PAPER_BATCH_SIZE, s.seed()));
                default -> throw new AssertionError(kind);
            };
            double sec = (System.nanoTime() - t0) / 1e9, cs = (cpu() - c0) / 1e9;
            for (int i = 0; i < t.rowCount(); i++) {
                secs.add(sec);
                cpus.add(cs);
            }
            if (out == null) out = t;
            else out.append(t);
        }
        return decorate(who, out, arr(secs), arr(cpus));
    }

    /**
     * The timescale analysis of every level from one simulation per level: {population table (TIMESCALES),
     * autocorrelation table (AUTOCORRELATION), unit fits (UNIT_TIMESCALES)}, each with the run's columns and the
     * level's seconds on every row.
     */
    public static Table[] timescaleTables(Network who, Map<Integer, Model> network, Settings s, IntConsumer onLevel) {
        check(Kind.TIMESCALES, who, network, null, null, s, onLevel);
        Table[] out = new Table[3];
        List<List<Double>> secs = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<Double>> cpus = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (var e : new TreeMap<>(network).entrySet()) {
            onLevel.accept(e.getKey());
            long t0 = System.nanoTime(), c0 = cpu();
            List<Timescales.Result> r = Timescales.measure(e.getValue(), e.getKey(), s.timescaleSteps(), s.timescaleBatch(), s.timescaleDiscard(), s.seed());
            double sec = (System.nanoTime() - t0) / 1e9, cs = (cpu() - c0) / 1e9;
            Table[] t = {Timescales.populationTable(r), Timescales.autocorrelationTable(r), Timescales.unitTable(r)};
            for (int k = 0; k < 3; k++) {
                for (int i = 0; i < t[k].rowCount(); i++) {
                    secs.get(k).add(sec);
                    cpus.get(k).add(cs);
                }
                if (out[k] == null) out[k] = t[k];
                else out[k].append(t[k]);
            }
        }
        for (int k = 0; k < 3; k++) out[k] = decorate(who, out[k], arr(secs.get(k)), arr(cpus.get(k)));
        return out;
    }

    /** Mean and SEM over networks of stacked {@link #perNetwork} tables of {@code kind} (not for FINAL_STATES). */
    public static Table summary(Kind kind, Table stacked) {
        Check.notNull("kind", kind);
        Check.notNull("stacked", stacked);
        if (!kind.summarised()) throw new IllegalArgumentException(kind.cliName() + " has no summary: its rows are not one per network and level");
        Table t = stacked;
        if (kind == Kind.TIMESCALES) {
            // τ_pop = −1 means "no 1/e crossing within the lags kept": not a timescale, left out of the mean
            t = t.copy();
            var src = t.numberColumn("tau_pop");
            DoubleColumn d = DoubleColumn.create("tau_pop");
            for (int i = 0; i < t.rowCount(); i++) d.append(src.isMissing(i) || src.getDouble(i) < 0 ? Double.NaN : src.getDouble(i));
            t.replaceColumn("tau_pop", d);
        }
        return NetworkSummary.meanSem(t, kind.keys, kind.values);
    }

    /** A CSV file written by {@code cbrnn analyse} (or by {@code table.write().csv}), with its text columns read as text. */
    public static Table readCsv(java.nio.file.Path file) {
        Check.notNull("file", file);
        try {
            return fromCsv(java.nio.file.Files.readString(file), file.getFileName().toString().replaceFirst("\\.csv$", ""));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@link #readCsv} of a CSV text. */
    public static Table fromCsv(String csv, String name) {
        Check.notNull("csv", csv);
        Check.notNull("name", name);
        tech.tablesaw.io.csv.CsvReadOptions.Builder b = tech.tablesaw.io.csv.CsvReadOptions.builderFromString(csv);
        b.tableName(name);
        b.columnTypesPartial(c -> switch (c) {
            case "run", "task", "condition", "population", "state", "shape", "family" -> java.util.Optional.of(tech.tablesaw.api.ColumnType.STRING);
            case "N", "k", "lag", "label", "sequence", "size", "parameters", "runs", "epochs", "t_half_reached", "networks", "units", "D",
                 "d90", "d95", "fitted_units", "silent_units", "sequences" -> java.util.Optional.of(tech.tablesaw.api.ColumnType.INTEGER);
            default -> java.util.Optional.of(tech.tablesaw.api.ColumnType.DOUBLE);
        });
        return Table.read().csv(b.build());
    }

    private static void check(Kind kind, Network who, Map<Integer, Model> network, Task task, Engine engine, Settings s, IntConsumer onLevel) {
        Check.notNull("kind", kind);
        Check.notNull("who", who);
        Check.notNull("network", network);
        Check.notNull("settings", s);
        Check.notNull("onLevel", onLevel);
        if (kind != Kind.TIMESCALES && kind != Kind.AUTOCORRELATION && kind != Kind.UNIT_TIMESCALES) {
            Check.notNull("task", task);
            Check.notNull("engine", engine);
        }
        if (network.isEmpty()) throw new IllegalArgumentException(who.run() + " has no level checkpoints (levels/NXX.bin) to analyse");
        if (kind.needsCerebellum() && !network.values().iterator().next().config().hasCerebellum()) {
            throw new IllegalArgumentException(kind.cliName() + " needs a cerebellar module; " + who.run() + " is " + network.values().iterator().next().config().label());
        }
    }

    private static double[] arr(List<Double> x) {
        return x.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** CPU time of this thread (ns); the analyses run on the calling thread (the engine's work for ablation and readout
     *  is on its own threads and not counted when it has more than one). */
    private static long cpu() {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : 0;
    }

    private static Table decorate(Network who, Table t, double[] seconds, double[] cpuSeconds) {
        int n = t.rowCount();
        t.insertColumn(0, StringColumn.create("run", java.util.Collections.nCopies(n, who.run())));
        t.insertColumn(1, StringColumn.create("task", java.util.Collections.nCopies(n, who.task())));
        t.insertColumn(2, StringColumn.create("condition", java.util.Collections.nCopies(n, who.condition())));
        LongColumn seed = LongColumn.create("seed");
        for (int i = 0; i < n; i++) seed.append(who.seed());
        t.insertColumn(3, seed);
        t.addColumns(DoubleColumn.create("seconds", seconds), DoubleColumn.create("cpu_seconds", cpuSeconds));
        return t;
    }
}
