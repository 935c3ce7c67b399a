package org.cbrnn.experiment;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.cbrnn.engine.Engine;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelIO;
import org.cbrnn.task.Task;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.Trainer;
import org.cbrnn.train.TrainerState;
import org.cbrnn.train.TrainingListener;
import org.cbrnn.train.TrainingResult;
import org.cbrnn.util.AtomicFiles;
import org.cbrnn.util.Rng;

/**
 * A directory of runs, one sub-directory per {@link RunSpec#id()}:
 * <pre>
 *   spec.properties   the full spec: model, task, schedule, curriculum, optimiser, budget, seed (written first)
 *   run.properties    kit version and commit, JVM, OS, cores, host, kernels, engine of the session that created it
 *   sessions.csv      one row per session that worked on the run (created, resumed after a stop or a crash)
 *   epochs.csv        one row per finished epoch, rewritten after every epoch
 *   checkpoint.bin    model + optimiser + generator state + records at the last epoch boundary (CRC-checked)
 *   levels/N05.bin    the model at the end of the epoch in which level 5 was solved (CRC-checked)
 *   model.bin         final weights (when the run ends)
 *   DONE              written last: stop reason, epoch count and the CRC32 of epochs.csv
 *   FAILED            the error of the last attempt, if it failed (removed when the run is retried)
 * </pre>
 * Every file is written to a temporary name and renamed, and the checkpoint is written before the table, so a run
 * killed at any moment (even {@code kill -9}) resumes from its last finished epoch with no epoch lost or repeated.
 * Damage is detected, never used silently: checkpoints and models carry checksums, DONE carries the checksum of the
 * table, and a directory whose spec differs from the one asked for is refused ({@link CorruptRunException}).
 */
public final class RunStore {
    private static final long CKPT_MAGIC = 0x4342524E4E434B50L; // "CBRNNCKP"
    private static final int CKPT_VERSION = 1;
    private final Path root;
    private final TaskRegistry tasks;

    /** A run directory whose files are damaged, edited or belong to another spec. */
    public static final class CorruptRunException extends RuntimeException {
        public CorruptRunException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private RunStore(Path root, TaskRegistry tasks) {
        this.root = root;
        this.tasks = tasks;
    }

    /** A store rooted at {@code dir} (created on first write) using the standard tasks. */
    public static RunStore at(Path dir) {
        return new RunStore(dir, TaskRegistry.standard());
    }

    /** A store whose specs may name tasks of {@code registry}. */
    public static RunStore at(Path dir, TaskRegistry registry) {
        return new RunStore(dir, registry);
    }

    public Path root() {
        return root;
    }

    /** The run's directory: {@link RunSpec#id()}, or its {@link RunSpec#legacyId()} in a store not yet upgraded. */
    public Path dirOf(RunSpec spec) {
        Path d = root.resolve(spec.id());
        if (Files.exists(d)) return d;
        Path legacy = root.resolve(spec.legacyId());
        return Files.exists(legacy) ? legacy : d;
    }

