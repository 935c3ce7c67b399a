package org.cbrnn.cli;

import org.cbrnn.options.OptValues;
import org.cbrnn.task.Task;
import org.cbrnn.task.TaskRegistry;

/** {@code cbrnn tasks}: the registered tasks. */
final class TasksCommand extends Command {
    TasksCommand() {
        super("tasks", "list the registered tasks", "");
    }

    @Override
    int run(OptValues o, Context ctx) {
        for (Task t : TaskRegistry.standard().all()) {
            ctx.out().printf("%-8s %s (levels %d.., length N+2..4N+1)%n", t.name(), t.description(), t.minLevel());
        }
        return 0;
    }
}
