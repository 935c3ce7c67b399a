package org.cbrnn.dl4j;

import org.cbrnn.engine.Engine;
import org.cbrnn.engine.EngineProvider;

/** {@code samediff}: {@link SameDiffEngine#create()} (float). Registered for {@link java.util.ServiceLoader}. */
public final class SameDiffEngineProvider implements EngineProvider {
    @Override
    public String name() {
        return "samediff";
    }

    @Override
    public String description() {
        return "Deeplearning4j SameDiff, autodiff on an unrolled graph (float); the thread count is ignored";
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
        return SameDiffEngine.create();
    }
}
