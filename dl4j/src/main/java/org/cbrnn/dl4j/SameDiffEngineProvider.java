package org.cbrnn.dl4j;

import org.cbrnn.engine.BasicEngineProvider;

/** {@code samediff}: {@link SameDiffEngine#create()} (float). Registered for {@link java.util.ServiceLoader}. */
public final class SameDiffEngineProvider extends BasicEngineProvider {
    public SameDiffEngineProvider() {
        super("samediff", "Deeplearning4j SameDiff, autodiff on an unrolled graph (float); the thread count is ignored", false,
                threads -> SameDiffEngine.create());
    }
}
