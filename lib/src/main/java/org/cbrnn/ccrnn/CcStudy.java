package org.cbrnn.ccrnn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.cbrnn.util.Check;

/**
 * The results view of the ccRNN study: specs for (conditions x seeds), their runs loaded from a {@link CcRunStore},
 * per-condition curves and mean ± SEM over seeds (docs/ccrnn.md §4).
 */
public final class CcStudy {
    private final Map<String, List<CcRunStore.Result>> byCondition;

    private CcStudy(Map<String, List<CcRunStore.Result>> byCondition) {
        this.byCondition = byCondition;
    }

    /** The specs of {@code conditions} x {@code seeds} on {@code task} with the registry's protocol, epochs overridden if > 0. */
    public static List<CcRunSpec> specs(String task, List<String> conditions, List<Long> seeds, int epochs, int lesionEpoch) {
        CcRegistry reg = CcRegistry.standard();
        List<CcRunSpec> out = new ArrayList<>();
        for (String c : conditions) for (long s : seeds) {
            CcRunSpec sp = CcRunSpec.of(reg, c, task, s, lesionEpoch);
            if (epochs > 0) {
                CcConfig cfg = sp.config().withEpochs(epochs);
                if (cfg.lesion() != CcConfig.Lesion.NONE && cfg.lesionEpoch() > epochs) cfg = cfg.withLesion(cfg.lesion(), Math.max(1, epochs / 5));
                sp = new CcRunSpec(sp.condition(), sp.task(), cfg, s);
            }
            out.add(sp);
        }
        return out;
    }

    /** The complete runs of {@code specs} in {@code store}, grouped by condition in the order first seen; unfinished runs are left out. */
    public static CcStudy load(CcRunStore store, List<CcRunSpec> specs) {
        Check.notNull("store", store);
        Map<String, List<CcRunStore.Result>> m = new LinkedHashMap<>();
        for (CcRunSpec s : specs) store.load(s).filter(CcRunStore.Result::complete).ifPresent(r -> m.computeIfAbsent(s.condition(), k -> new ArrayList<>()).add(r));
        return new CcStudy(m);
    }

    /** As {@link #load} from already available results. */
    public static CcStudy of(List<CcRunStore.Result> results) {
        Map<String, List<CcRunStore.Result>> m = new LinkedHashMap<>();
        for (CcRunStore.Result r : results) if (r.complete()) m.computeIfAbsent(r.spec().condition(), k -> new ArrayList<>()).add(r);
        return new CcStudy(m);
    }

    public List<String> conditions() {
        return List.copyOf(byCondition.keySet());
    }

    public List<CcRunStore.Result> runs(String condition) {
        return byCondition.getOrDefault(condition, List.of());
    }

    /** One curve per seed of {@code metric} over epochs. */
    public List<double[]> curves(String condition, ToDoubleFunction<CcEpoch> metric) {
        List<double[]> out = new ArrayList<>();
        for (CcRunStore.Result r : runs(condition)) out.add(r.epochs().stream().mapToDouble(metric).toArray());
        return out;
    }

    /** {mean, SEM, n} of the metric averaged over the epochs in [from, to] (1-based, inclusive), over seeds. */
    public double[] summary(String condition, ToDoubleFunction<CcEpoch> metric, int from, int to) {
        List<double[]> c = curves(condition, metric);
        double[] per = new double[c.size()];
        for (int i = 0; i < per.length; i++) {
            double s = 0;
            int n = 0;
            for (int e = Math.max(1, from); e <= Math.min(to, c.get(i).length); e++) {
                s += c.get(i)[e - 1];
                n++;
            }
            per[i] = s / n;
        }
        return new double[] {mean(per), sem(per), per.length};
    }

    public static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return x.length == 0 ? Double.NaN : s / x.length;
    }

    /** Standard error of the mean (sample SD / sqrt(n)); NaN for fewer than two values. */
    public static double sem(double[] x) {
        if (x.length < 2) return Double.NaN;
        double m = mean(x), s = 0;
        for (double v : x) s += (v - m) * (v - m);
        return Math.sqrt(s / (x.length - 1) / x.length);
    }

    /** Per epoch: {mean, SEM} over the seeds' curves (all of one length). */
    public static double[][] meanSem(List<double[]> curves) {
        int len = curves.stream().mapToInt(c -> c.length).min().orElse(0);
        double[] m = new double[len], s = new double[len];
        for (int e = 0; e < len; e++) {
            double[] col = new double[curves.size()];
            for (int i = 0; i < col.length; i++) col[i] = curves.get(i)[e];
            m[e] = mean(col);
            s[e] = sem(col);
        }
        return new double[][] {m, s};
    }
}
