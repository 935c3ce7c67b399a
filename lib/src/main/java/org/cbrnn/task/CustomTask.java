package org.cbrnn.task;

import org.cbrnn.util.Check;

/**
 * A binary task defined by a name, a one-line description and a label rule, so a user task is one expression
 * instead of a class:
 *
 * <pre>{@code
 * Task xorEnds = CustomTask.of("xor-ends", "1 if the last bit differs from the bit N-1 steps earlier",
 *         (bits, n) -> (bits[bits.length - n] > 0.5f) != (bits[bits.length - 1] > 0.5f) ? 1 : 0);
 * TaskRegistry mine = TaskRegistry.standard().with(xorEnds);
 * }</pre>
 *
 * <p>Everything else (lengths N + 2 .. 4N + 1, balanced i.i.d. bits, one input channel, two classes, N from 2) is the
 * {@link Task} default, i.e. the paper's protocol. The rule is checked on every sequence it labels: a label outside
 * {0, 1} fails at once with the task's name, not later inside a loss.
 */
public final class CustomTask implements Task {

    /** The class of one bit sequence at level N; see {@link Task#label(float[], int)}. */
    @FunctionalInterface
    public interface LabelRule {
        /** 0 or 1 for {@code bits} (channel 0 over time) at level {@code level}. */
        int label(float[] bits, int level);
    }

    private final String name;
    private final String description;
    private final LabelRule rule;

    private CustomTask(String name, String description, LabelRule rule) {
        this.name = name;
        this.description = description;
        this.rule = rule;
    }

    /**
     * A task called {@code name} (the registry key: non-blank, no whitespace) whose labels come from {@code rule}.
     */
    public static CustomTask of(String name, String description, LabelRule rule) {
        Check.notNull("name", name);
        Check.notNull("description", description);
        Check.notNull("rule", rule);
        if (name.isBlank() || !name.equals(name.strip()) || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("name must be a non-blank word without spaces, got '" + name + "'");
        }
        return new CustomTask(name, description, rule);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int label(float[] bits, int level) {
        Check.notNull("bits", bits);
        int y = rule.label(bits, level);
        if (y != 0 && y != 1) {
            throw new IllegalStateException("task '" + name + "': label rule returned " + y + " at level " + level
                    + " (must be 0 or 1)");
        }
        return y;
    }

    @Override
    public String toString() {
        return "CustomTask[" + name + "]";
    }
}
