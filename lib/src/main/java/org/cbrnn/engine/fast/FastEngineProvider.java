package org.cbrnn.engine.fast;

import org.cbrnn.engine.BasicEngineProvider;

/** {@code fast}: {@link FastEngine#create(int)}, the best kernels of this CPU. Registered for {@link java.util.ServiceLoader}. */
public final class FastEngineProvider extends BasicEngineProvider {
    public FastEngineProvider() {
        super("fast", "hand-written BPTT on float arrays, Vector API GEMM where available, batch split over threads", true,
                FastEngine::create);
    }
}
