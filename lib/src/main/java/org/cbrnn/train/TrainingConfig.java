package org.cbrnn.train;

import java.util.EnumMap;
import java.util.Map;
import org.cbrnn.model.Module;
import org.cbrnn.util.Check;
import org.cbrnn.util.FieldTable;

/**
 * Everything about how a run trains, with the paper's values as defaults ({@link #paper()}, docs/protocol.md §4).
 * Immutable; adjust with {@link #toBuilder()} (or a one-field {@code with...} shorthand).
 *
 * @param stepsPerEpoch     SGD steps per epoch (100)
 * @param batchSize         sequences per training batch (64)
 * @param evalBatches       fresh evaluation batches per epoch (50)
 * @param evalBatchSize     sequences per evaluation batch (64)
 * @param advanceThreshold  evaluation accuracy in percent that solves a level (98)
 * @param maxEpochs         epoch budget (1000)
 * @param targetLevel       stop once this level is solved (150)
 * @param coreLr            learning rate of the recurrent core and the readout (0.01)
 * @param cerebellumLr      learning rate of the cerebellar module (0.01)
 * @param momentum          SGD momentum (0.1)
 * @param nesterov          Nesterov momentum (true)
 * @param maxGradNorm       global gradient-norm clip (7.5)
 */
public record TrainingConfig(int stepsPerEpoch, int batchSize, int evalBatches, int evalBatchSize, double advanceThreshold,
                             int maxEpochs, int targetLevel, double coreLr, double cerebellumLr, double momentum,
                             boolean nesterov, double maxGradNorm) {
    /** Upper bounds of the budget fields; the command line and grid files declare their ranges from these. */
    public static final int MAX_STEPS_PER_EPOCH = 1_000_000, MAX_BATCH_SIZE = 65_536, MAX_EVAL_BATCHES = 1_000_000,
            MAX_EPOCHS = 10_000_000;

    public TrainingConfig {
        Check.inRange("stepsPerEpoch", stepsPerEpoch, 1, MAX_STEPS_PER_EPOCH);
        Check.inRange("batchSize", batchSize, 1, MAX_BATCH_SIZE);
        Check.inRange("evalBatches", evalBatches, 1, MAX_EVAL_BATCHES);
        Check.inRange("evalBatchSize", evalBatchSize, 1, MAX_BATCH_SIZE);
        Check.inRange("advanceThreshold", advanceThreshold, 0.0, 100.0);
        Check.inRange("maxEpochs", maxEpochs, 1, MAX_EPOCHS);
        Check.inRange("targetLevel", targetLevel, 1, 1000);
        Check.inRange("coreLr", coreLr, 0.0, 100.0);
        Check.inRange("cerebellumLr", cerebellumLr, 0.0, 100.0);
        Check.inRange("momentum", momentum, 0.0, 0.999999);
        if (!(maxGradNorm > 0)) throw new IllegalArgumentException("maxGradNorm must be > 0 (use Infinity for no clipping), got " + maxGradNorm);
    }

    /** The paper's protocol: 100 x 64 steps, 50 x 64 eval, 98 %, 1000 epochs, lr 0.01, momentum 0.1 Nesterov, clip 7.5. */
    public static TrainingConfig paper() {
        return new TrainingConfig(100, 64, 50, 64, 98.0, 1000, 150, 0.01, 0.01, 0.1, true, 7.5);
    }

    /** A builder holding this config's values, e.g. {@code paper().toBuilder().maxEpochs(150).batchSize(32).build()}. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable staging for a {@link TrainingConfig}; {@link #build()} validates. */
    public static final class Builder {
        private int stepsPerEpoch;
        private int batchSize;
        private int evalBatches;
        private int evalBatchSize;
        private double advanceThreshold;
        private int maxEpochs;
        private int targetLevel;
        private double coreLr;
        private double cerebellumLr;
        private double momentum;
        private boolean nesterov;
        private double maxGradNorm;

        private Builder(TrainingConfig c) {
            stepsPerEpoch = c.stepsPerEpoch;
            batchSize = c.batchSize;
            evalBatches = c.evalBatches;
            evalBatchSize = c.evalBatchSize;
            advanceThreshold = c.advanceThreshold;
            maxEpochs = c.maxEpochs;
            targetLevel = c.targetLevel;
            coreLr = c.coreLr;
            cerebellumLr = c.cerebellumLr;
            momentum = c.momentum;
            nesterov = c.nesterov;
            maxGradNorm = c.maxGradNorm;
        }

        public Builder stepsPerEpoch(int v) { stepsPerEpoch = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder evalBatches(int v) { evalBatches = v; return this; }
        public Builder evalBatchSize(int v) { evalBatchSize = v; return this; }
        public Builder advanceThreshold(double v) { advanceThreshold = v; return this; }
        public Builder maxEpochs(int v) { maxEpochs = v; return this; }
        public Builder targetLevel(int v) { targetLevel = v; return this; }
        public Builder coreLr(double v) { coreLr = v; return this; }
        public Builder cerebellumLr(double v) { cerebellumLr = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder nesterov(boolean v) { nesterov = v; return this; }
        public Builder maxGradNorm(double v) { maxGradNorm = v; return this; }

        /** The config; throws if a value is out of range. */
        public TrainingConfig build() {
            return new TrainingConfig(stepsPerEpoch, batchSize, evalBatches, evalBatchSize, advanceThreshold, maxEpochs, targetLevel, coreLr, cerebellumLr, momentum, nesterov, maxGradNorm);
        }
    }

    /** The fields in their stored order: the only list of them, driving the properties round trip. */
    public static final FieldTable<TrainingConfig, Builder> FIELDS = FieldTable.<TrainingConfig, Builder>of("training config")
            .integer("stepsPerEpoch", TrainingConfig::stepsPerEpoch, Builder::stepsPerEpoch)
            .integer("batchSize", TrainingConfig::batchSize, Builder::batchSize)
            .integer("evalBatches", TrainingConfig::evalBatches, Builder::evalBatches)
            .integer("evalBatchSize", TrainingConfig::evalBatchSize, Builder::evalBatchSize)
            .number("advanceThreshold", TrainingConfig::advanceThreshold, Builder::advanceThreshold)
            .integer("maxEpochs", TrainingConfig::maxEpochs, Builder::maxEpochs)
            .integer("targetLevel", TrainingConfig::targetLevel, Builder::targetLevel)
            .number("coreLr", TrainingConfig::coreLr, Builder::coreLr)
            .number("cerebellumLr", TrainingConfig::cerebellumLr, Builder::cerebellumLr)
            .number("momentum", TrainingConfig::momentum, Builder::momentum)
            .bool("nesterov", TrainingConfig::nesterov, Builder::nesterov)
            .number("maxGradNorm", TrainingConfig::maxGradNorm, Builder::maxGradNorm);

    public TrainingConfig withStepsPerEpoch(int v) { return toBuilder().stepsPerEpoch(v).build(); }
    public TrainingConfig withBatchSize(int v) { return toBuilder().batchSize(v).build(); }
    public TrainingConfig withEvalBatches(int v) { return toBuilder().evalBatches(v).build(); }
    public TrainingConfig withEvalBatchSize(int v) { return toBuilder().evalBatchSize(v).build(); }
    public TrainingConfig withAdvanceThreshold(double v) { return toBuilder().advanceThreshold(v).build(); }
    public TrainingConfig withMaxEpochs(int v) { return toBuilder().maxEpochs(v).build(); }
    public TrainingConfig withTargetLevel(int v) { return toBuilder().targetLevel(v).build(); }
    public TrainingConfig withCoreLr(double v) { return toBuilder().coreLr(v).build(); }
    public TrainingConfig withCerebellumLr(double v) { return toBuilder().cerebellumLr(v).build(); }
    public TrainingConfig withMomentum(double v) { return toBuilder().momentum(v).build(); }
    public TrainingConfig withNesterov(boolean v) { return toBuilder().nesterov(v).build(); }
    public TrainingConfig withMaxGradNorm(double v) { return toBuilder().maxGradNorm(v).build(); }

    /** Per-module learning rates for {@link Sgd}: the readout shares the core's rate, as in the authors' groups. */
    public Map<Module, Double> learningRates() {
        Map<Module, Double> m = new EnumMap<>(Module.class);
        m.put(Module.CORE, coreLr);
        m.put(Module.READOUT, coreLr);
        m.put(Module.CEREBELLUM, cerebellumLr);
        return m;
    }

    /** Text form in {@link #FIELDS} order (e.g. {@code coreLr=0.01}, {@code nesterov=true}). */
    public Map<String, String> toProperties() {
        return FIELDS.write(this);
    }

    /** Parses {@link #toProperties()}; a missing or malformed key gives an error naming it. */
    public static TrainingConfig fromProperties(Map<String, String> properties) {
        Check.notNull("properties", properties);
        return FIELDS.read(properties, paper().toBuilder()).build();
    }
}
