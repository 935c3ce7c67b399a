package org.cbrnn.analysis;

import java.util.ArrayList;
import java.util.EnumMap;
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
 * Dimensionality of the activity (docs/protocol.md §9.3): at a level N, run {@value #PAPER_BATCHES} batches of
 * {@value #PAPER_BATCH_SIZE} sequences drawn at N, take every step of every sequence as one sample of a population's
 * activity (samples × D), centre it and compute the PCA spectrum λ_1 ≥ … ≥ λ_D. Reported per population (hidden
 * state, granule cells, cerebellar output; the Purkinje layer too, which the paper does not plot):
 * <ul>
 *   <li>d90, d95: the fewest leading components whose variance reaches 90 % / 95 % of the total;</li>
 *   <li>d95 / D, the fraction the paper plots;</li>
 *   <li>the participation ratio (Σλ)² / Σλ².</li>
 * </ul>
 * A population without variance (e.g. a silent cerebellum's output) has d90 = d95 = 0 and a NaN participation ratio.
 * Batches and h_0 come from {@code Rng.of(seed, "dimensionality-N<level>")}, the same for every model. The model runs
 * intact; the paper's split by condition (full vs frozen-core, GC 256 vs 512) is a matter of which models are passed.
 */
public final class Dimensionality {
    /** Batches per level in the paper's analysis. */
    public static final int PAPER_BATCHES = 10;
    /** Sequences per batch in the paper's analysis. */
    public static final int PAPER_BATCH_SIZE = 64;

    private Dimensionality() {}

    /**
     * One population at one level.
     *
     * @param eigenvalues the PCA spectrum, decreasing
     */
    public record Result(int level, Population population, int width, long samples, int d90, int d95, double d95Fraction,
                         double participationRatio, double[] eigenvalues) {
        public Result {
            Check.notNull("population", population);
            Check.notNull("eigenvalues", eigenvalues);
        }
    }

    /** The smallest k with λ_1 + … + λ_k ≥ {@code fraction} of the total (0 when the total is 0). */
    public static int componentsFor(double[] eigenvalues, double fraction) {
        Check.notNull("eigenvalues", eigenvalues);
        Check.inRange("fraction", fraction, 0.0, 1.0);
        double total = 0;
        for (double l : eigenvalues) total += l;
        if (!(total > 0)) return 0;
        double cum = 0;
        for (int k = 0; k < eigenvalues.length; k++) {
            cum += eigenvalues[k];
            // relative slack: a spectrum that reaches the fraction exactly must not miss it by rounding
            if (cum >= fraction * total * (1 - 1e-12)) return k + 1;
        }
        return eigenvalues.length;
    }

    /** (Σλ)² / Σλ²: 1 for a single direction, k for k equal directions (NaN without variance). */
    public static double participationRatio(double[] eigenvalues) {
        Check.notNull("eigenvalues", eigenvalues);
        double s = 0, s2 = 0;
        for (double l : eigenvalues) {
            s += l;
            s2 += l * l;
        }
        return s2 > 0 ? s * s / s2 : Double.NaN;
    }

    /** The measures of a spectrum (decreasing eigenvalues) of a population of {@code width} units. */
    public static Result ofSpectrum(int level, Population population, long samples, double[] eigenvalues) {
        Check.notNull("population", population);
        Check.notNull("eigenvalues", eigenvalues);
        int d95 = componentsFor(eigenvalues, 0.95);
        return new Result(level, population, eigenvalues.length, samples, componentsFor(eigenvalues, 0.90), d95,
                (double) d95 / eigenvalues.length, participationRatio(eigenvalues), eigenvalues.clone());
    }

    /** Every population of {@code model} at {@code level} (HIDDEN, then GRANULE, PURKINJE, CB_OUTPUT if present). */
    public static List<Result> measure(Model model, Task task, int level, int batches, int batchSize, long seed) {
        Check.notNull("model", model);
        Check.notNull("task", task);
        Check.inRange("level", level, task.minLevel(), task.maxLevel());
        Check.positive("batches", batches);
        Check.positive("batchSize", batchSize);
        ActivityRecorder rec = new ActivityRecorder(model);
        Map<Population, Pca.Covariance> acc = new EnumMap<>(Population.class);
        for (Population p : Population.values()) if (rec.width(p) > 0) acc.put(p, new Pca.Covariance(rec.width(p)));
        Rng rng = Rng.of(seed, "dimensionality-N" + level);
        for (int i = 0; i < batches; i++) {
            Batch batch = task.sample(level, batchSize, rng);
            float[] h0 = model.initialState(batchSize, rng);
            var r = rec.record(batch, h0, true);
            acc.forEach((p, c) -> {
                var tr = r.trace(p);
                c.addRows(tr.values(), 0, tr.steps() * tr.batchSize());
            });
        }
        List<Result> out = new ArrayList<>();
        acc.forEach((p, c) -> out.add(ofSpectrum(level, p, c.count(), c.spectrum())));
        return out;
    }

    /** {@link #measure} at every level of one network (a map level → model, e.g. {@link LevelCheckpoints#of}). */
    public static List<Result> acrossLevels(Map<Integer, Model> network, Task task, int batches, int batchSize, long seed) {
        Check.notNull("network", network);
        Check.notNull("task", task);
        List<Result> out = new ArrayList<>();
        new java.util.TreeMap<>(network).forEach((level, m) -> out.addAll(measure(m, task, level, batches, batchSize, seed)));
        return out;
    }

    /** Columns N, population, D, samples, d90, d95, d95_frac, participation_ratio. */
    public static Table table(List<Result> results) {
        Check.notNull("results", results);
        IntColumn n = IntColumn.create("N"), w = IntColumn.create("D"), d90 = IntColumn.create("d90"), d95 = IntColumn.create("d95");
        StringColumn pop = StringColumn.create("population");
        LongColumn s = LongColumn.create("samples");
        DoubleColumn f = DoubleColumn.create("d95_frac"), pr = DoubleColumn.create("participation_ratio");
        for (Result r : results) {
            n.append(r.level());
            pop.append(r.population().name().toLowerCase(java.util.Locale.ROOT));
            w.append(r.width());
            s.append(r.samples());
            d90.append(r.d90());
            d95.append(r.d95());
            f.append(r.d95Fraction());
            pr.append(r.participationRatio());
        }
        return Table.create("dimensionality", n, pop, w, s, d90, d95, f, pr);
    }
}
