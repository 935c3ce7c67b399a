package org.cbrnn.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cbrnn.model.Module;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.PlasticitySchedule;
import org.cbrnn.util.Check;

/**
 * Shared prefixes: two runs whose specs differ only in the plasticity schedule (and the epoch budget) train
 * identically for as long as the two schedules let the same modules learn. A freeze-after-level-6 run, for example,
 * is the joint run until the epoch that solves level 6, and a 500-epoch run is the first 500 epochs of the same run
 * with 1000. {@link #find} looks in a store for the longest such prefix that some other run has already computed and
 * saved a state for ({@code states/E*.bin}), so the new run starts there instead of from epoch 1.
 *
 * <p>Agreement is decided on the source's own records, epoch by epoch: for every epoch of the prefix, the target's
 * schedule, given that epoch's level and the levels solved before it, must name the same learning modules and the
 * same phase as the source recorded. Only sources computed entirely by the same engine and kernels as the target
 * are used, so a branched run equals, bit for bit, the same run computed from scratch (tested in
 * {@code BranchingTest}); only the wall-time column of the shared epochs differs.
 */
public final class Branching {
    private Branching() {}

    /** Spec keys that may differ between a run and the source of its prefix. */
    static final Set<String> FREE_KEYS = Set.of("condition", "schedule", "training.maxEpochs");

    /**
     * A state another run saved that a new run can start from.
     *
     * @param source the run that computed the prefix
     * @param epoch  epochs in the shared prefix
     * @param state  the state file
     */
    public record Source(String source, int epoch, Path state) {
        public Source {
            Check.notNull("source", source);
            Check.notNull("state", state);
        }
    }

    /** The part of a spec that must be equal for two runs to share a prefix. */
    static Map<String, String> prefixKey(Map<String, String> props) {
        Map<String, String> m = new TreeMap<>(props);
        m.keySet().removeAll(FREE_KEYS);
        return m;
    }

    /** Epochs of {@code records} over which {@code target} lets the same modules learn as the source did. */
    static int agreement(List<EpochRecord> records, PlasticitySchedule target, int startLevel) {
        int highestSolved = startLevel - 1;
        for (int i = 0; i < records.size(); i++) {
            EpochRecord r = records.get(i);
            Set<Module> learning = target.learning(i, r.level(), highestSolved, startLevel);
            String phase = target.phase(i, r.level(), highestSolved, startLevel).toString();
            if (!learning.equals(r.learning()) || !phase.equals(r.phase().toString()) || r.epoch() != i + 1) return i;
            if (r.solved()) highestSolved = Math.max(highestSolved, r.level());
        }
        return records.size();
    }

    /**
     * The longest saved prefix for {@code target} among the other runs under {@code root}.
     *
     * @param engine the engine name the target will run with (sources must have used only this engine)
     */
    public static Optional<Source> find(Path root, RunSpec target, String engine) {
        Check.notNull("root", root);
        Check.notNull("target", target);
        Check.notNull("engine", engine);
        if (!Files.isDirectory(root)) return Optional.empty();
        Map<String, String> want = prefixKey(target.toProperties());
        String kernels = RunInfo.current(engine).kernels();
        Source best = null;
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            return Optional.empty(); // no sharing; the run computes its prefix itself
        }
        for (Path d : dirs) {
            RunDir rd = RunDir.at(d);
            if (rd.name().equals(target.id()) || rd.name().equals(target.legacyId()) || rd.stateEpochs().isEmpty()) continue;
            try {
                RunSpec src = rd.readRunSpec();
                if (!prefixKey(src.toProperties()).equals(want)) continue;
                if (!sameEngine(rd, engine, kernels)) continue;
                List<EpochRecord> recs = rd.parseTable(rd.tableText().orElse(""));
                int agree = Math.min(agreement(recs, target.schedule(), target.curriculum().startLevel()), target.training().maxEpochs());
                for (int e : rd.stateEpochs()) {
                    if (e <= agree && e > 0 && (best == null || e > best.epoch())) best = new Source(rd.name(), e, rd.state(e));
                }
            } catch (RuntimeException damaged) {
                // a damaged run is no source; `cbrnn store check` reports it
            }
        }
        return Optional.ofNullable(best);
    }

    /** True if every session of the run used {@code engine} with these kernels. */
    private static boolean sameEngine(RunDir rd, String engine, String kernels) {
        try {
            List<String> lines = Files.readAllLines(rd.sessions());
            if (lines.size() < 2) return false;
            List<String> header = List.of(lines.get(0).split(","));
            int ei = header.indexOf("engine"), ki = header.indexOf("kernels");
            if (ei < 0 || ki < 0) return false;
            List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
            for (String row : rows) {
                String[] c = row.split(",", -1);
                if (c.length <= Math.max(ei, ki) || !Objects.equals(c[ei], RunInfo.clean(engine)) || !Objects.equals(c[ki], RunInfo.clean(kernels))) return false;
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
