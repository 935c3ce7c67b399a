package org.cbrnn.ccrnn;

import java.util.ArrayList;
import java.util.List;
import org.cbrnn.task.online.DigitDrawing;
import org.cbrnn.task.online.IdxImages;
import org.cbrnn.task.online.LineDrawing;
import org.cbrnn.task.online.SeqImages;
import org.cbrnn.util.Check;

/**
 * The ccRNN study's conditions and task profiles: the sibling of {@code org.cbrnn.experiment.ConditionRegistry}
 * (whose conditions are a CB-RNN {@code ModelConfig} plus a plasticity schedule, a shape the LSTM-with-synthetic-gradient
 * conditions do not fit), in the same style: immutable, ordered, extended with {@link #with}.
 * <pre>{@code
 * CcRegistry reg = CcRegistry.standard();
 * CcConfig c = reg.config("ccrnn", "line-drawing", 0);   // lesion epoch 0 = the task's default
 * }</pre>
 */
public final class CcRegistry {
    private static final CcRegistry STANDARD = new CcRegistry(List.of(), List.of())
            .with(CcCondition.of("crnn", "cRNN", (b, e) -> b.withCerebellum(false), "c-rnn", "truncated"))
            .with(CcCondition.of("ccrnn", "ccRNN", (b, e) -> b.withCerebellum(true), "cc-rnn"))
            .with(CcCondition.of("bptt", "full BPTT", (b, e) -> b.withCerebellum(false).withTau(CcConfig.FULL_BPTT), "full-bptt"))
            .with(CcCondition.of("ccrnn-ablation", "ccRNN, cerebellum ablated",
                    (b, e) -> b.withCerebellum(true).withLesion(CcConfig.Lesion.ABLATION, e), "ablation"))
            .with(CcCondition.of("ccrnn-io", "ccRNN, inferior olive lesioned",
                    (b, e) -> b.withCerebellum(true).withLesion(CcConfig.Lesion.INFERIOR_OLIVE, e), "io-lesion"))
            // the other theory on the same tasks (docs/ccrnn.md §8.4): the kit's CB-RNN and its matched RNN with a
            // readout at every step, trained by full BPTT with the study's full-BPTT optimiser (Adam, clip 1)
            .with(CcCondition.elman("cbrnn", "CB-RNN", CcCondition.Core.CB_RNN, (b, e) -> b.withCerebellum(false).withTau(CcConfig.FULL_BPTT),
                    "cb-rnn"))
            .with(CcCondition.elman("rnn", "RNN (CB-RNN size)", CcCondition.Core.RNN,
                    (b, e) -> b.withCerebellum(false).withTau(CcConfig.FULL_BPTT), "rnn202", "elman"))
            .withTask(new CcTaskProfile("line-drawing", LineDrawing::standard, CcConfig.lineDrawing(), 20, "synthetic (cue -> line)"))
            .withTask(new CcTaskProfile("digit-drawing", DigitDrawing::standard, CcConfig.imageTasks(), 5,
                    "kit-rasterised stroke digits (not MNIST)"))
            .withTask(new CcTaskProfile("seq-digits", SeqImages::digits, CcConfig.imageTasks(), 5, "kit-rasterised stroke digits (not MNIST)"))
            // opt-in data: Debian's dataset-fashion-mnist (scripts/install-deps.sh --fashion-mnist); a clear error when absent
            .withTask(new CcTaskProfile("seq-fashion", () -> IdxImages.fashionTrain().task("seq-fashion"), CcConfig.imageTasks(), 5,
                    "Fashion-MNIST training images (Debian dataset-fashion-mnist)"));

    private final List<CcCondition> conditions;
    private final List<CcTaskProfile> tasks;

    private CcRegistry(List<CcCondition> conditions, List<CcTaskProfile> tasks) {
        this.conditions = List.copyOf(conditions);
        this.tasks = List.copyOf(tasks);
    }

    /**
     * Conditions {@code crnn}, {@code ccrnn}, {@code bptt}, {@code ccrnn-ablation}, {@code ccrnn-io} (the LSTM) and
     * {@code cbrnn}, {@code rnn} (the Elman cores, drawing tasks only); tasks line-drawing, digit-drawing, seq-digits, seq-fashion.
     */
    public static CcRegistry standard() {
        return STANDARD;
    }

    /** A copy with one more condition; its name and aliases must be free. */
    public CcRegistry with(CcCondition c) {
        Check.notNull("condition", c);
        for (CcCondition d : conditions) {
            if (d.answersTo(c.name()) || c.aliases().stream().anyMatch(d::answersTo)) {
                throw new IllegalArgumentException("condition name '" + c.name() + "' or an alias is already taken by '" + d.name() + "'");
            }
        }
        List<CcCondition> l = new ArrayList<>(conditions);
        l.add(c);
        return new CcRegistry(l, tasks);
    }

    /** A copy with one more task profile (e.g. Fashion-MNIST once installed). */
    public CcRegistry withTask(CcTaskProfile p) {
        Check.notNull("profile", p);
        if (tasks.stream().anyMatch(t -> t.name().equals(p.name()))) throw new IllegalArgumentException("task '" + p.name() + "' is already registered");
        List<CcTaskProfile> l = new ArrayList<>(tasks);
        l.add(p);
        return new CcRegistry(conditions, l);
    }

    public CcCondition condition(String name) {
        Check.notNull("condition", name);
        for (CcCondition c : conditions) if (c.answersTo(name)) return c;
        throw new IllegalArgumentException("condition must be one of " + String.join(", ", conditionNames()) + "; got '" + name + "'");
    }

    public CcTaskProfile task(String name) {
        Check.notNull("task", name);
        for (CcTaskProfile t : tasks) if (t.name().equalsIgnoreCase(name.trim())) return t;
        throw new IllegalArgumentException("task must be one of " + String.join(", ", taskNames()) + "; got '" + name + "'");
    }

    public List<String> conditionNames() {
        return conditions.stream().map(CcCondition::name).toList();
    }

    public List<String> taskNames() {
        return tasks.stream().map(CcTaskProfile::name).toList();
    }

    /** The configuration of {@code condition} on {@code task}; {@code lesionEpoch} 0 means the task's default. */
    public CcConfig config(String condition, String task, int lesionEpoch) {
        CcTaskProfile p = task(task);
        return condition(condition).config(p.base(), lesionEpoch == 0 ? p.lesionEpoch() : lesionEpoch);
    }
}
