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
import org.cbrnn.engine.fast.Ops;
import org.cbrnn.util.AtomicFiles;
import org.cbrnn.util.Check;

/**
 * A directory of ccRNN-study runs, one sub-directory per {@link CcRunSpec#id()}: {@code spec.txt}, {@code epochs.csv}
 * (rewritten after every epoch), {@code checkpoint.bin} while the run is unfinished, and {@code cortex.bin} (the
 * trained cortex and readout; for the Elman conditions, every tensor of the network, whose cerebellum is on the forward
 * path) once it is complete. Every file is written atomically (temp + rename); running a spec
 * again resumes from the last finished epoch, bit for bit, or returns the finished run.
 */
public final class CcRunStore {
    private final Path root;
    private final CcRegistry registry;

    private CcRunStore(Path root, CcRegistry registry) {
        this.root = Check.notNull("root", root);
        this.registry = Check.notNull("registry", registry);
    }

    public static CcRunStore at(Path root) {
        return new CcRunStore(root, CcRegistry.standard());
    }

    public Path root() {
        return root;
    }

    public Path dirOf(CcRunSpec spec) {
        return root.resolve(spec.id());
    }

    /** A run's records and whether it finished. */
    public record Result(CcRunSpec spec, List<CcEpoch> epochs, boolean complete) {}

