package org.cbrnn.experiment;

import java.util.List;
import java.util.Locale;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.util.Check;

/**
 * One entry of the {@link ConditionRegistry}: a condition's short name and aliases (for command lines and grid
 * files), its display label (for tables and legends), its model, and its schedule as a rule of the task, so that
 * per-task parameters (the interleave period) come from the task's {@link TaskProfile}.
 *
 * @param name       short name, lower case, e.g. {@code cbrnn}
 * @param aliases    other accepted names, e.g. {@code cb-rnn}
 * @param label      display label, e.g. {@code CB-RNN}; never part of a run's identity
 * @param model      the architecture
 * @param schedule   the plasticity schedule for a task
 * @param paperTable true for the conditions of the paper's Table 4
 */
public record ConditionDef(String name, List<String> aliases, String label, ModelConfig model, ScheduleRule schedule, boolean paperTable) {

    /** A condition's schedule for a task; may read the task's profile (and fail for a task without one). */
    @FunctionalInterface
    public interface ScheduleRule {
        PlasticitySchedule forTask(String task, TaskProfiles profiles);
    }

    public ConditionDef {
        Check.notNull("name", name);
        Check.notNull("label", label);
        Check.notNull("model", model);
        Check.notNull("schedule", schedule);
        aliases = List.copyOf(aliases);
        for (String n : names(name, aliases)) {
            if (!n.matches("[a-z0-9][a-z0-9_.-]*")) {
                throw new IllegalArgumentException("condition name must be lower-case letters, digits, '-', '_' or '.', got '" + n + "'");
            }
        }
        if (label.isBlank()) throw new IllegalArgumentException("label must not be blank");
    }

    /** A condition with the same schedule on every task. */
    public static ConditionDef of(String name, String label, ModelConfig model, PlasticitySchedule schedule, String... aliases) {
        Check.notNull("aliases", aliases);
        Check.notNull("schedule", schedule);
        return new ConditionDef(name, List.of(aliases), label, model, (task, profiles) -> schedule, false);
    }

    /** A condition whose schedule depends on the task (e.g. on its profile's interleave period). */
    public static ConditionDef perTask(String name, String label, ModelConfig model, ScheduleRule schedule, String... aliases) {
        return new ConditionDef(name, List.of(aliases), label, model, schedule, false);
    }

    /** This entry marked as one of the paper's Table-4 conditions. */
    public ConditionDef inPaperTable() {
        return new ConditionDef(name, aliases, label, model, schedule, true);
    }

    /** The condition on {@code task}, its schedule resolved with {@code profiles}. */
    public Condition forTask(String task, TaskProfiles profiles) {
        Check.notNull("task", task);
        Check.notNull("profiles", profiles);
        return new Condition(label, model, schedule.forTask(task, profiles));
    }

    /** True if {@code nameOrAlias} (trimmed, any case) is the name or an alias. */
    public boolean answersTo(String nameOrAlias) {
        Check.notNull("nameOrAlias", nameOrAlias);
        String n = nameOrAlias.trim().toLowerCase(Locale.ROOT);
        return names(name, aliases).contains(n);
    }

    private static List<String> names(String name, List<String> aliases) {
        List<String> l = new java.util.ArrayList<>(aliases);
        l.add(0, name);
        return l;
    }
}
