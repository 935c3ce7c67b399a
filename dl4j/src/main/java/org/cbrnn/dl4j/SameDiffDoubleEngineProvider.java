package org.cbrnn.dl4j;

import org.cbrnn.engine.BasicEngineProvider;

/** {@code samediff-double}: {@link SameDiffEngine#doublePrecision()}, the oracle. Registered for {@link java.util.ServiceLoader}. */
public final class SameDiffDoubleEngineProvider extends BasicEngineProvider {
    public SameDiffDoubleEngineProvider() {
        super("samediff-double", "Deeplearning4j SameDiff in double precision (the gradient oracle); the thread count is ignored", false,
                threads -> SameDiffEngine.doublePrecision());
    }
}
