package org.cbrnn.experiment;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.train.Curriculum;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.train.TrainingConfig;
import org.cbrnn.util.Check;

/**
 * Everything that defines one training run; two equal specs produce identical runs (for a given engine and thread
 * count). The weights are drawn from {@code seed} and the batches from the same seed's other streams.
 */
public record RunSpec(String condition, String task, ModelConfig model, PlasticitySchedule schedule, Curriculum curriculum,
                      TrainingConfig training, long seed) {
    public RunSpec {
        Check.notNull("condition", condition);
        Check.notNull("task", task);
        Check.notNull("model", model);
        Check.notNull("schedule", schedule);
        Check.notNull("curriculum", curriculum);
        Check.notNull("training", training);
    }

    /** A run of {@code condition} on {@code task} with the paper's curriculum. */
    public static RunSpec of(Condition condition, String task, TrainingConfig training, long seed) {
        return new RunSpec(condition.label(), task, condition.model(), condition.schedule(), Curriculum.paper(), training, seed);
    }

    /** A file-system-safe, unique-per-spec identifier, e.g. {@code parity__cb-rnn__joint__s1__a1b2c3d4}. */
    public String id() {
        String slug = (task + "__" + condition + "__" + schedule.label() + "__s" + seed).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_.-]+", "-");
        return slug + "__" + String.format("%08x", toProperties().hashCode());
    }

    public Map<String, String> toProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("condition", condition);
        m.put("task", task);
        m.put("seed", Long.toString(seed));
        m.put("schedule", schedule.label());
        m.put("curriculum", curriculum.label());
        model.toProperties().forEach((k, v) -> m.put("model." + k, v));
        training.toProperties().forEach((k, v) -> m.put("training." + k, v));
        return m;
    }

    public static RunSpec fromProperties(Map<String, String> p) {
        Map<String, String> model = new LinkedHashMap<>(), training = new LinkedHashMap<>();
        p.forEach((k, v) -> {
            if (k.startsWith("model.")) model.put(k.substring(6), v);
            if (k.startsWith("training.")) training.put(k.substring(9), v);
        });
        return new RunSpec(p.get("condition"), p.get("task"), ModelConfig.fromProperties(model),
                PlasticitySchedule.parse(p.get("schedule")), Curriculum.parse(p.get("curriculum")),
                TrainingConfig.fromProperties(training), Long.parseLong(p.get("seed")));
    }

    public RunSpec withTraining(TrainingConfig t) {
        return new RunSpec(condition, task, model, schedule, curriculum, t, seed);
    }

    public RunSpec withSeed(long s) {
        return new RunSpec(condition, task, model, schedule, curriculum, training, s);
    }

    public RunSpec withSchedule(String conditionLabel, PlasticitySchedule s) {
        return new RunSpec(conditionLabel, task, model, s, curriculum, training, seed);
    }
}
