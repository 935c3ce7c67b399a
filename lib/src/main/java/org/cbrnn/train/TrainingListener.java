package org.cbrnn.train;

/** Receives each epoch's record as soon as it exists (progress bars, live charts, the run store). */
@FunctionalInterface
public interface TrainingListener {
    void onEpoch(EpochRecord record);

    /** Called once when the run ends (budget, target reached, or interrupted). */
    default void onFinish(TrainingResult result) {}
}
