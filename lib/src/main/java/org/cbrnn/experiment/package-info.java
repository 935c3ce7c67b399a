/**
 * Experiments: many runs, stored, resumed and summarised.
 *
 * <ul>
 *   <li>{@link org.cbrnn.experiment.RunSpec} - everything that defines one run; {@link org.cbrnn.experiment.Condition}
 *       names the paper's architectures and schedules.</li>
 *   <li>{@link org.cbrnn.experiment.RunStore} - one directory per run, atomic writes, a checkpoint per epoch and per
 *       solved level, crash-safe resume, damage detection; {@link org.cbrnn.experiment.RunInfo} records the code and
 *       machine of each session.</li>
 *   <li>{@link org.cbrnn.experiment.SweepGrid} - a grid of specs, in code or from a small file;
 *       {@link org.cbrnn.experiment.Sweep} runs it on a {@link org.cbrnn.experiment.SweepExecutor}
 *       ({@link org.cbrnn.experiment.LocalExecutor}: one run per core).</li>
 *   <li>{@link org.cbrnn.experiment.ResultTables} and {@link org.cbrnn.experiment.Metrics} - tidy per-epoch tables,
 *       per-run rows and mean/SD summaries with the paper's metrics; {@link org.cbrnn.experiment.PaperReference} - the
 *       paper's Table 4. The fluent view over these metrics (selection, a stated t½ threshold, budgets, series for
 *       the plots) is {@link org.cbrnn.results.Results}.</li>
 * </ul>
 */
package org.cbrnn.experiment;