    /**
     * Runs {@code spec} to completion, resuming from its checkpoint if one exists, or returns the stored result if the
     * run is already complete. Interrupting the calling thread stops at the next step; the checkpoint of the last
     * finished epoch is kept and the returned result is partial.
     *
     * @throws CorruptRunException if the run's directory holds another spec or damaged files
     * @throws IllegalArgumentException if the spec names a task this store does not know
     */
    public RunResult run(RunSpec spec, Engine engine, TrainingListener... listeners) {
        Task task = tasks.get(spec.task());
        Path dir = dirOf(spec);
        checkSpec(dir, spec);
        if (Files.exists(dir.resolve("DONE"))) return loadDir(dir, spec).orElseThrow();
        try {
            Files.createDirectories(dir);
            removeStaleTemporaries(dir);
            Files.deleteIfExists(dir.resolve("FAILED"));
            if (!Files.exists(dir.resolve("spec.properties"))) AtomicFiles.writeString(dir.resolve("spec.properties"), toText(spec.toProperties()));
            Model model;
            TrainerState resume = null;
            Path ckpt = dir.resolve("checkpoint.bin");
            if (Files.exists(ckpt)) {
                Checkpoint c = readCheckpointChecked(ckpt);
                model = c.model();
                resume = c.state();
            } else {
                model = Model.create(spec.model(), spec.seed());
            }
            RunInfo info = RunInfo.current(engine.name());
            if (!Files.exists(dir.resolve("run.properties"))) AtomicFiles.writeString(dir.resolve("run.properties"), toText(info.toProperties()));
            appendSession(dir, info, resume == null ? 0 : resume.epochsCompleted());
            if (resume != null) {
                // the table may lag the checkpoint by one epoch (killed between the two writes): restore it first
                AtomicFiles.writeString(dir.resolve("epochs.csv"), EpochTables.toCsv(resume.records()));
            }
            Trainer.Builder b = Trainer.builder(model, task).engine(engine).config(spec.training()).schedule(spec.schedule())
                    .curriculum(spec.curriculum()).seed(spec.seed());
            if (resume != null) b.resume(resume);
            Trainer[] holder = new Trainer[1];
            b.listener(new TrainingListener() {
                @Override
                public void onEpoch(EpochRecord r) {
                    try {
                        // checkpoint first: a crash between the two writes leaves a table one epoch behind, which the
                        // next session rewrites from the checkpoint; never a table ahead of the weights
                        writeCheckpoint(ckpt, holder[0].model(), holder[0].state());
                        AtomicFiles.writeString(dir.resolve("epochs.csv"), EpochTables.toCsv(holder[0].records()));
                        if (r.solved()) ModelIO.save(holder[0].model(), dir.resolve("levels").resolve(String.format("N%02d.bin", r.level())));
                    } catch (IOException e) {
                        throw new UncheckedIOException("could not write checkpoint of " + spec.id(), e);
                    }
                }
            });
            for (TrainingListener l : listeners) b.listener(l);
            Trainer trainer = b.build();
            holder[0] = trainer;
            TrainingResult res = trainer.run();
            if (res.stop() != TrainingResult.StopReason.INTERRUPTED) {
                String csv = EpochTables.toCsv(res.records());
                AtomicFiles.writeString(dir.resolve("epochs.csv"), csv);
                model.save(dir.resolve("model.bin"));
                writeDone(dir, res.stop(), res.records().size(), csv);
            }
            return new RunResult(spec, res.records(), res.stop(), resume != null);
        } catch (IOException e) {
            throw new UncheckedIOException("run " + spec.id() + " in " + dir + " failed", e);
        }
    }

    /** Records why a run failed (exception, message, stack trace) in its directory's {@code FAILED} file. */
    public void recordFailure(RunSpec spec, Throwable error) {
        Path dir = dirOf(spec);
        try {
            Files.createDirectories(dir);
            if (!Files.exists(dir.resolve("spec.properties"))) AtomicFiles.writeString(dir.resolve("spec.properties"), toText(spec.toProperties()));
            java.io.StringWriter sw = new java.io.StringWriter();
            error.printStackTrace(new java.io.PrintWriter(sw));
            AtomicFiles.writeString(dir.resolve("FAILED"), "failed=" + java.time.Instant.now() + "\n" + sw);
        } catch (IOException e) {
            error.addSuppressed(e);
        }
    }

    /**
     * The stored result of {@code spec}: complete if DONE exists, failed if FAILED exists, otherwise the epochs finished
     * so far; empty if the run never finished an epoch.
     *
     * @throws CorruptRunException if the directory holds another spec or a damaged table
     */
    public Optional<RunResult> load(RunSpec spec) {
        Path dir = dirOf(spec);
        checkSpec(dir, spec);
        return loadDir(dir, spec);
    }

