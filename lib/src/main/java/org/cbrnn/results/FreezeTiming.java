package org.cbrnn.results;

import org.cbrnn.util.Check;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.cbrnn.experiment.Metrics;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.train.EpochRecord;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The effect of freezing the recurrent core, measured as differences paired by seed against a never-frozen baseline
 * (joint training) after the freeze point, at a fixed epoch budget.
 *
 * <pre>{@code
 * FreezeTiming ft = FreezeTiming.builder(runs)          // e.g. two stores' loadAll(), concatenated
 *         .budget(500)                                   // every run is cut to its first 500 epochs
 *         .target(FreezeTiming.Target.level(12))         // for "epochs to N >= 12"
 *         .sharedPrefix(freezeStore)                      // branch.properties: epochs taken from the joint run
 *         .build();
 * Table pairs = ft.pairs();      // one row per (task, condition, seed)
 * Table summary = ft.summary();  // one row per (task, condition, measure): n, mean, 95 % CI, sign-flip p, verdict
 * }</pre>
 *
 * <h2>Conditions and pairs</h2>
 * A condition is a plasticity schedule label ({@code freeze-L4}, {@code freeze-E100}, {@code full-reservoir}, ...) on
 * one task and model. The baseline is the schedule {@link Builder#baseline(String)} (default {@code joint}). A run of a
 * condition is paired with the baseline run of the same task, model and seed; runs with no such partner, runs (of
 * either side) with fewer epochs than the budget, and failed runs are listed by {@link #status()} with the reason
 * and left out.
 *
 * <h2>Where the comparison starts</h2>
 * Runs with one seed are identical until the schedule first departs from joint training, so only what follows can
 * differ. Per pair: the <b>freeze epoch</b> is the condition run's first epoch whose phase is {@code frozen} or
 * {@code refresh} (from its own records), and the <b>window</b> starts at its first epoch whose phase is not
 * {@code joint}: the freeze epoch for a branch of joint training ({@code freeze-L<L>}, {@code freeze-E<E>},
 * {@code freeze-start}), epoch 1 for the paper's reservoirs (they train the core with the cerebellum held from the
 * start, so they differ from epoch 1). A condition run that is still joint at the budget (its freeze point was never
 * reached) is identical to its baseline by construction: it is listed, not measured. A condition run whose levels
 * differ from its baseline's before the window starts is not a branch of it; it is measured but flagged in
 * {@link #pairs()} (column {@code prefix_identical}).
 *
 * <h2>Measures (condition minus baseline, per seed)</h2>
 * <ul>
 *   <li>{@link Measure#AUC}: area under N against epoch from the window start to the budget (trapezoid rule, as
 *       {@link Metrics#auc}); negative = the frozen core learned less.</li>
 *   <li>{@link Measure#EPOCHS_TO_TARGET}: epochs from the window start to the first epoch that trains N ≥ the target
 *       ({@link Target}); positive = slower. A run that does not reach the target by the budget is <em>censored</em>:
 *       it enters with budget - start + 1 epochs (the earliest it could still get there), so its difference is a
 *       lower bound of the true delay when only the condition run is censored (an upper bound when only the
 *       baseline is, which a fixed target can cause), and the pair is left out of this measure when both are. A "costs" verdict on censored pairs is therefore conservative; "no detectable cost"
 *       on them is not evidence of no delay. The summary gives the number of censored pairs.</li>
 *   <li>{@link Measure#MAX_N}: the level trained at the budget; negative = the frozen core got less far.</li>
 * </ul>
 *
 * <h2>Verdict</h2>
 * Per (condition, measure), from the t-based 95 % CI of the mean difference ({@link PairedStats}): "costs" if it lies
 * wholly on the costly side of zero, "gains" if wholly on the other, "no detectable cost" if it contains zero, and
 * "too few seeds" when n &lt; {@value #MIN_SEEDS} (with two seeds the interval has one degree of freedom, and two equal
 * differences give it zero width). With 3-5 seeds the verdict rests on the t interval, whose normality the data cannot
 * check; the sign-flip p-value is reported beside it (it cannot fall below 2 / 2^n: 0.25 for 3 seeds, 0.0625 for 5).
 * These verdicts are per comparison, unadjusted: the summary says how many comparisons it holds. {@link #familyWise()}
 * gives the same verdicts under a Bonferroni correction over the conditions of a task (per measure): the interval at
 * level 1 − (1 − level) / k, k = the task's conditions with at least {@value #MIN_SEEDS} seeds, so that with
 * probability at least the nominal level every interval of the family covers its true difference at once.
 *
 * <h2>Compute saved</h2>
 * A branch that started from the joint run's saved state did not recompute its shared prefix
 * ({@link RunStore#sharedPrefixEpochs(RunSpec)}; {@link Builder#sharedPrefix(RunStore...)}). {@link #design()} adds
 * those epochs up per condition, with the wall time the joint run spent on them (the prefix records' seconds).
 */
public final class FreezeTiming {

    /** The three measures of the effect of freezing; see the class comment. */
    public enum Measure {
        /** AUC of N from the window start to the budget. */
        AUC("AUC after freeze", "d_AUC", "level \u00d7 epochs", -1),
        /** Epochs from the window start to the target N. */
        EPOCHS_TO_TARGET("epochs to target N", "d_epochs_to_target", "epochs", +1),
        /** N trained at the budget. */
        MAX_N("max N at budget", "d_max_N", "levels", -1);

        private final String title;
        private final String column;
        private final String unit;
        private final int costSign;

        Measure(String title, String column, String unit, int costSign) {
            this.title = title;
            this.column = column;
            this.unit = unit;
            this.costSign = costSign;
        }

        /** A short name for tables and panel titles, e.g. "AUC after freeze". */
        public String title() {
            return title;
        }

        /** The column of {@link FreezeTiming#pairs()} holding its differences, e.g. {@code d_AUC}. */
        public String column() {
            return column;
        }

        /** Its unit, e.g. "epochs". */
        public String unit() {
            return unit;
        }

        /** -1 if a negative difference is a cost (AUC, max N), +1 if a positive one is (epochs to target). */
        public int costSign() {
            return costSign;
        }
    }

    /** The level N that {@link Measure#EPOCHS_TO_TARGET} waits for, per pair. */
    public interface Target {
        /** The target for a pair, given the baseline run cut to the budget. */
        int level(RunResult baselineAtBudget);

        /** How tables describe it, e.g. "N >= 12" or "the baseline's N at the budget". */
        String describe();

        /** A fixed level. */
        static Target level(int n) {
            if (n < 1) throw new IllegalArgumentException("target level must be >= 1, got " + n);
            return new Target() {
                @Override
                public int level(RunResult baseline) {
                    return n;
                }

                @Override
                public String describe() {
                    return "N >= " + n;
                }
            };
        }

        /** The level the seed's baseline run trains at the budget (the baseline always reaches it: never censored). */
        static Target baselineAtBudget() {
            return new Target() {
                @Override
                public int level(RunResult baseline) {
                    return baseline.records().get(baseline.records().size() - 1).level();
                }

                @Override
                public String describe() {
                    return "the baseline's N at the budget (per seed)";
                }
            };
        }
    }

    /**
     * One paired seed of one condition.
     *
     * @param task          the task
     * @param condition     the condition's schedule label
     * @param seed          the seed
     * @param freezeEpoch   the first frozen (or refresh) epoch of the condition run
     * @param fromEpoch     the window start (see the class comment)
     * @param levelAtFreeze N trained at the freeze epoch
     * @param prefixIdentical whether the levels of both runs agree before the window start
     * @param sharedPrefix  epochs the condition run took from another run's saved state instead of computing them
     * @param prefixSeconds the wall time those epochs had cost (the records' seconds)
     * @param computed      epochs within the budget the condition run computed itself
     * @param auc           AUC of the condition run over the window
     * @param baseAuc       AUC of the baseline over the window
     * @param target        the target level of {@link Measure#EPOCHS_TO_TARGET}
     * @param toTarget      epochs from the window start to the target (censored: budget - start + 1)
     * @param baseToTarget  the baseline's
     * @param censored      whether the condition run did not reach the target by the budget
     * @param baseCensored  whether the baseline did not
     * @param maxN          N at the budget
     * @param baseMaxN      the baseline's
     */
    public record Pair(String task, String condition, long seed, int freezeEpoch, int fromEpoch, int levelAtFreeze,
                       boolean prefixIdentical, int sharedPrefix, double prefixSeconds, int computed, double auc, double baseAuc,
                       int target, int toTarget, int baseToTarget, boolean censored, boolean baseCensored, int maxN, int baseMaxN) {
        public Pair {
            Check.notNull("task", task);
            Check.notNull("condition", condition);
        }

        /** The difference (condition minus baseline) of {@code m}; NaN for epochs-to-target when both are censored. */
        public double difference(Measure measure) {
            Check.notNull("measure", measure);
            return switch (measure) {
                case AUC -> auc - baseAuc;
                case EPOCHS_TO_TARGET -> censored && baseCensored ? Double.NaN : toTarget - baseToTarget;
                case MAX_N -> maxN - baseMaxN;
            };
        }
    }

    /**
     * The paired differences of one (task, condition, measure) and their summary.
     *
     * @param task        the task
     * @param condition   the condition's schedule label
     * @param measure     the measure
     * @param seeds       the seeds behind {@code differences}, in order
     * @param differences condition minus baseline per seed (finite values only)
     * @param stats       their mean, CI and sign-flip p
     * @param censored    pairs whose condition run was censored (epochs to target only)
     * @param freezeEpoch mean freeze epoch over the condition's pairs (for ordering)
     * @param verdict     "costs", "gains", "no detectable cost" or "too few seeds" (see the class comment)
     */
    public record Comparison(String task, String condition, Measure measure, List<Long> seeds, double[] differences,
                             PairedStats stats, int censored, double freezeEpoch, String verdict) {
        public Comparison {
            Check.notNull("task", task);
            Check.notNull("condition", condition);
            Check.notNull("measure", measure);
            Check.notNull("seeds", seeds);
            Check.notNull("differences", differences);
            Check.notNull("stats", stats);
            Check.notNull("verdict", verdict);
            seeds = List.copyOf(seeds);
            differences = differences.clone();
        }

        @Override
        public double[] differences() {
            return differences.clone();
        }
    }

    /** The fewest paired seeds a verdict is given for. */
    public static final int MIN_SEEDS = 3;

    private record Key(String task, ModelConfig model, long seed) {}

    private final int budget;
    private final String baseline;
    private final double level;
    private final Target defaultTarget;
    private final Map<String, Target> targets;
    private final List<Pair> pairs = new ArrayList<>();
    private final List<String[]> status = new ArrayList<>(); // task, condition, seed, measured, reason
    private final Map<String, List<RunResult>> baselineRuns = new LinkedHashMap<>(); // task -> baseline runs cut
    private final Map<String, List<RunResult>> conditionRuns = new LinkedHashMap<>(); // task|condition -> measured runs cut
    private final List<String[]> order = new ArrayList<>(); // (task, condition) in order of mean freeze epoch

    private FreezeTiming(Builder b) {
        this.budget = b.budget;
        this.baseline = b.baseline;
        this.level = b.level;
        this.defaultTarget = b.target;
        this.targets = Map.copyOf(b.targets);
        Map<Key, RunResult> base = new LinkedHashMap<>();
        for (RunResult r : b.runs) {
            if (!r.spec().schedule().label().equals(baseline)) continue;
            Key k = key(r);
            Optional<String> why = unusable(r);
            if (why.isPresent()) {
                addStatus(r, "no", "baseline left out: " + why.get());
            } else if (base.containsKey(k)) {
                addStatus(r, "no", "baseline duplicate of seed " + k.seed() + " (the first one is used)");
            } else {
                base.put(k, r.truncate(budget));
                baselineRuns.computeIfAbsent(r.spec().task(), t -> new ArrayList<>()).add(r.truncate(budget));
            }
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (RunResult r : b.runs) {
            String label = r.spec().schedule().label();
            if (label.equals(baseline)) continue;
            String cell = r.spec().task() + "|" + label;
            Optional<String> why = unusable(r);
            RunResult partner = base.get(key(r));
            if (why.isPresent()) {
                addStatus(r, "no", why.get());
                continue;
            }
            if (partner == null) {
                addStatus(r, "no", "no " + baseline + " run of seed " + r.spec().seed() + " with the same task and model (reaching epoch " + budget + ")");
                continue;
            }
            if (!seen.add(cell + "|" + key(r))) {
                addStatus(r, "no", "duplicate of seed " + r.spec().seed() + " (the first one is used)");
                continue;
            }
            RunResult cut = r.truncate(budget);
            int freeze = firstPhase(cut, true);
            int from = firstPhase(cut, false);
            if (freeze == 0 || from == 0) {
                addStatus(r, "no", "never frozen within the " + budget + " epochs: identical to " + baseline + " by construction");
                continue;
            }
            int prefix = b.sharedPrefix.applyAsInt(r.spec());
            pairs.add(pair(cut, partner, freeze, from, prefix));
            conditionRuns.computeIfAbsent(cell, c -> new ArrayList<>()).add(cut);
            addStatus(r, "yes", "");
        }
        // conditions ordered by mean freeze epoch (ties: first appearance), per task in order of appearance
        Map<String, double[]> freezeMean = new LinkedHashMap<>();
        for (Pair p : pairs) {
            double[] acc = freezeMean.computeIfAbsent(p.task() + "|" + p.condition(), c -> new double[2]);
            acc[0] += p.freezeEpoch();
            acc[1]++;
        }
        List<String> tasks = new ArrayList<>();
        for (String c : freezeMean.keySet()) {
            String t = c.substring(0, c.indexOf('|'));
            if (!tasks.contains(t)) tasks.add(t);
        }
        for (String t : tasks) {
            freezeMean.entrySet().stream().filter(e -> e.getKey().startsWith(t + "|"))
                    .sorted(Comparator.comparingDouble(e -> e.getValue()[0] / e.getValue()[1]))
                    .forEach(e -> order.add(new String[] {t, e.getKey().substring(t.length() + 1)}));
        }
    }

    /** A builder over {@code runs}: condition and baseline runs together (for example two stores' runs concatenated). */
    public static Builder builder(List<RunResult> runs) {
        return new Builder(runs);
    }

    /** Builds a {@link FreezeTiming}. */
    public static final class Builder {
        private final List<RunResult> runs;
        private String baseline = "joint";
        private int budget;
        private double level = 0.95;
        private Target target = Target.baselineAtBudget();
        private final Map<String, Target> targets = new LinkedHashMap<>();
        private ToIntFunction<RunSpec> sharedPrefix = s -> 0;

        private Builder(List<RunResult> runs) {
            this.runs = List.copyOf(Objects.requireNonNull(runs, "runs"));
        }

        /** The schedule label of the never-frozen baseline (default {@code joint}). */
        public Builder baseline(String scheduleLabel) {
            this.baseline = Objects.requireNonNull(scheduleLabel, "scheduleLabel");
            return this;
        }

        /** The epoch budget every measure is taken at (required). */
        public Builder budget(int epochs) {
            if (epochs < 1) throw new IllegalArgumentException("budget must be >= 1, got " + epochs);
            this.budget = epochs;
            return this;
        }

        /** The confidence level of the intervals (default 0.95). */
        public Builder confidence(double level) {
            if (!(level > 0 && level < 1)) throw new IllegalArgumentException("confidence must be in (0, 1), got " + level);
            this.level = level;
            return this;
        }

        /** The target of {@link Measure#EPOCHS_TO_TARGET} for every task (default {@link Target#baselineAtBudget()}). */
        public Builder target(Target target) {
            this.target = Check.notNull("target", target);
            return this;
        }

        /** The target of {@link Measure#EPOCHS_TO_TARGET} for one task. */
        public Builder target(String task, Target target) {
            targets.put(Check.notNull("task", task), Check.notNull("target", target));
            return this;
        }

        /** Where the shared-prefix epochs of a run are read (default: none shared). */
        public Builder sharedPrefix(ToIntFunction<RunSpec> epochsOf) {
            this.sharedPrefix = Objects.requireNonNull(epochsOf, "epochsOf");
            return this;
        }

        /** Shared-prefix epochs from these stores ({@link RunStore#sharedPrefixEpochs(RunSpec)}; the largest answer). */
        public Builder sharedPrefix(RunStore... stores) {
            List<RunStore> s = List.of(Objects.requireNonNull(stores, "stores"));
            return sharedPrefix(spec -> s.stream().mapToInt(st -> st.sharedPrefixEpochs(spec)).max().orElse(0));
        }

        /** The analysis. */
        public FreezeTiming build() {
            if (budget < 1) throw new IllegalStateException("state the epoch budget with budget(epochs)");
            return new FreezeTiming(this);
        }
    }

    // ------------------------------------------------------------------ results

    /** The budget every measure is taken at. */
    public int budget() {
        return budget;
    }

    /** The baseline's schedule label. */
    public String baseline() {
        return baseline;
    }

    /** The target of {@link Measure#EPOCHS_TO_TARGET} on {@code task}. */
    public Target target(String task) {
        return targets.getOrDefault(task, defaultTarget);
    }

    /** Every measured pair, in the order the runs were given. */
    public List<Pair> pairList() {
        return List.copyOf(pairs);
    }

    /** The tasks with at least one measured pair, in order of appearance. */
    public List<String> tasks() {
        List<String> t = new ArrayList<>();
        for (String[] c : order) if (!t.contains(c[0])) t.add(c[0]);
        return t;
    }

    /** The conditions of {@code task} with at least one measured pair, earliest mean freeze epoch first. */
    public List<String> conditions(String task) {
        return order.stream().filter(c -> c[0].equals(task)).map(c -> c[1]).toList();
    }

    /** The baseline runs of {@code task} that can be paired (cut to the budget). */
    public List<RunResult> baselineRuns(String task) {
        return List.copyOf(baselineRuns.getOrDefault(task, List.of()));
    }

    /** The measured runs of a condition (cut to the budget), in the order of {@link #pairList()}. */
    public List<RunResult> conditionRuns(String task, String condition) {
        return List.copyOf(conditionRuns.getOrDefault(task + "|" + condition, List.of()));
    }

    /** The baseline runs paired with a condition's runs, in the same order as {@link #conditionRuns}. */
    public List<RunResult> pairedBaselineRuns(String task, String condition) {
        List<RunResult> out = new ArrayList<>();
        for (RunResult r : conditionRuns(task, condition)) {
            for (RunResult b : baselineRuns(task)) if (key(b).equals(key(r))) out.add(b);
        }
        return out;
    }

    /** The comparison of one (task, condition, measure). */
    public Comparison comparison(String task, String condition, Measure m) {
        List<Long> seeds = new ArrayList<>();
        List<Double> d = new ArrayList<>();
        int censored = 0;
        double freezeSum = 0;
        int pairsN = 0;
        for (Pair p : pairs) {
            if (!p.task().equals(task) || !p.condition().equals(condition)) continue;
            freezeSum += p.freezeEpoch();
            pairsN++;
            double x = p.difference(m);
            if (m == Measure.EPOCHS_TO_TARGET && p.censored()) censored++;
            if (Double.isFinite(x)) {
                seeds.add(p.seed());
                d.add(x);
            }
        }
        if (pairsN == 0) throw new IllegalArgumentException("no measured pair of " + task + " / " + condition + "; conditions: " + conditions(task));
        double[] diffs = d.stream().mapToDouble(Double::doubleValue).toArray();
        PairedStats s = PairedStats.of(diffs, level);
        return new Comparison(task, condition, m, seeds, diffs, s, censored, freezeSum / pairsN, verdict(s, m));
    }

    /** Every comparison of {@code task} for {@code m}, earliest freeze first. */
    public List<Comparison> comparisons(String task, Measure m) {
        return conditions(task).stream().map(c -> comparison(task, c, m)).toList();
    }

    /** The verdict of a summary under {@code m}'s cost direction (see the class comment). */
    public static String verdict(PairedStats s, Measure m) {
        Check.notNull("s", s);
        Check.notNull("m", m);
        if (s.n() < MIN_SEEDS) return "too few seeds";
        boolean costly = m.costSign() < 0 ? s.below() : s.above();
        boolean better = m.costSign() < 0 ? s.above() : s.below();
        return costly ? "costs" : better ? "gains" : "no detectable cost";
    }

    // ------------------------------------------------------------------ tables

    /**
     * One row per measured pair: task, condition, seed, freeze_epoch, from_epoch, N_at_freeze, prefix_identical,
     * shared_prefix, AUC, AUC_base, d_AUC, target_N, to_target, to_target_base, censored (condition run did not reach
     * the target: "yes"/"no"; "both" if neither did), d_epochs_to_target, max_N, max_N_base, d_max_N.
     */
    public Table pairs() {
        StringColumn task = StringColumn.create("task"), cond = StringColumn.create("condition"), ident = StringColumn.create("prefix_identical"),
                cens = StringColumn.create("censored");
        IntColumn seed = IntColumn.create("seed"), freeze = IntColumn.create("freeze_epoch"), from = IntColumn.create("from_epoch"),
                nFreeze = IntColumn.create("N_at_freeze"), prefix = IntColumn.create("shared_prefix"), target = IntColumn.create("target_N"),
                tt = IntColumn.create("to_target"), ttBase = IntColumn.create("to_target_base"), maxN = IntColumn.create("max_N"),
                maxBase = IntColumn.create("max_N_base");
        DoubleColumn auc = DoubleColumn.create("AUC"), aucBase = DoubleColumn.create("AUC_base"), dAuc = DoubleColumn.create(Measure.AUC.column()),
                dTt = DoubleColumn.create(Measure.EPOCHS_TO_TARGET.column()), dMax = DoubleColumn.create(Measure.MAX_N.column());
        for (String[] c : order) {
            for (Pair p : pairs) {
                if (!p.task().equals(c[0]) || !p.condition().equals(c[1])) continue;
                task.append(p.task());
                cond.append(p.condition());
                seed.append((int) p.seed());
                freeze.append(p.freezeEpoch());
                from.append(p.fromEpoch());
                nFreeze.append(p.levelAtFreeze());
                ident.append(p.prefixIdentical() ? "yes" : "no");
                prefix.append(p.sharedPrefix());
                auc.append(round1(p.auc()));
                aucBase.append(round1(p.baseAuc()));
                dAuc.append(round1(p.difference(Measure.AUC)));
                target.append(p.target());
                tt.append(p.toTarget());
                ttBase.append(p.baseToTarget());
                cens.append(p.censored() && p.baseCensored() ? "both" : p.censored() ? "yes" : p.baseCensored() ? "baseline" : "no");
                dTt.append(p.difference(Measure.EPOCHS_TO_TARGET));
                maxN.append(p.maxN());
                maxBase.append(p.baseMaxN());
                dMax.append(p.difference(Measure.MAX_N));
            }
        }
        return Table.create("paired differences, condition minus " + baseline + " (first " + budget + " epochs)", task, cond, seed, freeze,
                from, nFreeze, ident, prefix, auc, aucBase, dAuc, target, tt, ttBase, cens, dTt, maxN, maxBase, dMax);
    }

    /**
     * One row per (task, condition, measure), conditions earliest freeze first: task, condition, freeze_epoch (mean over
     * the pairs), measure, unit, n, mean (mean difference), sd, ci_low, ci_high, p_sign_flip, censored, verdict. The
     * table's name states the budget, the target, the confidence level and how many comparisons it holds.
     */
    public Table summary() {
        StringColumn task = StringColumn.create("task"), cond = StringColumn.create("condition"), meas = StringColumn.create("measure"),
                unit = StringColumn.create("unit"), verdict = StringColumn.create("verdict");
        IntColumn n = IntColumn.create("n"), cens = IntColumn.create("censored");
        DoubleColumn freeze = DoubleColumn.create("freeze_epoch"), mean = DoubleColumn.create("mean"), sd = DoubleColumn.create("sd"),
                lo = DoubleColumn.create("ci_low"), hi = DoubleColumn.create("ci_high"), p = DoubleColumn.create("p_sign_flip");
        int rows = 0;
        for (String[] c : order) {
            for (Measure m : Measure.values()) {
                Comparison k = comparison(c[0], c[1], m);
                PairedStats s = k.stats();
                task.append(c[0]);
                cond.append(c[1]);
                freeze.append(round1(k.freezeEpoch()));
                meas.append(m.title());
                unit.append(m.unit());
                n.append(s.n());
                mean.append(round1(s.mean()));
                sd.append(round1(s.sd()));
                lo.append(round1(s.low()));
                hi.append(round1(s.high()));
                p.append(Double.isFinite(s.pSignFlip()) ? Math.round(s.pSignFlip() * 10000) / 10000.0 : Double.NaN);
                cens.append(k.censored());
                verdict.append(k.verdict());
                rows++;
            }
        }
        return Table.create(String.format(Locale.ROOT, "effect of freezing vs %s at %d epochs: mean paired difference, %s CI (t), "
                        + "sign-flip p; target %s; %d comparisons, unadjusted", baseline, budget, pct(level), describeTargets(), rows),
                task, cond, freeze, meas, unit, n, mean, sd, lo, hi, p, cens, verdict);
    }

    /**
     * The verdicts under a Bonferroni correction over the conditions of each task (per measure; see the class comment):
     * one row per (task, condition, measure) with at least {@value #MIN_SEEDS} seeds, conditions earliest freeze first:
     * task, condition, measure, n, k (the family's size), level (the per-interval level 1 − (1 − level) / k), mean,
     * ci_low, ci_high, verdict (as {@link #verdict}, on the wider interval).
     */
    public Table familyWise() {
        StringColumn task = StringColumn.create("task"), cond = StringColumn.create("condition"), meas = StringColumn.create("measure"),
                verdict = StringColumn.create("verdict");
        IntColumn n = IntColumn.create("n"), k = IntColumn.create("k");
        DoubleColumn lev = DoubleColumn.create("level"), mean = DoubleColumn.create("mean"), lo = DoubleColumn.create("ci_low"),
                hi = DoubleColumn.create("ci_high");
        for (Measure m : Measure.values()) {
            for (String t : tasks()) {
                List<Comparison> family = new ArrayList<>();
                for (String[] c : order) {
                    if (!c[0].equals(t)) continue;
                    Comparison cmp = comparison(t, c[1], m);
                    if (cmp.stats().n() >= MIN_SEEDS) family.add(cmp);
                }
                double adjusted = 1 - (1 - level) / Math.max(1, family.size());
                for (Comparison cmp : family) {
                    PairedStats s = PairedStats.of(cmp.differences(), adjusted);
                    task.append(t);
                    cond.append(cmp.condition());
                    meas.append(m.title());
                    n.append(s.n());
                    k.append(family.size());
                    lev.append(Math.round(adjusted * 10000) / 10000.0);
                    mean.append(round1(s.mean()));
                    lo.append(round1(s.low()));
                    hi.append(round1(s.high()));
                    verdict.append(verdict(s, m));
                }
            }
        }
        return Table.create(String.format(Locale.ROOT, "family-wise verdicts vs %s at %d epochs: Bonferroni over each task's conditions "
                + "(per measure), %s overall", baseline, budget, pct(level)), task, cond, meas, n, k, lev, mean, lo, hi, verdict);
    }

    /**
     * The verdicts side by side: one row per (task, condition), earliest freeze first: task, condition, n (pairs),
     * freeze_epoch (mean), and per measure its mean difference with CI as text ("-12.5 [-20.1, -4.9]") and its verdict.
     */
    public Table verdicts() {
        StringColumn task = StringColumn.create("task"), cond = StringColumn.create("condition");
        IntColumn n = IntColumn.create("n");
        DoubleColumn freeze = DoubleColumn.create("freeze_epoch");
        Map<Measure, StringColumn> est = new LinkedHashMap<>(), ver = new LinkedHashMap<>();
        for (Measure m : Measure.values()) {
            est.put(m, StringColumn.create(m.title() + " (" + m.unit() + ")"));
            ver.put(m, StringColumn.create(m.column() + " verdict"));
        }
        for (String[] c : order) {
            task.append(c[0]);
            cond.append(c[1]);
            int pairsN = (int) pairs.stream().filter(p -> p.task().equals(c[0]) && p.condition().equals(c[1])).count();
            n.append(pairsN);
            boolean first = true;
            for (Measure m : Measure.values()) {
                Comparison k = comparison(c[0], c[1], m);
                if (first) freeze.append(round1(k.freezeEpoch()));
                first = false;
                PairedStats s = k.stats();
                String text = s.n() >= 2 ? String.format(Locale.ROOT, "%s [%s, %s]", num(s.mean()), num(s.low()), num(s.high()))
                        : s.n() == 1 ? num(s.mean()) + " (one seed)" : "none";
                if (k.censored() > 0) text += " (" + k.censored() + " censored)";
                est.get(m).append(text);
                ver.get(m).append(k.verdict());
            }
        }
        Table t = Table.create("verdicts vs " + baseline + " at " + budget + " epochs (" + pct(level) + " CI of the mean paired difference)",
                task, cond, n, freeze);
        for (Measure m : Measure.values()) t.addColumns(est.get(m), ver.get(m));
        return t;
    }

    /**
     * The study design per (task, condition), earliest freeze first: task, condition, seeds (paired, e.g. "1,3,5"), n,
     * freeze_min, freeze_max (freeze epochs over the seeds), N_at_freeze (range as text), from_epoch (window start:
     * "freeze" or 1), shared_epochs (taken from the joint runs' saved states), computed_epochs (computed by the
     * condition runs themselves within the budget), saved (shared / (shared + computed), percent), saved_hours (the wall time the
     * shared epochs had cost).
     */
    public Table design() {
        StringColumn task = StringColumn.create("task"), cond = StringColumn.create("condition"), seeds = StringColumn.create("seeds"),
                nAt = StringColumn.create("N_at_freeze"), from = StringColumn.create("from_epoch");
        IntColumn n = IntColumn.create("n"), fMin = IntColumn.create("freeze_min"), fMax = IntColumn.create("freeze_max"),
                shared = IntColumn.create("shared_epochs"), computed = IntColumn.create("computed_epochs");
        DoubleColumn saved = DoubleColumn.create("saved_percent"), hours = DoubleColumn.create("saved_hours");
        for (String[] c : order) {
            List<Pair> ps = pairs.stream().filter(p -> p.task().equals(c[0]) && p.condition().equals(c[1])).toList();
            task.append(c[0]);
            cond.append(c[1]);
            seeds.append(String.join(",", ps.stream().map(p -> Long.toString(p.seed())).toList()));
            n.append(ps.size());
            fMin.append(ps.stream().mapToInt(Pair::freezeEpoch).min().orElseThrow());
            fMax.append(ps.stream().mapToInt(Pair::freezeEpoch).max().orElseThrow());
            int lo = ps.stream().mapToInt(Pair::levelAtFreeze).min().orElseThrow(), hi = ps.stream().mapToInt(Pair::levelAtFreeze).max().orElseThrow();
            nAt.append(lo == hi ? Integer.toString(lo) : lo + "-" + hi);
            from.append(ps.stream().allMatch(p -> p.fromEpoch() == p.freezeEpoch()) ? "freeze" : ps.stream().allMatch(p -> p.fromEpoch() == 1) ? "1" : "mixed");
            int s = ps.stream().mapToInt(Pair::sharedPrefix).sum(), k = ps.stream().mapToInt(Pair::computed).sum();
            shared.append(s);
            computed.append(k);
            saved.append(s + k == 0 ? Double.NaN : round1(100.0 * s / (s + k)));
            hours.append(Math.round(ps.stream().mapToDouble(Pair::prefixSeconds).sum() / 36.0) / 100.0);
        }
        return Table.create("design: paired seeds, freeze epochs and shared prefixes (first " + budget + " epochs)", task, cond, seeds, n,
                fMin, fMax, nAt, from, shared, computed, saved, hours);
    }

    /**
     * Every run considered, with whether it is measured and why not: task, condition (schedule label), seed, role
     * (baseline or condition), epochs (as stored), measured ("yes"/"no"), reason.
     */
    public Table status() {
        StringColumn task = StringColumn.create("task"), cond = StringColumn.create("condition"), role = StringColumn.create("role"),
                used = StringColumn.create("measured"), reason = StringColumn.create("reason");
        IntColumn seed = IntColumn.create("seed"), epochs = IntColumn.create("epochs");
        for (String[] s : status) {
            task.append(s[0]);
            cond.append(s[1]);
            seed.append(Integer.parseInt(s[2]));
            role.append(s[1].equals(baseline) ? "baseline" : "condition");
            epochs.append(Integer.parseInt(s[3]));
            used.append(s[4]);
            reason.append(s[5]);
        }
        long measured = status.stream().filter(s -> s[4].equals("yes")).count();
        return Table.create("status of the condition runs (" + measured + " of " + status.stream().filter(s -> !s[1].equals(baseline)).count()
                + " measured) and of left-out baseline runs", task, cond, seed, role, epochs, used, reason);
    }

    /** Total epochs the measured condition runs took from shared prefixes, and what they computed within the budget. */
    public int[] sharedAndComputed() {
        return new int[] {pairs.stream().mapToInt(Pair::sharedPrefix).sum(), pairs.stream().mapToInt(Pair::computed).sum()};
    }

    @Override
    public String toString() {
        return "FreezeTiming[" + pairs.size() + " pairs vs " + baseline + " at " + budget + " epochs, " + order.size() + " conditions]";
    }

    // ------------------------------------------------------------------ helpers

    private Pair pair(RunResult cut, RunResult base, int freeze, int from, int prefix) {
        String task = cut.spec().task();
        double[] lv = cut.levels(), blv = base.levels();
        boolean identical = true;
        for (int i = 0; i < from - 1; i++) if (lv[i] != blv[i]) identical = false;
        double[] win = java.util.Arrays.copyOfRange(lv, from - 1, budget), bwin = java.util.Arrays.copyOfRange(blv, from - 1, budget);
        int target = target(task).level(base);
        int cap = budget - from + 1;
        double t = Metrics.epochsToLevel(win, target), bt = Metrics.epochsToLevel(bwin, target);
        int shared = Math.min(prefix, budget);
        double prefixSeconds = cut.records().subList(0, Math.min(shared, cut.records().size())).stream().mapToDouble(EpochRecord::seconds).sum();
        return new Pair(task, cut.spec().schedule().label(), cut.spec().seed(), freeze, from, cut.levelAt(freeze), identical, shared,
                prefixSeconds, budget - shared, Metrics.auc(win), Metrics.auc(bwin), target,
                Double.isNaN(t) ? cap : (int) t - 1, Double.isNaN(bt) ? cap : (int) bt - 1, Double.isNaN(t), Double.isNaN(bt),
                cut.levelAt(budget), base.levelAt(budget));
    }

    /** The first epoch (1-based) whose phase is frozen or refresh ({@code frozen}), or not joint; 0 if none. */
    private static int firstPhase(RunResult r, boolean frozen) {
        for (EpochRecord e : r.records()) {
            boolean hit = frozen ? e.phase() == EpochRecord.Phase.FROZEN || e.phase() == EpochRecord.Phase.REFRESH : e.phase() != EpochRecord.Phase.JOINT;
            if (hit) return e.epoch();
        }
        return 0;
    }

    private Optional<String> unusable(RunResult r) {
        if (r.failed()) return Optional.of("failed: " + r.error().lines().findFirst().orElse(""));
        if (r.records().size() < budget) return Optional.of("has " + r.records().size() + " of the " + budget + " epochs of the budget");
        return Optional.empty();
    }

    private void addStatus(RunResult r, String measured, String reason) {
        status.add(new String[] {r.spec().task(), r.spec().schedule().label(), Long.toString(r.spec().seed()), Integer.toString(r.records().size()),
            measured, reason});
    }

    private static Key key(RunResult r) {
        return new Key(r.spec().task(), r.spec().model(), r.spec().seed());
    }

    private String describeTargets() {
        if (targets.isEmpty()) return defaultTarget.describe();
        StringBuilder sb = new StringBuilder(defaultTarget.describe());
        targets.forEach((t, v) -> sb.append(", ").append(v.describe()).append(" for ").append(t));
        return sb.toString();
    }

    private static String pct(double level) {
        double p = level * 100;
        return (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p)) + " %";
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.1f", v);
    }

    private static double round1(double v) {
        return Double.isFinite(v) ? Math.round(v * 10) / 10.0 : v;
    }
}
