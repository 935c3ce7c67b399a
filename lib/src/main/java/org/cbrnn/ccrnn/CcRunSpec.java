package org.cbrnn.ccrnn;

import org.cbrnn.util.Check;

/**
 * One run of the ccRNN study: condition, task, configuration and seed. Its {@link #id()} names the run directory;
 * {@link #describe()} is stored with the run and must match when a run is resumed.
 */
public record CcRunSpec(String condition, String task, CcConfig config, long seed) {
    public CcRunSpec {
        Check.notNull("condition", condition);
        Check.notNull("task", task);
        Check.notNull("config", config);
        if (seed < 0) throw new IllegalArgumentException("seed must be >= 0, got " + seed);
    }

    /** The spec of {@code condition} on {@code task} from the registry; {@code lesionEpoch} 0 = the task's default. */
    public static CcRunSpec of(CcRegistry reg, String condition, String task, long seed, int lesionEpoch) {
        CcCondition c = reg.condition(condition);
        return new CcRunSpec(c.name(), reg.task(task).name(), reg.config(condition, task, lesionEpoch), seed);
    }

    /** Directory name, e.g. {@code line-drawing_ccrnn_tau1_s7} (full BPTT: {@code tauT}; lesions add {@code _from20}). */
    public String id() {
        String tau = config.tau() >= CcConfig.FULL_BPTT ? "T" : Integer.toString(config.tau());
        String les = config.lesion() == CcConfig.Lesion.NONE ? "" : "_from" + config.lesionEpoch();
        return task + "_" + condition + "_tau" + tau + les + "_s" + seed;
    }

    /** The complete definition as text (stored as spec.txt). */
    public String describe() {
        return "condition=" + condition + "\ntask=" + task + "\nseed=" + seed + "\nconfig=" + config + "\n";
    }
}
