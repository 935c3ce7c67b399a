package org.cbrnn.train;

import java.util.ArrayList;
import java.util.List;
import org.cbrnn.util.Check;

/**
 * The per-task part of an epoch of a multi-task protocol (multitask, task switching, continual learning, the
 * cumulative curriculum; docs/protocol.md §12): for each readout head, the task it is scored on, the level it was
 * scored at, its evaluation accuracy and whether it learned; which task was active; which tensors were frozen.
 * Single-task runs carry {@link #NONE}.
 *
 * @param heads  one entry per scored head, in head order (empty for single-task runs)
 * @param active the task(s) trained in the epoch, e.g. {@code dms}, or {@code dms+parity} in multitask ("" for none)
 * @param frozen tensor groups held fixed by the protocol's reservoir mode, e.g. {@code hh} or {@code cb} ("" for none)
 */
public record TaskEpochs(List<Head> heads, String active, String frozen) {
    /** The value of single-task records. */
    public static final TaskEpochs NONE = new TaskEpochs(List.of(), "", "");

    public TaskEpochs {
        Check.notNull("heads", heads);
        Check.notNull("active", active);
        Check.notNull("frozen", frozen);
        heads = List.copyOf(heads);
        for (String s : List.of(active, frozen)) {
            if (s.contains(",") || s.contains("\n")) throw new IllegalArgumentException("active/frozen must not contain ',' or a newline, got '" + s + "'");
        }
    }

    /**
     * One head's result in an epoch.
     *
     * @param task     the task the head is scored on
     * @param level    the level N it was scored at
     * @param accuracy its evaluation accuracy in percent
     * @param learning whether its weights learned in the epoch
     */
    public record Head(String task, int level, double accuracy, boolean learning) {
        public Head {
            Check.notNull("task", task);
            if (!task.matches("[A-Za-z0-9_.+-]+")) throw new IllegalArgumentException("task must be letters, digits, '_', '.', '+' or '-', got '" + task + "'");
            Check.nonNegative("level", level);
        }
    }

    /** True for single-task records. */
    public boolean isEmpty() {
        return heads.isEmpty() && active.isEmpty() && frozen.isEmpty();
    }

    /** The first head scored on {@code task}, if any. */
    public java.util.Optional<Head> head(String task) {
        Check.notNull("task", task);
        return heads.stream().filter(h -> h.task().equals(task)).findFirst();
    }

    /** The stored form of {@link #heads()}: {@code task:level:accuracy:0|1} joined by {@code |} (lossless). */
    public String headsText() {
        StringBuilder sb = new StringBuilder();
        for (Head h : heads) {
            if (sb.length() > 0) sb.append('|');
            sb.append(h.task()).append(':').append(h.level()).append(':').append(h.accuracy()).append(':').append(h.learning() ? 1 : 0);
        }
        return sb.toString();
    }

    /** Parses {@link #headsText()}. */
    public static List<Head> parseHeads(String text) {
        Check.notNull("text", text);
        List<Head> out = new ArrayList<>();
        if (text.isEmpty()) return out;
        for (String part : text.split("\\|")) {
            String[] f = part.split(":");
            if (f.length != 4) throw new IllegalArgumentException("head entry must be task:level:accuracy:0|1, got '" + part + "'");
            out.add(new Head(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]), f[3].equals("1")));
        }
        return out;
    }
}
