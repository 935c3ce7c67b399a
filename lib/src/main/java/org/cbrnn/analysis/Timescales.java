package org.cbrnn.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.cbrnn.analysis.ActivityRecorder.Population;
import org.cbrnn.model.Model;
import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Intrinsic timescales (docs/protocol.md §9.4). The network is driven by fair random bits for T steps
 * (the paper: 20,000) with a batch of 8 independent trials, the first 500 steps are discarded, and every population
 * (hidden state, GC, PC, CB output) is recorded.
 * <ul>
 *   <li><b>Population timescale.</b> Per trial the units of a population are summed into one trace; its unbiased
 *       autocovariance ({@link LagAccumulator}, lags 0..{@value #POPULATION_LAGS}) is averaged over trials and
 *       normalised by lag 0. τ_pop is the first lag at which it is ≤ 1/e (−1 if it never is within the lags kept).</li>
 *   <li><b>Unit timescales.</b> Per unit the autocovariance over lags 0..{@value #UNIT_LAGS}, averaged over trials and
 *       normalised, is fitted by A e^{−k/τ} and by A₁e^{−k/τ₁} + A₂e^{−k/τ₂} (least squares, amplitudes ≥ 0,
 *       0.05 ≤ τ ≤ {@value #MAX_TAU}) and the model with the lower AIC = n ln(RSS/n) + 2p (p = 2 or 4, n = 31) is
 *       kept. A unit's τ is the single τ, or for a double fit the integrated timescale (A₁τ₁ + A₂τ₂)/(A₁ + A₂), the
 *       area under the fitted curve per unit height. Units without variance (silent ReLU cells) are not fitted.</li>
 * </ul>
 * The fit is a log-spaced grid over τ (τ₁ &lt; τ₂ for the double) with the amplitudes solved exactly for each grid
 * point, refined by golden-section search along each τ in turn; it replaces the authors' {@code curve_fit} and needs
 * no dependency. The autocovariances are computed by direct lagged sums rather than FFT (the same estimate).
 */
public final class Timescales {
    /** Steps simulated in the paper. */
    public static final int PAPER_STEPS = 20_000;
    /** Trials simulated together in the paper. */
    public static final int PAPER_BATCH = 8;
    /** Initial steps discarded in the paper. */
    public static final int PAPER_DISCARD = 500;
    /** Largest lag of the population autocorrelation. */
    public static final int POPULATION_LAGS = 199;
    /** Largest lag of the per-unit fits. */
    public static final int UNIT_LAGS = 30;
    /** Upper bound on fitted τ (the authors' bound). */
    public static final double MAX_TAU = 500;
    private static final double MIN_TAU = 0.05;
    private static final double[] GRID = logGrid(MIN_TAU, MAX_TAU, 160);

    private Timescales() {}

    /** The selected exponential model of a unit. */
    public enum Shape { SINGLE, DOUBLE }

    /**
     * The fits of one normalised autocorrelation.
     *
     * @param tau        the single τ, or the integrated τ of the double fit when {@code shape} is DOUBLE
     * @param tauSingle  τ of the single fit; {@code ampSingle} its amplitude
     * @param tauFast    τ₁ ≤ τ₂ = {@code tauSlow} of the double fit, amplitudes {@code ampFast}, {@code ampSlow}
     */
    public record Fit(Shape shape, double tau, double tauSingle, double ampSingle, double aicSingle,
                      double tauFast, double ampFast, double tauSlow, double ampSlow, double aicDouble) {
        public Fit {
            Check.notNull("shape", shape);
        }
    }

    /** One unit's fit (only units with variance are fitted). */
    public record UnitFit(int level, Population population, int unit, Fit fit) {
        public UnitFit {
            Check.notNull("population", population);
            Check.notNull("fit", fit);
        }
    }

    /**
     * One population at one level.
     *
     * @param autocorrelation the normalised population autocorrelation, lags 0..{@value #POPULATION_LAGS}
     * @param tauPop          first lag with autocorrelation ≤ 1/e, −1 if none (or no variance)
     * @param fitted          units with variance, which were fitted
     * @param doubleFraction  fraction of the fitted units classified DOUBLE (NaN if none was fitted)
     * @param medianTau       median unit τ over the fitted units (NaN if none)
     * @param unitFits        the fitted units, in unit order (silent units are left out)
     */
    public record Result(int level, Population population, int units, double[] autocorrelation, int tauPop, int fitted,
                         double doubleFraction, double medianTau, List<UnitFit> unitFits) {
        public Result {
            Check.notNull("population", population);
            Check.notNull("autocorrelation", autocorrelation);
            Check.notNull("unitFits", unitFits);
            unitFits = List.copyOf(unitFits);
        }
    }

    /** An autocovariance divided by its lag-0 value (NaNs when lag 0 is not positive). */
    public static double[] normalise(double[] autocovariance) {
        Check.notNull("autocovariance", autocovariance);
        double[] r = new double[autocovariance.length];
        double c0 = autocovariance.length > 0 ? autocovariance[0] : 0;
        for (int k = 0; k < r.length; k++) r[k] = c0 > 0 ? autocovariance[k] / c0 : Double.NaN;
        return r;
    }

    /** The first lag at which the normalised autocorrelation is ≤ 1/e, or −1. */
    public static int tauPop(double[] autocorrelation) {
        Check.notNull("autocorrelation", autocorrelation);
        for (int k = 0; k < autocorrelation.length; k++) if (autocorrelation[k] <= 1 / Math.E) return k;
        return -1;
    }

    /** Single and double exponential fits of {@code y[0..]} (a normalised autocorrelation) and the AIC choice. */
    public static Fit fit(double[] y) {
        Check.notNull("y", y);
        if (y.length < 5) throw new IllegalArgumentException("need at least 5 lags to fit, got " + y.length);
        for (double v : y) if (!Double.isFinite(v)) throw new IllegalArgumentException("autocorrelation values must be finite");
        int n = y.length;
        double[][] e = new double[GRID.length][];
        for (int i = 0; i < GRID.length; i++) e[i] = decay(GRID[i], n);
        // single: grid, then golden section on the bracket around the best grid point
        int bi = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < GRID.length; i++) {
            double r = single(y, e[i])[1];
            if (r < best) { best = r; bi = i; }
        }
        double ts = golden(t -> single(y, t)[1], GRID[Math.max(0, bi - 1)], GRID[Math.min(GRID.length - 1, bi + 1)]);
        double[] s = single(y, ts);
        // double: grid over τ1 < τ2, then alternate golden sections on each
        int b1 = 0, b2 = 1;
        best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < GRID.length; i += 2) {
            for (int j = i + 2; j < GRID.length; j += 2) {
                double r = pair(y, e[i], e[j])[2];
                if (r < best) { best = r; b1 = i; b2 = j; }
            }
        }
        double t1 = GRID[b1], t2 = GRID[b2];
        for (int round = 0; round < 6; round++) {
            final double f2 = t2;
            t1 = golden(t -> pair(y, t, f2)[2], Math.max(MIN_TAU, t1 / 1.6), Math.min(t2, t1 * 1.6));
            final double f1 = t1;
            t2 = golden(t -> pair(y, f1, t)[2], Math.max(t1, t2 / 1.6), Math.min(MAX_TAU, t2 * 1.6));
        }
        double[] d = pair(y, t1, t2);
        // floor the RSS at a relative 1e-14 of the signal, so that two fits exact to rounding tie and the penalty
        // decides (for the simpler model) instead of the last digits
        double sy2 = 0;
        for (double v : y) sy2 += v * v;
        double floor = Math.max(1e-14 * sy2, Double.MIN_NORMAL);
        double aicS = n * Math.log(Math.max(s[1], floor) / n) + 4;
        double aicD = n * Math.log(Math.max(d[2], floor) / n) + 8;
        double a1 = d[0], a2 = d[1];
        if (aicD < aicS && a1 > 0 && a2 > 0) {
            double integrated = (a1 * t1 + a2 * t2) / (a1 + a2);
            return new Fit(Shape.DOUBLE, integrated, ts, s[0], aicS, t1, a1, t2, a2, aicD);
        }
        return new Fit(Shape.SINGLE, ts, ts, s[0], aicS, t1, a1, t2, a2, aicD);
    }

    private static double[] decay(double tau, int n) {
        double[] e = new double[n];
        for (int k = 0; k < n; k++) e[k] = Math.exp(-k / tau);
        return e;
    }

    private static double[] single(double[] y, double tau) {
        return single(y, decay(tau, y.length));
    }

    private static double[] pair(double[] y, double t1, double t2) {
        return pair(y, decay(t1, y.length), decay(t2, y.length));
    }

    /** {amplitude ≥ 0, RSS} of the best A e^{−k/τ}, with {@code ex[k]} = e^{−k/τ}. */
    private static double[] single(double[] y, double[] ex) {
        double se = 0, sy = 0;
        for (int k = 0; k < y.length; k++) {
            se += ex[k] * ex[k];
            sy += ex[k] * y[k];
        }
        double a = Math.max(0, sy / se);
        double rss = 0;
        for (int k = 0; k < y.length; k++) {
            double r = y[k] - a * ex[k];
            rss += r * r;
        }
        return new double[]{a, rss};
    }

    /**
     * {A1 ≥ 0, A2 ≥ 0, RSS} of the best A1 e^{−k/τ1} + A2 e^{−k/τ2} (non-negative least squares in two unknowns), with
     * {@code x1}, {@code x2} the two decays.
     */
    private static double[] pair(double[] y, double[] x1, double[] x2) {
        double s11 = 0, s12 = 0, s22 = 0, s1y = 0, s2y = 0;
        for (int k = 0; k < y.length; k++) {
            double e1 = x1[k], e2 = x2[k];
            s11 += e1 * e1;
            s12 += e1 * e2;
            s22 += e2 * e2;
            s1y += e1 * y[k];
            s2y += e2 * y[k];
        }
        double det = s11 * s22 - s12 * s12;
        double a1 = Double.NaN, a2 = Double.NaN;
        if (det > 1e-14 * s11 * s22) {
            a1 = (s22 * s1y - s12 * s2y) / det;
            a2 = (s11 * s2y - s12 * s1y) / det;
        }
        if (!(a1 >= 0 && a2 >= 0)) { // the constrained optimum lies on an edge: one amplitude 0
            double[] only1 = single(y, x1), only2 = single(y, x2);
            return only1[1] <= only2[1] ? new double[]{only1[0], 0, only1[1]} : new double[]{0, only2[0], only2[1]};
        }
        double rss = 0;
        for (int k = 0; k < y.length; k++) {
            double r = y[k] - a1 * x1[k] - a2 * x2[k];
            rss += r * r;
        }
        return new double[]{a1, a2, rss};
    }

    private static double golden(java.util.function.DoubleUnaryOperator f, double lo, double hi) {
        if (!(hi > lo)) return lo;
        // on log τ: the timescales span four decades
        double a = Math.log(lo), b = Math.log(hi), g = (Math.sqrt(5) - 1) / 2;
        double c = b - g * (b - a), d = a + g * (b - a);
        double fc = f.applyAsDouble(Math.exp(c)), fd = f.applyAsDouble(Math.exp(d));
        for (int i = 0; i < 60 && b - a > 1e-10; i++) {
            if (fc < fd) { b = d; d = c; fd = fc; c = b - g * (b - a); fc = f.applyAsDouble(Math.exp(c)); }
            else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = f.applyAsDouble(Math.exp(d)); }
        }
        return Math.exp((a + b) / 2);
    }

    private static double[] logGrid(double lo, double hi, int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = lo * Math.pow(hi / lo, (double) i / (n - 1));
        return g;
    }

    /**
     * Drives {@code model} with Bernoulli(0.5) bits for {@code steps} steps, {@code batch} trials, discards the first
     * {@code discard} steps and measures every population. Inputs and h_0 come from {@code Rng.of(seed, "timescales")}.
     */
    public static List<Result> measure(Model model, int level, int steps, int batch, int discard, long seed) {
        Check.notNull("model", model);
        Check.positive("batch", batch);
        Check.nonNegative("discard", discard);
        Check.inRange("steps", steps, discard + UNIT_LAGS + 2, Integer.MAX_VALUE);
        ActivityRecorder rec = new ActivityRecorder(model);
        int I = model.config().inputSize();
        Rng rng = Rng.of(seed, "timescales");
        float[] x = new float[Math.multiplyExact(Math.multiplyExact(steps, batch), I)];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextBit() ? 1f : 0f;
        float[] h0 = model.initialState(batch, rng);
        List<Population> pops = new ArrayList<>();
        for (Population p : Population.values()) if (rec.width(p) > 0) pops.add(p);
        Map<Population, LagAccumulator> popAcc = new EnumMap<>(Population.class), unitAcc = new EnumMap<>(Population.class);
        int popLags = Math.min(POPULATION_LAGS, steps - discard - 1);
        for (Population p : pops) {
            popAcc.put(p, new LagAccumulator(batch, popLags));
            unitAcc.put(p, new LagAccumulator(batch * rec.width(p), UNIT_LAGS));
        }
        double[] sums = new double[batch];
        rec.run(x, steps, batch, I, h0, true, (t, h, g, pc, c) -> {
            if (t < discard) return;
            for (Population p : pops) {
                double[] v = switch (p) {
                    case HIDDEN -> h;
                    case GRANULE -> g;
                    case PURKINJE -> pc;
                    case CB_OUTPUT -> c;
                };
                int w = rec.width(p);
                for (int b = 0; b < batch; b++) {
                    double s = 0;
                    for (int u = 0; u < w; u++) s += v[b * w + u];
                    sums[b] = s;
                }
                popAcc.get(p).add(sums, 0);
                unitAcc.get(p).add(v, 0);
            }
        });
        List<Result> out = new ArrayList<>();
        for (Population p : pops) {
            double[] pac = normalise(trialMean(popAcc.get(p), batch, 1, 0));
            int w = rec.width(p);
            List<UnitFit> fits = new ArrayList<>();
            List<Double> taus = new ArrayList<>();
            int doubles = 0;
            for (int u = 0; u < w; u++) {
                double[] ac = normalise(trialMean(unitAcc.get(p), batch, w, u));
                // a silent unit (or one that varies only by rounding) has nothing to fit
                Fit f = Double.isFinite(ac[0]) && unitVariance(unitAcc.get(p), batch, w, u) > 1e-20 ? fit(ac) : null;
                if (f != null) {
                    fits.add(new UnitFit(level, p, u, f));
                    taus.add(f.tau());
                    if (f.shape() == Shape.DOUBLE) doubles++;
                }
            }
            double median = Double.NaN;
            if (!taus.isEmpty()) {
                double[] t = taus.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                median = t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
            }
            out.add(new Result(level, p, w, pac, tauPop(pac), taus.size(), taus.isEmpty() ? Double.NaN : (double) doubles / taus.size(), median, fits));
        }
        return out;
    }

    /** {@link #measure} at every level of one network, with the same inputs for every level. */
    public static List<Result> acrossLevels(Map<Integer, Model> network, int steps, int batch, int discard, long seed) {
        Check.notNull("network", network);
        List<Result> out = new ArrayList<>();
        new java.util.TreeMap<>(network).forEach((level, m) -> out.addAll(measure(m, level, steps, batch, discard, seed)));
        return out;
    }

    /** Mean autocovariance over trials of series {@code b * width + unit}. */
    private static double[] trialMean(LagAccumulator acc, int batch, int width, int unit) {
        double[] m = new double[acc.maxLag() + 1];
        for (int b = 0; b < batch; b++) {
            double[] c = acc.autocovariance(b * width + unit);
            for (int k = 0; k < m.length; k++) m[k] += c[k] / batch;
        }
        return m;
    }

    private static double unitVariance(LagAccumulator acc, int batch, int width, int unit) {
        return trialMean(acc, batch, width, unit)[0];
    }

    /** Columns N, population, units, tau_pop, fitted_units, double_fraction, median_unit_tau. */
    public static Table populationTable(List<Result> results) {
        Check.notNull("results", results);
        IntColumn n = IntColumn.create("N"), units = IntColumn.create("units"), tp = IntColumn.create("tau_pop"), fitted = IntColumn.create("fitted_units");
        StringColumn pop = StringColumn.create("population");
        DoubleColumn df = DoubleColumn.create("double_fraction"), med = DoubleColumn.create("median_unit_tau");
        for (Result r : results) {
            n.append(r.level());
            pop.append(r.population().name().toLowerCase(java.util.Locale.ROOT));
            units.append(r.units());
            tp.append(r.tauPop());
            fitted.append(r.fitted());
            df.append(r.doubleFraction());
            med.append(r.medianTau());
        }
        return Table.create("timescales", n, pop, units, tp, fitted, df, med);
    }

    /** The population autocorrelations, one row per lag: N, population, lag, autocorrelation. */
    public static Table autocorrelationTable(List<Result> results) {
        Check.notNull("results", results);
        IntColumn n = IntColumn.create("N"), lag = IntColumn.create("lag");
        StringColumn pop = StringColumn.create("population");
        DoubleColumn ac = DoubleColumn.create("autocorrelation");
        for (Result r : results) {
            double[] a = r.autocorrelation();
            for (int k = 0; k < a.length; k++) {
                n.append(r.level());
                pop.append(r.population().name().toLowerCase(java.util.Locale.ROOT));
                lag.append(k);
                ac.append(a[k]);
            }
        }
        return Table.create("population autocorrelation", n, pop, lag, ac);
    }

    /** One row per fitted unit: N, population, unit, shape, tau, tau_single, tau_fast, tau_slow, amp_fast, amp_slow, aic_single, aic_double. */
    public static Table unitTable(List<Result> results) {
        Check.notNull("results", results);
        IntColumn n = IntColumn.create("N"), unit = IntColumn.create("unit");
        StringColumn pop = StringColumn.create("population"), shape = StringColumn.create("shape");
        String[] names = {"tau", "tau_single", "tau_fast", "tau_slow", "amp_fast", "amp_slow", "aic_single", "aic_double"};
        DoubleColumn[] c = Arrays.stream(names).map(DoubleColumn::create).toArray(DoubleColumn[]::new);
        for (Result r : results) {
            for (UnitFit u : r.unitFits()) {
                Fit f = u.fit();
                n.append(r.level());
                pop.append(r.population().name().toLowerCase(java.util.Locale.ROOT));
                unit.append(u.unit());
                shape.append(f.shape().name().toLowerCase(java.util.Locale.ROOT));
                double[] v = {f.tau(), f.tauSingle(), f.tauFast(), f.tauSlow(), f.ampFast(), f.ampSlow(), f.aicSingle(), f.aicDouble()};
                for (int i = 0; i < v.length; i++) c[i].append(v[i]);
            }
        }
        Table t = Table.create("unit timescales", n, pop, unit, shape);
        t.addColumns(c);
        return t;
    }
}
