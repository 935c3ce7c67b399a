package org.cbrnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StepBenchmarkTest {

    private static void rejects(String[] args, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchArgs.parse(args), String.join(" ", args));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    @Test
    void rejectsBadInputNamingTheParameterAndItsRange() {
        rejects(new String[]{"--reps", "0"}, "--reps", "[1, 100000]", "got 0");
        rejects(new String[]{"--reps=abc"}, "--reps", "[1, 100000]", "'abc'");
        rejects(new String[]{"--warmup", "-1"}, "--warmup", "[0, 100000]");
        rejects(new String[]{"--warmup-ms", "9999999"}, "--warmup-ms", "[0, 600000]");
        rejects(new String[]{"--gemm-size", "4"}, "--gemm-size", "[8, 4096]");
        rejects(new String[]{"--sizes", "0x30"}, "batch B", "[1, 65536]", "got 0");
        rejects(new String[]{"--sizes", "64x1"}, "steps T", "[2, 100000]", "got 1");
        rejects(new String[]{"--sizes", "64"}, "--sizes", "BxT");
        rejects(new String[]{"--models", "lstm"}, "--models", "lstm", "cbrnn", "rnn202");
        rejects(new String[]{"--engines", "fast0"}, "--engines", "[1, 256]");
        rejects(new String[]{"--engines", "turbo2"}, "--engines", "turbo2", "fast<N>");
        rejects(new String[]{"--engines", "class:no.such.Engine"}, "--engines", "no.such.Engine");
        rejects(new String[]{"--reps"}, "--reps needs a value", "[1, 100000]");
        rejects(new String[]{"--bogus"}, "unknown option '--bogus'", "--reps");
        rejects(new String[]{"--json=maybe"}, "--json", "true/false");
        rejects(new String[]{"--no-steps"}, "--no-steps", "--gemm");
    }

    @Test
    void everyDeclaredNumberAndListRefusesValuesOutsideItsDeclaredRange() {
        int checked = 0;
        for (org.cbrnn.options.Opt<?> o : BenchArgs.OPTIONS) {
            List<String> bad = new java.util.ArrayList<>();
            switch (o.kind()) {
                case INT, LONG -> {
                    if (o.min() > Long.MIN_VALUE) bad.add(Long.toString(o.min() - 1));
                    if (o.max() < Long.MAX_VALUE) bad.add(Long.toString(o.max() + 1));
                    bad.addAll(List.of("\uFF15", "x", "1.5"));
                }
                case CHOICE_LIST -> bad.addAll(List.of("no-such", ","));
                case CUSTOM -> bad.addAll(List.of(",", "\uFF16\uFF14x60"));
                default -> { }
            }
            for (String v : bad) {
                rejects(new String[] {"--" + o.name(), v}, "--" + o.name() + " must be " + o.range());
                checked++;
            }
        }
        assertTrue(checked >= 25, "checked " + checked);
        // the defaults, as declared
        BenchArgs d = BenchArgs.defaults();
        assertEquals(List.of("fast1", "fast2"), d.engines());
        assertEquals(List.of(new BenchArgs.Size(64, 30), new BenchArgs.Size(64, 60), new BenchArgs.Size(256, 60)), d.sizes());
        assertEquals(List.of(20, 1000, 30, 256), List.of(d.warmup(), d.warmupMs(), d.reps(), d.gemmSize()));
    }

    @Test
    void parsesGoodInput() {
        BenchArgs a = BenchArgs.parse("--engines", "fast1, fast2,fast1", "--models=rnn202", "--sizes", "8x5,16X3", "--reps", "3", "--json");
        assertEquals(List.of("fast1", "fast2"), a.engines());
        assertEquals(List.of("rnn202"), a.models());
        assertEquals(List.of(new BenchArgs.Size(8, 5), new BenchArgs.Size(16, 3)), a.sizes());
        assertEquals(3, a.reps());
        assertTrue(a.json());
        assertEquals(BenchArgs.defaults(), BenchArgs.parse());
    }

    @Test
    void aOneRepRunProducesAParsableResultLine() {
        BenchArgs a = BenchArgs.parse("--engines", "fast1", "--models", "cbrnn,rnn202", "--sizes", "4x3", "--warmup", "1",
                "--warmup-ms", "0", "--reps", "1", "--json");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<StepBenchmark.Measurement> ms = StepBenchmark.run(a, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(2, ms.size());
        String out = buf.toString(StandardCharsets.UTF_8);
        Pattern step = Pattern.compile("^\\{\"kind\": \"step\", \"engine\": \"fast1\".*\"model\": \"(\\w+)\", \"batch\": 4, \"steps\": 3,"
                + ".*\"median_ms\": ([0-9.eE+-]+), \"min_ms\": ([0-9.eE+-]+),.*\\}$", Pattern.MULTILINE);
        Matcher m = step.matcher(out);
        int found = 0;
        while (m.find()) {
            found++;
            double median = Double.parseDouble(m.group(2)), min = Double.parseDouble(m.group(3));
            assertTrue(median > 0 && min > 0 && min <= median, m.group());
        }
        assertEquals(2, found, out);
        assertTrue(out.startsWith("{\"kind\": \"env\""), out);
        assertTrue(ms.stream().allMatch(x -> Double.isFinite(x.loss())), ms.toString());
        assertEquals(41922, ms.get(0).params());
        assertEquals(41816, ms.get(1).params());
    }

    @Test
    void multiHeadVariantsTimeTheKHeadStep() {
        BenchArgs a = BenchArgs.parse("--engines", "fast1", "--models", "cbrnn-k2,rnn202-k19", "--sizes", "4x3", "--warmup", "1",
                "--warmup-ms", "0", "--reps", "1");
        List<StepBenchmark.Measurement> ms = StepBenchmark.run(a, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(List.of("cbrnn-k2", "rnn202-k19"), ms.stream().map(StepBenchmark.Measurement::model).toList());
        assertEquals(42052, ms.get(0).params());
        assertEquals(41816 + 18 * 406, ms.get(1).params());
        // the loss is the sum of the K heads' cross-entropies, each near ln 2 at initialisation
        assertTrue(ms.get(0).loss() > 1.2 && ms.get(0).loss() < 1.6, ms.toString());
        assertTrue(ms.get(1).loss() > 19 * 0.6 && ms.get(1).loss() < 19 * 0.8, ms.toString());
    }

    @Test
    void textModeAndProfileWork() {
        BenchArgs a = BenchArgs.parse("--engines", "fast2", "--models", "cbrnn", "--sizes", "4x3", "--warmup", "0",
                "--warmup-ms", "0", "--reps", "1", "--profile");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StepBenchmark.run(a, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("fast2    cbrnn   B4    T3    median"), out);
        assertTrue(out.contains("profile cbrnn B4 T3") && out.contains("weight grads") && out.contains("optimiser"), out);
    }
}
