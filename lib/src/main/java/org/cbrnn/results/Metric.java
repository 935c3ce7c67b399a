package org.cbrnn.results;

/**
 * The paper's summary metrics of one run's curriculum trajectory (the level N trained at each epoch), as the
 * {@link Results} view computes them. Formulas: {@link org.cbrnn.experiment.Metrics}.
 */
public enum Metric {
    /** The level being trained in the last epoch of the budget. */
    MAX_N("max_N"),
    /** The first epoch (1-based) with N at least half the task's global max N; NaN while not reached. */
    T_HALF("t_half"),
    /** Area under N against epoch (trapezoid rule over the epoch index). */
    AUC("AUC"),
    /** AUC divided by the number of epochs. */
    MEAN_N("mean_N");

    private final String column;

    Metric(String column) {
        this.column = column;
    }

    /** The column name used in the view's tables ({@code max_N}, {@code t_half}, {@code AUC}, {@code mean_N}). */
    public String column() {
        return column;
    }
}
