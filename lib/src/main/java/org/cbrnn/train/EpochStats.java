package org.cbrnn.train;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.cbrnn.model.Module;
import org.cbrnn.model.Parameters;
import org.cbrnn.util.Rng;

/**
 * What one epoch of SGD steps accumulates, shared by {@link Trainer} and {@link ProtocolTrainer} so that both write
 * their epoch records the same way: the sums of loss, accuracy and gradient norm over the finite steps, the per-module
 * norms, the count of skipped (non-finite) steps, and the snapshot that rolls an interrupted epoch back.
 *
 * <p>The sums are taken in step order, as both trainers always did, so records stay bit-identical.
 */
final class EpochStats {
    private final long t0 = System.nanoTime();
    private double lossSum, accSum, normSum;
    private final Map<Module, Double> moduleNormSum = new EnumMap<>(Module.class);
    private int finite, skipped;

    /** A step whose loss or update norm was not finite: its update was not applied (or is not counted). */
    void skip() {
        skipped++;
    }

    /** A finite step: its loss, accuracy (percent), global update norm and per-module norms. */
    void add(double loss, double accuracyPercent, double norm, Map<Module, Double> moduleNorms) {
        finite++;
        lossSum += loss;
        accSum += accuracyPercent;
        normSum += norm;
        moduleNorms.forEach((k, v) -> moduleNormSum.merge(k, v, Double::sum));
    }

    /** The epoch's record: means over the finite steps (NaN when there were none), seconds since construction. */
    EpochRecord record(int epoch, int level, EpochRecord.Phase phase, Set<Module> learning, double evalScore, boolean solved,
                       TaskEpochs tasks) {
        final int n = Math.max(finite, 1);
        Map<Module, Double> moduleNorm = new EnumMap<>(Module.class);
        moduleNormSum.forEach((k, v) -> moduleNorm.put(k, v / n));
        double secs = (System.nanoTime() - t0) / 1e9;
        return new EpochRecord(epoch, level, phase, learning, finite == 0 ? Double.NaN : lossSum / finite,
                finite == 0 ? Double.NaN : accSum / finite, evalScore, solved, finite == 0 ? Double.NaN : normSum / finite,
                moduleNorm, skipped, secs, tasks);
    }

    /**
     * The state an epoch starts from (weights, momentum, both random streams), taken before its first step, so an
     * interrupted epoch leaves no trace: the trainer restores it and the epoch is recomputed on resume.
     */
    record Undo(Parameters params, float[][] momentum, Rng.State train, Rng.State eval) {
        static Undo of(Parameters params, Sgd sgd, Rng train, Rng eval) {
            return new Undo(params.copy(), Trainer.copy(sgd.buffers()), train.snapshot(), eval.snapshot());
        }

        /** Puts the weights and momentum back; the caller restores its streams from {@link #train} and {@link #eval}. */
        void restore(Parameters into, Sgd sgd) {
            into.copyFrom(params);
            sgd.restoreBuffers(momentum);
        }
    }
}
