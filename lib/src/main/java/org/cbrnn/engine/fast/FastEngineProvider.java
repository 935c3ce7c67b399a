package org.cbrnn.engine.fast;

import org.cbrnn.engine.Engine;
import org.cbrnn.engine.EngineProvider;

/** {@code fast}: {@link FastEngine#create(int)}, the best kernels of this CPU. Registered for {@link java.util.ServiceLoader}. */
public final class FastEngineProvider implements EngineProvider {
    @Override
    public String name() {
        return "fast";
    }

    @Override
    public String description() {
        return "hand-written BPTT on float arrays, Vector API GEMM where available, batch split over threads";
    }

    @Override
    public Engine create(int threads) {
        return FastEngine.create(threads);
    }
}
