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
 *   spec.properties   the spec (written first)
 *   epochs.csv        one row per finished epoch, rewritten atomically after every epoch
 *   checkpoint.bin    model + optimiser + generator state at the last epoch boundary (CRC-checked)
 *   model.bin         final weights (when the run ends)
 *   DONE              written last; its presence means the run is complete
 * </pre>
 * Every file is written to a temporary name and renamed. {@link #run} skips complete runs and resumes interrupted
 * ones from their checkpoint, so a sweep can be stopped and restarted without losing finished work.
 */
public final class RunStore {
    private static final long CKPT_MAGIC = 0x4342524E4E434B50L; // "CBRNNCKP"
    private static final int CKPT_VERSION = 1;
    private final Path root;
    private final TaskRegistry tasks;

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

    public Path dirOf(RunSpec spec) {
        return root.resolve(spec.id());
    }

    /**
     * Runs {@code spec} to completion, resuming from a checkpoint if one exists, or returns the stored result if the
     * run is already complete. Interrupting the calling thread stops at the next step; the checkpoint of the last
     * finished epoch is kept.
     */
    public RunResult run(RunSpec spec, Engine engine, TrainingListener... listeners) {
        Task task = tasks.get(spec.task());
        Optional<RunResult> done = load(spec);
        if (done.isPresent() && done.get().complete()) return done.get();
        Path dir = dirOf(spec);
        try {
            Files.createDirectories(dir);
            AtomicFiles.writeString(dir.resolve("spec.properties"), toText(spec.toProperties()));
            Model model;
            TrainerState resume = null;
            Path ckpt = dir.resolve("checkpoint.bin");
            boolean resumed = false;
            if (Files.exists(ckpt)) {
                Checkpoint c = readCheckpoint(ckpt);
                model = c.model();
                resume = c.state();
                resumed = true;
            } else {
                model = Model.create(spec.model(), spec.seed());
            }
            Trainer.Builder b = Trainer.builder(model, task).engine(engine).config(spec.training()).schedule(spec.schedule())
                    .curriculum(spec.curriculum()).seed(spec.seed());
            if (resume != null) b.resume(resume);
            Trainer[] holder = new Trainer[1];
            b.listener(new TrainingListener() {
                @Override
                public void onEpoch(EpochRecord r) {
                    try {
                        writeCheckpoint(ckpt, holder[0].model(), holder[0].state());
                        AtomicFiles.writeString(dir.resolve("epochs.csv"), EpochTables.toCsv(holder[0].records()));
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
                AtomicFiles.writeString(dir.resolve("epochs.csv"), EpochTables.toCsv(res.records()));
                model.save(dir.resolve("model.bin"));
                AtomicFiles.writeString(dir.resolve("DONE"), res.stop().name() + "\n");
            }
            return new RunResult(spec, res.records(), res.stop(), resumed);
        } catch (IOException e) {
            throw new UncheckedIOException("run " + spec.id() + " in " + dir + " failed", e);
        }
    }

    /** The stored result of {@code spec}: complete if DONE exists, otherwise the epochs finished so far. */
    public Optional<RunResult> load(RunSpec spec) {
        return loadDir(dirOf(spec), spec);
    }

    /** Every run in the store, complete or not, ordered by directory name. */
    public List<RunResult> loadAll() {
        if (!Files.isDirectory(root)) return List.of();
        List<RunResult> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : s.sorted().toList()) {
                Path sp = d.resolve("spec.properties");
                if (!Files.exists(sp)) continue;
                RunSpec spec = RunSpec.fromProperties(fromText(Files.readString(sp)));
                loadDir(d, spec).ifPresent(out::add);
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
            if (Files.exists(d.resolve("checkpoint.bin"))) return Optional.of(readCheckpoint(d.resolve("checkpoint.bin")).model());
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<RunResult> loadDir(Path dir, RunSpec spec) {
        Path csv = dir.resolve("epochs.csv");
        if (!Files.exists(csv)) return Optional.empty();
        try {
            List<EpochRecord> recs = EpochTables.fromCsv(Files.readString(csv));
            Path done = dir.resolve("DONE");
            TrainingResult.StopReason stop = Files.exists(done)
                    ? TrainingResult.StopReason.valueOf(Files.readString(done).trim())
                    : TrainingResult.StopReason.INTERRUPTED;
            return Optional.of(new RunResult(spec, recs, stop, true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
