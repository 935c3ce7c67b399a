import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.cbrnn.experiment.Metrics;
import org.cbrnn.experiment.PaperReference;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.train.EpochRecord;

/**
 * The per-run table of data/reproduction/README.md (maintainers' tool), printed as Markdown from the store:
 * N at epochs 100-1000, the level now, t-half against the paper's global max N, and the paper's mean +- SD.
 *
 * <pre>java -cp lib/target/cbrnn.jar scripts/maintainers/ReproTable.java [data/reproduction]</pre>
 */
public class ReproTable {
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "data/reproduction");
        List<RunResult> runs = RunStore.at(dir).loadAll().stream()
                .filter(r -> r.spec().protocol().isSingle() && !r.records().isEmpty())
                .sorted(Comparator.comparing((RunResult r) -> r.spec().task()).thenComparing(r -> order(r.spec().condition()))
                        .thenComparingLong(r -> r.spec().seed()))
                .toList();
        int[] at = {100, 250, 500, 750, 1000};
        System.out.println("| task | condition | seed | status | epochs | N@100 | N@250 | N@500 | N@750 | N@1000 | N now | paper max N "
                + "| t½ kit | t½ paper | hours |");
        System.out.println("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (RunResult r : runs) {
            List<EpochRecord> recs = r.records();
            double[] levels = recs.stream().mapToDouble(EpochRecord::level).toArray();
            String task = r.spec().task(), cond = r.spec().condition();
            StringBuilder row = new StringBuilder();
            row.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %d |", task, cond, r.spec().seed(), r.complete() ? "done" : "partial",
                    recs.size()));
            for (int e : at) row.append(' ').append(e <= recs.size() ? Integer.toString(recs.get(e - 1).level()) : "").append(" |");
            row.append(' ').append(recs.get(recs.size() - 1).level()).append(" |");
            PaperReference.Row p = PaperReference.row(task, cond).orElseThrow(() -> new IllegalStateException("no paper row for " + cond));
            double half = Metrics.epochsToHalf(levels, PaperReference.globalMax(task));
            double hours = recs.stream().mapToDouble(EpochRecord::seconds).sum() / 3600;
            row.append(String.format(Locale.ROOT, " %s ± %s | %s | %s ± %s | %.2f |", num(p.maxN()), num(p.maxNSd()),
                    Double.isNaN(half) ? "–" : Long.toString(Math.round(half)), num(p.tHalf()), num(p.tHalfSd()), hours));
            System.out.println(row);
        }
    }

    /** The paper's row order within a task. */
    private static int order(String condition) {
        return switch (condition) {
            case "Full reservoir" -> 0;
            case "Interleaved reservoir" -> 1;
            case "CB-RNN" -> 2;
            default -> 3;
        };
    }

    private static String num(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        if (s.endsWith("0")) s = s.substring(0, s.length() - 1);
        return s;
    }
}
