package org.cbrnn.ccrnn;

/**
 * One epoch of a ccRNN curriculum run on a CB-RNN task (docs/ccrnn.md §8).
 *
 * @param epoch          1-based
 * @param level          the level N trained in this epoch
 * @param trainLoss      mean over the epoch's batches of the last-step cross-entropy
 * @param evalAccuracy   accuracy on fresh full sequences at level N (no truncation, no module), in [0, 1]
 * @param solved         evalAccuracy reached the advance threshold (the next epoch trains N + 1)
 * @param cerebellarLoss mean over batches of the module's summed squared error to its targets (0 without a module)
 * @param gradNorm       mean over batches of the joint gradient norm before clipping
 * @param seconds        wall-clock seconds of the epoch
 */
public record CcLevelEpoch(int epoch, int level, double trainLoss, double evalAccuracy, boolean solved, double cerebellarLoss, double gradNorm,
                           double seconds) {
    public static final String HEADER = "epoch,level,train_loss,eval_accuracy,solved,cerebellar_loss,grad_norm,seconds";

    public String csv() {
        return epoch + "," + level + "," + trainLoss + "," + evalAccuracy + "," + solved + "," + cerebellarLoss + "," + gradNorm + "," + seconds;
    }

    public static CcLevelEpoch parse(String line) {
        String[] f = line.split(",");
        if (f.length != 8) throw new IllegalArgumentException("curriculum epoch row must have 8 fields, got " + f.length + ": " + line);
        return new CcLevelEpoch(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                Boolean.parseBoolean(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]));
    }
}
