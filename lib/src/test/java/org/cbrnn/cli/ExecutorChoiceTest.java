package org.cbrnn.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --executor}/{@code --master} on the library's own class path, where the Spark module is absent. */
class ExecutorChoiceTest {
    @TempDir
    Path dir;

    private String[] sweep(String... extra) {
        String[] base = {"sweep", "--seeds", "1", "--epochs", "1", "--steps", "1", "--eval-batches", "1", "--out", dir.resolve("s").toString(), "--yes"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void sparkWithoutItsModuleIsAClearErrorBeforeAnyRun() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Main.run(sweep("--executor", "spark"), out));
        assertTrue(e.getMessage().contains("--executor spark") && e.getMessage().contains("cbrnn-spark module is not on the class path"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("s").resolve("parity")) && !hasRunDirs(dir.resolve("s")), "no run started");
        e = assertThrows(IllegalArgumentException.class, () -> Main.run(new String[] {"reproduce", "--executor", "spark", "--seeds", "1", "--epochs", "1",
                "--out", dir.resolve("r").toString(), "--yes"}, out));
        assertTrue(e.getMessage().contains("cbrnn-spark module"), e.getMessage());
    }

    @Test
    void masterIsCheckedAndNeedsSpark() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Main.run(sweep("--master", "local[2]"), out));
        assertTrue(e.getMessage().contains("--master needs --executor spark"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Main.run(sweep("--executor", "spark", "--master", "yarn-ish://x"), out));
        assertTrue(e.getMessage().contains("--master") && e.getMessage().contains("spark://host:port"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Main.run(sweep("--executor", "hadoop"), out));
        assertTrue(e.getMessage().contains("--executor") && e.getMessage().contains("local") && e.getMessage().contains("spark"), e.getMessage());
    }

    private static boolean hasRunDirs(Path store) {
        try (var s = Files.list(store)) {
            return s.anyMatch(Files::isDirectory);
        } catch (java.io.IOException missing) {
            return false;
        }
    }
}
