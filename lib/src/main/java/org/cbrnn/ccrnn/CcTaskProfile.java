package org.cbrnn.ccrnn;

import java.util.function.Supplier;
import org.cbrnn.task.online.OnlineTask;
import org.cbrnn.util.Check;

/**
 * The per-task constants of the ccRNN study (docs/ccrnn.md §3): how to make the task, the base configuration (sizes,
 * truncation window, learning rate, data per epoch, epochs) and the default first epoch of a lesion.
 *
 * @param name         the task's name on the command line
 * @param task         makes the task
 * @param base         the protocol's configuration, without a cerebellum
 * @param lesionEpoch  default first lesioned epoch
 * @param data         which data the task uses, for tables and figure captions
 */
public record CcTaskProfile(String name, Supplier<OnlineTask> task, CcConfig base, int lesionEpoch, String data) {
    public CcTaskProfile {
        Check.notNull("name", name);
        Check.notNull("task", task);
        Check.notNull("base", base);
        Check.inRange("lesionEpoch", lesionEpoch, 1, base.epochs());
        Check.notNull("data", data);
    }
}
