package org.cbrnn.ccrnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cbrnn.engine.fast.Kernels;
import org.cbrnn.task.DelayedMatch;
import org.cbrnn.task.Parity;
import org.cbrnn.task.online.BitSequences;
import org.cbrnn.task.online.SeqBatch;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curriculum study (docs/ccrnn.md §8): the advance rule, the evaluation, determinism, learning, the store. */
class CcCurriculumTest {
    /** A small, fast configuration: H 12, G 48, 10 batches of 32 per epoch, 128 evaluation sequences. */
    private static CcConfig small(int epochs) {
        return CcCurriculum.base().withHidden(12).withGranule(48).withData(32, 320, 128).withEpochs(epochs).withLearningRate(0.01);
    }

    @Test
    void anEpochAtTheThresholdAdvancesAndOneBelowDoesNot() {
        // threshold 0: every epoch is solved, so the level rises by one per epoch
        CcCurriculum<float[]> all = CcCurriculum.create(Kernels.bestFloat(), new Parity(), small(3), 2, 0.0, 1);
        while (!all.done()) all.trainEpoch();
        assertEquals(List.of(2, 3, 4), all.history().stream().map(CcLevelEpoch::level).toList());
        assertEquals(5, all.level());
        assertEquals(4, all.maxSolved());
        // any threshold: solved <=> accuracy >= threshold, and the next epoch's level follows
        CcCurriculum<float[]> c = CcCurriculum.create(Kernels.bestFloat(), new DelayedMatch(), small(6).withCerebellum(true), 2, 0.9, 2);
        while (!c.done()) c.trainEpoch();
        List<CcLevelEpoch> h = c.history();
        for (int i = 0; i < h.size(); i++) {
            assertEquals(h.get(i).evalAccuracy() >= 0.9, h.get(i).solved());
            int next = i + 1 < h.size() ? h.get(i + 1).level() : c.level();
            assertEquals(h.get(i).level() + (h.get(i).solved() ? 1 : 0), next);
            assertTrue(h.get(i).cerebellarLoss() >= 0);
        }
    }

    @Test
    void evaluationIsTheLastStepArgmaxAccuracyOnFullSequences() {
        CcCurriculum<float[]> c = CcCurriculum.create(Kernels.bestFloat(), new Parity(), small(2), 3, 0.98, 4);
        c.trainEpoch();
        BitSequences at = new BitSequences(new Parity(), 3);
        double acc = c.evaluate(at, new Rng(99));
        // recomputed: the same batches (128 = 4 x 32), argmax of the last step's two outputs against the label
        Rng rng = new Rng(99);
        int correct = 0;
        for (int k = 0; k < 4; k++) {
            SeqBatch b = at.sample(32, rng);
            double[] y = c.network().outputs(b);
            int T = b.steps();
            for (int r = 0; r < 32; r++) {
                int off = ((T - 1) * 32 + r) * 2;
                int pred = y[off + 1] > y[off] ? 1 : 0;
                if (pred == b.labels()[r]) correct++;
            }
        }
        assertEquals(correct / 128.0, acc, 1e-12);
    }

    @Test
    void sameSeedSameRunAndTheConditionsDiffer() {
        CcConfig cc = small(3).withCerebellum(true);
        List<CcLevelEpoch> a = run(cc, 7), b = run(cc, 7), crnn = run(small(3), 7);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).trainLoss(), b.get(i).trainLoss());
            assertEquals(a.get(i).evalAccuracy(), b.get(i).evalAccuracy());
            assertEquals(a.get(i).gradNorm(), b.get(i).gradNorm());
        }
        assertTrue(a.stream().anyMatch(e -> e.cerebellarLoss() > 0));
        assertTrue(crnn.stream().allMatch(e -> e.cerebellarLoss() == 0));
        assertFalse(a.get(2).trainLoss() == crnn.get(2).trainLoss(), "the injected predictions change the cortex's training");
    }

    private static List<CcLevelEpoch> run(CcConfig c, long seed) {
        CcCurriculum<float[]> cur = CcCurriculum.create(Kernels.bestFloat(), new Parity(), c, 2, 0.98, seed);
        while (!cur.done()) cur.trainEpoch();
        return cur.history();
    }

    @Test
    void fullBpttLearnsTwoParity() {
        CcCurriculum<float[]> c = CcCurriculum.create(Kernels.bestFloat(), new Parity(), small(25).withHidden(16).withTau(CcConfig.FULL_BPTT), 2, 0.98, 1);
        while (!c.done() && c.maxSolved() < 2) c.trainEpoch();
        assertTrue(c.maxSolved() >= 2, "XOR of the last two bits solved within 25 small epochs; history " + c.history());
    }

    @Test
    void storeWritesAFinishedRunOnceAndRefusesAnotherSpecInItsFile(@TempDir Path dir) throws Exception {
        CcCurriculumStore store = CcCurriculumStore.at(dir);
        List<CcRunSpec> specs = CcCurriculumStore.specs("parity", List.of("crnn", "ccrnn", "bptt"), List.of(3L), small(2));
        assertEquals(List.of("parity_crnn_tau5_s3", "parity_ccrnn_tau5_s3", "parity_bptt_tauT_s3"), specs.stream().map(CcRunSpec::id).toList());
        List<CcLevelEpoch> first = store.run(specs.get(0), null);
        assertTrue(Files.isRegularFile(store.fileOf(specs.get(0))));
        assertEquals(first, store.load(specs.get(0)).orElseThrow());
        assertEquals(first, store.run(specs.get(0), e -> { throw new AssertionError("a finished run is not retrained"); }));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary files left");
        }
        CcRunSpec other = new CcRunSpec("crnn", "parity", small(2).withLearningRate(0.02), 3);
        assertEquals(specs.get(0).id(), other.id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.load(other));
        assertTrue(e.getMessage().contains("different run"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CcCurriculumStore.specs("parity", List.of("ccrnn-io"), List.of(1L), small(2)));
        assertEquals(1, CcCurriculumStore.maxSolved(List.of()));
    }
}
