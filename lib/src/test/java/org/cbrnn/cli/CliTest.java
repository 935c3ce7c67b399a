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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cbrnn.experiment.RunOptions;
import org.cbrnn.options.Opt;
import org.cbrnn.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    /** Bad values of the options whose kind is {@link Opt.Kind#CUSTOM}; every other kind gets its bad values from its declaration. */
    static final Map<String, List<String>> CUSTOM_BAD = new LinkedHashMap<>();

    static {
        CUSTOM_BAD.put("schedule", List.of("freeze-X2", "sometimes", "interleaved-\uFF15"));
        CUSTOM_BAD.put("seeds", List.of("3-1", "a-b", "1,1", "-2", "2147483648", "0-2147483648", "1-20000", "\uFF11", ","));
        CUSTOM_BAD.put("vary", List.of("granule", "model.granule=1,2", "schedule=sometimes", "schedule=joint;schedule=freeze-L4",
                "schedule=joint,joint", "=1"));
        CUSTOM_BAD.put("share-from", List.of("", "/no/such/store", ","));
        CUSTOM_BAD.put("also", List.of("", "/no/such/store", ","));
        CUSTOM_BAD.put("stores", List.of("", "/no/such/store", ","));
        CUSTOM_BAD.put("run", List.of("", "../x", ".discarded", "a/b"));
        CUSTOM_BAD.put("protocol", List.of("", "multi", "switching-dms", "cumulative-parity-k1", "continual-dms.dms-e10", "switching-dms.parity-s\uFF15-p3"));
        CUSTOM_BAD.put("protocols", List.of("", ",", "multitask,multitask", "single,nope", "cumulative-parity"));
        CUSTOM_BAD.put("sizes", List.of("64", "64x0", "64x1", "70000x60", "axb", "64x60,64x60", "\uFF16\uFF14x60"));
        CUSTOM_BAD.put("master", List.of("", "yarn", "spark://", "spark://host", "local[x]", "local[2", "spark://h:1;rm"));
        CUSTOM_BAD.put("runs", List.of("", "../x", ".discarded", "a/b", "ok,a/b"));
        CUSTOM_BAD.put("label", List.of("", "  ", "a,b", "say \"x\""));
    }

    /**
     * The malformed and out-of-range values of one declared option, made from its kind and bounds: one below and one
     * above the range, words, decimals and non-ASCII digits for numbers, unknown and repeated items for lists.
     */
    List<String> badValues(Opt<?> o) throws Exception {
        List<String> bad = new ArrayList<>();
        switch (o.kind()) {
            case INT, LONG -> {
                if (o.min() > Long.MIN_VALUE) bad.add(Long.toString(o.min() - 1));
                if (o.max() < Long.MAX_VALUE) bad.add(Long.toString(o.max() + 1));
                bad.addAll(List.of("ten", "1.5", "\uFF15", "\u0665", "", "99999999999999999999"));
            }
            case DOUBLE -> bad.addAll(List.of("ten", "-1", "2", "1e", "\uFF15", "", "nan"));   // --lr of cbrnn ccrnn: [0, 1]
            case INT_LIST -> bad.addAll(List.of(Long.toString(o.min() - 1), Long.toString(o.max() + 1), "1,x", "\uFF15", ","));
            case CHOICE -> bad.addAll(List.of("no-such-value", "", String.join(",", o.choices())));
            case CHOICE_LIST -> bad.addAll(List.of("no-such-value", ",", o.choices().get(0) + "," + o.choices().get(0),
                    o.choices().get(0) + ",no-such-value"));
            case PATH -> {
                Path file = Files.writeString(dir.resolve("a-file"), "x");
                bad.add("");
                switch (o.name()) {
                    case "out", "save" -> bad.addAll(List.of(file.toString(), file.resolve("below-a-file").toString()));
                    case "grid" -> bad.addAll(List.of(dir.resolve("no-such-grid").toString(), dir.toString()));
                    case "store" -> bad.addAll(List.of(dir.resolve("no-such-store").toString(), file.toString()));
                    default -> throw new AssertionError("no bad values for path option --" + o.name());
                }
            }
            case CUSTOM -> {
                List<String> custom = CUSTOM_BAD.get(o.name());
                assertTrue(custom != null, "no bad values listed for custom option --" + o.name());
                bad.addAll(custom);
            }
            default -> throw new AssertionError("kind " + o.kind() + " of --" + o.name() + " has no bad values here");
        }
        return bad;
    }

    @Test
    void everyDeclaredOptionRefusesBadValuesNamingItselfAndTheRangeInItsHelp() throws Exception {
        Path store = Files.createDirectories(dir.resolve("empty-store"));
        int checked = 0;
        for (Command c : allCommands()) {
            String help = c.help();
            String[] words = c.name().split(" ");
            for (Opt<?> o : c.options()) {
                assertTrue(help.contains("--" + o.name()), c.name() + " help lacks --" + o.name());
                if (o.isFlag()) {
                    assertMessage("--" + o.name() + " is a flag and takes no value", concat(words, "--" + o.name() + "=yes"));
                    continue;
                }
                assertTrue(help.contains(o.range()), c.name() + " help lacks the range of --" + o.name() + ": " + o.range());
                assertMessage("--" + o.name() + " needs a value", concat(words, "--" + o.name()));
                for (String v : badValues(o)) {
                    // summarize needs an existing store for its other options to be reached
                    String[] argv = c.name().equals("summarize") && !o.name().equals("store")
                            ? concat(words, "--store", store.toString(), "--" + o.name(), v)
                            : concat(words, "--" + o.name(), v);
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(argv), c.name() + " --" + o.name() + " " + v);
                    String m = e.getMessage();
                    assertTrue(m.startsWith("--" + o.name() + " must be " + o.range()) || m.startsWith("--" + o.name() + ": "),
                            c.name() + " --" + o.name() + " '" + v + "': " + m);
                    if (o.kind() != Opt.Kind.CUSTOM || !o.name().equals("vary")) {
                        assertTrue(m.contains(o.range()), c.name() + " --" + o.name() + " '" + v + "' does not show the range: " + m);
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked >= 150, "checked " + checked);
    }

    @Test
    void gridFileKeysRefuseTheSameBadValuesAsTheOptions() throws Exception {
        int checked = 0;
        for (Opt<?> o : RunOptions.GRID_KEYS) {
            // the sweep command declares the same option (same range) for every grid key it offers
            Command sweep = Main.command("sweep");
            sweep.options().stream().filter(x -> x.name().equals(o.name())).forEach(x -> assertEquals(o.range(), x.range(), o.name()));
            for (String v : badValues(o)) {
                if (v.contains("\n")) continue;
                String text = (o == RunOptions.EPOCHS ? "" : "epochs = 1\n") + o.name() + " = " + v + "\n";
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> org.cbrnn.experiment.SweepGrid.parse(text), text);
                assertTrue(e.getMessage().contains("(" + o.name() + "): " + o.name() + " must be " + o.range()), text + ": " + e.getMessage());
                checked++;
            }
        }
        assertTrue(checked >= 40, "checked " + checked);
    }

    @Test
    void rangesAreTheLibrarys() {
        assertEquals(TrainingConfig.MAX_EPOCHS, RunOptions.EPOCHS.max());
        assertEquals(TrainingConfig.MAX_BATCH_SIZE, RunOptions.BATCH_SIZE.max());
        assertEquals(TrainingConfig.MAX_STEPS_PER_EPOCH, RunOptions.STEPS.max());
        assertEquals(TrainingConfig.MAX_EVAL_BATCHES, RunOptions.EVAL_BATCHES.max());
        assertEquals(TrainingConfig.MAX_BATCH_SIZE, BenchOptions.MAX_BATCH);
        // the library accepts the declared bounds
        TrainingConfig.paper().withMaxEpochs((int) RunOptions.EPOCHS.max()).withBatchSize((int) RunOptions.BATCH_SIZE.max())
                .withStepsPerEpoch((int) RunOptions.STEPS.max()).withEvalBatches((int) RunOptions.EVAL_BATCHES.max());
        // one seed range for train, sweep, reproduce and grid files
        assertMessage("--seed must be an integer in [0, 2147483647], got 2147483648", "train", "--seed", "2147483648");
        assertMessage("in [0, 2147483647]", "sweep", "--seeds", "2147483648");
        assertMessage("in [0, 2147483647]", "reproduce", "--seeds", "1,2147483648");
    }

    @Test
    void onlyAsciiDigitsAreNumbers() {
        assertMessage("--epochs must be an integer in [1, " + TrainingConfig.MAX_EPOCHS + "], got '\uFF15'", "train", "--epochs", "\uFF15");
        assertMessage("--seed must be an integer", "train", "--seed", "\u0661");
        assertMessage("--seeds must be", "sweep", "--seeds", "\uFF11-3");
        assertMessage("--checkpoints must be", "summarize", "--store", dir.toString(), "--checkpoints", "1,\uFF12");
    }

    @Test
    void emptyOutIsRefused() {
        assertMessage("--out must be a directory, existing or creatable", "train", "--out", "");
        assertMessage("--out must be a directory, existing or creatable", "sweep", "--out=");
    }

    @Test
    void malformedCommandLinesAreRefused() {
        assertMessage("unknown command 'compare'", "compare");
        assertMessage("unknown option '--epoch';", "train", "--epoch", "3");
        assertMessage("--epochs needs a value", "train", "--epochs");
        assertMessage("--dry-run is a flag and takes no value", "sweep", "--dry-run=yes");
        assertMessage("--seed is given twice", "train", "--seed", "1", "--seed", "2");
        assertMessage("unexpected argument 'parity'", "train", "parity");
        assertMessage("--quick and --full exclude each other", "reproduce", "--quick", "--full");
        assertMessage("holds no runs", "summarize", "--store", dir.toString());
        assertMessage("--vary must be", "sweep", "--vary", "schedule=joint;schedule=joint,freeze-L4");
        assertMessage("axis 'schedule' is given twice", "sweep", "--vary", "schedule=joint;schedule=joint,freeze-L4");
    }

    @Test
    void gridFilesAreStrict() throws Exception {
        Path noEpochs = Files.writeString(dir.resolve("no-epochs.properties"), "tasks = parity\nseeds = 1\n");
        assertMessage("key 'epochs' is required", "sweep", "--grid", noEpochs.toString(), "--out", dir.resolve("s").toString());
        Path twice = Files.writeString(dir.resolve("twice.properties"), "epochs = 2\nseeds = 1\n# again\nepochs = 3\n");
        assertMessage("line 4 (epochs): key 'epochs' is given twice (first on line 1)", "sweep", "--grid", twice.toString());
        Path bad = Files.writeString(dir.resolve("bad.properties"), "epochs = \uFF15\n");
        assertMessage("line 1 (epochs): epochs must be an integer in [1, " + TrainingConfig.MAX_EPOCHS + "]", "sweep", "--grid", bad.toString());
        assertFalse(Files.exists(dir.resolve("s")), "a refused grid creates no store");
        // an option satisfies the requirement and replaces the file's key
        String dry = run("sweep", "--grid", noEpochs.toString(), "--epochs", "3", "--out", dir.resolve("s").toString(), "--dry-run");
        assertTrue(dry.contains("1 runs") && dry.contains("3 epochs in all"), dry);
        assertFalse(Files.exists(dir.resolve("s")), "a dry run creates no store");
    }

    @Test
    void largeWorkNeedsConfirmationBeforeAnyDirectoryIsCreated() {
        Path out = dir.resolve("big");
        // 201 runs: above the run threshold
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run("sweep", "--seeds", "1-201", "--epochs", "1", "--out", out.toString()));
        assertTrue(e.getMessage().contains("add --yes"), e.getMessage());
        assertFalse(Files.exists(out));
        // 30,000 epochs: above the epoch threshold; the user says no on the terminal
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> asked = new ArrayList<>();
        e = assertThrows(IllegalArgumentException.class, () -> Main.run(new String[] {"sweep", "--seeds", "1-3", "--epochs", "10000", "--out",
                out.toString()}, new PrintStream(bytes, true, StandardCharsets.UTF_8), q -> {
                    asked.add(q);
                    return false;
                }));
        assertTrue(e.getMessage().startsWith("not started"), e.getMessage());
        assertEquals(1, asked.size());
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("plan: 3 runs, 30,000 epochs in all"), bytes.toString());
        assertFalse(Files.exists(out));
        // the example: 80,000 runs of 10^6 epochs, refused without a directory and not called a reduced budget
        bytes.reset();
        e = assertThrows(IllegalArgumentException.class, () -> Main.run(new String[] {"reproduce", "--quick", "--seeds", "0-9999", "--epochs",
                "1000000", "--out", out.toString()}, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("80,000 runs, 80,000,000,000 epochs"), printed);
        assertTrue(printed.contains("custom budget") && !printed.contains("reduced budget"), printed);
        assertFalse(Files.exists(out));
    }

    @Test
    void planEstimatesFromTheMeasuredRate() {
        // reproduce --full: 64 runs x 1000 epochs at ~6,000 epochs per hour on 2 cores
        Plan full = Plan.of(new ArrayList<>(org.cbrnn.experiment.SweepGrid.builder().tasks("parity", "dms")
                .conditions(RunOptions.PAPER_CONDITION_NAMES.toArray(String[]::new)).seedRange(1, 8).epochs(1000).build().specs()), 2, 1, 2,
                Plan.ratePerCore(512));
        assertEquals(64, full.runs());
        assertEquals(64_000, full.epochs());
        assertEquals(64_000 / 6_000.0, full.hours(), 1e-9);
        assertTrue(full.large());
        assertEquals("10.7 h", Plan.duration(full.hours()));
        // narrower kernels plan with their measured rate relative to 512-bit ones
        assertEquals(Plan.EPOCHS_PER_HOUR_PER_CORE * Plan.RATE_256, Plan.ratePerCore(256), 1e-9);
        assertEquals(Plan.EPOCHS_PER_HOUR_PER_CORE * Plan.RATE_128, Plan.ratePerCore(128), 1e-9);
        assertTrue(Plan.RATE_128 <= Plan.RATE_256 && Plan.RATE_256 <= 1);
        full.confirm(true, q -> {
            throw new AssertionError("--yes must not ask");
        }, new PrintStream(new ByteArrayOutputStream()));
        full.confirm(false, q -> true, new PrintStream(new ByteArrayOutputStream()));
        assertEquals("quick, reduced budget", ReproduceCommand.budget(ReproduceCommand.QUICK_SEEDS, ReproduceCommand.QUICK_EPOCHS));
        assertEquals("full, the paper's protocol", ReproduceCommand.budget(ReproduceCommand.FULL_SEEDS, ReproduceCommand.FULL_EPOCHS));
        assertTrue(ReproduceCommand.budget(ReproduceCommand.QUICK_SEEDS, 5000).startsWith("custom budget"));
    }

    @Test
    void benchOptionsAreCheckedWithTheHarnessDeclarations() {
        // fails here, before the launcher would run bench/run.sh (which installs and builds)
        assertMessage("--sizes must be " + BenchOptions.SIZES.range() + ", got '64x1' (steps T in '64x1': got 1)", "bench", "--sizes", "64x1");
        assertMessage("--reps must be an integer in [1, 100000]", "bench", "--reps", "0");
        assertTrue(BenchCommand.environment(new BenchCommand().parser().parse(new String[] {"--quick"}, 0))
                .equals("MODELS=cbrnn,rnn202 SIZES=64x60 ENGINES=fast1,fast2 JAVA_REPS=15 TORCH_REPS=15 PROFILE=0 RESULTS=bench/results/quick.md"));
        assertEquals("MODELS=cbrnn,rnn202 SIZES=64x60 ENGINES=fast1 PAIRED=1 ROUNDS=3 RESULTS=bench/results/paired.md", BenchCommand.environment(
                new BenchCommand().parser().parse(new String[] {"--paired", "--rounds", "3", "--engines", "fast1,samediff"}, 0)));
        assertThrows(IllegalArgumentException.class, () -> BenchCommand.environment(
                new BenchCommand().parser().parse(new String[] {"--paired", "--engines", "samediff"}, 0)));
        assertTrue(BenchCommand.environment(new BenchCommand().parser().parse(new String[] {"--engines", "samediff", "--sizes", "8X3"}, 0))
                .contains("SIZES=8x3 ENGINES=samediff JAVA_REPS=40"));
    }

    @Test
    void commandGroupsDispatchToTheirSubCommands() {
        Opt<Integer> n = Opt.integer("n", "N", 1, 3, "how many").withDefault(1);
        Command echo = new Command("demo echo", "prints n", "") {
            @Override
            List<Opt<?>> options() {
                return List.of(n);
            }

            @Override
            int run(org.cbrnn.options.OptValues o, Context ctx) {
                ctx.out().print("n=" + o.get(n));
                return 0;
            }
        };
        List<Command> commands = List.of(new Command.Group("demo", "a group", "", List.of(echo)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(commands, new String[] {"demo", "echo", "--n", "3"}, ps, Context.Confirm.none()));
        assertEquals("n=3", bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
        assertEquals(0, Main.run(commands, new String[] {"demo", "--help"}, ps, Context.Confirm.none()));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("demo echo"), bytes.toString());
        bytes.reset();
        assertEquals(0, Main.run(commands, new String[] {"demo", "echo", "--help"}, ps, Context.Confirm.none()));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("cbrnn demo echo - prints n"), bytes.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Main.run(commands, new String[] {"demo"}, ps, Context.Confirm.none()));
        assertEquals("demo needs a sub-command: echo", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Main.run(commands, new String[] {"demo", "shout"}, ps, Context.Confirm.none()));
        assertTrue(e.getMessage().startsWith("unknown sub-command 'demo shout'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Main.run(commands, new String[] {"demo", "echo", "--n", "4"}, ps, Context.Confirm.none()));
        assertEquals("--n must be an integer in [1, 3], got 4", e.getMessage());
    }

    @Test
    void helpForEveryCommand() throws Exception {
        assertTrue(run("help").contains("reproduce"));
        assertEquals(run("help"), run());
        for (Command c : allCommands()) assertTrue(run(concat(c.name().split(" "), "--help")).startsWith("cbrnn " + c.name() + " - "));
        assertTrue(run("sweep", "--help").contains("--epochs E"));
        assertTrue(run("models").contains("41922"));
        assertTrue(run("tasks").contains("dms"));
    }

    @Test
    void sweepThenSummarizeEndToEnd() throws Exception {
        Path grid = Files.writeString(dir.resolve("grid.properties"), "tasks = parity\nconditions = cbrnn, rnn202\nseeds = 1\nepochs = 1000\n");
        Path store = dir.resolve("store");
        String out = run("sweep", "--grid", grid.toString(), "--epochs", "2", "--steps", "2", "--eval-batches", "1", "--out", store.toString());
        assertTrue(out.contains("plan: 2 runs, 4 epochs in all"), out);
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
    void sweepOverPartOfAStoreLeavesTheStoreTablesAlone() throws Exception {
        Path store = dir.resolve("shared");
        String first = run("sweep", "--tasks", "parity", "--conditions", "cbrnn,rnn202", "--seeds", "1", "--epochs", "1", "--steps", "1",
                "--eval-batches", "1", "--out", store.toString());
        assertTrue(first.contains("Saved: "), first);
        List<String> before = Files.readAllLines(store.resolve("runs.csv"));
        assertEquals(3, before.size(), "a header and both runs");
        // one more seed of one condition into the same store: its tables are printed, the store's are not replaced
        String second = run("sweep", "--tasks", "parity", "--conditions", "cbrnn", "--seeds", "2", "--epochs", "1", "--steps", "1",
                "--eval-batches", "1", "--out", store.toString());
        assertTrue(second.contains("holds 2 other run(s)") && !second.contains("Saved: "), second);
        assertEquals(before, Files.readAllLines(store.resolve("runs.csv")));
        run("summarize", "--store", store.toString());
        assertEquals(4, Files.readAllLines(store.resolve("runs.csv")).size(), "summarize: every run of the store");
    }

    @Test
    void freezeTimingPairsFreezeRunsWithTheJointRunOfTheirSeed() throws Exception {
        Path store = dir.resolve("ft");
        run("sweep", "--tasks", "parity", "--conditions", "cbrnn", "--seeds", "1-3", "--epochs", "3", "--steps", "2", "--eval-batches", "1",
                "--vary", "schedule=joint,freeze-start", "--out", store.toString());
        Path saved = dir.resolve("ft-tables");
        String out = run("freeze-timing", "--stores", store.toString(), "--budget", "3", "--save", saved.toString());
        assertTrue(out.contains("FreezeTiming[3 pairs vs joint at 3 epochs, 1 conditions]"), out);
        assertTrue(out.contains("freeze-start") && out.contains("verdicts"), out);
        List<String> pairs = Files.readAllLines(saved.resolve("pairs.csv"));
        assertEquals(4, pairs.size(), "a header and one pair per seed: " + pairs);
        for (String f : List.of("status.csv", "design.csv", "verdicts.csv", "family-wise.csv", "summary.csv")) assertTrue(Files.size(saved.resolve(f)) > 0, f);
        // a budget longer than the runs leaves nothing to pair: an error that names the option, before any table
        assertMessage("--budget 4", "freeze-timing", "--stores", store.toString(), "--budget", "4");
        assertMessage("--budget", "freeze-timing", "--stores", store.toString(), "--budget", "0");
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
        assertTrue(out.contains("cbrnn reproduce (custom budget: 1 seed(s), 1 epochs"), out);
        assertTrue(Files.readString(rep.resolve("summary.csv")).contains("dms,Interleaved reservoir,1,1,1,"));
    }

    @Test
    void benchWithoutTheLauncherExplainsHowToRunIt() {
        // the launcher sets CBRNN_LAUNCHER and runs bench/run.sh with the printed settings; alone it exits 2
        assertEquals(2, Main.run(new String[] {"bench", "--quick"}, new PrintStream(new ByteArrayOutputStream())));
    }

    /** Every command and every sub-command of a group. */
    static List<Command> allCommands() {
        List<Command> out = new ArrayList<>();
        for (Command c : Main.COMMANDS) {
            out.add(c);
            out.addAll(c.subcommands());
        }
        return out;
    }

    static String[] concat(String[] words, String... more) {
        String[] out = java.util.Arrays.copyOf(words, words.length + more.length);
        System.arraycopy(more, 0, out, words.length, more.length);
        return out;
    }

    static String run(String... argv) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = Main.run(argv, ps);
        assertEquals(0, code, String.join(" ", argv) + " exited " + code + ":\n" + bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static void assertMessage(String part, String... argv) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(argv), String.join(" ", argv));
        assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
    }
}
