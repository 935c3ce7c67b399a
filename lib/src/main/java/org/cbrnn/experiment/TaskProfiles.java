package org.cbrnn.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cbrnn.util.Check;

/**
 * An immutable task-name-to-{@link TaskProfile} map, the only place the paper's per-task constants are written.
 * {@link #standard()} holds parity and DMS; {@link #with(TaskProfile)} returns a new registry with one more profile
 * (as {@code TaskRegistry.standard().with(task)} does for tasks).
 */
public final class TaskProfiles {
    private static final TaskProfiles STANDARD = new TaskProfiles(new LinkedHashMap<>())
            .with(new TaskProfile("parity", 19, 5, List.of(
                    new PaperReference.Row("parity", "CB-RNN", 18.75, 0.46, 153.1, 15.0, 14171, 232),
                    new PaperReference.Row("parity", "Full reservoir", 15.13, 0.35, 176.1, 8.9, 11971, 244),
                    new PaperReference.Row("parity", "Interleaved reservoir", 16.75, 0.71, 166.3, 10.6, 12996, 571),
                    new PaperReference.Row("parity", "RNN-202", 16.75, 0.71, 312.1, 24.0, 11505, 252))))
            .with(new TaskProfile("dms", 38, 10, List.of(
                    new PaperReference.Row("dms", "CB-RNN", 34.75, 0.89, 215.4, 11.3, 25041, 627),
                    new PaperReference.Row("dms", "Full reservoir", 30.00, 1.31, 275.0, 28.7, 21689, 710),
                    new PaperReference.Row("dms", "Interleaved reservoir", 35.63, 2.45, 264.4, 17.3, 23595, 792),
                    new PaperReference.Row("dms", "RNN-202", 31.38, 0.52, 455.6, 29.0, 19254, 524))));

    private final Map<String, TaskProfile> profiles;

    private TaskProfiles(Map<String, TaskProfile> profiles) {
        this.profiles = Collections.unmodifiableMap(profiles);
    }

    /** The paper's profiles: parity (global max 19, interleave period 5) and DMS (38, 10). */
    public static TaskProfiles standard() {
        return STANDARD;
    }

    /** A copy of this registry plus {@code profile}; task names must be unique. */
    public TaskProfiles with(TaskProfile profile) {
        Check.notNull("profile", profile);
        if (profiles.containsKey(profile.task())) throw new IllegalArgumentException("a profile for task '" + profile.task() + "' is already registered");
        Map<String, TaskProfile> m = new LinkedHashMap<>(profiles);
        m.put(profile.task(), profile);
        return new TaskProfiles(m);
    }

    /** The profile of {@code task}, if there is one. */
    public Optional<TaskProfile> find(String task) {
        Check.notNull("task", task);
        return Optional.ofNullable(profiles.get(task));
    }

    /** The profile of {@code task}; the error says there is no paper reference for it and lists the tasks that have one. */
    public TaskProfile get(String task) {
        Check.notNull("task", task);
        TaskProfile p = profiles.get(task);
        if (p == null) {
            throw new IllegalArgumentException("no paper reference for task '" + task + "' (tasks with a profile: "
                    + String.join(", ", names()) + "); register one with TaskProfiles.standard().with(new TaskProfile(...))");
        }
        return p;
    }

    /** The tasks with a profile, in registration order. */
    public List<String> names() {
        return List.copyOf(profiles.keySet());
    }

    public List<TaskProfile> all() {
        return List.copyOf(profiles.values());
    }
}
