package org.cbrnn.train;

import java.util.Map;
import java.util.Set;
import org.cbrnn.model.Module;

/**
 * What happened in one epoch. Immutable; emitted to {@link TrainingListener}s and collected into tables.
 *
 * @param epoch          1-based epoch number
 * @param level          the level N trained in this epoch (the paper's {@code n_task}; "max N" is its last value)
 * @param phase          {@code joint}, {@code warmup}, {@code frozen} or {@code refresh} (see {@link PlasticitySchedule})
 * @param learning       modules that learned
 * @param trainLoss      mean training loss over the epoch's steps (finite steps only)
 * @param trainAccuracy  mean training accuracy in percent
 * @param evalAccuracy   mean accuracy in percent over the evaluation batches (the curriculum's score)
 * @param solved         evalAccuracy reached the threshold, so the next epoch trains N+1
 * @param gradNorm       mean global gradient norm before clipping
 * @param gradNormByModule mean gradient norm per learning module before clipping
 * @param skippedSteps   steps skipped because the loss or gradient was not finite
 * @param seconds        wall time of the epoch
 */
public record EpochRecord(int epoch, int level, String phase, Set<Module> learning, double trainLoss, double trainAccuracy,
                          double evalAccuracy, boolean solved, double gradNorm, Map<Module, Double> gradNormByModule,
                          int skippedSteps, double seconds) {
    public EpochRecord {
        learning = Set.copyOf(learning);
        gradNormByModule = Map.copyOf(gradNormByModule);
    }
}
