package org.cbrnn.engine;

import org.cbrnn.util.Check;

/**
 * What an engine returns for one batch.
 *
 * @param loss      mean cross-entropy over the batch
 * @param correct   sequences classified correctly (argmax of the logits)
 * @param batchSize sequences in the batch
 */
public record StepResult(double loss, int correct, int batchSize) {
    public StepResult {
        Check.positive("batchSize", batchSize);
        Check.inRange("correct", correct, 0, batchSize);
    }

    /** Accuracy in percent, the paper's unit. */
    public double accuracyPercent() {
        return 100.0 * correct / batchSize;
    }
}
