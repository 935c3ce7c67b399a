package org.cbrnn.experiment;

import java.util.ArrayList;
import java.util.List;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.train.Protocol;
import org.cbrnn.util.Check;

/**
 * The only list of experimental conditions: an immutable, ordered set of {@link ConditionDef}s with the
 * {@link TaskProfiles} their per-task parameters come from. {@link #standard()} holds the kit's eight conditions;
 * {@link #with(ConditionDef)} returns a new registry with one more (as {@code TaskRegistry.standard().with(task)}):
 * <pre>{@code
 * ConditionRegistry reg = ConditionRegistry.standard()
 *         .with(ConditionDef.of("cb-gc128", "CB-RNN GC128", ModelConfig.cbRnn().withGranuleSize(128), PlasticitySchedule.joint()));
 * Condition c = reg.condition("cb-gc128", "parity");
 * }</pre>
 */
public final class ConditionRegistry {
    private static final ConditionRegistry STANDARD = new ConditionRegistry(List.of(), TaskProfiles.standard())
            .with(ConditionDef.of("cbrnn", "CB-RNN", ModelConfig.cbRnn(), PlasticitySchedule.joint(), "cb-rnn").inPaperTable())
            .with(ConditionDef.of("rnn202", "RNN-202", ModelConfig.matchedElman(ModelConfig.cbRnn()), PlasticitySchedule.joint(),
                    "rnn-202", "rnn").inPaperTable())
            .with(ConditionDef.of("full-reservoir", "Full reservoir", ModelConfig.cbRnn(), PlasticitySchedule.fullReservoir(),
                    "reservoir").inPaperTable())
            // the paper's interleaving period is a task constant (parity 5, DMS 10): read from the task's profile
            .with(ConditionDef.perTask("interleaved", "Interleaved reservoir", ModelConfig.cbRnn(),
                    (task, profiles) -> PlasticitySchedule.interleaved(profiles.get(task).interleavePeriod()),
                    "interleaved-reservoir").inPaperTable())
            .with(ConditionDef.of("gru", "GRU", ModelConfig.gru(128), PlasticitySchedule.joint()))
            .with(ConditionDef.of("cbgru", "CB-GRU", ModelConfig.gruCb(), PlasticitySchedule.joint(), "cb-gru"))
            .with(ConditionDef.of("aux", "Aux control", ModelConfig.auxControl(), PlasticitySchedule.joint(), "aux-control"))
            .with(ConditionDef.of("readout-cb", "RNN->CB", ModelConfig.readoutCerebellum(), PlasticitySchedule.joint(), "rnn-cb"));

    private final List<ConditionDef> defs;
    private final TaskProfiles profiles;

    private ConditionRegistry(List<ConditionDef> defs, TaskProfiles profiles) {
        this.defs = List.copyOf(defs);
        this.profiles = profiles;
    }

    /**
     * The kit's conditions: {@code cbrnn}, {@code rnn202}, {@code full-reservoir}, {@code interleaved} (the paper's
     * Table 4), {@code gru}, {@code cbgru}, {@code aux}, {@code readout-cb}; with {@link TaskProfiles#standard()}.
     */
    public static ConditionRegistry standard() {
        return STANDARD;
    }

    /** A copy of this registry plus {@code def}; its name and aliases must not be taken already. */
    public ConditionRegistry with(ConditionDef def) {
        Check.notNull("def", def);
        for (ConditionDef d : defs) {
            if (d.answersTo(def.name()) || def.aliases().stream().anyMatch(d::answersTo)) {
                throw new IllegalArgumentException("condition name '" + def.name() + "' or one of its aliases " + def.aliases()
                        + " is already taken by '" + d.name() + "'");
            }
        }
        List<ConditionDef> l = new ArrayList<>(defs);
        l.add(def);
        return new ConditionRegistry(l, profiles);
    }

    /** A copy of this registry whose per-task parameters come from {@code profiles} (e.g. with a user task's profile). */
    public ConditionRegistry withProfiles(TaskProfiles profiles) {
        Check.notNull("profiles", profiles);
        return new ConditionRegistry(defs, profiles);
    }

    public TaskProfiles profiles() {
        return profiles;
    }

    /** The entry answering to {@code name} (name or alias, any case); the error lists the names. */
    public ConditionDef get(String name) {
        Check.notNull("name", name);
        if (name != null) for (ConditionDef d : defs) if (d.answersTo(name)) return d;
        throw new IllegalArgumentException("condition must be one of " + String.join(", ", names()) + "; got '" + name + "'");
    }

    /** The condition {@code name} on {@code task}. */
    public Condition condition(String name, String task) {
        Check.notNull("name", name);
        Check.notNull("task", task);
        return get(name).forTask(task, profiles);
    }

    /**
     * The condition {@code name} under a multi-task {@code protocol}: the model gets the protocol's heads and inputs
     * ({@link Protocol#adapt}), the schedule is resolved for the protocol (the interleaved reservoir's period is the
     * protocol profile's, {@link ProtocolProfiles}) and is read with the protocols' routing (docs/protocol.md §12.5).
     */
    public Condition condition(String name, Protocol protocol) {
        Check.notNull("name", name);
        Check.notNull("protocol", protocol);
        if (protocol.isSingle()) throw new IllegalArgumentException("protocol single needs a task: use condition(name, task)");
        Condition c = get(name).forTask(protocol.name(), ProtocolProfiles.withProtocols(profiles));
        return new Condition(c.label(), protocol.adapt(c.model()), c.schedule());
    }

    /** The short names, in registration order. */
    public List<String> names() {
        return defs.stream().map(ConditionDef::name).toList();
    }

    /** The short names of the paper's Table-4 conditions. */
    public List<String> paperNames() {
        return defs.stream().filter(ConditionDef::paperTable).map(ConditionDef::name).toList();
    }

    public List<ConditionDef> all() {
        return defs;
    }

    /** The paper's Table-4 conditions on {@code task}. */
    public List<Condition> paperTable(String task) {
        Check.notNull("task", task);
        return defs.stream().filter(ConditionDef::paperTable).map(d -> d.forTask(task, profiles)).toList();
    }
}
