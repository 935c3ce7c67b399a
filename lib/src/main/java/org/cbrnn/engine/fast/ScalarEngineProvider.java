package org.cbrnn.engine.fast;

import org.cbrnn.engine.BasicEngineProvider;

/** {@code scalar}: {@link FastEngine#scalar(int)}, the fast engine on scalar kernels (for comparisons). */
public final class ScalarEngineProvider extends BasicEngineProvider {
    public ScalarEngineProvider() {
        super("scalar", "the fast engine forced onto its scalar float kernels (no Vector API), for comparisons", true,
                FastEngine::scalar);
    }
}
