package org.cbrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.results.Metric;
import org.cbrnn.results.Results;
import org.cbrnn.testing.Fixtures;
import org.cbrnn.train.FreezePoint;
import org.cbrnn.train.PlasticitySchedule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run store under faults and misuse: one writer per run across processes, damage that stays with the damaged
 * run, failures recorded with their cause and path, and a sweep killed at random moments many times that still ends
 * equal to a straight sweep.
 */
class RunStoreFaultTest {
    @TempDir
    static Path shared;
    static Path straightSweep;

    @TempDir
    Path dir;

    /** Three small runs, one of them a freeze branch of another (so kills also land in branched runs). */
    static List<RunSpec> sweepSpecs() {
        RunSpec a = RunStoreCrashTest.spec();
        return List.of(a, a.withSeed(12), a.withSchedule("small, freeze L3", PlasticitySchedule.freezeCore(FreezePoint.afterLevel(3))));
    }

    @BeforeAll
    static void straight() {
        straightSweep = shared.resolve("straight");
        Sweep.of(sweepSpecs()).parallelRuns(1).run(RunStore.at(straightSweep).withNotices(m -> {}));
    }

    private static Process child(String mode, Path store) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                StoreChild.class.getName(), mode, store.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static List<String> output(Process p) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) lines.add(l);
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return lines;
    }

    private static Map<String, List<String>> recordsOf(Path store) {
        return RunStore.at(store).loadAll().stream().collect(Collectors.toMap(r -> r.spec().id(), r -> Fixtures.recordKey(r.records())));
    }

    @Test
    void twoProcessesStartedTogetherNeverBothWriteARun() throws Exception {
        Path store = dir.resolve("store");
        Process a = child("run", store), b = child("run", store);
        List<String> oa = output(a), ob = output(b);
        int trained = (a.exitValue() == 0 ? 1 : 0) + (b.exitValue() == 0 ? 1 : 0);
        int locked = (a.exitValue() == 3 ? 1 : 0) + (b.exitValue() == 3 ? 1 : 0);
        assertEquals(2, trained + locked, oa + " / " + ob);
        assertTrue(trained >= 1, oa + " / " + ob);
        if (locked == 1) {
            String msg = (a.exitValue() == 3 ? oa : ob).stream().filter(l -> l.startsWith("locked")).findFirst().orElseThrow();
            assertTrue(msg.contains("pid ") && msg.contains("host "), msg);
        }
        // whichever order they ran in, the run equals one computed alone, and no lock is left behind
        RunResult r = RunStore.at(store).load(RunStoreCrashTest.spec()).orElseThrow();
        assertTrue(r.complete());
        assertEquals(Fixtures.recordKey(RunStore.at(straightSweep).load(RunStoreCrashTest.spec()).orElseThrow().records()),
                Fixtures.recordKey(r.records()));
        assertFalse(Files.exists(RunStore.at(store).dirOf(RunStoreCrashTest.spec()).resolve("LOCK")));
        // and only one of them trained it: one session row (the other found it locked, or finished and loaded it)
        List<String> sessions = Files.readAllLines(RunStore.at(store).dirOf(RunStoreCrashTest.spec()).resolve("sessions.csv"));
        assertEquals(2, sessions.size(), sessions.toString());
    }

    @Test
    void aRunKilledAfterItsLastCheckpointButBeforeDoneKeepsItsStopReason() throws IOException {
        RunStore s = RunStore.at(dir.resolve("store")).withNotices(m -> {});
        RunSpec spec = RunStoreCrashTest.spec().withTraining(RunStoreCrashTest.spec().training().withTargetLevel(2));
        RunResult straight;
        try (FastEngine e = FastEngine.create(1)) {
            straight = s.run(spec, e);
        }
        assertEquals(org.cbrnn.train.TrainingResult.StopReason.TARGET_REACHED, straight.stop());
        // the state of a kill between the final checkpoint and DONE: checkpoint (finished) present, no DONE, no model
        Path d = s.dirOf(spec);
        Files.move(d.resolve("final-state.bin"), d.resolve("checkpoint.bin"));
        Files.delete(d.resolve("DONE"));
        Files.delete(d.resolve("model.bin"));
        RunResult resumed;
        try (FastEngine e = FastEngine.create(1)) {
            resumed = s.run(spec, e);
        }
        assertEquals(straight.stop(), resumed.stop());
        assertTrue(Files.readString(d.resolve("DONE")).contains("stop=TARGET_REACHED"));
        assertEquals(Fixtures.recordKey(straight.records()), Fixtures.recordKey(resumed.records()));
    }

    @Test
    void repairNeverReplacesAFinishedTableThatMatchesDone() throws IOException {
        RunStore s = RunStore.at(dir.resolve("store")).withStateEvery(5).withNotices(m -> {});
        RunSpec spec = RunStoreCrashTest.spec();
        try (FastEngine e = FastEngine.create(1)) {
            s.run(spec, e);
        }
        Path d = s.dirOf(spec);
        String table = Files.readString(d.resolve("epochs.csv"));
        Files.write(d.resolve("checkpoint.bin"), new byte[] {1, 2, 3});       // a damaged leftover checkpoint
        List<String> did = s.repair(d.getFileName().toString());
        assertEquals(table, Files.readString(d.resolve("epochs.csv")), did.toString());
        assertTrue(Files.exists(d.resolve("DONE")));
        assertEquals(RunCheck.Health.DONE, s.check(d.getFileName().toString()).health());
    }

    @Test
    void aLiveLockIsRefusedNamingItsHolderAndAStaleOneIsTakenOver() throws Exception {
        Path run = dir.resolve("run");
        try (RunLock held = RunLock.acquire(run, m -> {})) {
            RunLock.RunLockedException e = assertThrows(RunLock.RunLockedException.class, () -> RunLock.acquire(run, m -> {}));
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(e.getMessage().contains("host " + RunLock.thisHost()), e.getMessage());
        }
        assertFalse(Files.exists(run.resolve("LOCK")), "released on close");
        // a process killed with SIGKILL leaves its lock: the next writer on this host sees the PID is gone
        Process victim = child("run", dir.resolve("victim-store"));
        try (BufferedReader r = new BufferedReader(new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", r.readLine());
            Path lock = RunStore.at(dir.resolve("victim-store")).dirOf(RunStoreCrashTest.spec()).resolve("LOCK");
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (RunLock.holder(lock.getParent()).isEmpty() && System.nanoTime() < until) Thread.onSpinWait();
            assertTrue(RunLock.holder(lock.getParent()).isPresent(), "the child took the lock");
        }
        long pid = victim.pid();
        victim.destroyForcibly();
        assertTrue(victim.waitFor(30, TimeUnit.SECONDS));
        List<String> notices = new ArrayList<>();
        RunStore store = RunStore.at(dir.resolve("victim-store")).withNotices(notices::add);
        try (FastEngine e = FastEngine.create(1)) {
            assertTrue(store.run(RunStoreCrashTest.spec(), e).complete());
        }
        assertTrue(notices.stream().anyMatch(n -> n.contains("stale lock") && n.contains("pid " + pid) && n.contains("not running")), notices.toString());
        // a lock of another host is stale only after its heartbeat stops
        Path far = dir.resolve("far");
        Files.createDirectories(far);
        Files.writeString(far.resolve("LOCK"), "host=elsewhere\npid=1\nstarted=\nacquired=2026-01-01T00:00:00Z\ntoken=t\n");
        assertThrows(RunLock.RunLockedException.class, () -> RunLock.acquire(far, m -> {}, Duration.ofSeconds(1), Duration.ofMinutes(5)));
        Files.setLastModifiedTime(far.resolve("LOCK"), java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(600)));
        List<String> n2 = new ArrayList<>();
        RunLock.acquire(far, n2::add, Duration.ofSeconds(1), Duration.ofMinutes(5)).close();
        assertTrue(n2.get(0).contains("host elsewhere") && n2.get(0).contains("no heartbeat"), n2.toString());
    }

    @Test
    void damageStaysWithTheDamagedRun() throws IOException {
        Path store = dir.resolve("store");
        copyStore(straightSweep, store);
        RunStore s = RunStore.at(store);
        List<RunSpec> specs = sweepSpecs();
        Map<String, double[]> healthyAuc = Results.of(s.loadAll()).halfOf(3).values(Metric.AUC);
        // 1. an edited seed: the directory no longer holds the run its name says
        Path sp0 = s.dirOf(specs.get(0)).resolve("spec.properties");
        Files.writeString(sp0, Files.readString(sp0).replace("seed=11", "seed=99"));
        // 2. a finished run's table cut by 5 bytes
        Path csv1 = s.dirOf(specs.get(1)).resolve("epochs.csv");
        String t = Files.readString(csv1);
        Files.writeString(csv1, t.substring(0, t.length() - 5));
        // 3. an empty spec in a fourth directory
        Files.createDirectories(store.resolve("empty-run"));
        Files.writeString(store.resolve("empty-run").resolve("spec.properties"), "");
        List<RunCheck> checks = s.check();
        assertEquals(4, checks.size());
        Map<String, RunCheck> byRun = checks.stream().collect(Collectors.toMap(RunCheck::run, c -> c));
        RunCheck c0 = byRun.get(s.dirOf(specs.get(0)).getFileName().toString());
        assertEquals(RunCheck.Health.DAMAGED, c0.health());
        assertTrue(c0.detail().contains("spec.properties") && c0.detail().contains("edited"), c0.detail());
        RunCheck c1 = byRun.get(s.dirOf(specs.get(1)).getFileName().toString());
        assertEquals(RunCheck.Health.DAMAGED, c1.health());
        assertTrue(c1.detail().contains("epochs.csv") && c1.detail().contains("checksum"), c1.detail());
        assertEquals(RunCheck.Health.DAMAGED, byRun.get("empty-run").health());
        assertTrue(byRun.get("empty-run").detail().contains("is empty"), byRun.get("empty-run").detail());
        // loadAll does not throw; the healthy run keeps its metric exactly, the damaged ones are listed as failed
        List<RunResult> all = s.loadAll();
        assertEquals(3, all.size());
        assertEquals(2, all.stream().filter(RunResult::failed).count());
        String healthy = specs.get(2).id();
        RunResult h = all.stream().filter(r -> r.spec().id().equals(healthy)).findFirst().orElseThrow();
        assertFalse(h.failed());
        Map<String, double[]> after = Results.of(all).halfOf(3).values(Metric.AUC);
        org.junit.jupiter.api.Assertions.assertArrayEquals(healthyAuc.get(h.spec().condition()), after.get(h.spec().condition()));
        // repair: the truncated table has no checkpoint to rebuild from (finished runs keep theirs) -> said so
        List<String> did = s.repair(s.dirOf(specs.get(1)).getFileName().toString());
        assertTrue(did.stream().anyMatch(x -> x.contains("rewrote")), did.toString());
        assertEquals(RunCheck.Health.DONE, s.check(s.dirOf(specs.get(1)).getFileName().toString()).health());
        // discard: moved aside, no longer listed, recoverable
        Path moved = s.discard("empty-run");
        assertTrue(Files.exists(moved.resolve("spec.properties")));
        assertEquals(3, s.check().size());
        RunStore.CorruptRunException edited = assertThrows(RunStore.CorruptRunException.class,
                () -> s.repair(s.dirOf(specs.get(0)).getFileName().toString()));
        assertTrue(edited.getMessage().toLowerCase(java.util.Locale.ROOT).contains("restore"), edited.getMessage());
    }

    @Test
    void aWriteFailureNamesThePathAndTheCauseAndIsRecordedInFailed() throws IOException {
        RunStore s = RunStore.at(dir.resolve("store")).withNotices(m -> {});
        RunSpec spec = RunStoreCrashTest.spec();
        // a directory where the table must go: every write of epochs.csv fails (works as root too, unlike chmod)
        Path blocker = s.dirOf(spec).resolve("epochs.csv").resolve("blocker");
        Files.createDirectories(blocker);
        RunStore.RunFailedException e;
        try (FastEngine eng = FastEngine.create(1)) {
            e = assertThrows(RunStore.RunFailedException.class, () -> s.run(spec, eng));
        }
        assertTrue(e.getMessage().contains(s.dirOf(spec).resolve("epochs.csv").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("caused by") || e.getMessage().contains("Exception"), e.getMessage());
        String failed = Files.readString(s.dirOf(spec).resolve("FAILED"));
        assertTrue(failed.contains("epochs.csv"), failed);
        assertFalse(Files.exists(s.dirOf(spec).resolve("LOCK")), "lock released after the failure");
    }

    @Test
    void aSweepKilledAtRandomMomentsManyTimesEndsEqualToAStraightSweep() throws Exception {
        Path store = dir.resolve("store");
        Random rnd = new Random(20261201);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int kills = 0;
        while (kills < 8 && System.nanoTime() < deadline) {
            Process p = child("sweep", store);
            boolean ended = p.waitFor(150 + rnd.nextInt(1500), TimeUnit.MILLISECONDS);
            if (ended) break; // the sweep finished before this kill
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            kills++;
        }
        Process last = child("sweep", store);
        List<String> out = output(last);
        assertEquals(0, last.exitValue(), out.toString());
        assertTrue(kills >= 3, "only " + kills + " kills landed before the sweep finished");
        assertEquals(recordsOf(straightSweep), recordsOf(store));
        for (RunSpec s : sweepSpecs()) {
            assertArrayEquals(RunStore.at(straightSweep).dirOf(s).resolve("model.bin"), RunStore.at(store).dirOf(s).resolve("model.bin"));
        }
    }

    private static void assertArrayEquals(Path a, Path b) throws IOException {
        org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), b.toString());
    }

    private static void copyStore(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(q);
                else Files.copy(p, q);
            }
        }
    }
}
