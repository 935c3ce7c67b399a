package org.cbrnn.analysis;

import java.util.ArrayList;
import java.util.List;
import org.cbrnn.engine.Engine;
import org.cbrnn.model.Model;
import org.cbrnn.task.Batch;
import org.cbrnn.task.Task;
import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Post-training CB ablation (docs/protocol.md §9.1): evaluate a trained model on the same fixed batches with the cerebellar output
 * intact and with it removed (c_t = 0, nothing retrained). A large drop means the task is solved by the CB feedback at
 * run time rather than stored in the recurrent weights.
 */
public final class CerebellarAblation {
    private CerebellarAblation() {}

    /** Accuracy (percent) at one level, intact and ablated. */
    public record Point(int level, double intact, double ablated) {
        public double drop() {
            return intact - ablated;
        }
    }

    /**
     * Evaluates {@code levels} with {@code batches} batches of {@code batchSize}; the batches and h_0 draws for a level
     * depend only on {@code seed} and the level, so different models are compared on identical inputs.
     */
    public static List<Point> acrossLevels(Model model, Task task, Engine engine, int[] levels, int batches, int batchSize, long seed) {
        Check.notNull("model", model);
        Check.notNull("task", task);
        Check.notNull("engine", engine);
        Check.notNull("levels", levels);
        if (!model.config().hasCerebellum()) throw new IllegalArgumentException("model must have a cerebellar module, got " + model.config().label());
        Check.positive("batches", batches);
        Check.positive("batchSize", batchSize);
        List<Point> out = new ArrayList<>();
        for (int level : levels) {
            Check.inRange("level", level, task.minLevel(), task.maxLevel());
            Rng rng = Rng.of(seed, "ablation-N" + level);
            double a = 0, b = 0;
            for (int i = 0; i < batches; i++) {
                Batch batch = task.sample(level, batchSize, rng);
                float[] h0 = model.initialState(batchSize, rng);
                a += engine.evaluate(model, batch, h0, true).accuracyPercent();
                b += engine.evaluate(model, batch, h0, false).accuracyPercent();
            }
            out.add(new Point(level, a / batches, b / batches));
        }
        return out;
    }

    /** The points as a table: N, intact, ablated, drop. */
    public static Table table(List<Point> points) {
        Check.notNull("points", points);
        IntColumn n = IntColumn.create("N");
        DoubleColumn in = DoubleColumn.create("acc_intact"), ab = DoubleColumn.create("acc_cb_ablated"), d = DoubleColumn.create("acc_drop");
        for (Point p : points) {
            n.append(p.level());
            in.append(p.intact());
            ab.append(p.ablated());
            d.append(p.drop());
        }
        return Table.create("CB ablation", n, in, ab, d);
    }
}
