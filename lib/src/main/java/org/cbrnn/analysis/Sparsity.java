package org.cbrnn.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cbrnn.analysis.ActivityRecorder.Population;
import org.cbrnn.model.Model;
import org.cbrnn.task.Batch;
import org.cbrnn.task.Task;
import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Sparseness of a population's activity (docs/protocol.md §9.7), by default the granule layer. For n non-negative
 * rates r_1..r_n the Treves-Rolls sparseness, normalised to [0, 1] (Vinje & Gallant),
 * <pre>
 *   S = (1 − (Σ r_i / n)² / (Σ r_i² / n)) / (1 − 1/n)
 * </pre>
 * is 0 when all n are equally active and 1 when one alone is; for k equally active of n it is (1 − k/n)/(1 − 1/n).
 * <ul>
 *   <li><b>Population sparseness</b>: S over the units at one sample (one step of one sequence), averaged over the
 *       samples in which some unit is active (silent samples are counted, not averaged).</li>
 *   <li><b>Lifetime sparseness</b>: S of one unit over all samples, averaged over the units that are ever active
 *       (silent units are counted).</li>
 *   <li>The fraction of active units (r &gt; 0) per sample, averaged over all samples.</li>
 * </ul>
 * At a level N the network runs intact on {@value Dimensionality#PAPER_BATCHES} x {@value Dimensionality#PAPER_BATCH_SIZE}
 * sequences at N (as {@link Dimensionality}) from {@code Rng.of(seed, "sparsity-N<level>")}, and every step of every
 * sequence is a sample. The measures need non-negative activity (ReLU layers: GC, PC); the others are refused.
 */
public final class Sparsity {
    private Sparsity() {}

    /**
     * The measures of one population at one level.
     *
     * @param silentSamples samples with no active unit (left out of the population mean)
     * @param silentUnits   units never active (left out of the lifetime mean)
     */
    public record Result(int level, Population population, int units, long samples, double populationSparseness,
                         double lifetimeSparseness, double activeFraction, long silentSamples, int silentUnits) {
        public Result {
            Check.notNull("population", population);
        }
    }

    /** S of {@code n} rates at {@code r[offset], r[offset + stride], ...}; NaN if all are 0 or n &lt; 2. */
    public static double sparseness(double[] r, int offset, int n, int stride) {
        Check.notNull("r", r);
        if (n < 2) return Double.NaN;
        double s = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            double v = r[offset + i * stride];
            if (v < 0) throw new IllegalArgumentException("sparseness needs non-negative rates, got " + v);
            s += v;
            s2 += v * v;
        }
        return fromSums(s, s2, n);
    }

    /** S of all values of {@code r}. */
    public static double sparseness(double[] r) {
        Check.notNull("r", r);
        return sparseness(r, 0, r.length, 1);
    }

    private static double fromSums(double s, double s2, long n) {
        if (!(s2 > 0)) return Double.NaN;
        double m = s / n, m2 = s2 / n;
        // clamp rounding below 0 (all rates equal)
        return Math.max(0, (1 - m * m / m2) / (1 - 1.0 / n));
    }

    /** Streams samples (rows of {@code width} non-negative rates) into the three measures. */
    public static final class Accumulator {
        private final int width;
        private final double[] sum, sum2;
        private long samples, silentSamples;
        private double popSum, activeSum;

        public Accumulator(int width) {
            this.width = Check.positive("width", width);
            if (width < 2) throw new IllegalArgumentException("width must be at least 2 units for a sparseness, got " + width);
            sum = new double[width];
            sum2 = new double[width];
        }

        /** Adds {@code rows} samples from {@code data[(first + r) * width + unit]}. */
        public void addRows(double[] data, int first, int rows) {
            Check.notNull("data", data);
            if (first < 0 || rows < 0 || (long) (first + rows) * width > data.length) {
                throw new IllegalArgumentException("rows [" + first + ", " + (first + rows) + ") exceed data of " + data.length / width + " rows");
            }
            for (int r = first; r < first + rows; r++) {
                int o = r * width;
                double s = 0, s2 = 0;
                int active = 0;
                for (int i = 0; i < width; i++) {
                    double v = data[o + i];
                    if (v < 0) throw new IllegalArgumentException("sparseness needs non-negative rates, got " + v + " (row " + r + ", unit " + i + ")");
                    s += v;
                    s2 += v * v;
                    sum[i] += v;
                    sum2[i] += v * v;
                    if (v > 0) active++;
                }
                samples++;
                activeSum += (double) active / width;
                double p = fromSums(s, s2, width);
                if (Double.isNaN(p)) silentSamples++;
                else popSum += p;
            }
        }

        public long samples() {
            return samples;
        }

        /** The measures so far, labelled with {@code level} and {@code population}. */
        public Result result(int level, Population population) {
            Check.notNull("population", population);
            double life = 0;
            int silent = 0;
            for (int i = 0; i < width; i++) {
                double l = fromSums(sum[i], sum2[i], samples);
                if (Double.isNaN(l)) silent++;
                else life += l;
            }
            long active = samples - silentSamples;
            return new Result(level, population, width, samples, active > 0 ? popSum / active : Double.NaN,
                    silent < width ? life / (width - silent) : Double.NaN, samples > 0 ? activeSum / samples : Double.NaN, silentSamples, silent);
        }
    }

    /** {@code population} (GRANULE or PURKINJE) of {@code model} at {@code level}. */
    public static Result measure(Model model, Task task, int level, Population population, int batches, int batchSize, long seed) {
        Check.notNull("model", model);
        Check.notNull("task", task);
        Check.notNull("population", population);
        Check.inRange("level", level, task.minLevel(), task.maxLevel());
        Check.positive("batches", batches);
        Check.positive("batchSize", batchSize);
        if (population != Population.GRANULE && population != Population.PURKINJE) {
            throw new IllegalArgumentException("population must be GRANULE or PURKINJE (non-negative ReLU rates), got " + population);
        }
        ActivityRecorder rec = new ActivityRecorder(model);
        if (!rec.hasCerebellum()) throw new IllegalArgumentException("model must have a cerebellar module, got " + model.config().label());
        Accumulator acc = new Accumulator(rec.width(population));
        Rng rng = Rng.of(seed, "sparsity-N" + level);
        for (int i = 0; i < batches; i++) {
            Batch batch = task.sample(level, batchSize, rng);
            float[] h0 = model.initialState(batchSize, rng);
            var tr = rec.record(batch, h0, true).trace(population);
            acc.addRows(tr.values(), 0, tr.steps() * tr.batchSize());
        }
        return acc.result(level, population);
    }

    /** The granule layer at every level of one network (a map level → model, e.g. {@link LevelCheckpoints#of}). */
    public static List<Result> acrossLevels(Map<Integer, Model> network, Task task, int batches, int batchSize, long seed) {
        Check.notNull("network", network);
        Check.notNull("task", task);
        List<Result> out = new ArrayList<>();
        new java.util.TreeMap<>(network).forEach((level, m) -> out.add(measure(m, task, level, Population.GRANULE, batches, batchSize, seed)));
        return out;
    }

    /** Columns N, population, units, samples, population_sparseness, lifetime_sparseness, active_fraction, silent_samples, silent_units. */
    public static Table table(List<Result> results) {
        Check.notNull("results", results);
        IntColumn n = IntColumn.create("N"), units = IntColumn.create("units"), su = IntColumn.create("silent_units");
        StringColumn pop = StringColumn.create("population");
        LongColumn samples = LongColumn.create("samples"), ss = LongColumn.create("silent_samples");
        DoubleColumn ps = DoubleColumn.create("population_sparseness"), ls = DoubleColumn.create("lifetime_sparseness"),
                af = DoubleColumn.create("active_fraction");
        for (Result r : results) {
            n.append(r.level());
            pop.append(r.population().name().toLowerCase(java.util.Locale.ROOT));
            units.append(r.units());
            samples.append(r.samples());
            ps.append(r.populationSparseness());
            ls.append(r.lifetimeSparseness());
            af.append(r.activeFraction());
            ss.append(r.silentSamples());
            su.append(r.silentUnits());
        }
        return Table.create("sparsity", n, pop, units, samples, ps, ls, af, ss, su);
    }
}
