package org.cbrnn.dl4j;

import java.util.List;
import org.cbrnn.engine.Engine;

/**
 * Engines by name, for command lines, notebooks and benchmark tables; a shorthand for
 * {@link org.cbrnn.engine.Engines#available()}, which lists every engine on the class path (here: {@code fast},
 * {@code scalar}, {@code samediff}, {@code samediff-double}, each optionally followed by a thread count). Every engine
 * plugs into the trainer the same way: {@code Trainer.builder(model, task).engine(Engines.byName("samediff"))}.
 */
public final class Engines {
    private Engines() {}

    /** The engine names on the class path ({@link #byName(String)} also accepts a thread count suffix, e.g. {@code fast2}). */
    public static List<String> names() {
        return org.cbrnn.engine.Engines.available().names();
    }

    /**
     * A new engine (the caller closes it): {@code fast} ({@link org.cbrnn.engine.fast.FastEngine#create()}),
     * {@code fast1}/{@code fast2} (1 or 2 threads), {@code scalar<N>}, {@code samediff}
     * ({@link SameDiffEngine#create()}, float), {@code samediff-double} ({@link SameDiffEngine#doublePrecision()}).
     */
    public static Engine byName(String name) {
        return org.cbrnn.engine.Engines.available().create(name);
    }
}
