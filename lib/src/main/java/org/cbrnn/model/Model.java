package org.cbrnn.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;

/**
 * A model: an immutable {@link ModelConfig} plus its (mutable) {@link Parameters}.
 *
 * <pre>{@code
 * Model m = Model.create(ModelConfig.cbRnn(), 1);
 * m.parameterCount();        // 41922
 * m.parameterBreakdown();    // {CORE=4288, CEREBELLUM=37504, READOUT=130}
 * m.save(Path.of("cb.model"));
 * }</pre>
 */
public final class Model {
    private final ModelConfig config;
    private final Parameters parameters;
    private final boolean configLayout;

    public Model(ModelConfig config, Parameters parameters) {
        Check.notNull("config", config);
        Check.notNull("parameters", parameters);
        if (!config.parameterSpecs().equals(parameters.specs())) {
            throw new IllegalArgumentException("parameters do not match the layout of " + config.label());
        }
        this.config = config;
        this.parameters = parameters;
        this.configLayout = true;
    }

    private Model(ModelConfig config, Parameters parameters, boolean configLayout) {
        this.config = config;
        this.parameters = parameters;
        this.configLayout = configLayout;
    }

    /**
     * A model whose parameter layout is defined elsewhere (a cell prototyped in the dl4j module): {@code config} still
     * gives the sizes the kit reads (input size, classes, state size). Only engines that know the layout can run it;
     * the fast engine rejects it and it cannot be saved with {@link #save(Path)}.
     */
    public static Model withLayout(ModelConfig config, Parameters parameters) {
        Check.notNull("config", config);
        Check.notNull("parameters", parameters);
        return new Model(config, parameters, config.parameterSpecs().equals(parameters.specs()));
    }

    /** True when the parameters follow {@code config().parameterSpecs()} (every model except custom-layout ones). */
    public boolean hasConfigLayout() {
        return configLayout;
    }

    /** A freshly initialised model; the weights are a function of {@code seed} alone. */
    public static Model create(ModelConfig config, long seed) {
        Check.notNull("config", config);
        return new Model(config, Parameters.initialise(config, Rng.of(seed, "init")));
    }

    public ModelConfig config() {
        return config;
    }

    public Parameters parameters() {
        return parameters;
    }

    public int parameterCount() {
        return parameters.count();
    }

    public Map<Module, Integer> parameterBreakdown() {
        return config.parameterBreakdown();
    }

    /** The initial state h_0 = 0.1 * U(0,1) for every state unit of every sequence (docs/protocol.md §2.2), batch-major. */
    public float[] initialState(int batchSize, Rng rng) {
        Check.notNull("rng", rng);
        float[] h = new float[batchSize * config.stateSize()];
        for (int i = 0; i < h.length; i++) h[i] = 0.1f * rng.nextFloat();
        return h;
    }

    /** A deep copy (same config, copied weights). */
    public Model copy() {
        return new Model(config, parameters.copy(), configLayout);
    }

    /** Writes weights and config atomically, with a checksum (see {@link ModelIO}). */
    public void save(Path file) throws IOException {
        Check.notNull("file", file);
        ModelIO.save(this, file);
    }

    /** Reads a file written by {@link #save(Path)}; a corrupted or truncated file is an {@link IOException}. */
    public static Model load(Path file) throws IOException {
        Check.notNull("file", file);
        return ModelIO.load(file);
    }

    @Override
    public String toString() {
        return config.label() + " (" + parameterCount() + " parameters: " + parameterBreakdown() + ")";
    }
}
