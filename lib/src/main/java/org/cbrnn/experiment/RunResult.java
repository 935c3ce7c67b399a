package org.cbrnn.experiment;

import java.util.List;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingResult;

/**
 * A finished (or interrupted) run: its spec, its epoch records and why it stopped.
 *
 * @param spec     what was run
 * @param records  one record per epoch
 * @param stop     why it stopped
 * @param resumed  true if part of it was restored from a checkpoint or a finished result
 */
public record RunResult(RunSpec spec, List<EpochRecord> records, TrainingResult.StopReason stop, boolean resumed) {
    public RunResult {
        records = List.copyOf(records);
    }

    /** The level trained at each epoch. */
    public double[] levels() {
        return records.stream().mapToDouble(EpochRecord::level).toArray();
    }

    /** The level trained at epoch {@code epoch} (1-based), or the last level if the run ended before it. */
    public int levelAt(int epoch) {
        if (records.isEmpty()) return 0;
        return records.get(Math.min(epoch, records.size()) - 1).level();
    }

    /** Total wall time of the epochs, in seconds. */
    public double seconds() {
        return records.stream().mapToDouble(EpochRecord::seconds).sum();
    }

    public boolean complete() {
        return stop != TrainingResult.StopReason.INTERRUPTED;
    }
}
