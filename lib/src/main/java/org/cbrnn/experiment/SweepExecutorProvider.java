package org.cbrnn.experiment;

import java.util.Optional;
import java.util.ServiceLoader;
import org.cbrnn.util.Check;

/**
 * A {@link SweepExecutor} that lives in another module (e.g. {@code cbrnn-spark}), found through
 * {@link ServiceLoader} so that the library itself depends on no cluster framework.
 */
public interface SweepExecutorProvider {
    /** The name the command line selects it by ({@code --executor NAME}), e.g. {@code spark}. */
    String name();

    /**
     * An executor connected to {@code master} (null: the framework's own default, e.g. the master given to
     * {@code spark-submit}), running at most {@code parallelRuns} runs at once where the framework needs that number.
     * The caller closes it if it is {@link AutoCloseable}.
     *
     * @throws IllegalArgumentException naming the master if it cannot be reached, or the framework is missing
     */
    SweepExecutor open(String master, int parallelRuns);

    /** The provider named {@code name} on the class path, if any. */
    static Optional<SweepExecutorProvider> find(String name) {
        Check.notNull("name", name);
        for (SweepExecutorProvider p : ServiceLoader.load(SweepExecutorProvider.class)) if (p.name().equals(name)) return Optional.of(p);
        return Optional.empty();
    }
}
