package org.cbrnn.bench;

import org.cbrnn.engine.Engine;

/**
 * One row source of the benchmark: a named way to open an {@link Engine}. The harness opens it once per
 * (model, size) measurement and closes it afterwards.
 *
 * <p>To add an engine, give it an {@link org.cbrnn.engine.EngineProvider} registered for {@link java.util.ServiceLoader}
 * (as the dl4j module does for {@code samediff}), or, without a provider, name it on the command line as
 * {@code class:<fully.qualified.Class>[#threads]} with the engine's jar on the classpath (see
 * {@link BenchEngines#resolve(String)}).
 */
public interface BenchEngine {

    /** The row / column name in the results, e.g. {@code fast2}. */
    String name();

    /** Threads the engine uses (for the table; 0 if unknown). */
    int threads();

    /** A fresh engine. */
    Engine open();

    /** A small record implementation. */
    static BenchEngine of(String name, int threads, java.util.function.Supplier<Engine> factory) {
        return new BenchEngine() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int threads() {
                return threads;
            }

            @Override
            public Engine open() {
                return factory.get();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
