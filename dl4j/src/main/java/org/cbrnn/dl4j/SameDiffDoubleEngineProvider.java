package org.cbrnn.dl4j;

import org.cbrnn.engine.Engine;
import org.cbrnn.engine.EngineProvider;

/** {@code samediff-double}: {@link SameDiffEngine#doublePrecision()}, the oracle. Registered for {@link java.util.ServiceLoader}. */
public final class SameDiffDoubleEngineProvider implements EngineProvider {
    @Override
    public String name() {
        return "samediff-double";
    }

    @Override
    public String description() {
        return "Deeplearning4j SameDiff in double precision (the gradient oracle); the thread count is ignored";
    }

    @Override
    public boolean threaded() {
        return false;
    }

    @Override
    public int defaultThreads() {
        return 1;
    }

    @Override
    public Engine create(int threads) {
        return SameDiffEngine.doublePrecision();
    }
}
