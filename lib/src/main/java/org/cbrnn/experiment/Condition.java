package org.cbrnn.experiment;

import java.util.List;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.util.Check;

/**
 * A named experimental condition on one task: an architecture plus a plasticity schedule (e.g. "CB-RNN" = default
 * CB-RNN, joint; "Full reservoir" = default CB-RNN, {@link PlasticitySchedule#fullReservoir()}). The label is for
 * tables and legends only; it is not part of a run's identity ({@link RunSpec#key()}). The kit's conditions are
 * defined once, in {@link ConditionRegistry#standard()}; the factories below read it.
 */
public record Condition(String label, ModelConfig model, PlasticitySchedule schedule) {
    public Condition {
        Check.notNull("label", label);
        Check.notNull("model", model);
        Check.notNull("schedule", schedule);
        if (label.isBlank()) throw new IllegalArgumentException("label must not be blank");
    }

    // the schedules of these conditions do not depend on the task, so any task name resolves them
    private static Condition fixed(String name) {
        return ConditionRegistry.standard().get(name).forTask("", TaskProfiles.standard());
    }

    public static Condition cbRnn() {
        return fixed("cbrnn");
    }

    /** The parameter-matched plain RNN (H202). */
    public static Condition rnn202() {
        return fixed("rnn202");
    }

    public static Condition fullReservoir() {
        return fixed("full-reservoir");
    }

    /**
     * The interleaved reservoir with the task's interleaving period (10 for DMS, 5 for parity, docs/protocol.md §6.4).
     *
     * @throws IllegalArgumentException "no paper reference for task X" for a task without a {@link TaskProfile}
     */
    public static Condition interleavedReservoir(String task) {
        Check.notNull("task", task);
        return byName("interleaved", task);
    }

    public static Condition gru128() {
        return fixed("gru");
    }

    public static Condition cbGru() {
        return fixed("cbgru");
    }

    public static Condition auxControl() {
        return fixed("aux");
    }

    public static Condition readoutCerebellum() {
        return fixed("readout-cb");
    }

    /** The four conditions of the paper's Table 4 for a task. */
    public static List<Condition> paperTable(String task) {
        Check.notNull("task", task);
        return ConditionRegistry.standard().paperTable(task);
    }

    /** A condition of {@link ConditionRegistry#standard()} by short name or alias; the error lists the names. */
    public static Condition byName(String name, String task) {
        Check.notNull("name", name);
        Check.notNull("task", task);
        return ConditionRegistry.standard().condition(name, task);
    }
}
