package org.cbrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.train.PlasticitySchedule;
import org.junit.jupiter.api.Test;

class ConditionRegistryTest {

    @Test
    void theErrorTextListsEveryRegisteredName() {
        ConditionRegistry reg = ConditionRegistry.standard();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Condition.byName("lstm", "parity"));
        assertEquals("condition must be one of cbrnn, rnn202, full-reservoir, interleaved, gru, cbgru, aux, readout-cb; got 'lstm'",
                e.getMessage());
        ConditionRegistry more = reg.with(ConditionDef.of("cb-gc128", "CB-RNN GC128", ModelConfig.cbRnn().withGranuleSize(128),
                PlasticitySchedule.joint()));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> more.condition("x", "parity"));
        for (String n : more.names()) assertTrue(e2.getMessage().contains(n), n + " in " + e2.getMessage());
        // the standard registry is unchanged: user conditions never mutate shared state
        assertThrows(IllegalArgumentException.class, () -> reg.get("cb-gc128"));
        assertEquals("CB-RNN GC128", more.condition("CB-GC128", "dms").label());
        assertEquals(128, more.condition("cb-gc128", "dms").model().granuleSize());
    }

    @Test
    void namesAliasesAndThePaperTableComeFromTheRegistry() {
        ConditionRegistry reg = ConditionRegistry.standard();
        assertEquals(List.of("cbrnn", "rnn202", "full-reservoir", "interleaved", "gru", "cbgru", "aux", "readout-cb"), reg.names());
        assertEquals(List.of("cbrnn", "rnn202", "full-reservoir", "interleaved"), reg.paperNames());
        assertEquals(Condition.rnn202(), Condition.byName(" RNN-202 ", "parity"));
        assertEquals(Condition.rnn202(), Condition.byName("rnn", "parity"));
        assertEquals(202, Condition.rnn202().model().hiddenSize());
        assertEquals(List.of("CB-RNN", "RNN-202", "Full reservoir", "Interleaved reservoir"),
                Condition.paperTable("dms").stream().map(Condition::label).toList());
        // every paper condition has a Table-4 row for both tasks: the labels of registry and profiles agree
        for (String task : TaskProfiles.standard().names()) {
            for (Condition c : Condition.paperTable(task)) assertTrue(PaperReference.row(task, c.label()).isPresent(), task + " " + c.label());
        }
        assertThrows(IllegalArgumentException.class, () -> reg.with(ConditionDef.of("mine", "Mine", ModelConfig.cbRnn(),
                PlasticitySchedule.joint(), "cb-rnn")), "an alias already taken");
    }

    @Test
    void theInterleavePeriodIsTheTaskProfiles() {
        assertEquals(PlasticitySchedule.interleaved(5), Condition.interleavedReservoir("parity").schedule());
        assertEquals(PlasticitySchedule.interleaved(10), Condition.interleavedReservoir("dms").schedule());
        assertEquals(19, PaperReference.globalMax("parity"));
        assertEquals(38, PaperReference.globalMax("dms"));
        TaskProfiles mine = TaskProfiles.standard().with(new TaskProfile("copy", 12, 3, List.of()));
        assertEquals(PlasticitySchedule.interleaved(3),
                ConditionRegistry.standard().withProfiles(mine).condition("interleaved", "copy").schedule());
    }

    @Test
    void aTaskWithoutAProfileHasNoPaperReferenceNeverParitysNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaperReference.globalMax("copy"));
        assertTrue(e.getMessage().startsWith("no paper reference for task 'copy'"), e.getMessage());
        assertTrue(e.getMessage().contains("parity, dms"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> Condition.interleavedReservoir("copy"));
        assertTrue(e2.getMessage().startsWith("no paper reference for task 'copy'"), e2.getMessage());
        assertTrue(TaskProfiles.standard().find("copy").isEmpty());
        assertTrue(PaperReference.row("copy", "CB-RNN").isEmpty());
        // conditions whose schedule does not depend on the task still work on it
        assertEquals(PlasticitySchedule.joint(), Condition.byName("cbrnn", "copy").schedule());
        assertEquals(PlasticitySchedule.fullReservoir(), Condition.byName("full-reservoir", "copy").schedule());
    }

    @Test
    void paperTableKeepsItsRowsAndOrder() {
        assertEquals(8, PaperReference.rows().size());
        assertEquals("dms", PaperReference.rows().get(0).task());
        assertEquals(34.75, PaperReference.row("dms", "CB-RNN").orElseThrow().maxN());
        assertEquals(312.1, PaperReference.row("parity", "RNN-202").orElseThrow().tHalf());
        assertEquals(8, PaperReference.table().rowCount());
    }
}
