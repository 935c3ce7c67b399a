package org.cbrnn.results;

import java.util.List;
import org.cbrnn.util.Check;

/**
 * The curriculum curves of one (task, condition) cell of a {@link Results} view: the level N per epoch of each run
 * (seed) and, per epoch, the mean, the sample SD and the number of runs behind them.
 *
 * <p>At epoch {@code i} a run contributes if it has that epoch, or if it stopped earlier because it solved its target
 * (its N would not change any more). A run that is unfinished or ended by its budget contributes nothing beyond its
 * last epoch, so an unfinished seed never drags the mean down or holds it up.
 *
 * @param task      the task
 * @param condition the condition label
 * @param seeds     the seed of each run, in the order of {@code levels}
 * @param levels    one array per run: N at epochs 1, 2, ... (index 0 = epoch 1)
 * @param mean      mean N at each epoch (index 0 = epoch 1) over the {@code n} runs there
 * @param sd        sample SD (n - 1) at each epoch; NaN where fewer than two runs contribute
 * @param n         how many runs contribute at each epoch
 */
public record Curves(String task, String condition, List<Long> seeds, List<double[]> levels, double[] mean, double[] sd, int[] n) {
    public Curves {
        Check.notNull("task", task);
        Check.notNull("condition", condition);
        Check.notNull("seeds", seeds);
        Check.notNull("levels", levels);
        Check.notNull("mean", mean);
        Check.notNull("sd", sd);
        Check.notNull("n", n);
        seeds = List.copyOf(seeds);
        levels = levels.stream().map(double[]::clone).toList();
        if (seeds.size() != levels.size()) throw new IllegalArgumentException("one seed per curve: " + seeds.size() + " seeds, " + levels.size() + " curves");
        if (mean.length != sd.length || mean.length != n.length) throw new IllegalArgumentException("mean, sd and n must have the same length");
        mean = mean.clone();
        sd = sd.clone();
        n = n.clone();
    }

    /** Number of epochs covered by the mean (the longest contributing run). */
    public int epochs() {
        return mean.length;
    }

    /** The epochs 1, 2, ..., {@link #epochs()} as x positions. */
    public double[] x() {
        double[] x = new double[mean.length];
        for (int i = 0; i < x.length; i++) x[i] = i + 1;
        return x;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] sd() {
        return sd.clone();
    }

    @Override
    public int[] n() {
        return n.clone();
    }

    @Override
    public List<double[]> levels() {
        return levels.stream().map(double[]::clone).toList();
    }
}
