package org.cbrnn.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.cbrnn.engine.MultiHeadResult;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.model.Module;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;

/** The task-switching input: a task's bits plus the switch-pulse channel, recomputed here from its definition. */
class PulseChannelTest {

    @Test
    void thePulseIsOneForTheFirstThreeStepsAndTheBitsAndLabelsAreTheTasks() {
        for (String name : new String[]{"dms", "parity"}) {
            Task plain = TaskRegistry.of(name);
            Task pulsed = Tasks.withPulseChannel(plain, 3);
            assertEquals(name + "+pulse3", pulsed.name());
            assertEquals(2, pulsed.inputSize());
            for (int level : new int[]{2, 5, 13}) {
                Batch a = plain.sample(level, 32, new Rng(level));
                Batch b = pulsed.sample(level, 32, new Rng(level));
                assertEquals(a.steps(), b.steps(), "same length draw");
                assertEquals(2, b.inputSize());
                assertEquals(level, b.level());
                assertArrayEquals(a.labels(), b.labels(), "same labels");
                for (int s = 0; s < b.batchSize(); s++) {
                    for (int t = 0; t < b.steps(); t++) {
                        assertEquals(a.input(t, s, 0), b.input(t, s, 0), "channel 0 is the task's bit");
                        assertEquals(t < 3 ? 1f : 0f, b.input(t, s, 1), "pulse at t=" + t);
                    }
                    // the label is still the task's function of channel 0
                    assertEquals(plain.label(b.sequence(s), level), b.labels()[s]);
                }
            }
        }
    }

    @Test
    void fixedLengthSamplingAndShortSequencesAndComposition() {
        Task pulsed = Tasks.withPulseChannel(TaskRegistry.of("parity"), 4);
        Batch b = pulsed.sample(2, 3, 3, new Rng(1)); // shorter than the pulse: all pulse
        for (int t = 0; t < 3; t++) for (int s = 0; s < 3; s++) assertEquals(1f, b.input(t, s, 1));
        Task twice = Tasks.withInputs(pulsed, InputTransform.pulse(1));
        assertEquals(3, twice.inputSize());
        Batch c = twice.sample(3, 2, 7, new Rng(2));
        for (int t = 0; t < 7; t++) {
            for (int s = 0; s < 2; s++) {
                assertEquals(t < 4 ? 1f : 0f, c.input(t, s, 1));
                assertEquals(t < 1 ? 1f : 0f, c.input(t, s, 2));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> InputTransform.pulse(0));
    }

    @Test
    void aSharedSequenceIsLabelledByEachHeadsTask() {
        Task dms = TaskRegistry.of("dms"), parity = TaskRegistry.of("parity");
        Batch x = dms.sample(6, 32, new Rng(8));
        MultiHeadBatch both = MultiHeadBatch.shared(x, dms, parity);
        assertArrayEquals(x.labels(), both.labels()[0], "head 0 is DMS");
        for (int s = 0; s < 32; s++) {
            // parity of the last 6 bits, and DMS (last bit equals the bit 5 steps before), from the bits themselves
            int sum = 0;
            for (int t = x.steps() - 6; t < x.steps(); t++) sum += (int) x.input(t, s, 0);
            assertEquals(sum % 2, both.labels()[1][s]);
            assertEquals(x.input(x.steps() - 1, s, 0) == x.input(x.steps() - 6, s, 0) ? 1 : 0, both.labels()[0][s]);
        }
        MultiHeadBatch onlyParity = MultiHeadBatch.shared(x, null, parity);
        assertArrayEquals(new int[]{1}, onlyParity.activeHeads());
    }

    @Test
    void theTaskSwitchingModelRunsPulsedBatchesAndAOneInputModelRefusesThem() {
        Task dms = Tasks.withPulseChannel(TaskRegistry.of("dms"), 3);
        Batch x = dms.sample(5, 16, new Rng(3));
        Model switching = Model.create(ModelConfig.cbRnn().withInputSize(2).withNumHeads(2), 1);
        float[] h0 = switching.initialState(16, new Rng(4));
        try (FastEngine e = FastEngine.create(1)) {
            float[][] g = new float[switching.parameters().size()][];
            for (int i = 0; i < g.length; i++) g[i] = new float[switching.parameters().get(i).length];
            MultiHeadResult r = e.gradients(switching, MultiHeadBatch.single(x, 2, 0), h0, EnumSet.allOf(Module.class), g);
            assertTrue(r.loss() > 0 && r.head(1) == null);
            Model one = Model.create(ModelConfig.cbRnn(), 1);
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.evaluate(one, x, one.initialState(16, new Rng(5))));
            assertTrue(ex.getMessage().contains("inputSize"), ex.getMessage());
        }
    }
}
