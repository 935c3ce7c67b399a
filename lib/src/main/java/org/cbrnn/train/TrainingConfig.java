package org.cbrnn.train;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cbrnn.model.Module;
import org.cbrnn.util.Check;

/**
 * Everything about how a run trains, with the paper's values as defaults ({@link #paper()}, spec §2.4 and §3).
 * Immutable; adjust with the {@code with...} methods.
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

    public TrainingConfig withStepsPerEpoch(int v) { return new TrainingConfig(v, batchSize, evalBatches, evalBatchSize, advanceThreshold, maxEpochs, targetLevel, coreLr, cerebellumLr, momentum, nesterov, maxGradNorm); }
    public TrainingConfig withBatchSize(int v) { return new TrainingConfig(stepsPerEpoch, v, evalBatches, evalBatchSize, advanceThreshold, maxEpochs, targetLevel, coreLr, cerebellumLr, momentum, nesterov, maxGradNorm); }
    public TrainingConfig withEvalBatches(int v) { return new TrainingConfig(stepsPerEpoch, batchSize, v, evalBatchSize, advanceThreshold, maxEpochs, targetLevel, coreLr, cerebellumLr, momentum, nesterov, maxGradNorm); }
    public TrainingConfig withEvalBatchSize(int v) { return new TrainingConfig(stepsPerEpoch, batchSize, evalBatches, v, advanceThreshold, maxEpochs, targetLevel, coreLr, cerebellumLr, momentum, nesterov, maxGradNorm); }
    public TrainingConfig withAdvanceThreshold(double v) { return new TrainingConfig(stepsPerEpoch, batchSize, evalBatches, evalBatchSize, v, maxEpochs, targetLevel, coreLr, cerebellumLr, momentum, nesterov, maxGradNorm); }
    public TrainingConfig withMaxEpochs(int v) { return new TrainingConfig(stepsPerEpoch, batchSize, evalBatches, evalBatchSize, advanceThreshold, v, targetLevel, coreLr, cerebellumLr, momentum, nesterov, maxGradNorm); }
    public TrainingConfig withTargetLevel(int v) { return new TrainingConfig(stepsPerEpoch, batchSize, evalBatches, evalBatchSize, advanceThreshold, maxEpochs, v, coreLr, cerebellumLr, momentum, nesterov, maxGradNorm); }
    public TrainingConfig withCoreLr(double v) { return new TrainingConfig(stepsPerEpoch, batchSize, evalBatches, evalBatchSize, advanceThreshold, maxEpochs, targetLevel, v, cerebellumLr, momentum, nesterov, maxGradNorm); }
    public TrainingConfig withCerebellumLr(double v) { return new TrainingConfig(stepsPerEpoch, batchSize, evalBatches, evalBatchSize, advanceThreshold, maxEpochs, targetLevel, coreLr, v, momentum, nesterov, maxGradNorm); }
    public TrainingConfig withMomentum(double v) { return new TrainingConfig(stepsPerEpoch, batchSize, evalBatches, evalBatchSize, advanceThreshold, maxEpochs, targetLevel, coreLr, cerebellumLr, v, nesterov, maxGradNorm); }
    public TrainingConfig withNesterov(boolean v) { return new TrainingConfig(stepsPerEpoch, batchSize, evalBatches, evalBatchSize, advanceThreshold, maxEpochs, targetLevel, coreLr, cerebellumLr, momentum, v, maxGradNorm); }
    public TrainingConfig withMaxGradNorm(double v) { return new TrainingConfig(stepsPerEpoch, batchSize, evalBatches, evalBatchSize, advanceThreshold, maxEpochs, targetLevel, coreLr, cerebellumLr, momentum, nesterov, v); }

    /** Per-module learning rates for {@link Sgd}: the readout shares the core's rate, as in the authors' groups. */
    public Map<Module, Double> learningRates() {
        Map<Module, Double> m = new EnumMap<>(Module.class);
        m.put(Module.CORE, coreLr);
        m.put(Module.READOUT, coreLr);
        m.put(Module.CEREBELLUM, cerebellumLr);
        return m;
    }

    public Map<String, String> toProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("stepsPerEpoch", "" + stepsPerEpoch);
        m.put("batchSize", "" + batchSize);
        m.put("evalBatches", "" + evalBatches);
        m.put("evalBatchSize", "" + evalBatchSize);
        m.put("advanceThreshold", "" + advanceThreshold);
        m.put("maxEpochs", "" + maxEpochs);
        m.put("targetLevel", "" + targetLevel);
        m.put("coreLr", "" + coreLr);
        m.put("cerebellumLr", "" + cerebellumLr);
        m.put("momentum", "" + momentum);
        m.put("nesterov", "" + nesterov);
        m.put("maxGradNorm", "" + maxGradNorm);
        return m;
    }

    public static TrainingConfig fromProperties(Map<String, String> p) {
        return new TrainingConfig(Integer.parseInt(p.get("stepsPerEpoch")), Integer.parseInt(p.get("batchSize")),
                Integer.parseInt(p.get("evalBatches")), Integer.parseInt(p.get("evalBatchSize")),
                Double.parseDouble(p.get("advanceThreshold")), Integer.parseInt(p.get("maxEpochs")),
                Integer.parseInt(p.get("targetLevel")), Double.parseDouble(p.get("coreLr")),
                Double.parseDouble(p.get("cerebellumLr")), Double.parseDouble(p.get("momentum")),
                Boolean.parseBoolean(p.get("nesterov")), Double.parseDouble(p.get("maxGradNorm")));
    }
}
