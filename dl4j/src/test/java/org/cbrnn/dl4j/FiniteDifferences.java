package org.cbrnn.dl4j;

import org.cbrnn.task.Batch;

/** Central differences of the SameDiff loss (double engine) for one tensor. */
final class FiniteDifferences {
    private FiniteDifferences() {}

    static double[] of(SameDiffEngine e, CellDefinition cell, double[][] p, Batch batch, double[] h0, int i, double eps) {
        double[] g = new double[p[i].length];
        for (int j = 0; j < g.length; j++) {
            double keep = p[i][j];
            p[i][j] = keep + eps;
            double up = e.loss(cell, p, batch, h0, true);
            p[i][j] = keep - eps;
            double down = e.loss(cell, p, batch, h0, true);
            p[i][j] = keep;
            g[j] = (up - down) / (2 * eps);
        }
        return g;
    }
}
