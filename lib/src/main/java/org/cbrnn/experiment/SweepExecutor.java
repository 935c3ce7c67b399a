package org.cbrnn.experiment;

import java.util.List;
import java.util.function.Function;

/**
 * Where the runs of a {@link Sweep} execute. The sweep hands over the specs and a job that runs one spec through the
 * run store and never throws (a failure comes back as a {@link RunResult#failed failed result}); the executor only
 * decides where and how many at a time. {@link LocalExecutor} uses the local cores. A distributed executor (module
 * {@code cbrnn-spark}: {@code SparkExecutor}) ships each spec as {@link RunSpec#toText()} with the job's
 * {@link SweepJob#portable()} settings to a worker that opens the same store on a shared file system and trains the
 * run there, and reports back through {@link SweepJob#listener} and {@link SweepJob#ended}: nothing else of the sweep
 * changes.
 */
public interface SweepExecutor {

    /**
     * Runs {@code job} for every spec and returns the results in spec order. If the calling thread is interrupted, the
     * executor stops starting new jobs, asks running ones to stop (their trainers roll back to the last finished
     * epoch), and returns with {@code null} in place of every job that did not return; the sweep then reads those
     * runs' stored progress. The thread's interrupt flag is set again on return.
     */
    List<RunResult> execute(List<RunSpec> specs, Function<RunSpec, RunResult> job);

    /** A short description for logs, e.g. {@code local, 2 runs at a time}. */
    String describe();
}
