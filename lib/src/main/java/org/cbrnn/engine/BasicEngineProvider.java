package org.cbrnn.engine;

import java.util.List;
import java.util.function.IntFunction;
import org.cbrnn.util.Check;

/**
 * An {@link EngineProvider} from its facts, so a provider class is one constructor call:
 * {@code public MyProvider() { super("mine", "what it is", true, MyEngine::create); }}.
 * ({@link java.util.ServiceLoader} needs a class with a public no-argument constructor per provider.)
 */
public abstract class BasicEngineProvider implements EngineProvider {
    private final String name;
    private final String description;
    private final boolean threaded;
    private final IntFunction<Engine> factory;

    /**
     * @param name        the short name (lower case, no trailing digit)
     * @param description one line for listings
     * @param threaded    whether the thread count changes the engine
     * @param factory     a new engine for a thread count
     */
    protected BasicEngineProvider(String name, String description, boolean threaded, IntFunction<Engine> factory) {
        this.name = Check.notNull("name", name);
        this.description = Check.notNull("description", description);
        this.threaded = threaded;
        this.factory = Check.notNull("factory", factory);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public List<String> aliases() {
        return List.of();
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final boolean threaded() {
        return threaded;
    }

    @Override
    public int defaultThreads() {
        return threaded ? EngineProvider.super.defaultThreads() : 1;
    }

    @Override
    public final Engine create(int threads) {
        return factory.apply(threads);
    }
}
