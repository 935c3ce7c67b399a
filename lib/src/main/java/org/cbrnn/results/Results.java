package org.cbrnn.results;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.cbrnn.experiment.Metrics;
import org.cbrnn.experiment.PaperReference;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.train.TrainingResult;
import org.cbrnn.util.Check;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * An immutable, fluent view over a list of runs (as loaded by {@link RunStore#loadAll()} or returned by a sweep):
 * select, group by condition, compute the paper's metrics against a stated threshold, cut to a common budget, and
 * hand tables and curves to the plots.
 *
 * <pre>{@code
 * Results parity = Results.of(runs).task("parity").conditions("CB-RNN", "RNN-202");
 * Table summary = parity.summary();            // n, mean and SD (n >= 2) of max N, t½, AUC, mean N per condition
 * Table status = parity.status();              // every selected run, with why it is left out of the metrics
 * List<Curves> curves = parity.curves();       // mean ± SD band and per-seed curves per condition
 * Results at300 = parity.atEpoch(300);         // every metric at the first 300 epochs
 * Results mine = parity.halfOf(10);            // t½ = first epoch with N >= 5, stated in every table
 * }</pre>
 *
 * <h2>Threshold of t½</h2>
 * t½ is the first epoch with N at least half a task's <em>global max N</em>. By default that is the paper's global
 * max of the task (parity 19, DMS 38; {@link #paperGlobalMax(String)}), so a run's t½ is the same whichever runs it is
 * compared with. {@link #halfOf(double)} states another value; every table names the value it used. A task with no
 * paper value and no stated one has no t½: asking for it is an error naming the task.
 *
 * <h2>Which runs enter the metrics</h2>
 * A failed run, a damaged one (the store lists it as failed with a {@code corrupt:} reason), a run with no finished
 * epoch and, after {@link #atEpoch(int)}, a run with fewer epochs than the budget are left out of every metric,
 * threshold and mean, and listed with the reason by {@link #status()}. Unfinished runs do enter (the summary says how
 * many runs are done and the fewest epochs among them); cut to a budget to compare runs of different lengths.
 *
 * <p>Grouping: one cell per (task, condition). Conditions come in the order given to {@link #conditions(String...)},
 * otherwise in the order they first appear; tasks in the order they first appear.
 */
public final class Results {
    private final List<RunResult> selected;
    private final List<String> conditionOrder; // null: order of first appearance
    private final Map<String, Double> statedGlobalMax; // task -> stated global max; key ALL_TASKS for every task
    private final Double statedForAll;
    private final int budget; // 0: no cut

    private Results(List<RunResult> selected, List<String> conditionOrder, Map<String, Double> statedGlobalMax, Double statedForAll, int budget) {
        this.selected = List.copyOf(selected);
        this.conditionOrder = conditionOrder == null ? null : List.copyOf(conditionOrder);
        this.statedGlobalMax = Map.copyOf(statedGlobalMax);
        this.statedForAll = statedForAll;
        this.budget = budget;
    }

    /** A view over {@code runs} (failed and damaged runs included: they are listed, never measured). */
    public static Results of(List<RunResult> runs) {
        Objects.requireNonNull(runs, "runs");
        for (RunResult r : runs) Objects.requireNonNull(r, "runs element");
        return new Results(runs, null, Map.of(), null, 0);
    }

    /** A view over every run of {@code store} ({@link RunStore#loadAll()}). */
    public static Results of(RunStore store) {
        return of(Objects.requireNonNull(store, "store").loadAll());
    }

    /**
     * The paper's global max N of {@code task}, the default t½ threshold's base (t½ at N ≥ half of it). The one place
     * this view reads the paper's constants.
     *
     * @throws IllegalArgumentException if the paper has no value for the task
     */
    public static double paperGlobalMax(String task) {
        Objects.requireNonNull(task, "task");
        // PaperReference.globalMax answers parity's value for any task that is not DMS: only trust it for tasks
        // the paper reports
        if (PaperReference.rows().stream().noneMatch(r -> r.task().equals(task))) {
            throw new IllegalArgumentException("no paper reference for task '" + task + "': state the global max for t½ with halfOf(\""
                    + task + "\", value)");
        }
        return PaperReference.globalMax(task);
    }

    // ------------------------------------------------------------------ selection

    /** Only runs of {@code task}. */
    public Results task(String task) {
        Check.notNull("task", task);
        return tasks(task);
    }

    /** Only runs of these tasks. */
    public Results tasks(String... tasks) {
        Set<String> s = names("tasks", tasks);
        return filter(r -> s.contains(r.spec().task()));
    }

    /** Only runs of {@code condition} (its label, as in {@code RunSpec.condition()}). */
    public Results condition(String condition) {
        Check.notNull("condition", condition);
        return conditions(condition);
    }

    /** Only runs of these conditions (labels); groups and tables follow this order. */
    public Results conditions(String... conditions) {
        return conditions(Arrays.asList(Objects.requireNonNull(conditions, "conditions")));
    }

    /** Only runs of these conditions (labels); groups and tables follow this order. */
    public Results conditions(Collection<String> conditions) {
        Set<String> s = names("conditions", Objects.requireNonNull(conditions, "conditions").toArray(String[]::new));
        List<RunResult> kept = selected.stream().filter(r -> s.contains(r.spec().condition())).toList();
        return new Results(kept, new ArrayList<>(s), statedGlobalMax, statedForAll, budget);
    }

    /** Only runs with seed {@code seed}. */
    public Results seed(long seed) {
        return seeds(seed);
    }

    /** Only runs with one of these seeds. */
    public Results seeds(long... seeds) {
        Objects.requireNonNull(seeds, "seeds");
        Set<Long> s = new LinkedHashSet<>();
        for (long x : seeds) s.add(x);
        return filter(r -> s.contains(r.spec().seed()));
    }

    /** Only runs whose plasticity schedule has one of these labels ({@code joint}, {@code full-reservoir}, ...). */
    public Results schedules(String... labels) {
        Check.notNull("labels", labels);
        Set<String> s = names("schedules", labels);
        return filter(r -> s.contains(r.spec().schedule().label()));
    }

    /** Only runs with one of these statuses: {@code done}, {@code partial}, {@code failed} (case-insensitive). */
    public Results status(String... statuses) {
        Set<String> s = new LinkedHashSet<>();
        for (String x : names("statuses", statuses)) s.add(x.toLowerCase(Locale.ROOT));
        return filter(r -> s.contains(statusOf(r)));
    }

    /** Only runs for which {@code keep} holds. */
    public Results where(Predicate<RunResult> keep) {
        Objects.requireNonNull(keep, "keep");
        return filter(keep);
    }

    // ------------------------------------------------------------------ threshold and budget

    /**
     * t½ against a stated global max for every task: the first epoch with N ≥ {@code globalMax} / 2. Replaces the
     * paper's default; the tables say which value they used.
     */
    public Results halfOf(double globalMax) {
        checkGlobalMax(globalMax);
        return new Results(selected, conditionOrder, Map.of(), globalMax, budget);
    }

    /** t½ of {@code task} against a stated global max (other tasks keep theirs). */
    public Results halfOf(String task, double globalMax) {
        Objects.requireNonNull(task, "task");
        checkGlobalMax(globalMax);
        Map<String, Double> m = new LinkedHashMap<>(statedGlobalMax);
        m.put(task, globalMax);
        return new Results(selected, conditionOrder, m, statedForAll, budget);
    }

    /** t½ against stated global maxima per task (other tasks keep theirs). */
    public Results halfOf(Map<String, Double> globalMaxByTask) {
        Results r = this;
        for (Map.Entry<String, Double> e : Objects.requireNonNull(globalMaxByTask, "globalMaxByTask").entrySet()) {
            r = r.halfOf(e.getKey(), Objects.requireNonNull(e.getValue(), "global max of " + e.getKey()));
        }
        return r;
    }

    /**
     * Every run cut to its first {@code epochs} epochs, so that every metric is taken at the same budget. A run with
     * fewer epochs is left out of the metrics (listed by {@link #status()}): its value at that budget is unknown.
     */
    public Results atEpoch(int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        return new Results(selected, conditionOrder, statedGlobalMax, statedForAll, epochs);
    }

    /** The fewest epochs among the runs that enter the metrics (0 if none): the largest budget they all reach. */
    public int commonBudget() {
        return measured().stream().mapToInt(r -> r.records().size()).min().orElse(0);
    }

    /** The global max N of {@code task} that t½ uses: the stated one, else the paper's. */
    public double globalMax(String task) {
        Objects.requireNonNull(task, "task");
        Double v = statedGlobalMax.get(task);
        if (v == null) v = statedForAll;
        return v != null ? v : paperGlobalMax(task);
    }

    /** The level t½ waits for: half of {@link #globalMax(String)}. */
    public double halfLevel(String task) {
        return globalMax(task) / 2.0;
    }

    /** Whether {@code task}'s global max is the paper's ("paper") or a stated one ("stated"). */
    public String thresholdSource(String task) {
        Check.notNull("task", task);
        return statedGlobalMax.containsKey(task) || statedForAll != null ? "stated" : "paper";
    }

    /** The budget of {@link #atEpoch(int)}, or empty if runs are taken at their own length. */
    public Optional<Integer> budget() {
        return budget == 0 ? Optional.empty() : Optional.of(budget);
    }

    // ------------------------------------------------------------------ runs

    /** Every selected run (cut to the budget, if any), those left out of the metrics included. */
    public List<RunResult> runs() {
        return selected.stream().map(this::cut).toList();
    }

    /** The selected runs that enter the metrics (cut to the budget, if any). */
    public List<RunResult> measured() {
        return selected.stream().filter(r -> exclusion(r).isEmpty()).map(this::cut).toList();
    }

    /** The selected runs left out of the metrics (uncut), with {@link #status()} giving the reasons. */
    public List<RunResult> excluded() {
        return selected.stream().filter(r -> exclusion(r).isPresent()).toList();
    }

    /** Why {@code run} is left out of the metrics, or empty if it enters them. */
    public Optional<String> exclusion(RunResult run) {
        Check.notNull("run", run);
        if (run.failed()) return Optional.of((isDamaged(run) ? "damaged: " : "failed: ") + stripCorrupt(run.error()));
        if (run.records().isEmpty()) return Optional.of("no finished epoch");
        if (budget > 0 && run.records().size() < budget) {
            return Optional.of("has " + run.records().size() + " of the " + budget + " epochs of the budget");
        }
        return Optional.empty();
    }

    /** The tasks of the selected runs, in order of first appearance. */
    public List<String> taskNames() {
        Set<String> s = new LinkedHashSet<>();
        for (RunResult r : selected) s.add(r.spec().task());
        return List.copyOf(s);
    }

    /** The conditions of the selected runs, in the view's order. */
    public List<String> conditionNames() {
        Set<String> present = new LinkedHashSet<>();
        for (RunResult r : selected) present.add(r.spec().condition());
        if (conditionOrder == null) return List.copyOf(present);
        return conditionOrder.stream().filter(present::contains).toList();
    }

    /**
     * The highest max N per task among the runs that enter the metrics. Only for reference (this is the kit's older
     * comparison-set-dependent t½ base); pass it to {@link #halfOf(Map)} to use it, and it is stated as such.
     */
    public Map<String, Double> highestMaxN() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (RunResult r : measured()) m.merge(r.spec().task(), Metrics.maxLevel(r.levels()), Math::max);
        return m;
    }

    // ------------------------------------------------------------------ metrics

    /** {@code metric} of one run, at this view's threshold (no budget cut is applied to {@code run}). */
    public double value(RunResult run, Metric metric) {
        Check.notNull("run", run);
        Check.notNull("metric", metric);
        double[] lv = run.levels();
        return switch (metric) {
            case MAX_N -> Metrics.maxLevel(lv);
            case T_HALF -> Metrics.epochsToHalf(lv, globalMax(run.spec().task()));
            case AUC -> Metrics.auc(lv);
            case MEAN_N -> Metrics.meanLevel(lv);
        };
    }

    /** One cell of the view: the runs of one condition on one task. */
    public final class Group {
        private final String task;
        private final String condition;
        private final List<RunResult> all;

        private Group(String task, String condition, List<RunResult> all) {
            this.task = task;
            this.condition = condition;
            this.all = List.copyOf(all);
        }

        public String task() {
            return task;
        }

        public String condition() {
            return condition;
        }

        /** The runs of this cell that enter the metrics (cut to the budget, if any). */
        public List<RunResult> runs() {
            return all.stream().filter(r -> exclusion(r).isEmpty()).map(Results.this::cut).toList();
        }

        /** The runs of this cell left out of the metrics. */
        public List<RunResult> excluded() {
            return all.stream().filter(r -> exclusion(r).isPresent()).toList();
        }

        /** Number of runs that enter the metrics. */
        public int n() {
            return runs().size();
        }

        /** {@code metric} of each measured run, in run order (t½ NaN where the threshold was not reached). */
        public double[] values(Metric metric) {
            Check.notNull("metric", metric);
            return runs().stream().mapToDouble(r -> value(r, metric)).toArray();
        }

        /** How many runs have a finite value of {@code metric} (for t½: how many reached the threshold). */
        public int count(Metric metric) {
            Check.notNull("metric", metric);
            return finiteCount(values(metric));
        }

        /** Mean of {@code metric} over the runs with a finite value; NaN if none. */
        public double mean(Metric metric) {
            Check.notNull("metric", metric);
            return Metrics.mean(values(metric));
        }

        /** Sample SD (n - 1) of {@code metric} over the runs with a finite value; NaN unless there are at least two. */
        public double sd(Metric metric) {
            Check.notNull("metric", metric);
            double[] v = values(metric);
            return finiteCount(v) >= 2 ? Metrics.sd(v) : Double.NaN;
        }

        /** The cell's curves: per-seed N per epoch and the mean ± SD band. */
        public Curves curves() {
            return curvesOf(task, condition, runs());
        }

        @Override
        public String toString() {
            return task + " / " + condition + " (n=" + n() + ")";
        }
    }

    /** One group per (task, condition) that has a selected run, tasks first, then conditions in the view's order. */
    public List<Group> groups() {
        List<Group> out = new ArrayList<>();
        for (String t : taskNames()) {
            for (String c : conditionNames()) {
                List<RunResult> g = selected.stream().filter(r -> r.spec().task().equals(t) && r.spec().condition().equals(c)).toList();
                if (!g.isEmpty()) out.add(new Group(t, c, g));
            }
        }
        return out;
    }

    /**
     * The group of {@code condition} in a single-task view.
     *
     * @throws IllegalStateException if the view holds several tasks
     * @throws IllegalArgumentException if no selected run has that condition
     */
    public Group group(String condition) {
        Check.notNull("condition", condition);
        String t = singleTask();
        return groups().stream().filter(g -> g.task().equals(t) && g.condition().equals(condition)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no run of condition '" + condition + "' in this view; conditions: " + conditionNames()));
    }

    /** {@code metric} per condition of a single-task view, in the view's order: one value per measured run. */
    public Map<String, double[]> values(Metric metric) {
        Check.notNull("metric", metric);
        singleTask();
        Map<String, double[]> m = new LinkedHashMap<>();
        for (Group g : groups()) m.put(g.condition(), g.values(metric));
        return m;
    }

    /** The mean of {@code metric} per condition of a single-task view, in the view's order. */
    public Map<String, Double> means(Metric metric) {
        Check.notNull("metric", metric);
        singleTask();
        Map<String, Double> m = new LinkedHashMap<>();
        for (Group g : groups()) m.put(g.condition(), g.mean(metric));
        return m;
    }

    /** The curves of every group (see {@link Curves}), in {@link #groups()} order. */
    public List<Curves> curves() {
        return groups().stream().map(Group::curves).toList();
    }

    /** The curves of {@code condition} in a single-task view. */
    public Curves curves(String condition) {
        Check.notNull("condition", condition);
        return group(condition).curves();
    }

    // ------------------------------------------------------------------ tables

    /**
     * One row per run that enters the metrics: task, condition, seed, schedule, status, epochs, max_N, t_half, AUC,
     * mean_N, seconds, and N at each of {@code checkpoints} epochs (missing where the run has not got there). The
     * table's name states the t½ threshold.
     */
    public Table perRun(int... checkpoints) {
        Check.notNull("checkpoints", checkpoints);
        StringColumn task = StringColumn.create("task"), cond = StringColumn.create("condition"), sched = StringColumn.create("schedule"),
                status = StringColumn.create("status");
        IntColumn seed = IntColumn.create("seed"), epochs = IntColumn.create("epochs");
        DoubleColumn maxN = DoubleColumn.create(Metric.MAX_N.column()), tHalf = DoubleColumn.create(Metric.T_HALF.column()),
                auc = DoubleColumn.create(Metric.AUC.column()), meanN = DoubleColumn.create(Metric.MEAN_N.column()),
                secs = DoubleColumn.create("seconds");
        List<IntColumn> at = new ArrayList<>();
        for (int c : checkpoints) at.add(IntColumn.create("N@" + c));
        for (Group g : groups()) {
            for (RunResult r : g.runs()) {
                task.append(r.spec().task());
                cond.append(r.spec().condition());
                seed.append((int) r.spec().seed());
                sched.append(r.spec().schedule().label());
                status.append(statusOf(r));
                epochs.append(r.records().size());
                maxN.append(value(r, Metric.MAX_N));
                tHalf.append(value(r, Metric.T_HALF));
                auc.append(value(r, Metric.AUC));
                meanN.append(round2(value(r, Metric.MEAN_N)));
                secs.append(Math.round(r.seconds() * 10) / 10.0);
                for (int i = 0; i < checkpoints.length; i++) {
                    if (checkpoints[i] >= 1 && checkpoints[i] <= r.records().size()) at.get(i).append(r.levelAt(checkpoints[i]));
                    else at.get(i).appendMissing();
                }
            }
        }
        Table t = Table.create("runs (" + describe() + ")", task, cond, seed, sched, status, epochs, maxN, tHalf, auc, meanN, secs);
        for (IntColumn c : at) t.addColumns(c);
        return t;
    }

    /**
     * Mean and SD per (task, condition) over the runs that enter the metrics. Columns: task, condition, n (runs
     * measured), done (of them complete), epochs (fewest epochs among them), max_N, max_N_sd, t_half, t_half_sd,
     * t_half_n (runs that reached the threshold: t½'s mean and SD are over these), AUC, AUC_sd, mean_N, mean_N_sd,
     * half_of (the global max whose half t½ waits for), paper_max_N, paper_t_half, paper_AUC (Table 4, where it has
     * the cell). An SD is missing unless at least two values are behind it; a cell whose runs are all left out has
     * n = 0 and no metrics ({@link #status()} says why).
     */
    public Table summary() {
        StringColumn task = StringColumn.create("task"), cond = StringColumn.create("condition");
        IntColumn n = IntColumn.create("n"), done = IntColumn.create("done"), minEpochs = IntColumn.create("epochs"),
                tN = IntColumn.create("t_half_n");
        DoubleColumn maxN = DoubleColumn.create("max_N"), maxSd = DoubleColumn.create("max_N_sd"),
                t = DoubleColumn.create("t_half"), tSd = DoubleColumn.create("t_half_sd"),
                auc = DoubleColumn.create("AUC"), aucSd = DoubleColumn.create("AUC_sd"),
                mean = DoubleColumn.create("mean_N"), meanSd = DoubleColumn.create("mean_N_sd"),
                half = DoubleColumn.create("half_of"),
                pMax = DoubleColumn.create("paper_max_N"), pT = DoubleColumn.create("paper_t_half"), pAuc = DoubleColumn.create("paper_AUC");
        for (Group g : groups()) {
            List<RunResult> rs = g.runs();
            task.append(g.task());
            cond.append(g.condition());
            n.append(rs.size());
            done.append((int) rs.stream().filter(RunResult::complete).count());
            if (rs.isEmpty()) minEpochs.appendMissing();
            else minEpochs.append(rs.stream().mapToInt(r -> r.records().size()).min().orElseThrow());
            maxN.append(round2(g.mean(Metric.MAX_N)));
            maxSd.append(round2(g.sd(Metric.MAX_N)));
            t.append(round2(g.mean(Metric.T_HALF)));
            tSd.append(round2(g.sd(Metric.T_HALF)));
            tN.append(g.count(Metric.T_HALF));
            auc.append(round2(g.mean(Metric.AUC)));
            aucSd.append(round2(g.sd(Metric.AUC)));
            mean.append(round2(g.mean(Metric.MEAN_N)));
            meanSd.append(round2(g.sd(Metric.MEAN_N)));
            half.append(globalMax(g.task()));
            var ref = PaperReference.row(g.task(), g.condition());
            pMax.append(ref.map(PaperReference.Row::maxN).orElse(Double.NaN));
            pT.append(ref.map(PaperReference.Row::tHalf).orElse(Double.NaN));
            pAuc.append(ref.map(PaperReference.Row::auc).orElse(Double.NaN));
        }
        return Table.create("summary: mean and SD over runs (" + describe() + ")", task, cond, n, done, minEpochs, maxN, maxSd, t, tSd, tN,
                auc, aucSd, mean, meanSd, half, pMax, pT, pAuc);
    }

    /**
     * Every selected run with its status and whether it enters the metrics: task, condition, seed, schedule, id,
     * status (done, partial, failed), epochs (as stored, before any budget cut), measured ("yes"/"no") and reason
     * (empty for a measured run; the error or the damage found for a failed or damaged one).
     */
    public Table status() {
        StringColumn task = StringColumn.create("task"), cond = StringColumn.create("condition"), sched = StringColumn.create("schedule"),
                id = StringColumn.create("id"), status = StringColumn.create("status"), used = StringColumn.create("measured"),
                reason = StringColumn.create("reason");
        IntColumn seed = IntColumn.create("seed"), epochs = IntColumn.create("epochs");
        for (RunResult r : selected) {
            Optional<String> why = exclusion(r);
            task.append(r.spec().task());
            cond.append(r.spec().condition());
            seed.append((int) r.spec().seed());
            sched.append(r.spec().schedule().label());
            id.append(r.spec().id());
            status.append(statusOf(r));
            epochs.append(r.records().size());
            used.append(why.isEmpty() ? "yes" : "no");
            reason.append(why.orElse(""));
        }
        return Table.create("status of every run (" + (selected.size() - excluded().size()) + " of " + selected.size() + " measured)",
                task, cond, seed, sched, id, status, epochs, used, reason);
    }

    /** What the tables' metrics are taken against, e.g. {@code "t½ at N >= 9.5 = half of 19 (paper) for parity; all epochs"}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        List<String> tasks = taskNames();
        for (int i = 0; i < tasks.size(); i++) {
            String tk = tasks.get(i);
            sb.append(i == 0 ? "t\u00bd at " : ", ");
            try {
                sb.append("N >= ").append(fmt(halfLevel(tk))).append(" = half of ").append(fmt(globalMax(tk))).append(" (")
                        .append(thresholdSource(tk)).append(") for ").append(tk);
            } catch (IllegalArgumentException e) {
                sb.append("no threshold for ").append(tk);
            }
        }
        if (tasks.isEmpty()) sb.append("no runs");
        sb.append(budget > 0 ? "; first " + budget + " epochs" : "; all epochs");
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Results[" + selected.size() + " runs, " + excluded().size() + " left out; " + describe() + "]";
    }

    // ------------------------------------------------------------------ helpers

    private Results filter(Predicate<RunResult> keep) {
        return new Results(selected.stream().filter(keep).toList(), conditionOrder, statedGlobalMax, statedForAll, budget);
    }

    private RunResult cut(RunResult r) {
        return budget > 0 ? r.truncate(budget) : r;
    }

    private String singleTask() {
        List<String> t = taskNames();
        if (t.size() != 1) throw new IllegalStateException("select one task first (task(...)); this view holds " + t);
        return t.get(0);
    }

    private static Curves curvesOf(String task, String condition, List<RunResult> runs) {
        List<double[]> levels = runs.stream().map(RunResult::levels).toList();
        List<Long> seeds = runs.stream().map(r -> r.spec().seed()).toList();
        int longest = levels.stream().mapToInt(l -> l.length).max().orElse(0);
        double[] mean = new double[longest], sd = new double[longest];
        int[] n = new int[longest];
        for (int i = 0; i < longest; i++) {
            double[] v = new double[runs.size()];
            for (int k = 0; k < v.length; k++) {
                double[] l = levels.get(k);
                // a run that stopped because it solved its target keeps its last N; any other run ends where its data ends
                v[k] = i < l.length ? l[i] : solvedTarget(runs.get(k)) && l.length > 0 ? l[l.length - 1] : Double.NaN;
            }
            n[i] = finiteCount(v);
            mean[i] = Metrics.mean(v);
            sd[i] = n[i] >= 2 ? Metrics.sd(v) : Double.NaN;
        }
        return new Curves(task, condition, seeds, levels, mean, sd, n);
    }

    private static boolean solvedTarget(RunResult r) {
        return r.complete() && (r.stop() == TrainingResult.StopReason.TARGET_REACHED || r.stop() == TrainingResult.StopReason.FIXED_LEVEL_SOLVED);
    }

    private static boolean isDamaged(RunResult r) {
        return r.error() != null && r.error().startsWith("corrupt:");
    }

    private static String stripCorrupt(String error) {
        return error.startsWith("corrupt:") ? error.substring("corrupt:".length()).trim() : error;
    }

    /** The run's status as a lower-case word (done, partial, failed). */
    private static String statusOf(RunResult r) {
        return String.valueOf(r.status()).toLowerCase(Locale.ROOT);
    }

    private static int finiteCount(double[] v) {
        int n = 0;
        for (double x : v) if (Double.isFinite(x)) n++;
        return n;
    }

    private static Set<String> names(String what, String... names) {
        Objects.requireNonNull(names, what);
        Set<String> s = new LinkedHashSet<>();
        for (String x : names) s.add(Objects.requireNonNull(x, what + " element"));
        if (s.isEmpty()) throw new IllegalArgumentException("name at least one of the " + what);
        return s;
    }

    private static void checkGlobalMax(double v) {
        if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException("the global max N for t\u00bd must be a positive number, got " + v);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static double round2(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : v;
    }
}