    /**
     * Every run in the store, ordered by directory name. A damaged run is returned as a failed result whose error
     * says what is wrong, so summaries report it instead of dropping it.
     */
    public List<RunResult> loadAll() {
        if (!Files.isDirectory(root)) return List.of();
        List<RunResult> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : s.sorted().toList()) {
                Path sp = d.resolve("spec.properties");
                if (!Files.exists(sp)) continue;
                RunSpec spec;
                try {
                    spec = RunSpec.fromProperties(fromText(Files.readString(sp)));
                } catch (RuntimeException e) {
                    throw new CorruptRunException(sp + " cannot be read as a run spec: " + e.getMessage(), e);
                }
                try {
                    loadDir(d, spec).ifPresent(out::add);
                } catch (CorruptRunException e) {
                    out.add(RunResult.failed(spec, List.of(), "corrupt: " + e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The final (or latest checkpointed) model of a run. */
    public Optional<Model> model(RunSpec spec) {
        Path d = dirOf(spec);
        try {
            if (Files.exists(d.resolve("model.bin"))) return Optional.of(Model.load(d.resolve("model.bin")));
            if (Files.exists(d.resolve("checkpoint.bin"))) return Optional.of(readCheckpointChecked(d.resolve("checkpoint.bin")).model());
            return Optional.empty();
        } catch (IOException e) {
            throw new CorruptRunException("model of run " + spec.id() + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The model saved when {@code level} was solved, if the run got that far. */
    public Optional<Model> modelAtLevel(RunSpec spec, int level) {
        Path f = dirOf(spec).resolve("levels").resolve(String.format("N%02d.bin", level));
        if (!Files.exists(f)) return Optional.empty();
        try {
            return Optional.of(Model.load(f));
        } catch (IOException e) {
            throw new CorruptRunException(f + " cannot be read: " + e.getMessage(), e);
        }
    }

    private void checkSpec(Path dir, RunSpec spec) {
        Path sp = dir.resolve("spec.properties");
        if (!Files.exists(sp)) return;
        Map<String, String> stored;
        try {
            stored = fromText(Files.readString(sp));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> wanted = spec.toProperties();
        // the condition label is a display name, not identity: a run stored under another label is the same run
        stored.remove("condition");
        wanted.remove("condition");
        if (!stored.equals(wanted)) {
            String diff = wanted.keySet().stream().filter(k -> !wanted.get(k).equals(stored.get(k))).findFirst()
                    .map(k -> k + ": stored '" + stored.get(k) + "', wanted '" + wanted.get(k) + "'").orElse("extra keys " + stored.keySet());
            throw new CorruptRunException(sp + " does not hold the spec of run " + spec.id() + " (" + diff
                    + "); the file was edited or damaged. Move the directory away to recompute the run.", null);
        }
    }

    private Optional<RunResult> loadDir(Path dir, RunSpec spec) {
        Path csv = dir.resolve("epochs.csv");
        Path done = dir.resolve("DONE");
        try {
            String text = Files.exists(csv) ? Files.readString(csv) : null;
            TrainingResult.StopReason stop = TrainingResult.StopReason.INTERRUPTED;
            if (Files.exists(done)) {
                if (text == null) throw new CorruptRunException(done + " exists but epochs.csv is missing", null);
                stop = verifyDone(done, text);
            }
            List<EpochRecord> recs = text == null ? List.of() : parseTable(csv, text);
            if (Files.exists(dir.resolve("FAILED")) && stop == TrainingResult.StopReason.INTERRUPTED) {
                String first = Files.readString(dir.resolve("FAILED")).lines().skip(1).findFirst().orElse("unknown error");
                return Optional.of(RunResult.failed(spec, recs, first));
            }
            if (text == null) return Optional.empty();
            return Optional.of(new RunResult(spec, recs, stop, true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<EpochRecord> parseTable(Path csv, String text) {
        try {
            return EpochTables.fromCsv(text);
        } catch (IllegalArgumentException e) {
            throw new CorruptRunException(csv + " is damaged: " + e.getMessage(), e);
        }
    }

    private static void writeDone(Path dir, TrainingResult.StopReason stop, int epochs, String csv) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("stop", stop.name());
        m.put("epochs", Integer.toString(epochs));
        m.put("epochs.csv.crc32", Long.toHexString(crc(csv)));
        m.put("finished", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        AtomicFiles.writeString(dir.resolve("DONE"), toText(m));
    }

    /** Checks the table against DONE's epoch count and checksum; DONE files of the first store format hold only the stop reason. */
    private static TrainingResult.StopReason verifyDone(Path done, String csv) throws IOException {
        String text = Files.readString(done);
        try {
            if (!text.contains("=")) return TrainingResult.StopReason.valueOf(text.trim());
            Map<String, String> m = fromText(text);
            String want = m.get("epochs.csv.crc32");
            if (want == null || !want.equals(Long.toHexString(crc(csv)))) {
                throw new CorruptRunException(done.resolveSibling("epochs.csv") + " does not match the checksum in " + done
                        + " (edited, truncated or damaged after the run finished)", null);
            }
            return TrainingResult.StopReason.valueOf(m.get("stop"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CorruptRunException(done + " is damaged: " + e.getMessage(), e);
        }
    }

    private static long crc(String s) {
        CRC32 c = new CRC32();
        c.update(s.getBytes(StandardCharsets.UTF_8));
        return c.getValue();
    }

    private static void appendSession(Path dir, RunInfo info, int resumedAt) throws IOException {
        Path f = dir.resolve("sessions.csv");
        String old = Files.exists(f) ? Files.readString(f) : RunInfo.CSV_HEADER + "\n";
        AtomicFiles.writeString(f, old + info.csvRow(resumedAt) + "\n");
    }

    /** Temporary files of writes cut short by a crash; never read, removed for tidiness. */
    private static void removeStaleTemporaries(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir, 2)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".") && p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Checkpoint readCheckpointChecked(Path ckpt) {
        try {
            return readCheckpoint(ckpt);
        } catch (IOException | RuntimeException e) {
            throw new CorruptRunException(ckpt + " cannot be used: " + e.getMessage()
                    + ". Delete it to restart the run from scratch, or restore it from a backup.", e);
        }
    }

    // ------------------------------------------------------------------ checkpoints

    /** A model plus the trainer state at an epoch boundary. */
    public record Checkpoint(Model model, TrainerState state) {}

    public static void writeCheckpoint(Path file, Model model, TrainerState s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(CKPT_MAGIC);
            out.writeInt(CKPT_VERSION);
            ModelIO.write(model, out);
            out.writeInt(s.epochsCompleted());
            out.writeInt(s.level());
            out.writeInt(s.highestSolved());
            out.writeLong(s.trainRng().bits());
            out.writeDouble(s.trainRng().spareGaussian());
            out.writeLong(s.evalRng().bits());
            out.writeDouble(s.evalRng().spareGaussian());
            out.writeBoolean(s.finished());
            out.writeInt(s.momentum().length);
            for (float[] m : s.momentum()) {
                out.writeInt(m == null ? -1 : m.length);
                if (m != null) for (float v : m) out.writeFloat(v);
            }
            byte[] csv = EpochTables.toCsv(s.records()).getBytes(StandardCharsets.UTF_8);
            out.writeInt(csv.length);
            out.write(csv);
        }
        byte[] body = bytes.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(body);
        new DataOutputStream(all).writeLong(crc.getValue());
        AtomicFiles.write(file, all.toByteArray());
    }

    public static Checkpoint readCheckpoint(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < 20) throw new IOException(file + " is not a checkpoint (too short)");
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = new DataInputStream(new ByteArrayInputStream(all, all.length - 8, 8)).readLong();
        if (crc.getValue() != stored) throw new IOException(file + " is corrupted: checksum mismatch");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8))) {
            if (in.readLong() != CKPT_MAGIC) throw new IOException(file + " is not a cbrnn checkpoint");
            int v = in.readInt();
            if (v != CKPT_VERSION) throw new IOException(file + " has checkpoint version " + v + ", expected " + CKPT_VERSION);
            Model model = ModelIO.read(in, file.toString());
            int epochs = in.readInt(), level = in.readInt(), solved = in.readInt();
            Rng.State tr = new Rng.State(in.readLong(), in.readDouble());
            Rng.State ev = new Rng.State(in.readLong(), in.readDouble());
            boolean finished = in.readBoolean();
            float[][] mom = new float[in.readInt()][];
            for (int i = 0; i < mom.length; i++) {
                int n = in.readInt();
                if (n >= 0) {
                    mom[i] = new float[n];
                    for (int j = 0; j < n; j++) mom[i][j] = in.readFloat();
                }
            }
            byte[] csv = new byte[in.readInt()];
            in.readFully(csv);
            List<EpochRecord> recs = EpochTables.fromCsv(new String(csv, StandardCharsets.UTF_8));
            return new Checkpoint(model, new TrainerState(epochs, level, solved, tr, ev, mom, recs, finished));
        }
    }

    static String toText(Map<String, String> p) {
        StringBuilder sb = new StringBuilder();
        p.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    static Map<String, String> fromText(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : s.split("\n")) {
            int i = line.indexOf('=');
            if (i > 0 && !line.startsWith("#")) m.put(line.substring(0, i).trim(), line.substring(i + 1).trim());
        }
        return m;
    }
}
