package org.cbrnn.bench;

import org.cbrnn.engine.Engine;

/**
 * One row source of the benchmark: a named way to open an {@link Engine}. The harness opens it once per
 * (model, size) measurement and closes it afterwards.
 *
 * <p>To add an engine (e.g. the Deeplearning4j one), either add one line to {@link BenchEngines#BUILT_IN}, or,
 * without touching this module, name it on the command line as {@code class:<fully.qualified.Class>[#threads]} with
 * the engine's jar on the classpath (see {@link BenchEngines#resolve(String)}).
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
