package org.cbrnn.ccrnn;

import org.cbrnn.util.Check;

/**
 * Everything that defines a ccRNN-study network and its training (docs/ccrnn.md §1-§2): an LSTM cortex of
 * {@code hidden} units with a linear readout, optionally a cerebellar synthesiser ({@code depth} ReLU layers of
 * {@code granule} units reading [h; c] at window boundaries), truncation window {@code tau}, the synthetic-gradient
 * scale, Adam and clipping constants, data sizes and the lesion schedule. Immutable; {@code with*} return copies.
 * <pre>{@code
 * CcConfig c = CcConfig.lineDrawing().withCerebellum(true).withTau(1);
 * }</pre>
 *
 * @param hidden       LSTM units H
 * @param granule      units G per cerebellar hidden ("granule cell") layer
 * @param depth        cerebellar hidden layers L
 * @param tau          truncation window in steps; {@code tau >= T} is full BPTT
 * @param cerebellum   whether the synthesiser exists (ccRNN) or not (cRNN, full BPTT)
 * @param sgScale      scale of the injected prediction and of the bootstrap term (0.1)
 * @param learningRate Adam step size
 * @param beta1        Adam first-moment decay
 * @param beta2        Adam second-moment decay
 * @param eps          Adam denominator constant
 * @param clip         global L2 norm bound on the joint gradient (0 = no clipping)
 * @param batch        sequences per batch
 * @param trainSize    fresh training sequences per epoch (a multiple of batch)
 * @param valSize      fresh validation sequences per epoch
 * @param epochs       epochs
 * @param lesion       which lesion, if any
 * @param lesionEpoch  first epoch (1-based) the lesion applies to; ignored when lesion is NONE
 */
