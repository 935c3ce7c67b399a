package org.cbrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./cbrnn} launcher's signal path, run from JUnit: a short {@code train} in its own session (as a terminal's
 * foreground job), then Ctrl-C as a terminal sends it (SIGINT to the whole process group) or SIGKILL to the launcher.
 * The launcher runs the test class path ({@code CBRNN_CLASSPATH}) so no build is involved.
 */
class LauncherTest {
    static final Path LAUNCHER = Path.of("..", "cbrnn").toAbsolutePath().normalize();
    static final String HINT = "run the same command again to resume";

    @TempDir
    Path dir;

    @BeforeAll
    static void needsLinuxTools() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(LAUNCHER), "launcher not found at " + LAUNCHER);
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs /proc (Linux)");
        Assumptions.assumeTrue(Stream.of("/usr/bin/setsid", "/bin/setsid").anyMatch(p -> Files.isExecutable(Path.of(p))), "needs setsid");
        // a JVM started with SIGINT ignored passes that on, and the JVM then (rightly) keeps ignoring it
        String status = Files.readString(Path.of("/proc/self/status"));
        String ign = status.lines().filter(l -> l.startsWith("SigIgn:")).findFirst().orElse("SigIgn: 0").substring(7).strip();
        Assumptions.assumeTrue((Long.parseUnsignedLong(ign, 16) & (1L << 1)) == 0, "SIGINT is ignored by this test process");
    }

    @Test
    void ctrlCToTheProcessGroupPrintsTheResumeHint() throws Exception {
        Launched l = launch();
        awaitFirstEpoch(l);
        assertTrue(isJava(l.process.pid()), "the launcher must have exec'd java (no separate launcher process)");
        signalGroup("INT", l.process.pid());
        assertTrue(l.process.waitFor(60, TimeUnit.SECONDS), "java did not stop after SIGINT");
        assertTrue(awaitSessionEmpty(l.process.pid()), "processes left in the launcher's session: " + describe(inSession(l.process.pid())));
        String err = l.stderr();
        assertEquals(130, l.process.exitValue(), err);
        assertTrue(err.contains(HINT), "no resume hint on stderr: " + err);
        assertFalse(err.contains("WARNING: Using incubator modules"), err);
    }

    @Test
    void sigkillToTheLauncherLeavesNoJavaWriting() throws Exception {
        Launched l = launch();
        awaitFirstEpoch(l);
        long pid = l.process.pid();
        assertTrue(isJava(pid), "the launcher's process must be the JVM itself");
        signalGroup("KILL", -pid); // the launcher's pid only, as `kill -9 <pid>` would
        assertTrue(l.process.waitFor(30, TimeUnit.SECONDS));
        assertTrue(awaitSessionEmpty(pid), "a process of the killed launcher is still running: " + describe(inSession(pid)));
    }

    @Test
    void badBenchOptionsFailBeforeRunShStarts() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", LAUNCHER.toString(), "bench", "--sizes", "64x1").redirectErrorStream(true);
        pb.environment().put("CBRNN_CLASSPATH", classPath());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("--sizes must be " + BenchOptions.SIZES.range()), out);
        assertFalse(out.contains("[bench]"), "bench/run.sh ran: " + out);
    }

    // ------------------------------------------------------------------ helpers

    record Launched(Process process, Path out, Path stdout, ByteArrayOutputStream err, Thread reader) {
        String stderr() throws InterruptedException {
            reader.join(30_000);
            synchronized (err) {
                return err.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private Launched launch() throws IOException {
        Path out = dir.resolve("store"), stdout = dir.resolve("stdout.txt");
        // setsid: its own session and process group, as a terminal's foreground job has
        ProcessBuilder pb = new ProcessBuilder("setsid", "bash", LAUNCHER.toString(), "train", "--epochs", "100000", "--steps", "2", "--batch-size", "8",
                "--eval-batches", "1", "--threads", "1", "--out", out.toString()).redirectOutput(stdout.toFile());
        pb.environment().put("CBRNN_CLASSPATH", classPath());
        Process p = pb.start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(p.getErrorStream(), err));
        reader.start();
        return new Launched(p, out, stdout, err, reader);
    }

    private static void copy(InputStream in, ByteArrayOutputStream to) {
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (to) {
                    to.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitFirstEpoch(Launched l) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertTrue(l.process.isAlive(), "launcher ended early: " + l.stderr());
            if (Files.isDirectory(l.out)) {
                try (Stream<Path> s = Files.walk(l.out)) {
                    if (s.anyMatch(p -> p.getFileName().toString().equals("epochs.csv"))) return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no epoch finished within 90 s");
    }

    /** {@code kill -SIG -- -pid}: a negative target is the process group {@code pid} leads. */
    private static void signalGroup(String signal, long target) throws Exception {
        String to = target > 0 ? "-" + target : Long.toString(-target);
        Process k = new ProcessBuilder("kill", "-" + signal, "--", to).inheritIO().start();
        assertTrue(k.waitFor(10, TimeUnit.SECONDS) && k.exitValue() == 0, "kill -" + signal + " " + to + " failed");
    }

    private static boolean isJava(long pid) throws IOException {
        byte[] cmd = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
        String first = new String(cmd, StandardCharsets.UTF_8).split("\0")[0];
        return first.endsWith("java");
    }

    /** Waits until no process of session {@code sid} is left (the stderr filter ends when the JVM's stderr closes). */
    private static boolean awaitSessionEmpty(long sid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (inSession(sid).isEmpty()) return true;
            Thread.sleep(100);
        }
        return false;
    }

    private static List<Long> inSession(long sid) throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                // fields after "(comm)": state ppid pgrp session ...
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (!f[0].equals("Z") && Long.parseLong(f[3]) == sid) out.add(Long.parseLong(p.getFileName().toString()));
            }
        }
        return out;
    }

    private static String describe(List<Long> pids) {
        StringBuilder sb = new StringBuilder();
        for (long p : pids) {
            try {
                sb.append(p).append(": ").append(Files.readString(Path.of("/proc/" + p + "/cmdline")).replace('\0', ' ')).append("; ");
            } catch (IOException gone) {
                sb.append(p).append(" (ended); ");
            }
        }
        return sb.toString();
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
