package org.cbrnn.ccrnn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.cbrnn.engine.fast.Kernels;
import org.cbrnn.task.Task;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.util.AtomicFiles;
import org.cbrnn.util.Check;

/**
 * The store of the curriculum study (docs/ccrnn.md §8): one CSV per finished run, {@code <root>/<run id>.csv}, whose
 * first line is {@code # } and the run's spec on one line, then {@link CcLevelEpoch#HEADER} and one row per epoch.
 * A file is written atomically when its run finishes, so the store holds only complete runs; a run that was
 * interrupted starts again from epoch 1 (runs are about a CPU-minute each), and a finished run is never retrained.
 * The spec's task is the CB-RNN task's registry name ({@code parity}, {@code dms}); the curriculum starts at
 * {@link #START_LEVEL} and advances at {@link #THRESHOLD}.
 */
public final class CcCurriculumStore {
    /** The paper's curriculum: start at N = 2 ... */
    public static final int START_LEVEL = 2;
    /** ... and advance after an epoch with evaluation accuracy >= 98 %. */
    public static final double THRESHOLD = 0.98;
    private final Path root;

    private CcCurriculumStore(Path root) {
        this.root = Check.notNull("root", root);
    }

    public static CcCurriculumStore at(Path root) {
        return new CcCurriculumStore(root);
    }

    /** The specs of {@code conditions} x {@code seeds} on CB-RNN task {@code task} from {@code base} (tau from base; bptt: full). */
    public static List<CcRunSpec> specs(String task, List<String> conditions, List<Long> seeds, CcConfig base) {
        Task t = TaskRegistry.standard().get(task);
        List<CcRunSpec> out = new ArrayList<>();
        for (String c : conditions) {
            CcCondition cond = CcRegistry.standard().condition(c);
            CcConfig cfg = cond.config(base, 1);
            if (cfg.lesion() != CcConfig.Lesion.NONE) throw new IllegalArgumentException("conditions must be crnn, ccrnn or bptt in a curriculum run, got " + c);
            for (long s : seeds) out.add(new CcRunSpec(cond.name(), t.name(), cfg, s));
        }
        return out;
    }

    public Path fileOf(CcRunSpec spec) {
        return root.resolve(spec.id() + ".csv");
    }

    private static String header(CcRunSpec spec) {
        return "# " + spec.describe().strip().replace('\n', ';');
    }

    /** A finished run's epochs, if the store has it; a file holding a different spec is an error. */
    public Optional<List<CcLevelEpoch>> load(CcRunSpec spec) {
        Path f = fileOf(spec);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            if (lines.size() < 2 || !lines.get(0).equals(header(spec))) {
                throw new IllegalArgumentException("store file " + f + " holds a different run:\n" + (lines.isEmpty() ? "" : lines.get(0))
                        + "\nrequested:\n" + header(spec) + "\nuse another store directory (--out)");
            }
            List<CcLevelEpoch> e = new ArrayList<>();
            for (String l : lines.subList(2, lines.size())) if (!l.isBlank()) e.add(CcLevelEpoch.parse(l));
            return Optional.of(e);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + f + ": " + ex.getMessage(), ex);
        }
    }

    /** Trains {@code spec} in float precision unless the store has it, reporting each epoch; returns its epochs. */
    public List<CcLevelEpoch> run(CcRunSpec spec, Consumer<CcLevelEpoch> onEpoch) {
        Optional<List<CcLevelEpoch>> have = load(spec);
        if (have.isPresent()) return have.get();
        CcCurriculum<float[]> c = CcCurriculum.create(Kernels.bestFloat(), TaskRegistry.standard().get(spec.task()), spec.config(), START_LEVEL,
                THRESHOLD, spec.seed());
        while (!c.done()) {
            CcLevelEpoch e = c.trainEpoch();
            if (onEpoch != null) onEpoch.accept(e);
        }
        StringBuilder sb = new StringBuilder(header(spec)).append('\n').append(CcLevelEpoch.HEADER).append('\n');
        for (CcLevelEpoch e : c.history()) sb.append(e.csv()).append('\n');
        try {
            Files.createDirectories(root);
            AtomicFiles.writeString(fileOf(spec), sb.toString());
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + fileOf(spec) + ": " + ex.getMessage(), ex);
        }
        return c.history();
    }

    /** The highest level solved in a run's epochs ({@link #START_LEVEL} - 1 if none). */
    public static int maxSolved(List<CcLevelEpoch> epochs) {
        int m = START_LEVEL - 1;
        for (CcLevelEpoch e : epochs) if (e.solved()) m = Math.max(m, e.level());
        return m;
    }
}