public record CcConfig(int hidden, int granule, int depth, int tau, boolean cerebellum, double sgScale, double learningRate,
                       double beta1, double beta2, double eps, double clip, int batch, int trainSize, int valSize, int epochs,
                       Lesion lesion, int lesionEpoch) {
    /** A lesion of the cerebellar pathway from an epoch on (docs/ccrnn.md §2.3). */
    public enum Lesion {
        /** none */
        NONE,
        /** cerebellar ablation: the module is neither queried nor trained (plain truncated BPTT from then on) */
        ABLATION,
        /** inferior-olive lesion: the module keeps predicting but is no longer trained */
        INFERIOR_OLIVE
    }

    public static final int MAX_UNITS = 4096;
    public static final int MAX_EPOCHS = 100_000;
    /** A window this long is full BPTT on every task (tau >= T is one window). */
    public static final int FULL_BPTT = 100_000;

    public CcConfig {
        Check.inRange("hidden", hidden, 1, MAX_UNITS);
        Check.inRange("granule", granule, 1, MAX_UNITS);
        Check.inRange("depth", depth, 1, 8);
        Check.inRange("tau", tau, 1, 100_000);
        Check.inRange("sgScale", sgScale, 0.0, 10.0);
        Check.inRange("learningRate", learningRate, 1e-8, 1.0);
        Check.inRange("beta1", beta1, 0.0, 0.999999);
        Check.inRange("beta2", beta2, 0.0, 0.999999);
        Check.inRange("eps", eps, 1e-30, 1.0);
        Check.inRange("clip", clip, 0.0, 1e6);
        Check.inRange("batch", batch, 1, 100_000);
        Check.inRange("trainSize", trainSize, batch, 10_000_000);
        if (trainSize % batch != 0) throw new IllegalArgumentException("trainSize must be a multiple of batch (" + batch + "), got " + trainSize);
        Check.inRange("valSize", valSize, 1, 10_000_000);
        Check.inRange("epochs", epochs, 1, MAX_EPOCHS);
        Check.notNull("lesion", lesion);
        if (lesion != Lesion.NONE) {
            if (!cerebellum) throw new IllegalArgumentException("lesion " + lesion + " needs a cerebellum (cerebellum = true)");
            Check.inRange("lesionEpoch", lesionEpoch, 1, epochs);
        }
    }

    /** The line-drawing protocol: H 50, G 400, L 1, tau 1, lr 1e-3, batch 50, 800 + 200 sequences, 100 epochs; no cerebellum. */
    public static CcConfig lineDrawing() {
        return new CcConfig(50, 400, 1, 1, false, 0.1, 1e-3, 0.9, 0.98, 1e-9, 1.0, 50, 800, 200, 100, Lesion.NONE, 0);
    }

    /** The 28-step image tasks: H 30, G 300, L 1, tau 3, lr 1e-4, batch 50 (data sizes are the caller's budget). */
    public static CcConfig imageTasks() {
        return new CcConfig(30, 300, 1, 3, false, 0.1, 1e-4, 0.9, 0.98, 1e-9, 1.0, 50, 4000, 1000, 10, Lesion.NONE, 0);
    }

    public CcConfig withHidden(int h) { return new CcConfig(h, granule, depth, tau, cerebellum, sgScale, learningRate, beta1, beta2, eps, clip, batch, trainSize, valSize, epochs, lesion, lesionEpoch); }
    public CcConfig withGranule(int g) { return new CcConfig(hidden, g, depth, tau, cerebellum, sgScale, learningRate, beta1, beta2, eps, clip, batch, trainSize, valSize, epochs, lesion, lesionEpoch); }
    public CcConfig withDepth(int l) { return new CcConfig(hidden, granule, l, tau, cerebellum, sgScale, learningRate, beta1, beta2, eps, clip, batch, trainSize, valSize, epochs, lesion, lesionEpoch); }
    public CcConfig withTau(int t) { return new CcConfig(hidden, granule, depth, t, cerebellum, sgScale, learningRate, beta1, beta2, eps, clip, batch, trainSize, valSize, epochs, lesion, lesionEpoch); }
    public CcConfig withCerebellum(boolean c) { return new CcConfig(hidden, granule, depth, tau, c, sgScale, learningRate, beta1, beta2, eps, clip, batch, trainSize, valSize, epochs, c ? lesion : Lesion.NONE, lesionEpoch); }
    public CcConfig withSgScale(double s) { return new CcConfig(hidden, granule, depth, tau, cerebellum, s, learningRate, beta1, beta2, eps, clip, batch, trainSize, valSize, epochs, lesion, lesionEpoch); }
    public CcConfig withLearningRate(double lr) { return new CcConfig(hidden, granule, depth, tau, cerebellum, sgScale, lr, beta1, beta2, eps, clip, batch, trainSize, valSize, epochs, lesion, lesionEpoch); }
    public CcConfig withClip(double c) { return new CcConfig(hidden, granule, depth, tau, cerebellum, sgScale, learningRate, beta1, beta2, eps, c, batch, trainSize, valSize, epochs, lesion, lesionEpoch); }
    public CcConfig withData(int batch, int trainSize, int valSize) { return new CcConfig(hidden, granule, depth, tau, cerebellum, sgScale, learningRate, beta1, beta2, eps, clip, batch, trainSize, valSize, epochs, lesion, lesionEpoch); }
    public CcConfig withEpochs(int e) { return new CcConfig(hidden, granule, depth, tau, cerebellum, sgScale, learningRate, beta1, beta2, eps, clip, batch, trainSize, valSize, e, lesion, lesionEpoch); }
    public CcConfig withLesion(Lesion l, int fromEpoch) { return new CcConfig(hidden, granule, depth, tau, cerebellum, sgScale, learningRate, beta1, beta2, eps, clip, batch, trainSize, valSize, epochs, l, fromEpoch); }

    /** Is the module queried (injects predictions) in 1-based {@code epoch}? */
    public boolean cerebellumActive(int epoch) {
        return cerebellum && !(lesion == Lesion.ABLATION && epoch >= lesionEpoch);
    }

    /** Is the module trained in 1-based {@code epoch}? */
    public boolean cerebellumLearns(int epoch) {
        return cerebellumActive(epoch) && !(lesion == Lesion.INFERIOR_OLIVE && epoch >= lesionEpoch);
    }
}
