package org.cbrnn.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cbrnn.util.Check;
import org.cbrnn.util.FieldTable;

/**
 * An immutable description of one architecture. Create with a static factory ({@link #cbRnn()}, {@link #elman(int)},
 * {@link #gru(int)}, {@link #gruCb()}, {@link #auxControl()}, {@link #readoutCerebellum()}) and adjust with
 * {@link #toBuilder()} (or a one-field {@code with...} shorthand); {@link #toProperties()} / {@link #fromProperties(Map)} round-trip it as text.
 *
 * @param cell          recurrent core: leaky Elman or GRU
 * @param coupling      how (whether) a cerebellar module is attached
 * @param cbInput       what the cerebellar module (or auxiliary control) reads
 * @param inputSize     input channels I
 * @param hiddenSize    hidden units H of the core
 * @param granuleSize   GC layer width G
 * @param purkinjeSize  PC layer width P
 * @param auxSize       hidden units of the recurrent auxiliary control (only for {@link Coupling#RECURRENT_AUX})
 * @param numClasses    classes C of the readout
 * @param tau           leak time constant (alpha = 1/tau) of the Elman core and the auxiliary control
 * @param leakSlope     negative slope of the LeakyReLU
 * @param cbMaxRatio    if > 0, the CB output of each sequence is rescaled to at most this ratio of the norm of the
 *                      pre-activation it is added to (always 1.0 for the paper's GRU; 0 = off, the Elman default)
 * @param numHeads      linear readout heads K on the final state, each with {@code numClasses} outputs (1 for the
 *                      single-task curriculum; 2 for the paper's multitask and task-switching models, docs/protocol.md
 *                      §2.11). All heads read the same state and belong to {@link Module#READOUT}.
 */
