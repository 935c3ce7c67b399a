package org.cbrnn.experiment;

import java.nio.file.Path;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingListener;

/** The process {@link ProtocolStoreTest} kills with SIGKILL: runs its switching spec, printing each finished epoch. */
public final class ProtocolCrashChild {
    private ProtocolCrashChild() {}

    public static void main(String[] args) {
        try (FastEngine e = FastEngine.create(1)) {
            RunStore.at(Path.of(args[0])).run(ProtocolStoreTest.spec(), e, new TrainingListener() {
                @Override
                public void onEpoch(EpochRecord r) {
                    System.out.println("epoch " + r.epoch());
                    System.out.flush();
                }
            });
        }
    }
}
