package org.cbrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {
    @Test
    void parsesOptionsAndSeedRanges() {
        Args a = new Args(new String[]{"compare", "--epochs", "12", "--seeds=1-3,7", "--tasks", "parity,dms"}, 1, Set.of("epochs", "seeds", "tasks"));
        assertEquals(12, a.integer("epochs", 1, 1, 100));
        assertEquals(List.of(1L, 2L, 3L, 7L), a.seeds("seeds", "1"));
        assertEquals(List.of("parity", "dms"), a.list("tasks", ""));
    }

    @Test
    void badInputNamesTheOptionAndTheRange() {
        Args a = new Args(new String[]{"x", "--epochs", "0"}, 1, Set.of("epochs"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.integer("epochs", 1, 1, 100_000));
        assertTrue(e.getMessage().contains("--epochs must be in [1, 100000], got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Args(new String[]{"x", "--epoch", "3"}, 1, Set.of("epochs")));
        assertTrue(e.getMessage().contains("unknown option --epoch"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Main.run(new String[]{"compare", "--tasks", "xor"}));
        assertTrue(e.getMessage().contains("task must be one of [parity, dms]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Main.run(new String[]{"compare", "--conditions", "lstm"}));
        assertTrue(e.getMessage().contains("condition must be one of"), e.getMessage());
    }
}
