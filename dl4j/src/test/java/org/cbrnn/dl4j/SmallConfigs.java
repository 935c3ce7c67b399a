package org.cbrnn.dl4j;

import java.util.List;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.engine.fast.GradientCheck;

/** Small versions of every architecture and CB input mode: lib's shared list ({@link GradientCheck#smallConfigs()}). */
final class SmallConfigs {
    private SmallConfigs() {}

    static List<ModelConfig> all() {
        return GradientCheck.smallConfigs();
    }

    /** A readable id for test names and the summary table. */
    static String id(ModelConfig c) {
        String s = c.label();
        if (c.cbMaxRatio() > 0) s += " rho" + c.cbMaxRatio();
        if (c.inputSize() != 1 || c.numClasses() != 2) s += " I" + c.inputSize() + " C" + c.numClasses();
        return s;
    }
}
