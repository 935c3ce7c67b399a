package org.cbrnn.experiment;

import java.util.List;
import java.util.Optional;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The paper's single-task numbers (Voce et al. 2026, Appendix K / Table 4; docs/protocol.md §8): mean ± SD over 8 networks,
 * 1000-epoch budget. Used to print our results next to theirs.
 */
public final class PaperReference {
    private PaperReference() {}

    /** One row of Table 4. */
    public record Row(String task, String condition, double maxN, double maxNSd, double tHalf, double tHalfSd, double auc, double aucSd) {}

    /** Global max N used for t½ in the paper: 38 for DMS, 19 for parity. */
    public static double globalMax(String task) {
        return task.equals("dms") ? 38 : 19;
    }

    public static List<Row> rows() {
        return List.of(
                new Row("dms", "CB-RNN", 34.75, 0.89, 215.4, 11.3, 25041, 627),
                new Row("dms", "Full reservoir", 30.00, 1.31, 275.0, 28.7, 21689, 710),
                new Row("dms", "Interleaved reservoir", 35.63, 2.45, 264.4, 17.3, 23595, 792),
                new Row("dms", "RNN-202", 31.38, 0.52, 455.6, 29.0, 19254, 524),
                new Row("parity", "CB-RNN", 18.75, 0.46, 153.1, 15.0, 14171, 232),
                new Row("parity", "Full reservoir", 15.13, 0.35, 176.1, 8.9, 11971, 244),
                new Row("parity", "Interleaved reservoir", 16.75, 0.71, 166.3, 10.6, 12996, 571),
                new Row("parity", "RNN-202", 16.75, 0.71, 312.1, 24.0, 11505, 252));
    }

    public static Optional<Row> row(String task, String condition) {
        return rows().stream().filter(r -> r.task().equals(task) && r.condition().equals(condition)).findFirst();
    }

    /** Table 4 as a Tablesaw table. */
    public static Table table() {
        StringColumn task = StringColumn.create("task"), cond = StringColumn.create("condition");
        DoubleColumn maxN = DoubleColumn.create("max_N"), maxSd = DoubleColumn.create("max_N_sd"),
                t = DoubleColumn.create("t_half"), tSd = DoubleColumn.create("t_half_sd"),
                auc = DoubleColumn.create("AUC"), aucSd = DoubleColumn.create("AUC_sd");
        for (Row r : rows()) {
            task.append(r.task());
            cond.append(r.condition());
            maxN.append(r.maxN());
            maxSd.append(r.maxNSd());
            t.append(r.tHalf());
            tSd.append(r.tHalfSd());
            auc.append(r.auc());
            aucSd.append(r.aucSd());
        }
        return Table.create("Paper Table 4 (8 networks, 1000 epochs)", task, cond, maxN, maxSd, t, tSd, auc, aucSd);
    }
}
