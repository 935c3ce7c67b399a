package org.cbrnn.experiment;

import java.util.List;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingResult;
import org.cbrnn.util.Check;

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
        Check.notNull("spec", spec);
        Check.notNull("records", records);
        Check.notNull("stop", stop);
        records = List.copyOf(records);
    }

    /** A run that did not fail. */
    public RunResult(RunSpec spec, List<EpochRecord> records, TrainingResult.StopReason stop, boolean resumed) {
        this(spec, records, stop, resumed, null);
    }

    /** A run that failed with {@code error} after finishing {@code records}. */
    public static RunResult failed(RunSpec spec, List<EpochRecord> records, String error) {
        Check.notNull("spec", spec);
        Check.notNull("records", records);
        Check.notNull("error", error);
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

    /** {@link Status#DONE}, {@link Status#PARTIAL} or {@link Status#FAILED} (text forms {@code done}, {@code partial}, {@code failed}). */
    public Status status() {
        return failed() ? Status.FAILED : complete() ? Status.DONE : Status.PARTIAL;
    }

    /** Where a run stands. Its text form ({@link #toString()}, used in tables and CSV files) is the lower-case name. */
    public enum Status {
        /** Ended normally: epoch budget or target level reached. */
        DONE,
        /** Not finished yet (interrupted, or still running); resumable. */
        PARTIAL,
        /** Stopped by an error, or its files are damaged. */
        FAILED;

        /** {@code done}, {@code partial} or {@code failed}. */
        public String text() {
            return org.cbrnn.util.TextEnums.text(this);
        }

        @Override
        public String toString() {
            return text();
        }

        /** Parses {@link #text()} (case-insensitively); the error lists the states. */
        public static Status parse(String status) {
            Check.notNull("status", status);
            return org.cbrnn.util.TextEnums.parse(Status.class, status, "status");
        }
    }

    /** The same run cut to its first {@code epochs} epochs (for comparing runs of different lengths). */
    public RunResult truncate(int epochs) {
        if (epochs >= records.size()) return this;
        return new RunResult(spec, records.subList(0, epochs), TrainingResult.StopReason.EPOCH_BUDGET, resumed, error);
    }
}
