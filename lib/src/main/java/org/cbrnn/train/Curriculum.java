package org.cbrnn.train;

import org.cbrnn.util.Check;

/**
 * The level schedule. {@link #single(int)}: the paper's single-head curriculum (one head reused, N -> N+1 whenever the
 * evaluation accuracy reaches the threshold). {@link #fixed(int)}: the no-curriculum control (train at one N, stop
 * once solved).
 *
 * @param startLevel first level trained
 * @param advances   false for the fixed-N control
 */
public record Curriculum(int startLevel, boolean advances) {
    public Curriculum {
        Check.inRange("startLevel", startLevel, 1, 1000);
    }

    public static Curriculum single(int startLevel) {
        return new Curriculum(startLevel, true);
    }

    /** The paper's: start at N = 2. */
    public static Curriculum paper() {
        return single(2);
    }

    public static Curriculum fixed(int level) {
        return new Curriculum(level, false);
    }

    public String label() {
        return advances ? "single-from-" + startLevel : "fixed-" + startLevel;
    }

    public static Curriculum parse(String text) {
        Check.notNull("text", text);
        String t = text.trim();
        try {
            if (t.startsWith("single-from-")) return single(Integer.parseInt(t.substring(12)));
            if (t.startsWith("fixed-")) return fixed(Integer.parseInt(t.substring(6)));
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("curriculum must be 'single-from-<N>' or 'fixed-<N>', got '" + text + "'");
    }
}
