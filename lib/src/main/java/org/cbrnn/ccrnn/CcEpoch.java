package org.cbrnn.ccrnn;

/**
 * One epoch of a ccRNN-study run (docs/ccrnn.md §4).
 *
 * @param epoch           1-based
 * @param trainCurve      the training curve: mean over the epoch's batches of the per-batch value of §4.1
 * @param valError        validation error on fresh full sequences, no truncation, no module (§4.2): mean squared
 *                        Euclidean error per (sequence, step) for drawing, cross-entropy for classification
 * @param valAccuracy     classification accuracy on the validation set (NaN for drawing tasks)
 * @param cerebellarLoss  mean over batches of the module's summed squared error to its targets (0 when it does not learn)
 * @param gradNorm        mean over batches of the joint gradient norm before clipping
 * @param cerebellumOn    whether the module was queried this epoch
 * @param seconds         wall-clock seconds of the epoch
 */
public record CcEpoch(int epoch, double trainCurve, double valError, double valAccuracy, double cerebellarLoss, double gradNorm,
                      boolean cerebellumOn, double seconds) {
    static final String HEADER = "epoch,train_curve,val_error,val_accuracy,cerebellar_loss,grad_norm,cerebellum_on,seconds";

    String csv() {
        return epoch + "," + trainCurve + "," + valError + "," + valAccuracy + "," + cerebellarLoss + "," + gradNorm + ","
                + cerebellumOn + "," + seconds;
    }

    static CcEpoch parse(String line) {
        String[] f = line.split(",");
        if (f.length != 8) throw new IllegalArgumentException("epoch row must have 8 fields, got " + f.length + ": " + line);
        return new CcEpoch(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5]), Boolean.parseBoolean(f[6]), Double.parseDouble(f[7]));
    }
}