public record ModelConfig(Cell cell, Coupling coupling, CbInput cbInput, int inputSize, int hiddenSize, int granuleSize,
                          int purkinjeSize, int auxSize, int numClasses, double tau, double leakSlope, double cbMaxRatio,
                          int numHeads) {

    /** The recurrent core. */
    public enum Cell {
        /** h_t = (1-a) h_{t-1} + a LeakyReLU(W_in x_t + b_in + W_hh h_{t-1} + b_hh [+ c_t]), a = 1/tau. */
        ELMAN,
        /** GRU with the candidate LeakyReLU and h' = (1-z) h + z n (docs/protocol.md §2.8). */
        GRU
    }

    /** Where the cerebellar module sits. */
    public enum Coupling {
        /** No cerebellar module: the plain baseline. */
        NONE,
        /** The paper's CB-RNN: the CB reads the previous state and adds a hidden-sized bias inside the loop. */
        CEREBELLAR_BIAS,
        /** Recurrent auxiliary control (docs/protocol.md §2.7): a leaky RNN in place of the feedforward CB, same coupling. */
        RECURRENT_AUX,
        /** The "RNN -> feedforward cerebellum -> output" topology: the CB reads the final state, the head reads the CB. */
        READOUT_CEREBELLUM
    }

    /** What the cerebellar module reads. */
    public enum CbInput {
        /** [h_{t-1}; x_t], the paper's default (run token {@code CBinput}). */
        HIDDEN_AND_INPUT,
        /** h_{t-1} only. */
        HIDDEN,
        /** x_t only (run token {@code noH}). */
        INPUT;

        public boolean readsHidden() {
            return this != INPUT;
        }

        public boolean readsInput() {
            return this != HIDDEN;
        }
    }

    /** A single-head config (the form every config had before multi-head models). */
    public ModelConfig(Cell cell, Coupling coupling, CbInput cbInput, int inputSize, int hiddenSize, int granuleSize,
                       int purkinjeSize, int auxSize, int numClasses, double tau, double leakSlope, double cbMaxRatio) {
        this(cell, coupling, cbInput, inputSize, hiddenSize, granuleSize, purkinjeSize, auxSize, numClasses, tau, leakSlope,
                cbMaxRatio, 1);
    }

    public ModelConfig {
        Check.notNull("cell", cell);
        Check.notNull("coupling", coupling);
        Check.notNull("cbInput", cbInput);
        Check.inRange("inputSize", inputSize, 1, 1024);
        Check.inRange("hiddenSize", hiddenSize, 1, 4096);
        Check.inRange("numClasses", numClasses, 2, 1024);
        Check.inRange("numHeads", numHeads, 1, 1024);
        if (coupling != Coupling.NONE && coupling != Coupling.RECURRENT_AUX) {
            Check.inRange("granuleSize", granuleSize, 1, 16384);
            Check.inRange("purkinjeSize", purkinjeSize, 1, 16384);
        }
        if (coupling == Coupling.RECURRENT_AUX) Check.inRange("auxSize", auxSize, 1, 4096);
        if (cell == Cell.GRU && coupling != Coupling.NONE && coupling != Coupling.CEREBELLAR_BIAS) {
            throw new IllegalArgumentException("coupling must be NONE or CEREBELLAR_BIAS for a GRU core, got " + coupling);
        }
        Check.inRange("tau", tau, 1.0, 1e6);
        Check.inRange("leakSlope", leakSlope, 0.0, 1.0);
        Check.inRange("cbMaxRatio", cbMaxRatio, 0.0, 1e6);
        if (cbMaxRatio > 0 && (coupling != Coupling.CEREBELLAR_BIAS || cell != Cell.GRU)) {
            throw new IllegalArgumentException("cbMaxRatio (CB output rescaling) applies only to a GRU core with coupling "
                    + "CEREBELLAR_BIAS, got cell " + cell + " and coupling " + coupling);
        }
    }

    // ---------------------------------------------------------------- factories

    /** The paper's CB-RNN: H64, GC256, PC64, CB reads [h_{t-1}; x_t], tau 1.5 (41,922 parameters). */
    public static ModelConfig cbRnn() {
        return new ModelConfig(Cell.ELMAN, Coupling.CEREBELLAR_BIAS, CbInput.HIDDEN_AND_INPUT, 1, 64, 256, 64, 0, 2, 1.5, 0.01, 0.0);
    }

    /** A plain leaky Elman RNN with {@code hiddenSize} units. */
    public static ModelConfig elman(int hiddenSize) {
        return new ModelConfig(Cell.ELMAN, Coupling.NONE, CbInput.HIDDEN_AND_INPUT, 1, hiddenSize, 0, 0, 0, 2, 1.5, 0.01, 0.0);
    }

    /** The plain Elman RNN whose parameter count is closest to {@code reference}'s (RNN-202 for the default CB-RNN). */
    public static ModelConfig matchedElman(ModelConfig reference) {
        Check.notNull("reference", reference);
        return ParameterMatching.matchedElman(reference);
    }

    /** A GRU core without CB (the paper's GRU baseline uses H128: 50,562 parameters). */
    public static ModelConfig gru(int hiddenSize) {
        return new ModelConfig(Cell.GRU, Coupling.NONE, CbInput.HIDDEN_AND_INPUT, 1, hiddenSize, 0, 0, 0, 2, 1.5, 0.01, 0.0);
    }

    /** The paper's GRU H64 with CB (GC256, PC64, [h; x]) and its always-on rescaling (50,498 parameters). */
    public static ModelConfig gruCb() {
        return new ModelConfig(Cell.GRU, Coupling.CEREBELLAR_BIAS, CbInput.HIDDEN_AND_INPUT, 1, 64, 256, 64, 0, 2, 1.5, 0.01, 1.0);
    }

    /** The recurrent auxiliary control, its size matched to the default CB (139 units: 42,012 parameters). */
    public static ModelConfig auxControl() {
        ModelConfig cb = cbRnn();
        int a = ParameterMatching.matchedAuxSize(cb);
        return new ModelConfig(Cell.ELMAN, Coupling.RECURRENT_AUX, cb.cbInput(), cb.inputSize(), cb.hiddenSize(), 0, 0, a,
                cb.numClasses(), cb.tau(), cb.leakSlope(), 0.0);
    }

    /** The readout-topology variant "RNN -> feedforward CB -> output" with the default widths (41,922 parameters). */
    public static ModelConfig readoutCerebellum() {
        return cbRnn().withCoupling(Coupling.READOUT_CEREBELLUM);
    }

    // ---------------------------------------------------------------- builder and withers

    /** A builder holding this config's values; change some and {@link Builder#build()} a new config. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Mutable staging for a {@link ModelConfig}; {@link #build()} validates. Start from a factory, e.g.
     * {@code ModelConfig.cbRnn().toBuilder().granuleSize(128).tau(2).build()}.
     */
    public static final class Builder {
        private Cell cell;
        private Coupling coupling;
        private CbInput cbInput;
        private int inputSize, hiddenSize, granuleSize, purkinjeSize, auxSize, numClasses, numHeads;
        private double tau, leakSlope, cbMaxRatio;

        private Builder(ModelConfig c) {
            cell = c.cell;
            coupling = c.coupling;
            cbInput = c.cbInput;
            inputSize = c.inputSize;
            hiddenSize = c.hiddenSize;
            granuleSize = c.granuleSize;
            purkinjeSize = c.purkinjeSize;
            auxSize = c.auxSize;
            numClasses = c.numClasses;
            tau = c.tau;
            leakSlope = c.leakSlope;
            cbMaxRatio = c.cbMaxRatio;
            numHeads = c.numHeads;
        }

        public Builder cell(Cell cell) { this.cell = Check.notNull("cell", cell); return this; }
        public Builder coupling(Coupling coupling) { this.coupling = Check.notNull("coupling", coupling); return this; }
        public Builder cbInput(CbInput cbInput) { this.cbInput = Check.notNull("cbInput", cbInput); return this; }
        public Builder inputSize(int v) { inputSize = v; return this; }
        public Builder hiddenSize(int v) { hiddenSize = v; return this; }
        public Builder granuleSize(int v) { granuleSize = v; return this; }
        public Builder purkinjeSize(int v) { purkinjeSize = v; return this; }
        public Builder auxSize(int v) { auxSize = v; return this; }
        public Builder numClasses(int v) { numClasses = v; return this; }
        public Builder tau(double v) { tau = v; return this; }
        public Builder leakSlope(double v) { leakSlope = v; return this; }
        public Builder cbMaxRatio(double v) { cbMaxRatio = v; return this; }
        public Builder numHeads(int v) { numHeads = v; return this; }

        /** The config; throws if a value is out of range or the combination is invalid. */
        public ModelConfig build() {
            return new ModelConfig(cell, coupling, cbInput, inputSize, hiddenSize, granuleSize, purkinjeSize, auxSize, numClasses,
                    tau, leakSlope, cbMaxRatio, numHeads);
        }
    }

    /**
     * The fields in their stored order: the only list of them, driving {@link #toProperties()} and
     * {@link #fromProperties(Map)}. {@code numHeads} is optional: it is written only when it is not 1, so single-head
     * configs keep the text (and the run ids hashed from it) they had before multi-head models existed, and text
     * without the key reads as one head.
     */
    public static final FieldTable<ModelConfig, Builder> FIELDS = FieldTable.<ModelConfig, Builder>of("model config")
            .enumeration("cell", Cell.class, ModelConfig::cell, Builder::cell)
            .enumeration("coupling", Coupling.class, ModelConfig::coupling, Builder::coupling)
            .enumeration("cbInput", CbInput.class, ModelConfig::cbInput, Builder::cbInput)
            .integer("inputSize", ModelConfig::inputSize, Builder::inputSize)
            .integer("hiddenSize", ModelConfig::hiddenSize, Builder::hiddenSize)
            .integer("granuleSize", ModelConfig::granuleSize, Builder::granuleSize)
            .integer("purkinjeSize", ModelConfig::purkinjeSize, Builder::purkinjeSize)
            .integer("auxSize", ModelConfig::auxSize, Builder::auxSize)
            .integer("numClasses", ModelConfig::numClasses, Builder::numClasses)
            .number("tau", ModelConfig::tau, Builder::tau)
            .number("leakSlope", ModelConfig::leakSlope, Builder::leakSlope)
            .number("cbMaxRatio", ModelConfig::cbMaxRatio, Builder::cbMaxRatio)
            .optionalInteger("numHeads", 1, ModelConfig::numHeads, Builder::numHeads);

    public ModelConfig withCell(Cell cell) { return toBuilder().cell(Check.notNull("cell", cell)).build(); }
    public ModelConfig withCoupling(Coupling coupling) { return toBuilder().coupling(Check.notNull("coupling", coupling)).build(); }
    public ModelConfig withCbInput(CbInput cbInput) { return toBuilder().cbInput(Check.notNull("cbInput", cbInput)).build(); }
    public ModelConfig withInputSize(int v) { return toBuilder().inputSize(v).build(); }
    public ModelConfig withHiddenSize(int v) { return toBuilder().hiddenSize(v).build(); }
    public ModelConfig withGranuleSize(int v) { return toBuilder().granuleSize(v).build(); }
    public ModelConfig withPurkinjeSize(int v) { return toBuilder().purkinjeSize(v).build(); }
    public ModelConfig withAuxSize(int v) { return toBuilder().auxSize(v).build(); }
    public ModelConfig withNumClasses(int v) { return toBuilder().numClasses(v).build(); }
    public ModelConfig withTau(double v) { return toBuilder().tau(v).build(); }
    public ModelConfig withLeakSlope(double v) { return toBuilder().leakSlope(v).build(); }
    public ModelConfig withCbMaxRatio(double v) { return toBuilder().cbMaxRatio(v).build(); }
    public ModelConfig withNumHeads(int v) { return toBuilder().numHeads(v).build(); }

    // ---------------------------------------------------------------- derived

    /** True when the model has a cerebellar module or its recurrent control. */
    public boolean hasCerebellum() {
        return coupling != Coupling.NONE;
    }

    /** alpha = 1 / tau. */
    public double alpha() {
        return 1.0 / tau;
    }

    /** Width of what the CB (or the auxiliary control) reads. */
    public int cbInputWidth() {
        return (cbInput.readsHidden() ? hiddenSize : 0) + (cbInput.readsInput() ? inputSize : 0);
    }

    /** Units of state carried between steps (and drawn as 0.1*U(0,1) at t = 0): H, plus the auxiliary units. */
    public int stateSize() {
        return hiddenSize + (coupling == Coupling.RECURRENT_AUX ? auxSize : 0);
    }

    /**
     * The tensor-name prefix of readout head {@code k}: {@code "head"} for a single-head model (its tensors are
     * {@code head.weight} and {@code head.bias}, as in every model file written before multi-head models), else
     * {@code "head0"}, {@code "head1"}, ...
     */
    public String headName(int k) {
        Check.inRange("k", k, 0, numHeads - 1);
        return numHeads == 1 ? "head" : "head" + k;
    }

    /**
     * The readout head a tensor called {@code tensorName} belongs to ({@code head.*} or {@code head<k>.*} per
     * {@link #headName(int)}), or -1 if it is not a head tensor of this config.
     */
    public int headOf(String tensorName) {
        Check.notNull("tensorName", tensorName);
        int dot = tensorName.indexOf('.');
        if (dot < 0) return -1;
        String prefix = tensorName.substring(0, dot);
        for (int k = 0; k < numHeads; k++) if (prefix.equals(headName(k))) return k;
        return -1;
    }

    /** The parameter tensors in a fixed order, with module tags and initialisers (docs/protocol.md §2.5, §2.10). */
    public List<ParamSpec> parameterSpecs() {
        List<ParamSpec> s = new ArrayList<>();
        int H = hiddenSize, I = inputSize;
        if (cell == Cell.ELMAN) {
            s.add(new ParamSpec("inp.weight", Module.CORE, H, I, Init.fanIn(I)));
            s.add(new ParamSpec("inp.bias", Module.CORE, H, 1, Init.fanIn(I)));
            s.add(new ParamSpec("hh.weight", Module.CORE, H, H, Init.fanIn(H)));
            s.add(new ParamSpec("hh.bias", Module.CORE, H, 1, Init.fanIn(H)));
        } else {
            for (String g : new String[]{"z", "r", "n"}) {
                s.add(new ParamSpec("x" + g + ".weight", Module.CORE, H, I, Init.fanIn(I)));
                s.add(new ParamSpec("x" + g + ".bias", Module.CORE, H, 1, Init.fanIn(I)));
            }
            for (String g : new String[]{"z", "r", "n"}) {
                s.add(new ParamSpec("h" + g + ".weight", Module.CORE, H, H, Init.fanIn(H)));
                s.add(new ParamSpec("h" + g + ".bias", Module.CORE, H, 1, Init.fanIn(H)));
            }
        }
        int U = cbInputWidth();
        switch (coupling) {
            case CEREBELLAR_BIAS, READOUT_CEREBELLUM -> {
                int G = granuleSize, P = purkinjeSize;
                s.add(new ParamSpec("gc.weight", Module.CEREBELLUM, G, U, Init.normal(0.01)));
                s.add(new ParamSpec("gc.bias", Module.CEREBELLUM, G, 1, Init.zero()));
                s.add(new ParamSpec("pc.weight", Module.CEREBELLUM, P, G, Init.normal(0.1)));
                s.add(new ParamSpec("pc.bias", Module.CEREBELLUM, P, 1, Init.zero()));
                s.add(new ParamSpec("dcn.weight", Module.CEREBELLUM, H, P, Init.normal(0.1)));
                s.add(new ParamSpec("dcn.bias", Module.CEREBELLUM, H, 1, Init.zero()));
            }
            case RECURRENT_AUX -> {
                int A = auxSize;
                s.add(new ParamSpec("aux.in.weight", Module.CEREBELLUM, A, U, Init.fanIn(U)));
                s.add(new ParamSpec("aux.in.bias", Module.CEREBELLUM, A, 1, Init.fanIn(U)));
                s.add(new ParamSpec("aux.rec.weight", Module.CEREBELLUM, A, A, Init.fanIn(A)));
                s.add(new ParamSpec("aux.rec.bias", Module.CEREBELLUM, A, 1, Init.fanIn(A)));
                s.add(new ParamSpec("aux.out.weight", Module.CEREBELLUM, H, A, Init.fanIn(A)));
                s.add(new ParamSpec("aux.out.bias", Module.CEREBELLUM, H, 1, Init.fanIn(A)));
            }
            case NONE -> { }
        }
        // the heads last, in head order: a single head keeps the names, order and initial draws it always had
        for (int k = 0; k < numHeads; k++) {
            s.add(new ParamSpec(headName(k) + ".weight", Module.READOUT, numClasses, H, Init.fanIn(H)));
            s.add(new ParamSpec(headName(k) + ".bias", Module.READOUT, numClasses, 1, Init.fanIn(H)));
        }
        return Collections.unmodifiableList(s);
    }

    /** Total number of trainable scalars. */
    public int parameterCount() {
        return parameterSpecs().stream().mapToInt(ParamSpec::size).sum();
    }

    /** Parameter count per module, in {@link Module} order (modules the model lacks are omitted). */
    public Map<Module, Integer> parameterBreakdown() {
        Map<Module, Integer> m = new LinkedHashMap<>();
        for (Module mod : Module.values()) {
            int n = parameterSpecs().stream().filter(p -> p.module() == mod).mapToInt(ParamSpec::size).sum();
            if (n > 0) m.put(mod, n);
        }
        return m;
    }

    /** A short human label for tables and legends, e.g. {@code "CB-RNN H64 GC256 PC64"} or {@code "RNN H202"}. */
    public String label() {
        String core = (cell == Cell.GRU ? "GRU" : "RNN") + " H" + hiddenSize;
        String in = switch (cbInput) {
            case HIDDEN_AND_INPUT -> "";
            case HIDDEN -> " (h only)";
            case INPUT -> " (x only)";
        };
        String heads = numHeads == 1 ? "" : " " + numHeads + " heads";
        String base = switch (coupling) {
            case NONE -> core;
            case CEREBELLAR_BIAS -> (cell == Cell.GRU ? "CB-GRU H" : "CB-RNN H") + hiddenSize + " GC" + granuleSize + " PC" + purkinjeSize + in;
            case RECURRENT_AUX -> "Aux-RNN H" + hiddenSize + " A" + auxSize + in;
            case READOUT_CEREBELLUM -> "RNN->CB H" + hiddenSize + " GC" + granuleSize + " PC" + purkinjeSize + in;
        };
        return base + heads;
    }

    /** Text form, one {@code key=value} per entry in {@link #FIELDS} order; inverse of {@link #fromProperties(Map)}. */
    public Map<String, String> toProperties() {
        return FIELDS.write(this);
    }

    /** Parses the output of {@link #toProperties()}; missing or malformed keys give an error naming the key. */
    public static ModelConfig fromProperties(Map<String, String> properties) {
        Check.notNull("properties", properties);
        return FIELDS.read(properties, cbRnn().toBuilder()).build();
    }
}
