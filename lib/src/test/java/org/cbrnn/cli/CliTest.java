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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    /** Bad values for every option that takes one; each must fail before any work with an error naming the option. */
    static final Map<String, List<String>> BAD = new LinkedHashMap<>();

    static {
        BAD.put("task", List.of("xor", ",", "parity,dms"));
        BAD.put("tasks", List.of("parity,xor", "parity,parity", ","));
        BAD.put("condition", List.of("lstm", "cbrnn,rnn202"));
        BAD.put("conditions", List.of("cbrnn,lstm", "cbrnn,cbrnn"));
        BAD.put("schedule", List.of("freeze-X2", "sometimes"));
        BAD.put("seed", List.of("-1", "one", "2147483648"));
        BAD.put("seeds", List.of("3-1", "a-b", "1,1", "-2"));
        BAD.put("epochs", List.of("0", "1000001", "ten"));
        BAD.put("steps", List.of("0", "x"));
        BAD.put("eval-batches", List.of("0", "1.5"));
        BAD.put("batch-size", List.of("0", "4097"));
        BAD.put("threads", List.of("0", "257"));
        BAD.put("parallel", List.of("0", "257"));
        BAD.put("grid", List.of("/no/such/grid.properties"));
        BAD.put("vary", List.of("granule", "model.granule=1,2", "schedule=sometimes"));
        BAD.put("out", List.of("FILE", "FILE/below-a-file"));
        BAD.put("store", List.of("/no/such/store"));
        BAD.put("at-epoch", List.of("0", "-3"));
        BAD.put("half-of", List.of("median", "kit,paper"));
        BAD.put("checkpoints", List.of("0", "10,x"));
        BAD.put("models", List.of("lstm"));
        BAD.put("sizes", List.of("64", "64x0", "5000x60", "axb"));
        BAD.put("engines", List.of("gpu"));
        BAD.put("reps", List.of("4", "10001"));
    }

    @Test
    void everyOptionIsDocumentedAndItsBadValuesFailNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path store = Files.createDirectories(dir.resolve("empty-store"));
        int checked = 0;
        for (Command c : Main.COMMANDS) {
            String help = c.help();
            for (Command.Opt o : c.opts()) {
                assertTrue(help.contains("--" + o.name()), c.name() + " help lacks --" + o.name());
                if (o.flag()) continue;
                List<String> bad = BAD.get(o.name());
                assertTrue(bad != null, "no bad values listed for " + c.name() + " --" + o.name());
                for (String v : bad) {
                    String value = v.replace("FILE", file.toString());
                    // summarize needs an existing store for its other options to be reached
                    String[] argv = c.name().equals("summarize") && !o.name().equals("store")
                            ? new String[] {c.name(), "--store", store.toString(), "--" + o.name(), value}
                            : new String[] {c.name(), "--" + o.name(), value};
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(argv),
                            c.name() + " --" + o.name() + " " + value);
                    String m = e.getMessage();
                    assertTrue(m.contains("--" + o.name()), c.name() + " --" + o.name() + " " + v + ": " + m);
                    // a numeric range in the error is the one documented in the help
                    Matcher range = Pattern.compile("\\[\\d+, \\d+]").matcher(m);
                    if (range.find()) assertTrue(o.help().contains(range.group()), "range " + range.group() + " not in help of --" + o.name());
                    checked++;
                }
            }
        }
        assertTrue(checked >= 50, "checked " + checked);
    }

    @Test
    void malformedCommandLinesAreRefused() {
        assertMessage("unknown command 'compare'", "compare");
        assertMessage("unknown option --epoch;", "train", "--epoch", "3");
        assertMessage("--epochs needs a value", "train", "--epochs");
        assertMessage("--dry-run is a flag and takes no value", "sweep", "--dry-run=yes");
        assertMessage("--seed is given twice", "train", "--seed", "1", "--seed", "2");
        assertMessage("unexpected argument 'parity'", "train", "parity");
        assertMessage("--quick and --full exclude each other", "reproduce", "--quick", "--full");
        assertMessage("holds no runs", "summarize", "--store", dir.toString());
    }

    @Test
    void helpForEveryCommand() throws Exception {
        assertTrue(run("help").contains("reproduce"));
        for (Command c : Main.COMMANDS) assertTrue(run(c.name(), "--help").startsWith("cbrnn " + c.name() + " - "));
        assertTrue(run("models").contains("41922"));
        assertTrue(run("tasks").contains("dms"));
    }

    @Test
    void sweepThenSummarizeEndToEnd() throws Exception {
        Path grid = Files.writeString(dir.resolve("grid.properties"), "tasks = parity\nconditions = cbrnn, rnn202\nseeds = 1\n");
        Path store = dir.resolve("store");
        String out = run("sweep", "--grid", grid.toString(), "--epochs", "2", "--steps", "2", "--eval-batches", "1", "--out", store.toString());
        assertTrue(out.contains("[####################] 100%"), out);
        assertTrue(out.contains("RNN-202"), out);
        String dry = run("sweep", "--grid", grid.toString(), "--epochs", "2", "--steps", "2", "--eval-batches", "1", "--out", store.toString(),
                "--dry-run");
        assertEquals(2, dry.lines().filter(l -> l.contains("done, 2 epochs")).count(), dry);
        String sum = run("summarize", "--store", store.toString(), "--half-of", "paper", "--tidy", "--checkpoints", "1,2");
        assertTrue(sum.contains("N@2") && sum.contains("parity=19.0"), sum);
        List<String> runsCsv = Files.readAllLines(store.resolve("runs.csv"));
        assertEquals(3, runsCsv.size());
        assertTrue(runsCsv.get(0).startsWith("task,condition,seed,status,epochs,max_N"), runsCsv.get(0));
        assertEquals(5, Files.readAllLines(store.resolve("epochs-all.csv")).size(), "tidy: a header and one row per run-epoch");
        assertTrue(Files.exists(store.resolve("summary.csv")));
        assertFalse(run("summarize", "--store", store.toString(), "--no-save", "--at-epoch", "1").isEmpty());
    }

    @Test
    void trainAndReproduceWriteTheirStores() throws Exception {
        Path store = dir.resolve("one");
        String out = run("train", "--condition", "rnn202", "--schedule", "freeze-L2", "--epochs", "2", "--steps", "2", "--eval-batches", "1",
                "--batch-size", "8", "--threads", "1", "--out", store.toString());
        assertTrue(out.contains("RNN-202 [freeze-L2]"), out);
        try (var dirs = Files.list(store)) {
            Path run = dirs.findFirst().orElseThrow();
            assertTrue(Files.readString(run.resolve("DONE")).contains("epochs=2"));
            assertTrue(Files.readString(run.resolve("spec.properties")).contains("schedule=freeze-L2"));
        }
        Path rep = dir.resolve("rep");
        out = run("reproduce", "--tasks", "dms", "--conditions", "cbrnn,interleaved", "--seeds", "1", "--epochs", "1", "--out", rep.toString());
        assertTrue(out.contains("Interleaved reservoir") && out.contains("Paper Table 4"), out);
        assertTrue(Files.readString(rep.resolve("summary.csv")).contains("dms,Interleaved reservoir,1,1,1,"));
    }

    @Test
    void benchWithoutTheLauncherExplainsHowToRunIt() {
        // the launcher sets CBRNN_LAUNCHER and runs bench/run.sh with the printed settings; alone it exits 2
        assertEquals(2, Main.run(new String[] {"bench", "--quick"}, new PrintStream(new ByteArrayOutputStream())));
    }

    static String run(String... argv) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = Main.run(argv, ps);
        assertEquals(0, code, String.join(" ", argv) + " exited " + code + ":\n" + bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static void assertMessage(String part, String... argv) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(argv));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
