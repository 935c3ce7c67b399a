package org.cbrnn.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.task.Batch;
import org.cbrnn.task.Task;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;

/** The graph cache stays bounded when T changes at every batch. */
class GraphCacheTest {

    @Test
    void cacheNeverExceedsItsBound() {
        ModelConfig c = ModelConfig.cbRnn().withHiddenSize(6).withGranuleSize(8).withPurkinjeSize(4);
        Model m = Model.create(c, 1);
        Task parity = TaskRegistry.of("parity");
        Rng rng = new Rng(5);
        List<Integer> lengths = new ArrayList<>();
        for (int T = 3; T < 33; T++) lengths.add(T);
        Collections.shuffle(lengths, new java.util.Random(6));
        float[][] g = new float[m.parameters().size()][];
        for (int i = 0; i < g.length; i++) g[i] = new float[m.parameters().get(i).length];
        try (SameDiffEngine exact = SameDiffEngine.builder().lengthBuckets(LengthBuckets.exact()).maxGraphs(4).build();
             SameDiffEngine bucketed = SameDiffEngine.builder().maxGraphs(4).build()) {
            Set<Integer> buckets = new HashSet<>();
            for (int T : lengths) { // 30 batches, 30 different lengths
                Batch batch = parity.sample(2, 4, T, rng);
                float[] h0 = m.initialState(4, rng);
                for (SameDiffEngine e : List.of(exact, bucketed)) {
                    e.gradients(m, batch, h0, EnumSet.allOf(Module.class), g);
                    assertTrue(e.cachedGraphs() <= 4, e.name() + " holds " + e.cachedGraphs() + " graphs");
                }
                buckets.add(bucketed.lengthBuckets().bucket(T));
            }
            assertEquals(30, exact.graphsBuilt(), "one graph per length without bucketing");
            assertTrue(bucketed.graphsBuilt() < 30, "buckets share graphs");
            System.err.printf("graph cache: 30 lengths, bound 4: exact built %d graphs, quarter-octave built %d (%d buckets)%n",
                    exact.graphsBuilt(), bucketed.graphsBuilt(), buckets.size());
        }
    }

    @Test
    void quarterOctaveBuckets() {
        LengthBuckets b = LengthBuckets.quarterOctave();
        assertEquals(8, b.bucket(8));
        assertEquals(10, b.bucket(9));
        assertEquals(16, b.bucket(16));
        assertEquals(20, b.bucket(17));
        assertEquals(40, b.bucket(33));
        assertEquals(33, b.minSteps(40));
        assertEquals(4, b.minSteps(4));
        int maxBuckets = 0;
        for (int n = 2; n <= 150; n++) { // the paper's length range per level: [N+2, 4N+1]
            Set<Integer> s = new HashSet<>();
            for (int T = n + 2; T <= 4 * n + 1; T++) {
                int L = b.bucket(T);
                assertTrue(L >= T && L < 1.25 * T + 1e-9, "T=" + T + " -> " + L);
                s.add(L);
            }
            maxBuckets = Math.max(maxBuckets, s.size());
        }
        assertTrue(maxBuckets <= SameDiffEngine.DEFAULT_MAX_GRAPHS, "a level needs " + maxBuckets + " graphs");
    }
}
