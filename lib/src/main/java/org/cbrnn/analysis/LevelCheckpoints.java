package org.cbrnn.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.model.Model;
import org.cbrnn.util.Check;

/**
 * The per-level models of runs (docs/protocol.md §5.3): {@code levels/NXX.bin} in a run's directory holds the model at
 * the end of the epoch that solved level XX. The analyses take networks as maps level → model, so they work the same
 * on a run store and on models in memory.
 */
public final class LevelCheckpoints {
    private static final Pattern FILE = Pattern.compile("N(\\d+)\\.bin");

    private LevelCheckpoints() {}

    /** The levels solved by {@code spec}'s run, with their models, in increasing order (empty if none were saved). */
    public static SortedMap<Integer, Model> of(RunStore store, RunSpec spec) {
        Check.notNull("store", store);
        Check.notNull("spec", spec);
        SortedMap<Integer, Model> out = new TreeMap<>();
        for (int level : levels(store.dirOf(spec))) {
            out.put(level, store.modelAtLevel(spec, level).orElseThrow(() -> new IllegalStateException("level " + level + " vanished while reading")));
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /** {@link #of} for each run, in the order given. */
    public static List<SortedMap<Integer, Model>> ofRuns(RunStore store, List<RunSpec> specs) {
        Check.notNull("store", store);
        Check.notNull("specs", specs);
        List<SortedMap<Integer, Model>> out = new ArrayList<>();
        for (RunSpec s : specs) out.add(of(store, Check.notNull("specs element", s)));
        return out;
    }

    /** The level numbers of the {@code levels/NXX.bin} files under a run directory, sorted. */
    public static List<Integer> levels(Path runDir) {
        Check.notNull("runDir", runDir);
        Path dir = runDir.resolve("levels");
        if (!Files.isDirectory(dir)) return List.of();
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (m.matches()) out.add(Integer.parseInt(m.group(1)));
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        Collections.sort(out);
        return out;
    }
}
