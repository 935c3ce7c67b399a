package org.cbrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.train.FreezePoint;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.train.TrainingConfig;
import org.junit.jupiter.api.Test;

class RunIdentityTest {
    /** The committed stores, relative to the lib module (surefire's working directory). */
    static final List<Path> STORES = List.of(Path.of("../data/reproduction"), Path.of("../data/runs"));

    static final PlasticitySchedule FREEZE_L4 = PlasticitySchedule.freezeCore(FreezePoint.afterLevel(4));

    /** {@code cbrnn train --condition cbrnn --schedule freeze-L4} (the label it gives, with the defaults it uses). */
    static RunSpec fromTrain() {
        Condition cond = Condition.byName("cbrnn", "parity");
        PlasticitySchedule s = PlasticitySchedule.parse("freeze-L4");
        return RunSpec.of(new Condition(cond.label() + " [" + s.label() + "]", cond.model(), s), "parity", TrainingConfig.paper(), 1);
    }

    /** A grid file with {@code vary.schedule = freeze-L4}. */
    static RunSpec fromGridFile() {
        List<RunSpec> specs = SweepGrid.parse("tasks = parity\nconditions = cbrnn\nseeds = 1\nepochs = 1000\nvary.schedule = freeze-L4\n").specs();
        assertEquals(1, specs.size());
        return specs.get(0);
    }

    /** Notebook 4's way: its own label for the schedule. */
    static RunSpec fromNotebook() {
        return RunSpec.of(new Condition("after N=4", ModelConfig.cbRnn(), FREEZE_L4), "parity", TrainingConfig.paper(), 1);
    }

    @Test
    void theLabelDoesNotChangeTheId() {
        RunSpec a = fromTrain(), b = fromGridFile(), c = fromNotebook();
        assertEquals(3, Stream.of(a.condition(), b.condition(), c.condition()).distinct().count(), "three different labels");
        assertEquals(a.key(), b.key());
        assertEquals(a.key(), c.key());
        assertEquals(a.id(), b.id());
        assertEquals(a.id(), c.id());
        assertTrue(a.id().startsWith("parity__cbrnn-h64-g256__freeze-L4__s1__"), a.id());
        assertTrue(a.id().matches(".*__[0-9a-f]{12}"), a.id());
        assertFalse(a.key().contains("after N=4") || a.key().contains("CB-RNN"), "the key is label-free");
        // the legacy ids did differ: the problem the new id solves
        assertNotEquals(a.legacyId(), c.legacyId());
    }

    @Test
    void theKeyIsSortedOneFieldPerLineAndCoversTheTraining() {
        RunSpec a = fromNotebook();
        List<String> lines = a.key().lines().toList();
        List<String> sorted = new ArrayList<>(lines);
        java.util.Collections.sort(sorted);
        assertEquals(sorted, lines);
        assertTrue(lines.contains("schedule.freeze=L4"), a.key());
        assertTrue(lines.contains("training.maxEpochs=1000"), a.key());
        assertTrue(lines.contains("model.granuleSize=256"), a.key());
        assertTrue(lines.contains("curriculum.startLevel=2"), a.key());
        assertTrue(lines.contains("seed=1") && lines.contains("task=parity"), a.key());
        for (String k : ModelConfig.FIELDS.requiredKeys()) assertTrue(a.key().contains("\nmodel." + k + "="), k);
        // the optional head count is in the key (and the id) as soon as it is not the single head of every stored run
        assertFalse(a.key().contains("model.numHeads"), a.key());
        RunSpec twoHeads = a.toBuilder().model(a.model().withNumHeads(2)).build();
        assertTrue(twoHeads.key().lines().anyMatch("model.numHeads=2"::equals), twoHeads.key());
        assertNotEquals(a.id(), twoHeads.id());
        assertTrue(twoHeads.id().startsWith("parity__cbrnn-h64-g256-k2__"), twoHeads.id());
        assertEquals(twoHeads, RunSpec.fromProperties(twoHeads.toProperties()));
        for (String k : TrainingConfig.FIELDS.keys()) assertTrue(a.key().contains("\ntraining." + k + "="), k);
        // anything that changes the training changes the id
        assertNotEquals(a.id(), a.toBuilder().training(a.training().withCoreLr(0.02)).build().id());
        assertNotEquals(a.id(), a.toBuilder().model(a.model().withTau(2)).build().id());
        assertNotEquals(a.id(), a.toBuilder().schedule(PlasticitySchedule.freezeCore(FreezePoint.afterLevel(5))).build().id());
        assertNotEquals(a.id(), a.toBuilder().task("dms").build().id());
        assertEquals(a.id(), a.toBuilder().condition("anything").build().id());
    }

    @Test
    void idsOfNeighbouringSeedsAreUnrelatedHashes() {
        RunSpec base = fromNotebook();
        List<String> hashes = new ArrayList<>();
        for (long s = 1; s <= 3; s++) {
            String id = base.withSeed(s).id();
            hashes.add(id.substring(id.lastIndexOf("__") + 2));
        }
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                String x = hashes.get(i), y = hashes.get(j);
                int differing = 0;
                for (int k = 0; k < x.length(); k++) if (x.charAt(k) != y.charAt(k)) differing++;
                assertNotEquals(x.substring(0, 11), y.substring(0, 11), "more than the last digit differs: " + hashes);
                assertTrue(differing >= 6, "hashes of seeds differ in " + differing + " of 12 digits: " + hashes);
            }
        }
    }

    @Test
    void committedRunsAreNamedByTheirIdsAndTheirSpecsRoundTrip() throws IOException {
        int checked = 0;
        for (Path store : STORES) {
            try (Stream<Path> dirs = Files.list(store)) {
                for (Path d : dirs.sorted().toList()) {
                    Path sp = d.resolve("spec.properties");
                    if (!Files.exists(sp)) continue;
                    var props = RunDir.fromText(Files.readString(sp));
                    RunSpec spec = RunSpec.fromProperties(props);
                    // the committed stores were upgraded (StoreUpgrade) from legacy names to the label-free ids
                    assertEquals(d.getFileName().toString(), spec.id(), sp.toString());
                    // the stored text is reproduced exactly, keys and values, so stored specs compare equal
                    assertEquals(props, spec.toProperties(), sp.toString());
                    assertEquals(List.copyOf(props.keySet()), List.copyOf(spec.toProperties().keySet()), sp.toString());
                    checked++;
                }
            }
        }
        assertTrue(checked >= 16, "committed runs checked: " + checked);
    }

    @Test
    void committedStoresLoadWithTheirEpochTables() {
        for (Path store : STORES) {
            List<RunResult> runs = RunStore.at(store).loadAll();
            assertFalse(runs.isEmpty(), store.toString());
            for (RunResult r : runs) {
                assertFalse(r.failed(), r.spec().legacyId() + ": " + r.error());
                assertFalse(r.records().isEmpty());
                assertEquals(r.records(), RunStore.at(store).load(r.spec()).orElseThrow().records());
            }
        }
    }
}
