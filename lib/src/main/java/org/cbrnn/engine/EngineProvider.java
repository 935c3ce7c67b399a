package org.cbrnn.engine;

import java.util.List;

/**
 * A named way to create an {@link Engine}, found on the class path by {@link Engines} with
 * {@link java.util.ServiceLoader}: a module adds an engine by implementing this interface and listing the class in
 * {@code META-INF/services/org.cbrnn.engine.EngineProvider}. lib provides {@code fast} and {@code scalar}; the dl4j
 * module provides {@code samediff} and {@code samediff-double}. Implementations need a public no-argument constructor.
 */
public interface EngineProvider {

    /** The short name, lower case, not ending in a digit (a trailing number is a thread count: {@code fast2}). */
    String name();

    /** Other accepted names. */
    default List<String> aliases() {
        return List.of();
    }

    /** One line for help texts and listings. */
    String description();

    /** True if the thread count changes the engine (batch slices); false if it is ignored. */
    default boolean threaded() {
        return true;
    }

    /** The thread count of {@link #create()}: one per core, at most 2 (measured fastest on the kit's machines). */
    default int defaultThreads() {
        return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /** A new engine with {@code threads} batch slices (ignored by unthreaded engines); the caller closes it. */
    Engine create(int threads);

    /** A new engine with {@link #defaultThreads()}. */
    default Engine create() {
        return create(defaultThreads());
    }
}
