package org.cbrnn.dl4j;

import java.util.List;
import java.util.Locale;
import org.cbrnn.engine.Engine;
import org.cbrnn.engine.fast.FastEngine;

/**
 * Engines by name, for command lines, notebooks and benchmark tables. Every engine plugs into the trainer the same
 * way: {@code Trainer.builder(model, task).engine(Engines.byName("samediff"))}.
 */
public final class Engines {
    private Engines() {}

    /** The names {@link #byName(String)} accepts. */
    public static List<String> names() {
        return List.of("fast", "fast1", "fast2", "samediff", "samediff-double");
    }

    /**
     * A new engine (the caller closes it):
     * <ul>
     *   <li>{@code fast}: {@link FastEngine#create()} (one thread per core, at most 2);</li>
     *   <li>{@code fast1}, {@code fast2}: {@link FastEngine#create(int)} with 1 or 2 threads;</li>
     *   <li>{@code samediff}: {@link SameDiffEngine#create()} (float);</li>
     *   <li>{@code samediff-double}: {@link SameDiffEngine#doublePrecision()}.</li>
     * </ul>
     */
    public static Engine byName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "fast" -> FastEngine.create();
            case "fast1" -> FastEngine.create(1);
            case "fast2" -> FastEngine.create(2);
            case "samediff" -> SameDiffEngine.create();
            case "samediff-double" -> SameDiffEngine.doublePrecision();
            default -> throw new IllegalArgumentException("engine must be one of " + names() + ", got '" + name + "'");
        };
    }
}
