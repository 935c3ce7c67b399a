package org.cbrnn.experiment;

import java.util.ArrayList;
import java.util.List;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TaskEpochs;
import org.cbrnn.util.Check;

/**
 * The paper's metrics of the multi-task protocols (docs/protocol.md §12.6) on a run's epoch records. Multitask uses
 * the single-task {@link Metrics} on the shared N (the records' level). Task switching adds the active-task metrics
 * over a window (mean active-task N, active AUC, final N), the phases of the run and the savings of a task that
 * comes back.
 */
public final class ProtocolMetrics {
    private ProtocolMetrics() {}

    /** The records' level (shared N, active task's N, or newest head's N) over the first {@code window} epochs. */
    public static double[] levels(List<EpochRecord> records, int window) {
        Check.notNull("records", records);
        Check.positive("window", window);
        return records.stream().limit(window).mapToDouble(EpochRecord::level).toArray();
    }

    /** Mean over the window's epochs of the active task's N (NaN for no epochs). */
    public static double meanActiveLevel(List<EpochRecord> records, int window) {
        double[] lv = levels(records, window);
        return lv.length == 0 ? Double.NaN : java.util.Arrays.stream(lv).average().orElseThrow();
    }

    /** Trapezoid area of the active task's N over the window's epochs ({@link Metrics#auc}). */
    public static double activeAuc(List<EpochRecord> records, int window) {
        return Metrics.auc(levels(records, window));
    }

    /** The active task's N in the last epoch of the window (NaN for no epochs). */
    public static double finalLevel(List<EpochRecord> records, int window) {
        double[] lv = levels(records, window);
        return lv.length == 0 ? Double.NaN : lv[lv.length - 1];
    }

    /** The level head {@code task} was scored at in each epoch (NaN where the record has no such head). */
    public static double[] taskLevels(List<EpochRecord> records, String task) {
        Check.notNull("records", records);
        Check.notNull("task", task);
        return records.stream().mapToDouble(r -> r.tasks().head(task).map(h -> (double) h.level()).orElse(Double.NaN)).toArray();
    }

    /** Head {@code task}'s evaluation accuracy in each epoch (NaN where the record has no such head). */
    public static double[] taskAccuracies(List<EpochRecord> records, String task) {
        Check.notNull("records", records);
        Check.notNull("task", task);
        return records.stream().mapToDouble(r -> r.tasks().head(task).map(TaskEpochs.Head::accuracy).orElse(Double.NaN)).toArray();
    }

    /**
     * A stretch of epochs with one active task.
     *
     * @param task        the active task
     * @param firstEpoch  its first epoch (1-based)
     * @param lastEpoch   its last epoch
     * @param startLevel  the level of its first epoch
     * @param endLevel    the level of its last epoch
     * @param solvedLevels levels solved in the phase
     * @param epochsToCriterion epochs until its first solved epoch (NaN if none)
     * @param censored    true if the records end in this phase (the last phase of a run or window)
     */
    public record Phase(String task, int firstEpoch, int lastEpoch, int startLevel, int endLevel, int solvedLevels, double epochsToCriterion,
                        boolean censored) {
        public Phase {
            Check.notNull("task", task);
        }

        public int epochs() {
            return lastEpoch - firstEpoch + 1;
        }
    }

    /** The phases of the first {@code window} epochs, in order (by each record's active task). */
    public static List<Phase> phases(List<EpochRecord> records, int window) {
        Check.notNull("records", records);
        Check.positive("window", window);
        List<EpochRecord> rs = records.subList(0, Math.min(window, records.size()));
        List<Phase> out = new ArrayList<>();
        int i = 0;
        while (i < rs.size()) {
            String task = rs.get(i).tasks().active();
            int j = i, solved = 0;
            double first = Double.NaN;
            while (j < rs.size() && rs.get(j).tasks().active().equals(task)) {
                if (rs.get(j).solved()) {
                    solved++;
                    if (Double.isNaN(first)) first = j - i + 1;
                }
                j++;
            }
            out.add(new Phase(task, rs.get(i).epoch(), rs.get(j - 1).epoch(), rs.get(i).level(), rs.get(j - 1).level(), solved, first, j == rs.size()));
            i = j;
        }
        return out;
    }

    /** Completed hand-overs in the window: phases that are not censored. */
    public static int switches(List<EpochRecord> records, int window) {
        return (int) phases(records, window).stream().filter(p -> !p.censored()).count();
    }

    /**
     * The savings of a task that comes back (docs/protocol.md §12.6): for every phase of a task after its first,
     * {@code e1} = epochs to criterion in the task's first phase, {@code e2} = epochs to criterion in this phase,
     * savings = (e1 - e2) / e1 (positive: the task is learned faster on return), and the fixed-budget accuracy =
     * the task's mean accuracy over the first {@code budget} epochs of the phase.
     *
     * @param task        the returning task
     * @param phase       the index of the phase among all phases
     * @param level       the level the task re-entered at
     * @param e1          epochs to criterion in its first phase
     * @param e2          epochs to criterion in this phase (NaN if not reached)
     * @param savings     (e1 - e2) / e1
     * @param budgetAccuracy mean accuracy of the task's head over the phase's first {@code budget} epochs
     */
    public record Saving(String task, int phase, int level, double e1, double e2, double savings, double budgetAccuracy) {
        public Saving {
            Check.notNull("task", task);
        }
    }

    /** The savings of every repeated phase in the first {@code window} epochs; {@code budget} epochs for the accuracy. */
    public static List<Saving> savings(List<EpochRecord> records, int window, int budget) {
        Check.notNull("records", records);
        Check.positive("budget", budget);
        List<Phase> ps = phases(records, window);
        List<Saving> out = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            Phase p = ps.get(i);
            Phase firstOfTask = null;
            for (int j = 0; j < i; j++) if (ps.get(j).task().equals(p.task())) {
                firstOfTask = ps.get(j);
                break;
            }
            if (firstOfTask == null) continue;
            double e1 = firstOfTask.epochsToCriterion(), e2 = p.epochsToCriterion();
            double s = 0;
            int n = 0;
            for (int e = p.firstEpoch(); e <= Math.min(p.lastEpoch(), p.firstEpoch() + budget - 1); e++) {
                s += records.get(e - 1).tasks().head(p.task()).map(TaskEpochs.Head::accuracy).orElse(Double.NaN);
                n++;
            }
            out.add(new Saving(p.task(), i, p.startLevel(), e1, e2, (e1 - e2) / e1, s / n));
        }
        return out;
    }
}
