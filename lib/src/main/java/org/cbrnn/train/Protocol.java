package org.cbrnn.train;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.util.Check;

/**
 * How tasks and readout heads are scheduled over a run (docs/protocol.md §12), next to the level schedule of the
 * single-task {@link Curriculum}:
 * <ul>
 *   <li>{@link #single()}: one task, one head (every run before protocols; the default);</li>
 *   <li>{@link #multitask()}: one shared sequence scored by a DMS head and a parity head, one shared N, advance when
 *       every head reaches the threshold, losses summed (§12.1);</li>
 *   <li>{@link #switching()}: DMS and parity take turns with a switch-pulse input channel; only the active head learns,
 *       both are scored every epoch; the active task hands over when its N reaches the next switch target (5, 10, 15,
 *       ...), and the other task starts at that target (§12.2);</li>
 *   <li>{@link #continual(int, String...)}: a plan of task phases of a fixed number of epochs, a task coming back
 *       restarts at its last solved N - 1 (§12.3);</li>
 *   <li>{@link #cumulative(String, int)}: the parent paper's multi-head curriculum, one head per level, all heads so far
 *       trained together, advance when the mean and the newest head reach the threshold (§12.4).</li>
 * </ul>
 * Which modules learn is still the {@link PlasticitySchedule}'s, read with the protocols' routing: in a protocol
 * "core" means the recurrent weights only, the input layer always learns (§12.5).
 *
 * <p>The text form ({@link #label()}) is canonical and part of a protocol run's identity; {@link #parse(String)} also
 * takes the short names {@code single}, {@code multitask}, {@code switching}, {@code continual} and
 * {@code cumulative} for the paper's settings.
 *
 * @param kind           which protocol
 * @param tasks          the tasks: multitask and switching, one per head; continual, the plan in order (a task may
 *                       repeat); cumulative, the one task; single, empty (the run's task is the spec's)
 * @param switchEvery    switching: levels between switch targets (the paper's 5); 0 otherwise
 * @param pulseSteps     switching: steps of the switch pulse (the paper's 3); 0 otherwise
 * @param epochsPerPhase continual: epochs of each phase (the authors' default 100); 0 otherwise
 * @param heads          cumulative: readout heads, one per level from 2; otherwise the number of distinct tasks (1 for single)
 */
public record Protocol(Kind kind, List<String> tasks, int switchEvery, int pulseSteps, int epochsPerPhase, int heads) {

    /** The protocols. Text form: lower-case name. */
    public enum Kind {
        SINGLE, MULTITASK, SWITCHING, CONTINUAL, CUMULATIVE;

