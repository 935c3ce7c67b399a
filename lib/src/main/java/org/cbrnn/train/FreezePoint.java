package org.cbrnn.train;

import org.cbrnn.util.Check;

/**
 * When the recurrent core stops learning: never, from the start, once a level has been solved, or after an epoch.
 *
 * @param kind  which rule
 * @param value the level L or the epoch count E (unused for NEVER / FROM_START)
 */
public record FreezePoint(Kind kind, int value) {
    public enum Kind { NEVER, FROM_START, AFTER_LEVEL, AFTER_EPOCH }

    public FreezePoint {
        Check.notNull("kind", kind);
        if (kind == Kind.AFTER_LEVEL) Check.inRange("freeze level", value, 1, 1000);
        if (kind == Kind.AFTER_EPOCH) Check.inRange("freeze epoch", value, 0, 10_000_000);
    }

    public static FreezePoint never() {
        return new FreezePoint(Kind.NEVER, 0);
    }

    public static FreezePoint fromStart() {
        return new FreezePoint(Kind.FROM_START, 0);
    }

    /** Frozen from the first epoch after level {@code level} is solved. */
    public static FreezePoint afterLevel(int level) {
        return new FreezePoint(Kind.AFTER_LEVEL, level);
    }

    /** Frozen from epoch {@code epochs + 1} on (1-based), i.e. after {@code epochs} epochs of training. */
    public static FreezePoint afterEpoch(int epochs) {
        return new FreezePoint(Kind.AFTER_EPOCH, epochs);
    }

    /** Whether the core is frozen in an epoch, given the epochs completed before it and the highest level solved. */
    public boolean frozen(int epochsCompleted, int highestSolved) {
        return switch (kind) {
            case NEVER -> false;
            case FROM_START -> true;
            case AFTER_LEVEL -> highestSolved >= value;
            case AFTER_EPOCH -> epochsCompleted >= value;
        };
    }

    /** Compact label, e.g. {@code "L2"}, {@code "E50"}, {@code "never"}, {@code "start"}. */
    public String label() {
        return switch (kind) {
            case NEVER -> "never";
            case FROM_START -> "start";
            case AFTER_LEVEL -> "L" + value;
            case AFTER_EPOCH -> "E" + value;
        };
    }

    /** Parses {@link #label()}. */
    public static FreezePoint parse(String text) {
        Check.notNull("text", text);
        String t = text.trim();
        if (t.equals("never")) return never();
        if (t.equals("start")) return fromStart();
        try {
            if (t.startsWith("L")) return afterLevel(Integer.parseInt(t.substring(1)));
            if (t.startsWith("E")) return afterEpoch(Integer.parseInt(t.substring(1)));
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("freeze point must be 'never', 'start', 'L<level>' or 'E<epochs>', got '" + text + "'");
    }
}
