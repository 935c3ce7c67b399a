package org.cbrnn.experiment;

import java.util.List;
import java.util.Optional;
import org.cbrnn.util.Check;

/**
 * The paper's constants for one task (Voce et al. 2026, Appendix K / Table 4): the global max N that t½ is measured
 * against, the interleaving period of the interleaved reservoir, and the Table-4 rows (mean ± SD over 8 networks,
 * 1000-epoch budget). Registered in {@link TaskProfiles}; a task without a profile has no paper reference.
 *
 * @param task             the task's registry name, e.g. {@code parity}
 * @param globalMax        the highest N any condition reached in the paper (t½ is the first epoch at half of it)
 * @param interleavePeriod the period k of the interleaved reservoir's refresh levels
 * @param table4           the paper's Table-4 rows for this task (may be empty)
 */
public record TaskProfile(String task, double globalMax, int interleavePeriod, List<PaperReference.Row> table4) {
    public TaskProfile {
        Check.notNull("table4", table4);
        Check.notNull("task", task);
        if (task.isBlank()) throw new IllegalArgumentException("task must not be blank");
        Check.positive("globalMax", globalMax);
        Check.inRange("interleavePeriod", interleavePeriod, 1, 1000);
        table4 = List.copyOf(table4);
        for (PaperReference.Row r : table4) {
            if (!r.task().equals(task)) throw new IllegalArgumentException("Table-4 row of task '" + r.task() + "' in the profile of '" + task + "'");
        }
    }

    /** The Table-4 row of the condition labelled {@code conditionLabel}, if the paper reports it. */
    public Optional<PaperReference.Row> row(String conditionLabel) {
        Check.notNull("conditionLabel", conditionLabel);
        return table4.stream().filter(r -> r.condition().equals(conditionLabel)).findFirst();
    }
}
