package org.cbrnn.train;

import java.util.List;
import org.cbrnn.model.Model;

/**
 * What the run store needs of a training loop: run it, stop it, and take its state at an epoch boundary. Implemented
 * by the single-task {@link Trainer} and by {@link ProtocolTrainer} (multitask, task switching, continual learning,
 * cumulative curriculum); both resume bit for bit from their {@link TrainerState}.
 */
public interface TrainingRun {
    /** Trains until the budget, the protocol's end or an interruption (then the epoch in progress is rolled back). */
    TrainingResult run();

    /** Asks a running {@link #run()} to stop at the next step. Thread-safe. */
    void requestStop();

    /** A snapshot at the current epoch boundary. */
    TrainerState state();

    /** The model being trained. */
    Model model();

    /** The epochs so far. */
    List<EpochRecord> records();
}
