package org.cbrnn.train;

import java.util.List;
import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;

/**
 * Everything needed to continue a run exactly where it stopped, taken at an epoch boundary: with the model weights
 * (saved separately), resuming from it gives the same records, bit for bit, as an uninterrupted run.
 *
 * @param epochsCompleted epochs finished
 * @param level           level the next epoch trains
 * @param highestSolved   highest level solved so far (startLevel - 1 if none)
 * @param trainRng        state of the training-batch stream
 * @param evalRng         state of the evaluation-batch stream
 * @param momentum        the optimiser's momentum buffers (null entries: never learned)
 * @param records         the epochs so far
 * @param finished        true if the run has ended (budget or target)
 */
public record TrainerState(int epochsCompleted, int level, int highestSolved, Rng.State trainRng, Rng.State evalRng,
                           float[][] momentum, List<EpochRecord> records, boolean finished) {
    public TrainerState {
        Check.notNull("trainRng", trainRng);
        Check.notNull("evalRng", evalRng);
        Check.notNull("momentum", momentum);
        Check.notNull("records", records);
        Check.nonNegative("epochsCompleted", epochsCompleted);
        Check.nonNegative("level", level);
        Check.nonNegative("highestSolved", highestSolved);
        records = List.copyOf(records);
    }
}
