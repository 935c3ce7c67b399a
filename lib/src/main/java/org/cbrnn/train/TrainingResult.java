package org.cbrnn.train;

import java.util.List;
import org.cbrnn.util.Check;

/**
 * The outcome of {@link Trainer#run()}.
 *
 * @param records   one per epoch, in order (including epochs restored from a checkpoint)
 * @param stop      why training stopped
 * @param finalLevel the level being trained at the end ("max N" in the paper's tables)
 */
public record TrainingResult(List<EpochRecord> records, StopReason stop, int finalLevel) {
    public enum StopReason { EPOCH_BUDGET, TARGET_REACHED, FIXED_LEVEL_SOLVED, INTERRUPTED }

    public TrainingResult {
        Check.notNull("records", records);
        Check.nonNegative("finalLevel", finalLevel);
        Check.notNull("stop", stop);
        records = List.copyOf(records);
    }

    /** The level trained at each epoch, as a double array (for metrics and plots). */
    public double[] levels() {
        return records.stream().mapToDouble(EpochRecord::level).toArray();
    }
}
