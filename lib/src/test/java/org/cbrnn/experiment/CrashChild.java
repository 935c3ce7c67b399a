package org.cbrnn.experiment;

import java.nio.file.Path;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingListener;

/**
 * The process that {@link RunStoreCrashTest} kills with SIGKILL: runs {@link RunStoreCrashTest#spec()} in the store
 * given as the first argument, printing each finished epoch. The parent kills it as soon as it reads a given epoch,
 * so the kill lands while the next epoch trains (or while its checkpoint is written).
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
                }
            });
        }
    }
}
