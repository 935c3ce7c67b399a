package org.cbrnn.experiment;

import java.nio.file.Path;
import org.cbrnn.util.Check;

/**
 * The health of one run directory, as {@link RunStore#check()} found it.
 *
 * @param run    the directory's name
 * @param health what state it is in
 * @param file   the file at fault (damaged) or holding the error (failed), else null
 * @param detail the reason, the error, or the epoch count
 * @param result the run's stored result (damaged runs: a failed result carrying the reason); null if not even the
 *               spec can be read, or no epoch has finished
 * @param lock   the holder of the run's lock if it has one (a live writer, or a stale lock), else null
 */
public record RunCheck(String run, Health health, Path file, String detail, RunResult result, String lock) {
    public RunCheck {
        Check.notNull("run", run);
        Check.notNull("health", health);
        Check.notNull("detail", detail);
    }

    /** What state a run directory is in. */
    public enum Health {
        /** Finished; the table matches DONE's checksum. */
        DONE,
        /** Some epochs finished; resumable. */
        PARTIAL,
        /** The last attempt failed; the error is in FAILED. Rerunning retries it. */
        FAILED,
        /** Created, no epoch finished yet. */
        EMPTY,
        /** A file is damaged or edited; the run is not used until repaired or discarded. */
        DAMAGED
    }

    /** One line for a terminal: run, health, detail, file, lock. */
    @Override
    public String toString() {
        return run + "  " + health.name().toLowerCase(java.util.Locale.ROOT) + "  " + detail + (file == null ? "" : "  [" + file + "]")
                + (lock == null ? "" : "  (locked by " + lock + ")");
    }
}
