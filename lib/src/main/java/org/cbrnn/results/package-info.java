/**
 * The results view: between the run store ({@link org.cbrnn.experiment}) and the figures ({@link org.cbrnn.plot}).
 *
 * <p>{@link org.cbrnn.results.Results} selects runs (task, condition, seed, schedule, status), groups them by
 * condition, computes the paper's metrics ({@link org.cbrnn.results.Metric}) against a stated t½ threshold, cuts
 * them to a common budget, and hands out Tablesaw tables and {@link org.cbrnn.results.Curves} for the plots. Failed
 * and damaged runs never enter a metric; they are listed with their reason by
 * {@link org.cbrnn.results.Results#status()}.
 */
package org.cbrnn.results;
