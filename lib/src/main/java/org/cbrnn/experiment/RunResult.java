package org.cbrnn.experiment;

import java.util.List;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingResult;

/**
 * A finished, interrupted or failed run: its spec, its epoch records and why it stopped.
 *
 * @param spec     what was run
 * @param records  one record per finished epoch
 * @param stop     why it stopped ({@code INTERRUPTED} also for a run that failed or has not finished yet)
 * @param resumed  true if part of it was restored from a checkpoint or a finished result
 * @param error    why the run failed (exception and message), or null
 */
public record RunResult(RunSpec spec, List<EpochRecord> records, TrainingResult.StopReason stop, boolean resumed, String error) {
    public RunResult {
        records = List.copyOf(records);
    }

    /** A run that did not fail. */
    public RunResult(RunSpec spec, List<EpochRecord> records, TrainingResult.StopReason stop, boolean resumed) {
        this(spec, records, stop, resumed, null);
    }

    /** A run that failed with {@code error} after finishing {@code records}. */
    public static RunResult failed(RunSpec spec, List<EpochRecord> records, String error) {
        return new RunResult(spec, records, TrainingResult.StopReason.INTERRUPTED, true, error);
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

    /** True when the run ended normally (budget or target), false while unfinished or after a failure. */
    public boolean complete() {
        return error == null && stop != TrainingResult.StopReason.INTERRUPTED;
    }

    public boolean failed() {
        return error != null;
    }

    /** {@code done}, {@code partial} or {@code failed}. */
    public String status() {
        return failed() ? "failed" : complete() ? "done" : "partial";
    }

    /** The same run cut to its first {@code epochs} epochs (for comparing runs of different lengths). */
    public RunResult truncate(int epochs) {
        if (epochs >= records.size()) return this;
        return new RunResult(spec, records.subList(0, epochs), TrainingResult.StopReason.EPOCH_BUDGET, resumed, error);
    }
}
