package org.cbrnn.engine;

/**
 * What an engine returns for one batch.
 *
 * @param loss      mean cross-entropy over the batch
 * @param correct   sequences classified correctly (argmax of the logits)
 * @param batchSize sequences in the batch
 */
public record StepResult(double loss, int correct, int batchSize) {
    /** Accuracy in percent, the paper's unit. */
    public double accuracyPercent() {
        return 100.0 * correct / batchSize;
    }
}