    /** The stored state of {@code spec}, if started. */
    public Optional<Result> load(CcRunSpec spec) {
        Path d = dirOf(spec);
        if (!Files.isRegularFile(d.resolve("spec.txt"))) return Optional.empty();
        checkSpec(spec, d);
        try {
            List<CcEpoch> rows = new ArrayList<>();
            Path csv = d.resolve("epochs.csv");
            if (Files.isRegularFile(csv)) {
                List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
                for (int i = 1; i < lines.size(); i++) if (!lines.get(i).isBlank()) rows.add(CcEpoch.parse(lines.get(i)));
            }
            return Optional.of(new Result(spec, rows, Files.isRegularFile(d.resolve("cortex.bin"))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read run " + d + ": " + e.getMessage(), e);
        }
    }

    /**
     * The architecture an Elman condition's run trains, or null for the LSTM conditions (whose network the
     * {@link CcConfig} defines).
     */
    public org.cbrnn.model.ModelConfig modelOf(CcRunSpec spec) {
        Check.notNull("spec", spec);
        return registry.condition(spec.condition()).model(registry.task(spec.task()).task().get());
    }

    /**
     * What {@code spec.txt} holds: {@link CcRunSpec#describe()}, plus the architecture for an Elman condition (so the
     * LSTM runs' files are unchanged and a changed CB-RNN definition is refused as a different run).
     */
    public String describe(CcRunSpec spec) {
        org.cbrnn.model.ModelConfig m = modelOf(spec);
        return m == null ? spec.describe() : spec.describe() + "model=" + m + "\n";
    }

    private void checkSpec(CcRunSpec spec, Path d) {
        try {
            String stored = Files.readString(d.resolve("spec.txt"), StandardCharsets.UTF_8);
            String want = describe(spec);
            if (!stored.equals(want)) {
                throw new IllegalArgumentException("run directory " + d + " holds a different run:\n" + stored
                        + "requested:\n" + want + "use another store directory (--out)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Trains (or resumes) {@code spec} to completion in float precision, reporting each new epoch to {@code onEpoch}. */
    public Result run(CcRunSpec spec, Consumer<CcEpoch> onEpoch) {
        Check.notNull("spec", spec);
        Optional<Result> have = load(spec);
        if (have.isPresent() && have.get().complete()) return have.get();
        Path d = dirOf(spec);
        CcTrainer<float[]> tr = CcTrainer.create(Kernels.bestFloat(), registry.task(spec.task()).task().get(), spec.config(), spec.seed(),
                modelOf(spec));
        try {
            Files.createDirectories(d);
            if (have.isEmpty()) AtomicFiles.writeString(d.resolve("spec.txt"), describe(spec));
            Path ck = d.resolve("checkpoint.bin");
            if (Files.isRegularFile(ck)) tr.restore(Files.readAllBytes(ck));
            while (tr.epochsDone() < spec.config().epochs()) {
                CcEpoch e = tr.trainEpoch();
                AtomicFiles.write(ck, tr.checkpoint());
                writeEpochs(d, tr.history());
                if (onEpoch != null) onEpoch.accept(e);
            }
            AtomicFiles.write(d.resolve("cortex.bin"), tr.isElman() ? elmanBytes(tr.elman()) : cortexBytes(tr.network()));
            Files.deleteIfExists(ck);
            return new Result(spec, tr.history(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("run " + d + ": " + e.getMessage(), e);
        }
    }

    private static void writeEpochs(Path d, List<CcEpoch> h) throws IOException {
        StringBuilder sb = new StringBuilder(CcEpoch.HEADER).append('\n');
        for (CcEpoch e : h) sb.append(e.csv()).append('\n');
        AtomicFiles.writeString(d.resolve("epochs.csv"), sb.toString());
    }

    private static byte[] cortexBytes(CcNetwork<float[]> n) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(b)) {
            for (int i = 0; i < n.tensors().size(); i++) {
                if (n.tensors().get(i).part() != CcNetwork.Part.CORTEX) continue;
                float[] p = n.params()[i];
                out.writeUTF(n.tensors().get(i).name());
                out.writeInt(p.length);
                for (float v : p) out.writeFloat(v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    private static byte[] elmanBytes(OnlineElman<float[]> n) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(b)) {
            for (int i = 0; i < n.specs().size(); i++) {
                float[] p = n.params()[i];
                out.writeUTF(n.specs().get(i).name());
                out.writeInt(p.length);
                for (float v : p) out.writeFloat(v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** The trained network of a complete Elman-condition run (cerebellum included), in the precision of {@code ops}. */
    public <A> OnlineElman<A> elman(CcRunSpec spec, Ops<A> ops) {
        org.cbrnn.model.ModelConfig m = modelOf(spec);
        if (m == null) throw new IllegalArgumentException("run " + spec.id() + " trains the LSTM: use cortex()");
        Path f = dirOf(spec).resolve("cortex.bin");
        if (!Files.isRegularFile(f)) throw new IllegalArgumentException("run " + spec.id() + " is not complete in " + root);
        OnlineElman<A> n = OnlineElman.create(ops, m, spec.seed());
        readTensors(f, spec, ops, n.specs().stream().map(t -> t.name()).toList(), n.params());
        return n;
    }

    /**
     * The trained cortex of a complete run as a network without a cerebellum (the module is off the forward path, so
     * this is the network's behaviour), in the precision of {@code ops}.
     */
    public <A> CcNetwork<A> cortex(CcRunSpec spec, Ops<A> ops) {
        if (modelOf(spec) != null) throw new IllegalArgumentException("run " + spec.id() + " trains " + modelOf(spec).label() + ": use elman()");
        Path f = dirOf(spec).resolve("cortex.bin");
        if (!Files.isRegularFile(f)) throw new IllegalArgumentException("run " + spec.id() + " is not complete in " + root);
        CcNetwork<A> n = CcNetwork.create(ops, registry.task(spec.task()).task().get(), spec.config().withCerebellum(false), spec.seed());
        readTensors(f, spec, ops, n.tensors().stream().map(t -> t.name()).toList(), n.params());
        return n;
    }

    /** Reads cortex.bin (per tensor: name, length, float32 values) into {@code params}, checking names and sizes. */
    private static <A> void readTensors(Path f, CcRunSpec spec, Ops<A> ops, List<String> names, A[] params) {
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(Files.readAllBytes(f)))) {
            for (int i = 0; i < names.size(); i++) {
                String name = in.readUTF();
                if (!name.equals(names.get(i))) throw new IllegalArgumentException("cortex.bin of " + spec.id() + " has " + name + " where " + names.get(i) + " belongs");
                int len = in.readInt();
                A p = params[i];
                if (len != ops.length(p)) throw new IllegalArgumentException("cortex.bin of " + spec.id() + ": wrong size for " + name);
                for (int j = 0; j < len; j++) ops.set(p, j, in.readFloat());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Trains every spec not yet complete, {@code parallel} at a time; {@code onEpoch} receives (spec, epoch) from the
     * worker threads. Returns the results in the order of {@code specs}. Interrupting the calling thread stops the
     * workers; finished epochs are kept.
     */
    public List<Result> sweep(List<CcRunSpec> specs, int parallel, java.util.function.BiConsumer<CcRunSpec, CcEpoch> onEpoch) {
        Check.notNull("specs", specs);
        Check.inRange("parallel", parallel, 1, 256);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallel);
        try {
            List<java.util.concurrent.Future<Result>> fs = new ArrayList<>();
            for (CcRunSpec s : specs) fs.add(pool.submit(() -> run(s, e -> { if (onEpoch != null) onEpoch.accept(s, e); })));
            List<Result> out = new ArrayList<>();
            for (java.util.concurrent.Future<Result> f : fs) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CcTrainer.InterruptedRun(0);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
