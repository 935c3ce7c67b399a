package org.cbrnn.testing;

import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cbrnn.experiment.Condition;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.train.TrainingConfig;

/**
 * Test fixtures shared by lib's tests and, through lib's test-jar ({@code cbrnn-lib} of type {@code test-jar}), by the
 * other modules' tests: small model sizes, a training budget of seconds, and the comparison key of training records.
 * One place to change them (e.g. when a config gains a field), instead of near-copies in each test class.
 */
public final class Fixtures {
    private Fixtures() {}

    /** The smallest CB-RNN (H 5, GC 7, PC 4): gradient checks and engine agreement, cheap enough for finite differences. */
    public static ModelConfig tinyCbRnn() {
        return ModelConfig.cbRnn().withHiddenSize(5).withGranuleSize(7).withPurkinjeSize(4);
    }

    /** The smallest GRU with a cerebellum (H 5, GC 7, PC 4), at the default CB rescaling ratio. */
    public static ModelConfig tinyGruCb() {
        return ModelConfig.gruCb().withHiddenSize(5).withGranuleSize(7).withPurkinjeSize(4);
    }

    /** The smallest auxiliary-control model (H 5, auxiliary 4). */
    public static ModelConfig tinyAuxControl() {
        return ModelConfig.auxControl().withHiddenSize(5).withAuxSize(4);
    }

    /** A CB-RNN small enough to train for a few epochs in well under a second (H 10, GC 20, PC 6). */
    public static ModelConfig smallCbRnn() {
        return ModelConfig.cbRnn().withHiddenSize(10).withGranuleSize(20).withPurkinjeSize(6);
    }

    /** {@link #smallCbRnn()} trained jointly: the condition of the run-store and sweep tests. */
    public static Condition smallCondition() {
        return new Condition("small CB-RNN", smallCbRnn(), PlasticitySchedule.joint());
    }

    /**
     * A training budget of seconds: 6 steps of 16 per epoch, 2 evaluation batches of 16, 5 epochs, learning rate 0.05
     * for core and cerebellum (higher than the paper's 0.01, so a few epochs move the weights visibly). Tests that
     * need more steps or epochs say so with the withers.
     */
    public static TrainingConfig tinyTraining() {
        return TrainingConfig.paper().withStepsPerEpoch(6).withBatchSize(16).withEvalBatches(2).withEvalBatchSize(16)
                .withMaxEpochs(5).withCoreLr(0.05).withCerebellumLr(0.05);
    }

    /**
     * Training records as comparable strings: every field except the wall time, the only non-deterministic one.
     * Sets and maps are written in sorted order, so two equal records give the same string however they were built
     * (in memory, or read back from a run store).
     */
    public static List<String> recordKey(List<EpochRecord> records) {
        return records.stream().map(x -> x.epoch() + "|" + x.level() + "|" + x.phase() + "|" + new TreeSet<>(x.learning())
                + "|" + x.trainLoss() + "|" + x.trainAccuracy() + "|" + x.evalAccuracy() + "|" + x.solved() + "|"
                + x.gradNorm() + "|" + new TreeMap<>(x.gradNormByModule()) + "|" + x.skippedSteps()).toList();
    }
}
