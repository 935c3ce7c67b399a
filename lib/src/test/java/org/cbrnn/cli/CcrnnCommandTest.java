package org.cbrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cbrnn ccrnn}: bad input is refused before any work; a small sweep runs, resumes and prints its summary. */
class CcrnnCommandTest {
    static String run(String... argv) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        assertEquals(0, Main.run(argv, new PrintStream(b, true, StandardCharsets.UTF_8)));
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badInputIsRefusedBeforeAnyWork(@TempDir Path dir) {
        Path out = dir.resolve("store");
        String o = out.toString();
        assertEquals("--conditions must be a comma list of distinct items of crnn, ccrnn, bptt, ccrnn-ablation, ccrnn-io, cbrnn, rnn, got 'x' ('x' is not allowed)",
                assertThrows(IllegalArgumentException.class, () -> run("ccrnn", "--conditions", "x", "--out", o)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run("ccrnn", "--task", "mnist", "--out", o)).getMessage()
                .startsWith("--task must be one of line-drawing, digit-drawing, seq-digits"));
        assertEquals("--lesion-epoch must be in [1, 10] (the epochs), got 20", assertThrows(IllegalArgumentException.class,
                () -> run("ccrnn", "--conditions", "ccrnn-io", "--epochs", "10", "--out", o)).getMessage());
        assertEquals("--train-size: trainSize must be a multiple of batch (50), got 70", assertThrows(IllegalArgumentException.class,
                () -> run("ccrnn", "--train-size", "70", "--out", o)).getMessage());
        if (!Files.isDirectory(org.cbrnn.task.online.IdxImages.fashionDir())) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> run("ccrnn", "--task", "seq-fashion", "--out", o)).getMessage()
                    .startsWith("Fashion-MNIST is not installed"));
        }
        assertFalse(Files.exists(out), "nothing was created");
    }

    @Test
    void aSmallSweepRunsAndResumes(@TempDir Path dir) {
        String o = dir.toString();
        String first = run("ccrnn", "--conditions", "crnn,ccrnn-ablation", "--seeds", "1", "--epochs", "2", "--lesion-epoch", "2",
                "--train-size", "100", "--out", o);
        assertTrue(first.contains("crnn ") && first.contains("ccrnn-ablation"), first);
        assertTrue(Files.isRegularFile(dir.resolve("line-drawing_ccrnn-ablation_tau1_from2_s1/cortex.bin")));
        String dry = run("ccrnn", "--conditions", "crnn,ccrnn-ablation", "--seeds", "1", "--epochs", "2", "--lesion-epoch", "2",
                "--train-size", "100", "--out", o, "--dry-run");
        assertTrue(dry.contains("line-drawing_crnn_tau1_s1") && dry.contains("complete, 2 epochs"), dry);
    }

    @Test
    void theCbRnnAndThePlainRnnRunOnLineDrawingAndAreReused(@TempDir Path dir) throws Exception {
        String o = dir.resolve("elman").toString();
        assertEquals("--conditions cbrnn runs on the drawing tasks only (line-drawing, digit-drawing), not --task seq-digits",
                assertThrows(IllegalArgumentException.class, () -> run("ccrnn", "--task", "seq-digits", "--conditions", "cbrnn", "--out", o)).getMessage());
        assertEquals("--conditions with --curriculum must be among crnn, ccrnn, bptt; got rnn", assertThrows(IllegalArgumentException.class,
                () -> run("ccrnn", "--curriculum", "parity", "--conditions", "rnn", "--out", o)).getMessage());
        assertFalse(Files.exists(dir.resolve("elman")), "nothing was created");
        String[] args = {"ccrnn", "--conditions", "cbrnn,rnn", "--seeds", "1", "--epochs", "2", "--train-size", "100", "--depth", "2", "--out", o};
        String first = run(args);
        assertTrue(first.contains("line-drawing_cbrnn_tauT_s1") && first.contains("epoch    2/2"), first);
        assertTrue(first.contains("\ncbrnn ") && first.contains("\nrnn "), first);
        Path cb = dir.resolve("elman/line-drawing_cbrnn_tauT_s1"), rnn = dir.resolve("elman/line-drawing_rnn_tauT_s1");
        assertTrue(Files.isRegularFile(cb.resolve("cortex.bin")) && Files.isRegularFile(rnn.resolve("cortex.bin")));
        assertTrue(Files.readString(cb.resolve("spec.txt")).contains("coupling=CEREBELLAR_BIAS, cbInput=HIDDEN_AND_INPUT, inputSize=1, hiddenSize=64"));
        assertTrue(Files.readString(rnn.resolve("spec.txt")).contains("coupling=NONE, cbInput=HIDDEN_AND_INPUT, inputSize=1, hiddenSize=202"));
        assertTrue(Files.readString(cb.resolve("spec.txt")).contains("depth=1"), "--depth is the synthesiser's: not applied to the Elman conditions");
        // the same command again reuses the finished runs: no epoch is trained, the summary is the same
        String again = run(args);
        assertFalse(again.contains("epoch    2/2"), again);
        assertEquals(first.substring(first.indexOf("condition ")), again.substring(again.indexOf("condition ")));
        String dry = run("ccrnn", "--conditions", "cbrnn,rnn", "--seeds", "1", "--epochs", "2", "--train-size", "100", "--out", o, "--dry-run");
        assertTrue(dry.contains("line-drawing_rnn_tauT_s1") && dry.contains("complete, 2 epochs"), dry);
    }

    @Test
    void theCurriculumStudyRefusesLesionsRunsAndIsReused(@TempDir Path dir) {
        String o = dir.resolve("cur").toString();
        assertEquals("--conditions with --curriculum must be among crnn, ccrnn, bptt; got ccrnn-io", assertThrows(IllegalArgumentException.class,
                () -> run("ccrnn", "--curriculum", "parity", "--conditions", "ccrnn-io", "--out", o)).getMessage());
        assertEquals("--train-size: trainSize must be a multiple of batch (64), got 100", assertThrows(IllegalArgumentException.class,
                () -> run("ccrnn", "--curriculum", "parity", "--train-size", "100", "--out", o)).getMessage());
        assertFalse(Files.exists(dir.resolve("cur")), "nothing was created");
        String first = run("ccrnn", "--curriculum", "dms", "--conditions", "crnn,bptt", "--seeds", "1", "--epochs", "2", "--train-size", "128",
                "--out", o);
        assertTrue(first.contains("crnn_tau5") && first.contains("bptt_tauT") && first.contains("max N solved"), first);
        assertTrue(Files.isRegularFile(dir.resolve("cur/dms_crnn_tau5_s1.csv")));
        String dry = run("ccrnn", "--curriculum", "dms", "--conditions", "crnn,bptt", "--seeds", "1", "--epochs", "2", "--train-size", "128",
                "--out", o, "--dry-run");
        assertTrue(dry.contains("dms_bptt_tauT_s1") && dry.contains("complete"), dry);
    }
}
