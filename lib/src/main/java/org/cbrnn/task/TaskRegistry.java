package org.cbrnn.task;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cbrnn.util.Check;

/**
 * An immutable name-to-task map. {@link #standard()} holds the paper's tasks; {@link #with(Task)} returns a new
 * registry with one more task, so user tasks never mutate shared state.
 */
public final class TaskRegistry {
    private final Map<String, Task> tasks;

    private TaskRegistry(Map<String, Task> tasks) {
        this.tasks = Collections.unmodifiableMap(tasks);
    }

    /** The paper's tasks: {@code parity} and {@code dms}. */
    public static TaskRegistry standard() {
        return new TaskRegistry(new LinkedHashMap<>()).with(new Parity()).with(new DelayedMatch());
    }

    /** A copy of this registry plus {@code task}; names must be unique. */
    public TaskRegistry with(Task task) {
        Check.notNull("task", task);
        if (tasks.containsKey(task.name())) throw new IllegalArgumentException("a task named '" + task.name() + "' is already registered");
        Map<String, Task> m = new LinkedHashMap<>(tasks);
        m.put(task.name(), task);
        return new TaskRegistry(m);
    }

    /** The task called {@code name}; the error lists the known names. */
    public Task get(String name) {
        Check.notNull("name", name);
        Task t = tasks.get(name);
        if (t == null) throw new IllegalArgumentException("task must be one of " + names() + ", got '" + name + "'");
        return t;
    }

    public List<String> names() {
        return List.copyOf(tasks.keySet());
    }

    public List<Task> all() {
        return List.copyOf(tasks.values());
    }

    /** Shorthand for {@code standard().get(name)}. */
    public static Task of(String name) {
        Check.notNull("name", name);
        return standard().get(name);
    }
}
