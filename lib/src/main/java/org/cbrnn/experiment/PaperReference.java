package org.cbrnn.experiment;

import java.util.List;
import java.util.Optional;
import org.cbrnn.util.Check;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The paper's single-task numbers (Voce et al. 2026, Appendix K / Table 4; docs/protocol.md §8): mean ± SD over 8 networks,
 * 1000-epoch budget. Used to print our results next to theirs. The numbers live in {@link TaskProfiles}.
 */
public final class PaperReference {
    private PaperReference() {}

    /** The number of networks behind each of the paper's means and SDs. */
    public static final int NETWORKS = 8;

    /** One row of Table 4. */
    public record Row(String task, String condition, double maxN, double maxNSd, double tHalf, double tHalfSd, double auc, double aucSd) {
        public Row {
            Check.notNull("task", task);
            Check.notNull("condition", condition);
        }
    }

    /**
     * Global max N used for t½ in the paper (38 for DMS, 19 for parity), from {@link TaskProfiles#standard()}.
     *
     * @throws IllegalArgumentException "no paper reference for task X" for a task without a profile
     */
    public static double globalMax(String task) {
        Check.notNull("task", task);
        return TaskProfiles.standard().get(task).globalMax();
    }

    /** Every Table-4 row of the standard profiles, tasks in alphabetical order (as the paper's table: DMS, then parity). */
    public static List<Row> rows() {
        return TaskProfiles.standard().all().stream().sorted(java.util.Comparator.comparing(TaskProfile::task))
                .flatMap(p -> p.table4().stream()).toList();
    }

    /** The paper's row for a task and condition label; empty if the paper does not report it (or the task has no profile). */
    public static Optional<Row> row(String task, String condition) {
        Check.notNull("task", task);
        Check.notNull("condition", condition);
        return TaskProfiles.standard().find(task).flatMap(p -> p.row(condition));
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