        /** {@code single}, {@code multitask}, ... */
        public String text() {
            return org.cbrnn.util.TextEnums.text(this);
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** The most heads a cumulative curriculum may allocate (the parent paper allocates 100). */
    public static final int MAX_CUMULATIVE_HEADS = 200;

    public Protocol {
        Check.notNull("kind", kind);
        Check.notNull("tasks", tasks);
        tasks = List.copyOf(tasks);
        for (String t : tasks) {
            Check.notNull("task", t);
            if (!t.matches("[a-z0-9_]+")) throw new IllegalArgumentException("protocol task names must be lower-case letters, digits or '_', got '" + t + "'");
        }
        int distinct = new LinkedHashSet<>(tasks).size();
        switch (kind) {
            case SINGLE -> {
                if (!tasks.isEmpty() || switchEvery != 0 || pulseSteps != 0 || epochsPerPhase != 0 || heads != 1) {
                    throw new IllegalArgumentException("the single protocol takes no tasks or parameters (its task is the run's)");
                }
            }
            case MULTITASK -> {
                if (tasks.size() < 2 || distinct != tasks.size()) throw new IllegalArgumentException("multitask needs at least 2 distinct tasks, got " + tasks);
                expect(kind, switchEvery == 0 && pulseSteps == 0 && epochsPerPhase == 0);
                if (heads != tasks.size()) throw new IllegalArgumentException("multitask has one head per task: heads must be " + tasks.size() + ", got " + heads);
            }
            case SWITCHING -> {
                if (tasks.size() != 2 || distinct != 2) throw new IllegalArgumentException("switching needs exactly 2 distinct tasks, got " + tasks);
                Check.inRange("switchEvery", switchEvery, 1, 1000);
                Check.inRange("pulseSteps", pulseSteps, 1, 1000);
                expect(kind, epochsPerPhase == 0);
                if (heads != 2) throw new IllegalArgumentException("switching has one head per task: heads must be 2, got " + heads);
            }
            case CONTINUAL -> {
                if (tasks.size() < 2 || distinct < 2) throw new IllegalArgumentException("a continual plan needs at least 2 phases and 2 distinct tasks, got " + tasks);
                for (int i = 1; i < tasks.size(); i++) {
                    if (tasks.get(i).equals(tasks.get(i - 1))) throw new IllegalArgumentException("a continual plan must change task at every phase, got " + tasks);
                }
                Check.inRange("epochsPerPhase", epochsPerPhase, 1, TrainingConfig.MAX_EPOCHS);
                expect(kind, switchEvery == 0 && pulseSteps == 0);
                if (heads != distinct) throw new IllegalArgumentException("continual has one head per distinct task: heads must be " + distinct + ", got " + heads);
            }
            case CUMULATIVE -> {
                if (tasks.size() != 1) throw new IllegalArgumentException("the cumulative curriculum takes exactly 1 task, got " + tasks);
                Check.inRange("heads", heads, 2, MAX_CUMULATIVE_HEADS);
                expect(kind, switchEvery == 0 && pulseSteps == 0 && epochsPerPhase == 0);
            }
        }
    }

    private static void expect(Kind kind, boolean ok) {
        if (!ok) throw new IllegalArgumentException("protocol " + kind + " got a parameter of another protocol");
    }

    /** One task, one head: the single-task curriculum. */
    public static Protocol single() {
        return new Protocol(Kind.SINGLE, List.of(), 0, 0, 0, 1);
    }

    /** The paper's multitask protocol: DMS (head 0) and parity (head 1) on one shared sequence. */
    public static Protocol multitask() {
        return multitask("dms", "parity");
    }

    /** Multitask on {@code tasks}, head k scored on task k. */
    public static Protocol multitask(String... tasks) {
        Check.notNull("tasks", tasks);
        return new Protocol(Kind.MULTITASK, List.of(tasks), 0, 0, 0, tasks.length);
    }

    /** The paper's task switching: DMS first, then parity, switch every 5 levels, a 3-step pulse. */
    public static Protocol switching() {
        return switching("dms", "parity", 5, 3);
    }

    /** Task switching between {@code first} (head 0, trained first) and {@code second} (head 1). */
    public static Protocol switching(String first, String second, int switchEvery, int pulseSteps) {
        Check.notNull("first", first);
        Check.notNull("second", second);
        return new Protocol(Kind.SWITCHING, List.of(first, second), switchEvery, pulseSteps, 0, 2);
    }

    /** The authors' default continual plan: DMS, parity, DMS, 100 epochs each. */
    public static Protocol continual() {
        return continual(100, "dms", "parity", "dms");
    }

    /** A continual plan: the tasks in order, {@code epochsPerPhase} epochs each; one head per distinct task. */
    public static Protocol continual(int epochsPerPhase, String... plan) {
        Check.notNull("plan", plan);
        return new Protocol(Kind.CONTINUAL, List.of(plan), 0, 0, epochsPerPhase, (int) java.util.Arrays.stream(plan).distinct().count());
    }

    /** The cumulative multi-head curriculum on {@code task} with {@code heads} heads (levels 2 .. heads + 1). */
    public static Protocol cumulative(String task, int heads) {
        Check.notNull("task", task);
        return new Protocol(Kind.CUMULATIVE, List.of(task), 0, 0, 0, heads);
    }

    public boolean isSingle() {
        return kind == Kind.SINGLE;
    }

    /** The distinct tasks, in head order (cumulative: the one task). */
    public List<String> headTasks() {
        return List.copyOf(new LinkedHashSet<>(tasks));
    }

    /** The input channels a model needs for tasks of {@code taskInputs} channels: one more for the switch pulse. */
    public int inputSize(int taskInputs) {
        Check.positive("taskInputs", taskInputs);
        return kind == Kind.SWITCHING ? taskInputs + 1 : taskInputs;
    }

    /** {@code model} with this protocol's head count and input size (the single protocol returns it unchanged). */
    public ModelConfig adapt(ModelConfig model) {
        Check.notNull("model", model);
        if (isSingle()) return model;
        return model.withNumHeads(heads).withInputSize(inputSize(1));
    }

    /**
     * Refuses a model this protocol cannot train, naming what is wrong: the head count must be {@link #heads()} and
     * the input size that of the tasks plus the pulse channel for switching (tasks of one channel).
     */
    public void check(ModelConfig model) {
        Check.notNull("model", model);
        if (isSingle()) return;
        if (model.numHeads() != heads) {
            throw new IllegalArgumentException("protocol " + label() + " needs a model with numHeads = " + heads + " (one per "
                    + (kind == Kind.CUMULATIVE ? "level" : "task") + "), got numHeads = " + model.numHeads());
        }
        int in = inputSize(1);
        if (model.inputSize() != in) {
            throw new IllegalArgumentException("protocol " + label() + " needs a model with inputSize = " + in
                    + (kind == Kind.SWITCHING ? " (the bits and the switch-pulse channel)" : "") + ", got inputSize = " + model.inputSize());
        }
    }

    /** The name that stands for the task in a protocol run's spec and id: {@code multitask}, {@code switching}, ... */
    public String name() {
        return kind.text();
    }

    /**
     * The canonical text: {@code single}, {@code multitask-dms.parity}, {@code switching-dms.parity-s5-p3},
     * {@code continual-dms.parity.dms-e100}, {@code cumulative-parity-k30}.
     */
    public String label() {
        String t = String.join(".", tasks);
        return switch (kind) {
            case SINGLE -> "single";
            case MULTITASK -> "multitask-" + t;
            case SWITCHING -> "switching-" + t + "-s" + switchEvery + "-p" + pulseSteps;
            case CONTINUAL -> "continual-" + t + "-e" + epochsPerPhase;
            case CUMULATIVE -> "cumulative-" + t + "-k" + heads;
        };
    }

    @Override
    public String toString() {
        return label();
    }

    /** The forms accepted by {@link #parse(String)}, for help texts. */
    public static final String FORMS = "single, multitask[-<task>.<task>...], switching[-<a>.<b>-s<every>-p<pulse>], "
            + "continual[-<task>.<task>...-e<epochs>], cumulative-<task>-k<heads>";

    /** Parses {@link #label()} and the short forms; the error lists the forms. */
    public static Protocol parse(String text) {
        Check.notNull("text", text);
        String t = text.trim();
        try {
            switch (t) {
                case "single": return single();
                case "multitask": return multitask();
                case "switching": return switching();
                case "continual": return continual();
                default: break;
            }
            String[] p = t.split("-");
            List<String> rest = new ArrayList<>(List.of(p).subList(1, p.length));
            switch (p[0]) {
                case "multitask":
                    if (rest.size() == 1) return multitask(rest.get(0).split("\\."));
                    break;
                case "switching":
                    if (rest.size() == 3 && rest.get(1).startsWith("s") && rest.get(2).startsWith("p")) {
                        String[] ab = rest.get(0).split("\\.");
                        if (ab.length == 2) return switching(ab[0], ab[1], number(rest.get(1).substring(1)), number(rest.get(2).substring(1)));
                    }
                    break;
                case "continual":
                    if (rest.size() == 2 && rest.get(1).startsWith("e")) return continual(number(rest.get(1).substring(1)), rest.get(0).split("\\."));
                    break;
                case "cumulative":
                    if (rest.size() == 2 && rest.get(1).startsWith("k")) return cumulative(rest.get(0), number(rest.get(1).substring(1)));
                    break;
                default:
                    break;
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("protocol '" + text + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("protocol must be one of " + FORMS + "; got '" + text + "'");
    }

    private static int number(String s) {
        if (!s.matches("[0-9]{1,6}")) throw new IllegalArgumentException("expected a number, got '" + s + "'");
        return Integer.parseInt(s);
    }
}
