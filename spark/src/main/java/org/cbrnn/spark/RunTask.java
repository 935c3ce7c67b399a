package org.cbrnn.spark;

import java.time.Duration;
import org.apache.spark.api.java.function.Function;
import org.cbrnn.experiment.PortableRun;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;

/**
 * The Spark task of one run, executed on a worker: reads the spec from its canonical text, trains it single-threaded
 * into the shared store ({@link PortableRun#run}: resumes from the run's checkpoint, waits for a lock still held by an
 * earlier attempt, captures a failure in the run's FAILED file) and returns the result as text
 * ({@link ResultText}). It never throws for a failing run, so one run's error never aborts the others' jobs.
 */
final class RunTask implements Function<String, String> {
    private static final long serialVersionUID = 1L;
    private final PortableRun run;
    private final long lockWaitSeconds;

    RunTask(PortableRun run, Duration lockWait) {
        this.run = run;
        this.lockWaitSeconds = lockWait.toSeconds();
    }

    /** {@code message} is {@link #message}: the run's id, a newline, then {@link RunSpec#toText()}. */
    @Override
    public String call(String message) {
        int nl = message.indexOf('\n');
        String id = message.substring(0, nl);
        RunSpec spec = RunSpec.fromText(message.substring(nl + 1));
        // the text form must give back the very run the driver meant; a mismatch (another kit version on the worker)
        // would train a different run into a directory of the wrong name
        if (!spec.id().equals(id)) {
            throw new IllegalStateException("the spec text of run " + id + " reads back as run " + spec.id()
                    + " on this worker: the driver and the workers run different versions of cbrnn");
        }
        return ResultText.encode(run.run(spec, Duration.ofSeconds(lockWaitSeconds)));
    }

    /** What the driver sends for {@code spec}. */
    static String message(RunSpec spec) {
        return spec.id() + "\n" + spec.toText();
    }

    /** Runs one task in this JVM (tests). */
    static RunResult runHere(PortableRun run, Duration lockWait, RunSpec spec) {
        return ResultText.decode(spec, new RunTask(run, lockWait).call(message(spec)));
    }
}
