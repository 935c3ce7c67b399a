package org.cbrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.train.FreezePoint;
import org.cbrnn.train.PlasticitySchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreUpgradeTest {
    @TempDir
    Path tmp;

    /** A small store of three tiny runs under their legacy directory names, as the first store format wrote them. */
    private Path legacyStore(List<RunSpec> specs) throws IOException {
        Path made = tmp.resolve("made");
        try (FastEngine e = FastEngine.create(1)) {
            for (RunSpec s : specs) RunStore.at(made).run(s, e);
        }
        Path legacy = tmp.resolve("legacy");
        Files.createDirectories(legacy);
        for (RunSpec s : specs) copyTree(RunStore.at(made).dirOf(s), legacy.resolve(s.legacyId()));
        return legacy;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }

    private static List<String> names(Path store) throws IOException {
        try (Stream<Path> s = Files.list(store)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static List<RunSpec> specs() {
        RunSpec a = RunSpec.of(org.cbrnn.testing.Fixtures.smallCondition(), "parity", org.cbrnn.testing.Fixtures.tinyTraining().withMaxEpochs(2), 1);
        return List.of(a, a.withSeed(2),
                a.withSchedule("after N=4", PlasticitySchedule.freezeCore(FreezePoint.afterLevel(4))));
    }

    @Test
    void renamesEveryLegacyDirectoryToItsIdAndIsIdempotent() throws IOException {
        List<RunSpec> specs = specs();
        Path store = legacyStore(specs);
        List<RunResult> before = RunStore.at(store).loadAll();
        assertEquals(specs.stream().map(RunSpec::legacyId).sorted().toList(), names(store));

        List<StoreUpgrade.Step> plan = StoreUpgrade.plan(store);
        assertTrue(plan.stream().allMatch(s -> s.action() == StoreUpgrade.Action.RENAME), plan.toString());
        assertEquals(names(store), names(store), "plan only reads");
        StoreUpgrade.apply(store);

        assertEquals(specs.stream().map(RunSpec::id).sorted().toList(), names(store));
        List<RunResult> after = RunStore.at(store).loadAll();
        assertEquals(before.size(), after.size());
        for (RunSpec s : specs) {
            RunResult r = RunStore.at(store).load(s).orElseThrow();
            assertTrue(r.complete());
            assertEquals(before.stream().filter(b -> b.spec().equals(s)).findFirst().orElseThrow().records(), r.records());
        }
        // a finished run is found under any label now, and not retrained
        RunSpec relabelled = specs.get(2).toBuilder().condition("CB-RNN [schedule=freeze-L4]").build();
        try (FastEngine e = FastEngine.create(1)) {
            RunResult r = RunStore.at(store).run(relabelled, e);
            assertTrue(r.resumed());
            assertEquals("CB-RNN [schedule=freeze-L4]", r.spec().condition());
        }

        List<StoreUpgrade.Step> again = StoreUpgrade.apply(store);
        assertTrue(again.stream().allMatch(s -> s.action() == StoreUpgrade.Action.CURRENT), again.toString());
        assertEquals(specs.stream().map(RunSpec::id).sorted().toList(), names(store));
    }

    @Test
    void refusesClashesAndRenamesNothing() throws IOException {
        List<RunSpec> specs = specs();
        Path store = legacyStore(specs);
        // the same training stored twice under two labels (two legacy ids, one new id)
        RunSpec other = specs.get(2).toBuilder().condition("CB-RNN [freeze-L4]").build();
        copyTree(store.resolve(specs.get(2).legacyId()), store.resolve(other.legacyId()));
        Files.writeString(store.resolve(other.legacyId()).resolve("spec.properties"), RunDir.toText(other.toProperties()));
        List<String> before = names(store);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StoreUpgrade.apply(store));
        assertTrue(e.getMessage().contains(specs.get(2).id()), e.getMessage());
        assertEquals(before, names(store), "nothing renamed");

        // a directory in the way of a rename
        Path store2 = tmp.resolve("second");
        Files.createDirectories(store2);
        copyTree(store.resolve(specs.get(0).legacyId()), store2.resolve(specs.get(0).legacyId()));
        Files.createDirectories(store2.resolve(specs.get(0).id()));
        assertThrows(IllegalStateException.class, () -> StoreUpgrade.apply(store2));
        assertTrue(Files.exists(store2.resolve(specs.get(0).legacyId())));
    }

    @Test
    void leavesUnrecognisedDirectoriesAlone() throws IOException {
        List<RunSpec> specs = specs();
        Path store = legacyStore(specs.subList(0, 1));
        Files.move(store.resolve(specs.get(0).legacyId()), store.resolve("my-favourite-run"));
        List<StoreUpgrade.Step> plan = StoreUpgrade.apply(store);
        assertEquals(StoreUpgrade.Action.UNRECOGNISED, plan.get(0).action());
        assertEquals(List.of("my-favourite-run"), names(store));
        assertFalse(Files.exists(store.resolve(specs.get(0).id())));
    }
}
