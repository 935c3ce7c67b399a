package org.cbrnn.train;

import java.util.Map;
import java.util.Set;
import org.cbrnn.model.Module;
import org.cbrnn.util.Check;

/**
 * What happened in one epoch. Immutable; emitted to {@link TrainingListener}s and collected into tables.
 *
 * @param epoch          1-based epoch number
 * @param level          the level N trained in this epoch (the paper's {@code n_task}; "max N" is its last value)
 * @param phase          which modules the schedule let learn (see {@link Phase} and {@link PlasticitySchedule})
 * @param learning       modules that learned
 * @param trainLoss      mean training loss over the epoch's steps (finite steps only)
 * @param trainAccuracy  mean training accuracy in percent
 * @param evalAccuracy   mean accuracy in percent over the evaluation batches (the curriculum's score)
 * @param solved         evalAccuracy reached the threshold, so the next epoch trains N+1
 * @param gradNorm       mean global gradient norm before clipping
 * @param gradNormByModule mean gradient norm per learning module before clipping
 * @param skippedSteps   steps skipped because the loss or gradient was not finite
 * @param seconds        wall time of the epoch
 * @param tasks          per-head levels and accuracies, the active task and the frozen tensors of a multi-task protocol
 *                       ({@link TaskEpochs#NONE} for single-task runs)
 */
public record EpochRecord(int epoch, int level, Phase phase, Set<Module> learning, double trainLoss, double trainAccuracy,
                          double evalAccuracy, boolean solved, double gradNorm, Map<Module, Double> gradNormByModule,
                          int skippedSteps, double seconds, TaskEpochs tasks) {
    public EpochRecord {
        Check.notNull("tasks", tasks);
        Check.notNull("phase", phase);
        Check.notNull("learning", learning);
        Check.notNull("gradNormByModule", gradNormByModule);
        Check.positive("epoch", epoch);
        Check.nonNegative("level", level);
        Check.nonNegative("skippedSteps", skippedSteps);
        learning = Set.copyOf(learning);
        gradNormByModule = Map.copyOf(gradNormByModule);
    }

    /** A single-task record ({@link TaskEpochs#NONE}). */
    public EpochRecord(int epoch, int level, Phase phase, Set<Module> learning, double trainLoss, double trainAccuracy,
                       double evalAccuracy, boolean solved, double gradNorm, Map<Module, Double> gradNormByModule,
                       int skippedSteps, double seconds) {
        this(epoch, level, phase, learning, trainLoss, trainAccuracy, evalAccuracy, solved, gradNorm, gradNormByModule, skippedSteps,
                seconds, TaskEpochs.NONE);
    }

    /** A record whose phase is given in its text form ({@code joint}, {@code warmup}, {@code frozen}, {@code refresh}). */
    public EpochRecord(int epoch, int level, String phase, Set<Module> learning, double trainLoss, double trainAccuracy,
                       double evalAccuracy, boolean solved, double gradNorm, Map<Module, Double> gradNormByModule,
                       int skippedSteps, double seconds) {
        this(epoch, level, parsePhase(phase, learning, gradNormByModule), learning, trainLoss, trainAccuracy, evalAccuracy,
                solved, gradNorm, gradNormByModule, skippedSteps, seconds, TaskEpochs.NONE);
    }

    /** Null checks of all reference arguments before the phase is parsed, so a null is named rather than a bad phase. */
    private static Phase parsePhase(String phase, Set<Module> learning, Map<Module, Double> gradNormByModule) {
        Check.notNull("phase", phase);
        Check.notNull("learning", learning);
        Check.notNull("gradNormByModule", gradNormByModule);
        return Phase.parse(phase);
    }

    /**
     * The plasticity phase of an epoch. Its text form ({@link #toString()}, used in epochs.csv, tables and plots) is the
     * lower-case name, as in the first store format.
     */
    public enum Phase {
        /** Every module learns (before any freeze, with the cerebellum learning too). */
        JOINT,
        /** Before the freeze with the cerebellum held: core and readout learn (the reservoirs' phase 0). */
        WARMUP,
        /** After the freeze: cerebellum and readout learn. */
        FROZEN,
        /** After the freeze, at an interleaving level: every module learns again. */
        REFRESH;

        /** The stored form: {@code joint}, {@code warmup}, {@code frozen} or {@code refresh}. */
        public String text() {
            return org.cbrnn.util.TextEnums.text(this);
        }

        @Override
        public String toString() {
            return text();
        }

        /** Parses {@link #text()} (case-insensitively); the error lists the phases. */
        public static Phase parse(String phase) {
            Check.notNull("phase", phase);
            return org.cbrnn.util.TextEnums.parse(Phase.class, phase, "phase");
        }
    }
}
