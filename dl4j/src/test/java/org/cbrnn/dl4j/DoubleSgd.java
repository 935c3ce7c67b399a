package org.cbrnn.dl4j;

/** The kit's Sgd semantics (clip, Nesterov momentum, per-tensor learning mask) in double, for trajectory comparisons. */
final class DoubleSgd {
    private final double lr, mu, maxNorm;
    private final double[][] buf;

    DoubleSgd(int tensors, double lr, double mu, double maxNorm) {
        this.lr = lr;
        this.mu = mu;
        this.maxNorm = maxNorm;
        this.buf = new double[tensors][];
    }

    /** The paper's optimiser: lr 0.01, momentum 0.1 (Nesterov), clip 7.5. */
    static DoubleSgd paperDefaults(int tensors) {
        return new DoubleSgd(tensors, 0.01, 0.1, 7.5);
    }

    double step(double[][] p, double[][] g, boolean[] learning) {
        double sq = 0;
        for (int i = 0; i < g.length; i++) if (learning[i]) for (double v : g[i]) sq += v * v;
        double norm = Math.sqrt(sq);
        double coef = maxNorm / (norm + 1e-6);
        for (int i = 0; i < g.length; i++) {
            if (!learning[i]) continue;
            double[] gi = g[i].clone();
            if (coef < 1) for (int j = 0; j < gi.length; j++) gi[j] *= coef;
            if (buf[i] == null) {
                buf[i] = gi.clone();
            } else {
                for (int j = 0; j < gi.length; j++) buf[i][j] = buf[i][j] * mu + gi[j];
            }
            for (int j = 0; j < gi.length; j++) p[i][j] -= lr * (gi[j] + mu * buf[i][j]);
        }
        return norm;
    }
}
