package org.cbrnn.experiment;

import java.util.List;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.util.Check;

/**
 * A named experimental condition: an architecture plus a plasticity schedule (e.g. "CB-RNN" = default CB-RNN,
 * joint; "Full reservoir" = default CB-RNN, {@link PlasticitySchedule#fullReservoir()}).
 */
public record Condition(String label, ModelConfig model, PlasticitySchedule schedule) {
    public Condition {
        Check.notNull("label", label);
        Check.notNull("model", model);
        Check.notNull("schedule", schedule);
        if (label.isBlank()) throw new IllegalArgumentException("label must not be blank");
    }

    public static Condition cbRnn() {
        return new Condition("CB-RNN", ModelConfig.cbRnn(), PlasticitySchedule.joint());
    }

    /** The parameter-matched plain RNN (H202). */
    public static Condition rnn202() {
        return new Condition("RNN-202", ModelConfig.matchedElman(ModelConfig.cbRnn()), PlasticitySchedule.joint());
    }

    public static Condition fullReservoir() {
        return new Condition("Full reservoir", ModelConfig.cbRnn(), PlasticitySchedule.fullReservoir());
    }

    /** The paper's interleaving period: 10 for DMS, 5 for parity (docs/protocol.md §6.4). */
    public static Condition interleavedReservoir(String task) {
        return new Condition("Interleaved reservoir", ModelConfig.cbRnn(), PlasticitySchedule.interleaved(task.equals("dms") ? 10 : 5));
    }

    public static Condition gru128() {
        return new Condition("GRU", ModelConfig.gru(128), PlasticitySchedule.joint());
    }

    public static Condition cbGru() {
        return new Condition("CB-GRU", ModelConfig.gruCb(), PlasticitySchedule.joint());
    }

    public static Condition auxControl() {
        return new Condition("Aux control", ModelConfig.auxControl(), PlasticitySchedule.joint());
    }

    public static Condition readoutCerebellum() {
        return new Condition("RNN->CB", ModelConfig.readoutCerebellum(), PlasticitySchedule.joint());
    }

    /** The four conditions of the paper's Table 4 for a task. */
    public static List<Condition> paperTable(String task) {
        return List.of(cbRnn(), rnn202(), fullReservoir(), interleavedReservoir(task));
    }

    /**
     * A condition by short name: {@code cbrnn}, {@code rnn202}, {@code full-reservoir}, {@code interleaved},
     * {@code gru}, {@code cbgru}, {@code aux}, {@code readout-cb}.
     */
    public static Condition byName(String name, String task) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "cbrnn", "cb-rnn" -> cbRnn();
            case "rnn202", "rnn-202", "rnn" -> rnn202();
            case "full-reservoir", "reservoir" -> fullReservoir();
            case "interleaved", "interleaved-reservoir" -> interleavedReservoir(task);
            case "gru" -> gru128();
            case "cbgru", "cb-gru" -> cbGru();
            case "aux", "aux-control" -> auxControl();
            case "readout-cb", "rnn-cb" -> readoutCerebellum();
            default -> throw new IllegalArgumentException("condition must be one of cbrnn, rnn202, full-reservoir, interleaved, gru, cbgru, aux, readout-cb; got '" + name + "'");
        };
    }
}
