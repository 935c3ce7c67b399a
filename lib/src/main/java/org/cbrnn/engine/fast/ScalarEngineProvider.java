package org.cbrnn.engine.fast;

import org.cbrnn.engine.Engine;
import org.cbrnn.engine.EngineProvider;

/** {@code scalar}: {@link FastEngine#scalar(int)}, the fast engine on scalar kernels (for comparisons). */
public final class ScalarEngineProvider implements EngineProvider {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public String description() {
        return "the fast engine forced onto its scalar float kernels (no Vector API), for comparisons";
    }

    @Override
    public Engine create(int threads) {
        return FastEngine.scalar(threads);
    }
}
