package org.cbrnn.experiment;

import java.nio.file.Path;
import java.util.List;
import org.cbrnn.engine.fast.FastEngine;

/**
 * A child process for {@link RunStoreFaultTest}: {@code run <store>} trains {@link RunStoreCrashTest#spec()} and prints
 * "locked" (exit 3) if another process holds it, "trained" (exit 0) otherwise; {@code sweep <store>} runs
 * {@link RunStoreFaultTest#sweepSpecs()} two at a time, printing each finished epoch.
 */
public final class StoreChild {
    private StoreChild() {}

    public static void main(String[] args) {
        RunStore store = RunStore.at(Path.of(args[1])).withNotices(m -> System.out.println("notice " + m));
        if (args[0].equals("run")) {
            try (FastEngine e = FastEngine.create(1)) {
                System.out.println("ready");
                store.run(RunStoreCrashTest.spec(), e);
                System.out.println("trained");
            } catch (RunLock.RunLockedException locked) {
                System.out.println("locked " + locked.getMessage());
                System.exit(3);
            }
        } else {
            List<RunResult> rs = Sweep.of(RunStoreFaultTest.sweepSpecs()).parallelRuns(2)
                    .listeners(s -> r -> System.out.println(s.id() + " epoch " + r.epoch())).run(store);
            System.out.println("swept " + rs.size());
        }
    }
}
