package org.cbrnn.experiment;

import java.nio.file.Path;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingListener;

/**
 * The process that {@link RunStoreCrashTest} kills with SIGKILL: runs {@link RunStoreCrashTest#spec()} in the store
 * given as the first argument, printing each finished epoch. A short sleep after each epoch keeps the run alive long
 * enough for the parent to kill it at several points.
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) {
        RunStore store = RunStore.at(Path.of(args[0]));
        try (FastEngine e = FastEngine.create(1)) {
            store.run(RunStoreCrashTest.spec(), e, new TrainingListener() {
                @Override
                public void onEpoch(EpochRecord r) {
                    System.out.println("epoch " + r.epoch());
                    System.out.flush();
                    try {
                        Thread.sleep(30);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        }
    }
}
