package org.cbrnn.cli;

import static org.cbrnn.cli.CliTest.assertMessage;
import static org.cbrnn.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocols from the command line: train, sweep and reproduce write protocol runs; misuse fails naming the options. */
class ProtocolCliTest {
    @TempDir
    Path dir;

    @Test
    void trainSweepAndReproduceRunProtocols() throws Exception {
        Path one = dir.resolve("one");
        String out = run("train", "--protocol", "switching", "--condition", "rnn202", "--epochs", "2", "--steps", "2", "--eval-batches", "1",
                "--batch-size", "8", "--threads", "1", "--out", one.toString());
        assertTrue(out.contains("switching"), out);
        try (var dirs = Files.list(one)) {
            Path r = dirs.findFirst().orElseThrow();
            assertTrue(r.getFileName().toString().startsWith("switching__rnn-h202-k2__joint__s1__"), r.toString());
            assertTrue(Files.readString(r.resolve("spec.properties")).contains("protocol=switching-dms.parity-s5-p3"));
            assertTrue(Files.readString(r.resolve("epochs.csv")).startsWith("epoch,level,phase") && Files.readString(r.resolve("epochs.csv")).contains(",heads,active,frozen"));
        }
        Path sw = dir.resolve("sweep");
        out = run("sweep", "--protocols", "multitask,switching", "--conditions", "rnn202", "--seeds", "1", "--epochs", "1", "--steps", "1",
                "--eval-batches", "1", "--out", sw.toString());
        assertTrue(out.contains("multitask: shared N") && out.contains("task switching: first 650 epochs"), out);
        Path rep = dir.resolve("rep");
        out = run("reproduce", "--protocol", "multitask", "--conditions", "full-reservoir", "--seeds", "1", "--epochs", "1", "--out", rep.toString());
        assertTrue(out.contains("multitask-dms.parity") && out.contains("Full reservoir"), out);
    }

    @Test
    void tasksDoNotApplyToMultiTaskProtocols() {
        assertMessage("--task does not apply to --protocol multitask-dms.parity", "train", "--protocol", "multitask", "--task", "parity",
                "--out", dir.toString());
        assertMessage("--tasks does not apply to --protocol switching", "reproduce", "--protocol", "switching", "--tasks", "dms", "--out", dir.toString());
        assertMessage("--protocol", "train", "--protocol", "cumulative-parity-k1", "--out", dir.toString());
    }
}
