package org.cbrnn.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.ModelConfig.CbInput;

/** Small versions of every architecture and CB input mode (the list of lib's GradientFiniteDifferenceTest.smallConfigs()). */
final class SmallConfigs {
    private SmallConfigs() {}

    static List<ModelConfig> all() {
        ModelConfig cb = ModelConfig.cbRnn().withHiddenSize(5).withGranuleSize(7).withPurkinjeSize(4);
        List<ModelConfig> l = new ArrayList<>();
        for (CbInput in : CbInput.values()) l.add(cb.withCbInput(in));
        l.add(ModelConfig.elman(6));
        l.add(cb.withCoupling(ModelConfig.Coupling.READOUT_CEREBELLUM));
        l.add(cb.withCoupling(ModelConfig.Coupling.READOUT_CEREBELLUM).withCbInput(CbInput.HIDDEN));
        l.add(cb.withInputSize(2).withNumClasses(3));
        ModelConfig aux = ModelConfig.auxControl().withHiddenSize(5).withAuxSize(4);
        for (CbInput in : CbInput.values()) l.add(aux.withCbInput(in));
        l.add(aux.withInputSize(2).withNumClasses(3));
        l.add(ModelConfig.gru(5));
        l.add(ModelConfig.gru(5).withInputSize(2).withNumClasses(3));
        ModelConfig gruCb = ModelConfig.gruCb().withHiddenSize(5).withGranuleSize(7).withPurkinjeSize(4);
        for (double ratio : new double[]{1.0, 0.05, 0.0}) l.add(gruCb.withCbMaxRatio(ratio));
        l.add(gruCb.withCbMaxRatio(0.05).withCbInput(CbInput.HIDDEN));
        l.add(gruCb.withCbMaxRatio(0.05).withCbInput(CbInput.INPUT));
        l.add(gruCb.withInputSize(2).withNumClasses(3));
        return l;
    }

    /** A readable id for test names and the summary table. */
    static String id(ModelConfig c) {
        String s = c.label();
        if (c.cbMaxRatio() > 0) s += " rho" + c.cbMaxRatio();
        if (c.inputSize() != 1 || c.numClasses() != 2) s += " I" + c.inputSize() + " C" + c.numClasses();
        return s;
    }
}
