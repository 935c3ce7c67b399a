package org.cbrnn.experiment;

import java.util.List;
import java.util.Optional;
import org.cbrnn.util.Check;

/**
 * The paper's constants for the multi-task protocols (Voce et al. 2026, Appendix K; docs/protocol.md §12.7), the
 * sibling of {@link TaskProfiles}: the multitask profile (shared N, global max 23, interleave period 5, the max N /
 * t½ / AUC rows) and the task-switching rows (650-epoch window: mean active-task N, active AUC, final N; global max
 * 15). Means ± SD over 8 networks.
 */
public final class ProtocolProfiles {
    private ProtocolProfiles() {}

    /** The multitask profile: the t½ reference (23), the interleaved reservoir's period (5) and the paper's rows. */
    public static final TaskProfile MULTITASK = new TaskProfile("multitask", 23, 5, List.of(
            new PaperReference.Row("multitask", "CB-RNN", 21.88, 0.99, 168.9, 15.2, 16082, 571),
            new PaperReference.Row("multitask", "Full reservoir", 17.75, 1.04, 235.9, 25.8, 13511, 451),
            new PaperReference.Row("multitask", "Interleaved reservoir", 19.25, 2.43, 218.8, 17.2, 14594, 759),
            new PaperReference.Row("multitask", "RNN-202", 16.25, 1.39, 550.3, 65.7, 10857, 610)));

    /**
     * The task-switching profile: global max 15; the interleave period 5 is the multitask one (the paper has no
     * interleaved switching runs). Its rows are {@link #switchingRows()}, not Table-4 rows.
     */
    public static final TaskProfile SWITCHING = new TaskProfile("switching", 15, 5, List.of());

    /** The analysis window of the task-switching runs, in epochs. */
    public static final int SWITCHING_WINDOW = 650;

    /**
     * One task-switching row of the paper (650-epoch window).
     *
     * @param condition      the condition's display label
     * @param meanActiveN    mean over epochs of the active task's N, with its SD
     * @param activeAuc      trapezoid area of the active task's N over the window, with its SD
     * @param finalN         the active task's N at the end of the window
     */
    public record SwitchingRow(String condition, double meanActiveN, double meanActiveNSd, double activeAuc, double activeAucSd, double finalN) {
        public SwitchingRow {
            Check.notNull("condition", condition);
        }
    }

    private static final List<SwitchingRow> SWITCHING_ROWS = List.of(
            new SwitchingRow("CB-RNN", 12.50, 0.16, 8115, 104, 15),
            new SwitchingRow("Full reservoir", 11.97, 0.15, 7772, 99, 15),
            new SwitchingRow("RNN-202", 9.85, 0.41, 6393, 268, 15));

    /** The paper's task-switching rows (every group: 3 switch phases and 1 censored phase in the window). */
    public static List<SwitchingRow> switchingRows() {
        return SWITCHING_ROWS;
    }

    /** The paper's switching row of a condition label, if reported. */
    public static Optional<SwitchingRow> switchingRow(String condition) {
        Check.notNull("condition", condition);
        return SWITCHING_ROWS.stream().filter(r -> r.condition().equals(condition)).findFirst();
    }

    /** The paper's multitask row of a condition label, if reported. */
    public static Optional<PaperReference.Row> multitaskRow(String condition) {
        Check.notNull("condition", condition);
        return MULTITASK.row(condition);
    }

    /** {@code base} plus the protocol profiles it lacks (so conditions can read a protocol's interleave period). */
    public static TaskProfiles withProtocols(TaskProfiles base) {
        Check.notNull("base", base);
        TaskProfiles p = base;
        for (TaskProfile t : List.of(MULTITASK, SWITCHING)) if (p.find(t.task()).isEmpty()) p = p.with(t);
        return p;
    }

    /** The profile of a protocol name ({@code multitask}, {@code switching}), if the paper has one. */
    public static Optional<TaskProfile> find(String protocol) {
        Check.notNull("protocol", protocol);
        return List.of(MULTITASK, SWITCHING).stream().filter(t -> t.task().equals(protocol)).findFirst();
    }
}
