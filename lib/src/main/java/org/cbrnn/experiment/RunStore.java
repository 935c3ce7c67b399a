package org.cbrnn.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.cbrnn.engine.Engine;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelIO;
import org.cbrnn.task.Task;
import org.cbrnn.task.TaskRegistry;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.ProtocolTrainer;
import org.cbrnn.train.Trainer;
import org.cbrnn.train.TrainingRun;
import org.cbrnn.train.TrainerState;
import org.cbrnn.train.TrainingListener;
import org.cbrnn.train.TrainingResult;
import org.cbrnn.util.AtomicFiles;
import org.cbrnn.util.Check;

/**
 * A directory of runs, one sub-directory per {@link RunSpec#id()} (layout: {@link RunDir}). This class is the
 * orchestration: it trains a run under its {@link RunLock}, checkpoints every epoch, starts a run from a prefix
 * another run already computed ({@link Branching}), and loads and validates stored runs ({@link #check()});
 * repairing, discarding and the history of computation are {@link StoreMaintenance}.
 *
 * <p>Every file is written to a temporary name and renamed, and the checkpoint is written before the table, so a run
 * killed at any moment (even {@code kill -9}) resumes from its last finished epoch with no epoch lost or repeated.
 * Damage is detected, never used silently: checkpoints and models carry checksums, DONE carries the checksum of the
 * table, spec.properties carries its own, and a directory whose spec does not give its name is refused
 * ({@link CorruptRunException}). Damage stays local: {@link #loadAll()} reports a damaged run as failed with the
 * file and the reason, and every other run loads as usual.
 */
public final class RunStore {
    /** Every {@code STATE_EVERY}-th epoch (and every epoch that solves a level) is saved as a branch point. */
    public static final int STATE_EVERY = 50;
    private final Path root;
    private final TaskRegistry tasks;
    private final boolean saveStates;
    private final boolean branch;
    private final int stateEvery;
    private final List<Path> prefixSources;
    private final Consumer<String> notices;
    /** True for a store of the standard tasks ({@link #at(Path)}): only such a store can be reopened on another machine. */
    private final boolean standardTasks;

    Consumer<String> notices() {
        return notices;
    }

    /** A run directory whose files are damaged, edited or belong to another spec. */
    public static final class CorruptRunException extends RuntimeException {
        public CorruptRunException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A run failed; its {@code FAILED} file holds the error, and the message names the run, the path and the cause. */
    public static final class RunFailedException extends RuntimeException {
        public RunFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private RunStore(Path root, TaskRegistry tasks, boolean saveStates, boolean branch, int stateEvery, List<Path> prefixSources,
                     Consumer<String> notices, boolean standardTasks) {
        this.standardTasks = standardTasks;
        this.prefixSources = List.copyOf(prefixSources);
        this.root = root;
        this.tasks = tasks;
        this.saveStates = saveStates;
        this.branch = branch;
        this.stateEvery = stateEvery;
        this.notices = notices;
    }

    /** A store rooted at {@code dir} (created on first write) using the standard tasks. */
    public static RunStore at(Path dir) {
        RunStore s = at(dir, TaskRegistry.standard());
        return new RunStore(s.root, s.tasks, s.saveStates, s.branch, s.stateEvery, s.prefixSources, s.notices, true);
    }

    /** A store whose specs may name tasks of {@code registry}. */
    public static RunStore at(Path dir, TaskRegistry registry) {
        Check.notNull("dir", dir);
        Check.notNull("registry", registry);
        if (dir.toString().isEmpty()) throw new IllegalArgumentException("store directory must not be empty");
        return new RunStore(dir, registry, true, true, STATE_EVERY, List.of(), msg -> System.err.println("cbrnn: " + msg), false);
    }

    /**
     * Whether runs save full states at branch points ({@code states/}: every epoch that solves a level and every
     * {@value #STATE_EVERY}th; about 0.3-0.5 MB each for the paper's models) and whether new runs start from a prefix
     * another run saved (default: both on).
     */
    public RunStore withBranching(boolean saveStates, boolean startFromPrefixes) {
        return new RunStore(root, tasks, saveStates, startFromPrefixes, stateEvery, prefixSources, notices, standardTasks);
    }

    /**
     * Other stores whose runs' saved states new runs of this store may start from (e.g. a freeze-timing study
     * branching from the joint runs of a Table-4 store). They are only read.
     */
    public RunStore withPrefixSources(Path... stores) {
        Check.notNull("stores", stores);
        List<Path> all = new ArrayList<>(prefixSources);
        for (Path p : stores) all.add(Check.notNull("store", p));
        return new RunStore(root, tasks, saveStates, branch, stateEvery, all, notices, standardTasks);
    }

    /** Saves a state every {@code every} epochs besides the epochs that solve a level (default {@value #STATE_EVERY}). */
    public RunStore withStateEvery(int every) {
        Check.inRange("every", every, 1, 1_000_000);
        return new RunStore(root, tasks, saveStates, branch, every, prefixSources, notices, standardTasks);
    }

    /** Where notices go (stale locks taken over, runs started from another run's prefix); default standard error. */
    public RunStore withNotices(Consumer<String> sink) {
        return new RunStore(root, tasks, saveStates, branch, stateEvery, prefixSources, Check.notNull("sink", sink), standardTasks);
    }

    public Path root() {
        return root;
    }

    /**
     * This store's settings as a serializable {@link PortableRun}, so that a worker on another machine can open the
     * same store (at the same absolute path, on a shared file system) and train runs into it.
     *
     * @throws IllegalStateException if the store has a custom task registry (a worker could not rebuild it)
     */
    public PortableRun portable(int threadsPerRun) {
        if (!standardTasks) {
            throw new IllegalStateException("a store with a custom task registry cannot be opened on another machine; use RunStore.at(dir)"
                    + " (the standard tasks) for sweeps on a cluster");
        }
        return new PortableRun(root.toAbsolutePath().normalize().toString(), saveStates, branch, stateEvery,
                prefixSources.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList(), threadsPerRun);
    }

    /** The run's directory: {@link RunSpec#id()}, or its {@link RunSpec#legacyId()} in a store not yet upgraded. */
    public Path dirOf(RunSpec spec) {
        Path d = root.resolve(Check.notNull("spec", spec).id());
        if (Files.exists(d)) return d;
        Path legacy = root.resolve(spec.legacyId());
        return Files.exists(legacy) ? legacy : d;
    }

    /**
     * Runs {@code spec} to completion, resuming from its checkpoint if one exists, starting from another run's saved
     * prefix if one fits ({@link Branching}), or returns the stored result if the run is already complete.
     * Interrupting the calling thread stops at the next step; the checkpoint of the last finished epoch is kept and
     * the returned result is partial.
     *
     * @throws CorruptRunException if the run's directory holds another spec or damaged files
     * @throws RunLock.RunLockedException if another live process is writing the run
     * @throws RunFailedException if writing failed (disk full, permissions); the cause and path are in the message
     *                            and in the run's {@code FAILED} file
     * @throws IllegalArgumentException if the spec names a task this store does not know
     */
    public RunResult run(RunSpec spec, Engine engine, TrainingListener... listeners) {
        Check.notNull("spec", spec);
        Check.notNull("engine", engine);
        Check.notNull("listeners", listeners);
        // a protocol run names its tasks in the protocol; each must be a task of this store
        Task task = spec.protocol().isSingle() ? tasks.get(spec.task()) : null;
        if (task == null) spec.protocol().headTasks().forEach(tasks::get);
        RunDir dir = RunDir.at(dirOf(spec));
        checkSpec(dir, spec);
        if (dir.isDone()) return loadDir(dir, spec).orElseThrow();
        try {
            Files.createDirectories(dir.path());
        } catch (IOException e) {
            throw new RunFailedException("run " + spec.id() + ": cannot create " + dir.path() + ": " + RunDir.describe(e), e);
        }
        try (RunLock lock = RunLock.acquire(dir.path(), notices)) {
            checkSpec(dir, spec); // another writer may have created it between the first check and the lock
            if (dir.isDone()) return loadDir(dir, spec).orElseThrow();
            try {
                return train(spec, task, dir, engine, lock, listeners);
            } catch (RuntimeException | Error e) {
                if (e instanceof RunLock.RunLockedException) throw e;
                if (!(e instanceof CorruptRunException)) dir.writeFailed(e);
                if (e instanceof UncheckedIOException u) {
                    throw new RunFailedException("run " + spec.id() + " failed: " + RunDir.describe(u) + " (details in " + dir.failed() + ")", u);
                }
                throw e;
            }
        }
    }

    private RunResult train(RunSpec spec, Task task, RunDir dir, Engine engine, RunLock lock, TrainingListener... listeners) {
        Path path = null;
        try {
            dir.removeStaleTemporaries();
            Files.deleteIfExists(path = dir.failed());
            path = dir.spec();
            dir.writeSpecIfAbsent(spec);
            Model model;
            TrainerState resume = null;
            // shared prefixes are a single-task feature (their agreement test reads single-task plasticity)
            if (!Files.exists(dir.checkpoint()) && branch && spec.protocol().isSingle() && !Files.exists(dir.epochs())) {
                try {
                    startFromPrefix(spec, dir, engine);
                } catch (IOException | RuntimeException e) {
                    // a source discarded or repaired meanwhile: the run computes its prefix itself
                    Files.deleteIfExists(dir.checkpoint());
                    Files.deleteIfExists(dir.branch());
                    notices.accept(spec.id() + ": could not start from a saved prefix (" + RunDir.describe(e) + "); computing from epoch 1");
                }
            }
            if (Files.exists(dir.checkpoint())) {
                CheckpointCodec.Checkpoint c = readCheckpointChecked(dir.checkpoint());
                model = c.model();
                resume = c.state();
            } else {
                model = Model.create(spec.model(), spec.seed());
            }
            RunInfo info = RunInfo.current(engine.name());
            path = dir.runInfo();
            if (!Files.exists(dir.runInfo())) AtomicFiles.writeString(dir.runInfo(), RunDir.toText(info.toProperties()));
            path = dir.sessions();
            dir.appendSession(info, resume == null ? 0 : resume.epochsCompleted());
            if (resume != null) {
                // the table may lag the checkpoint by one epoch (killed between the two writes): restore it first
                path = dir.epochs();
                dir.writeTable(resume.records());
            }
            TrainingRun[] holder = new TrainingRun[1];
            TrainingListener store = new TrainingListener() {
                @Override
                public void onEpoch(EpochRecord r) {
                    lock.ensureHeld();
                    Path p = dir.checkpoint();
                    try {
                        // checkpoint first: a crash between the two writes leaves a table one epoch behind, which the
                        // next session rewrites from the checkpoint; never a table ahead of the weights
                        byte[] ckpt = CheckpointCodec.encode(holder[0].model(), holder[0].state());
                        AtomicFiles.write(p, ckpt);
                        p = dir.epochs();
                        dir.writeTable(holder[0].records());
                        if (r.solved()) {
                            p = dir.level(r.level());
                            ModelIO.save(holder[0].model(), p);
                        }
                        if (saveStates && (r.solved() || r.epoch() % stateEvery == 0)) {
                            p = dir.state(r.epoch());
                            AtomicFiles.write(p, ckpt);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException("could not write " + p + ": " + RunDir.describe(e), e);
                    }
                }
            };
            TrainingRun trainer;
            if (task != null) {
                Trainer.Builder b = Trainer.builder(model, task).engine(engine).config(spec.training()).schedule(spec.schedule())
                        .curriculum(spec.curriculum()).seed(spec.seed());
                if (resume != null) b.resume(resume);
                b.listener(store);
                for (TrainingListener l : listeners) b.listener(Check.notNull("listener", l));
                trainer = b.build();
            } else {
                ProtocolTrainer.Builder b = ProtocolTrainer.builder(model, spec.protocol(), tasks).engine(engine).config(spec.training())
                        .schedule(spec.schedule()).curriculum(spec.curriculum()).seed(spec.seed());
                if (resume != null) b.resume(resume);
                b.listener(store);
                for (TrainingListener l : listeners) b.listener(Check.notNull("listener", l));
                trainer = b.build();
            }
            holder[0] = trainer;
            TrainingResult res = trainer.run();
            if (res.stop() != TrainingResult.StopReason.INTERRUPTED) {
                lock.ensureHeld();
                String csv = EpochTables.toCsv(res.records());
                path = dir.epochs();
                AtomicFiles.writeString(dir.epochs(), csv);
                path = dir.model();
                model.save(dir.model());
                path = dir.done();
                dir.writeDone(res.stop(), res.records().size(), csv);
                // a finished run needs no resume state: keep it under another name (for repairs), out of version control
                path = dir.finalState();
                if (Files.exists(dir.checkpoint())) Files.move(dir.checkpoint(), dir.finalState(), StandardCopyOption.REPLACE_EXISTING);
            }
            return new RunResult(spec, res.records(), res.stop(), resume != null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + path + ": " + RunDir.describe(e), e);
        }
    }

    /** Copies the longest saved prefix of another run in to {@code dir} as its checkpoint, if there is one. */
    private void startFromPrefix(RunSpec spec, RunDir dir, Engine engine) throws IOException {
        Optional<Branching.Source> src = Branching.find(root, spec, engine.name());
        for (Path other : prefixSources) {
            Optional<Branching.Source> o = Branching.find(other, spec, engine.name());
            if (o.isPresent() && (src.isEmpty() || o.get().epoch() > src.get().epoch())) src = o;
        }
        if (src.isEmpty()) return;
        Branching.Source s = src.get();
        byte[] bytes = Files.readAllBytes(s.state());
        CheckpointCodec.Checkpoint c;
        try {
            c = CheckpointCodec.decode(bytes, s.state().toString());
        } catch (IOException damaged) {
            notices.accept(spec.id() + ": not starting from " + s.state() + " (" + damaged.getMessage() + "); computing from epoch 1");
            return;
        }
        if (c.state().finished() || c.state().epochsCompleted() != s.epoch()) return;
        for (EpochRecord r : c.state().records()) {
            Path lv = s.state().getParent().getParent().resolve("levels").resolve(String.format("N%02d.bin", r.level()));
            if (r.solved() && Files.exists(lv)) {
                Files.createDirectories(dir.level(r.level()).getParent());
                Files.copy(lv, dir.level(r.level()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("source", s.source());
        m.put("source.store", s.state().getParent().getParent().getParent().toAbsolutePath().normalize().equals(root.toAbsolutePath().normalize())
                ? "." : s.state().getParent().getParent().getParent().toString());
        m.put("epoch", Integer.toString(s.epoch()));
        m.put("state.sha256", RunDir.sha256(bytes));
        m.put("branched", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        AtomicFiles.writeString(dir.branch(), RunDir.toText(m));
        AtomicFiles.write(dir.checkpoint(), bytes);
        notices.accept(spec.id() + ": starting from epoch " + s.epoch() + " of " + s.source() + " (shared prefix; "
                + s.epoch() + " epochs not recomputed)");
    }

    /** Epochs a run took from another run's prefix instead of computing them (0 if it computed every epoch). */
    public int sharedPrefixEpochs(RunSpec spec) {
        RunDir d = RunDir.at(dirOf(spec));
        if (!Files.exists(d.branch())) return 0;
        try {
            return Integer.parseInt(RunDir.fromText(Files.readString(d.branch())).getOrDefault("epoch", "0"));
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Records why a run failed (exception, cause chain and stack trace) in its directory's {@code FAILED} file. */
    public void recordFailure(RunSpec spec, Throwable error) {
        Check.notNull("spec", spec);
        Check.notNull("error", error);
        RunDir dir = RunDir.at(dirOf(spec));
        try {
            Files.createDirectories(dir.path());
            dir.writeSpecIfAbsent(spec);
        } catch (IOException e) {
            error.addSuppressed(e);
        }
        dir.writeFailed(error);
    }

    /**
     * The stored result of {@code spec}: complete if DONE exists, failed if FAILED exists, otherwise the epochs finished
     * so far; empty if the run never finished an epoch.
     *
     * @throws CorruptRunException if the directory holds another spec or a damaged table
     */
    public Optional<RunResult> load(RunSpec spec) {
        Check.notNull("spec", spec);
        RunDir dir = RunDir.at(dirOf(spec));
        checkSpec(dir, spec);
        return loadDir(dir, spec);
    }

    /**
     * Every run in the store, ordered by directory name. A damaged run (unreadable or edited spec, a directory whose
     * name is not its spec's id, a table that does not match DONE) is returned as a failed result whose error names
     * the file and the reason; if not even its spec can be read it is left out here and reported by {@link #check()}.
     * One damaged run never changes what the others load.
     */
    public List<RunResult> loadAll() {
        List<RunResult> out = new ArrayList<>();
        for (RunCheck c : check()) {
            if (c.result() != null) out.add(c.result());
        }
        return out;
    }

    /** The health of every run directory in the store, ordered by name. Reading only: nothing is changed. */
    public List<RunCheck> check() {
        List<RunCheck> out = new ArrayList<>();
        for (Path d : runDirs()) out.add(checkDir(RunDir.at(d)));
        return out;
    }

    /** The health of one run directory, by its name. */
    public RunCheck check(String run) {
        return checkDir(RunDir.at(existing(run)));
    }

    private RunCheck checkDir(RunDir d) {
        RunSpec spec;
        try {
            spec = d.readRunSpec();
        } catch (CorruptRunException e) {
            // list it under what the file says (unverified), so summaries show the damaged run instead of dropping it
            RunResult shown = null;
            try {
                shown = RunResult.failed(RunSpec.fromProperties(d.readSpec(false)), List.of(), "corrupt: " + e.getMessage());
            } catch (RuntimeException unreadable) {
                // not even that: only check() reports it
            }
            return new RunCheck(d.name(), RunCheck.Health.DAMAGED, d.spec(), e.getMessage(), shown, lockHolder(d));
        }
        String lock = lockHolder(d);
        if (!d.name().equals(spec.id()) && !d.name().equals(legacyIdOf(spec))) {
            String why = d.spec() + " does not belong to this directory: it describes run " + spec.id()
                    + " (edited, or copied from another run). Restore it, or discard the run.";
            return new RunCheck(d.name(), RunCheck.Health.DAMAGED, d.spec(), why, RunResult.failed(spec, List.of(), "corrupt: " + why), lock);
        }
        if (!d.isDone() && Files.exists(d.checkpoint())) {
            // an unfinished run resumes from its checkpoint: a damaged one would stop the next session, so say so now
            try {
                CheckpointCodec.read(d.checkpoint());
            } catch (IOException | RuntimeException e) {
                String why = d.checkpoint() + " cannot be used: " + e.getMessage() + ". Run `cbrnn store repair`.";
                return new RunCheck(d.name(), RunCheck.Health.DAMAGED, d.checkpoint(), why, RunResult.failed(spec, List.of(), "corrupt: " + why), lock);
            }
        }
        try {
            Optional<RunResult> r = loadDir(d, spec);
            if (r.isEmpty()) return new RunCheck(d.name(), RunCheck.Health.EMPTY, null, "no epoch finished yet", null, lock);
            RunResult res = r.get();
            RunCheck.Health h = res.failed() ? RunCheck.Health.FAILED : res.complete() ? RunCheck.Health.DONE : RunCheck.Health.PARTIAL;
            String detail = res.failed() ? res.error() : res.records().size() + " epochs";
            return new RunCheck(d.name(), h, res.failed() ? d.failed() : null, detail, res, lock);
        } catch (CorruptRunException e) {
            Path file = e.getMessage().startsWith(d.done().toString()) ? d.done() : d.epochs();
            return new RunCheck(d.name(), RunCheck.Health.DAMAGED, file, e.getMessage(),
                    RunResult.failed(spec, List.of(), "corrupt: " + e.getMessage()), lock);
        }
    }

    /** Repairs one run ({@link StoreMaintenance#repair}). */
    public List<String> repair(String run) {
        return new StoreMaintenance(this).repair(run);
    }

    /** Moves one run out of the store ({@link StoreMaintenance#discard}). */
    public Path discard(String run) {
        return new StoreMaintenance(this).discard(run);
    }

    /** Brings first-format runs up to the current format ({@link StoreMaintenance#sealLegacyFormat}). */
    public List<String> sealLegacyFormat() {
        return new StoreMaintenance(this).sealLegacyFormat();
    }

    /** Every stretch of computation of every run ({@link StoreMaintenance#history}). */
    public List<StoreMaintenance.Stretch> history() {
        return new StoreMaintenance(this).history();
    }

    Path existing(String run) {
        Check.notNull("run", run);
        if (run.isBlank() || run.contains("/") || run.contains("\\") || run.startsWith(".")) {
            throw new IllegalArgumentException("run must be the name of a run directory in " + root + ", got '" + run + "'");
        }
        Path d = root.resolve(run);
        if (!Files.isDirectory(d)) throw new IllegalArgumentException("run '" + run + "' is not a directory of the store " + root);
        return d;
    }

    List<Path> runDirs() {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            // a directory with any run file counts (one that lost its spec is then reported as damaged)
            return s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                    .filter(d -> Stream.of("spec.properties", "epochs.csv", "DONE", "checkpoint.bin").anyMatch(f -> Files.exists(d.resolve(f))))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the store " + root + ": " + RunDir.describe(e), e);
        }
    }

    private static String lockHolder(RunDir d) {
        return RunLock.holder(d.path()).map(RunLock.Holder::toString).orElse(null);
    }

    /** The id a spec had in stores written before ids became label-free hashes (those stores still load). */
    static String legacyIdOf(RunSpec spec) {
        return spec.legacyId();
    }

    /** The final (or latest checkpointed) model of a run. */
    public Optional<Model> model(RunSpec spec) {
        RunDir d = RunDir.at(dirOf(spec));
        try {
            if (Files.exists(d.model())) return Optional.of(Model.load(d.model()));
            if (Files.exists(d.checkpoint())) return Optional.of(readCheckpointChecked(d.checkpoint()).model());
            if (Files.exists(d.finalState())) return Optional.of(readCheckpointChecked(d.finalState()).model());
            return Optional.empty();
        } catch (IOException e) {
            throw new CorruptRunException("model of run " + spec.id() + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The model saved when {@code level} was solved, if the run got that far. */
    public Optional<Model> modelAtLevel(RunSpec spec, int level) {
        Path f = RunDir.at(dirOf(spec)).level(level);
        if (!Files.exists(f)) return Optional.empty();
        try {
            return Optional.of(Model.load(f));
        } catch (IOException e) {
            throw new CorruptRunException(f + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void checkSpec(RunDir dir, RunSpec spec) {
        if (!Files.exists(dir.spec())) return;
        Map<String, String> stored = new LinkedHashMap<>(dir.readSpec(false));
        Map<String, String> wanted = new LinkedHashMap<>(spec.toProperties());
        // the condition's display label is not part of a run's identity
        stored.remove("condition");
        wanted.remove("condition");
        if (!stored.equals(wanted)) {
            String diff = wanted.keySet().stream().filter(k -> !wanted.get(k).equals(stored.get(k))).findFirst()
                    .map(k -> k + ": stored '" + stored.get(k) + "', wanted '" + wanted.get(k) + "'").orElse("extra keys " + stored.keySet());
            throw new CorruptRunException(dir.spec() + " does not hold the spec of run " + spec.id() + " (" + diff
                    + "); the file was edited or damaged. Move the directory away to recompute the run.", null);
        }
    }

    private static Optional<RunResult> loadDir(RunDir dir, RunSpec spec) {
        String text = dir.tableText().orElse(null);
        TrainingResult.StopReason stop = TrainingResult.StopReason.INTERRUPTED;
        if (dir.isDone()) {
            if (text == null) throw new CorruptRunException(dir.done() + " exists but epochs.csv is missing", null);
            stop = dir.verifyDone(text);
        }
        List<EpochRecord> recs = text == null ? List.of() : dir.parseTable(text);
        Optional<String> failed = dir.failedReason();
        if (failed.isPresent() && stop == TrainingResult.StopReason.INTERRUPTED) return Optional.of(RunResult.failed(spec, recs, failed.get()));
        if (text == null) return Optional.empty();
        return Optional.of(new RunResult(spec, recs, stop, true));
    }

    static CheckpointCodec.Checkpoint readCheckpointChecked(Path ckpt) {
        try {
            return CheckpointCodec.read(ckpt);
        } catch (IOException | RuntimeException e) {
            throw new CorruptRunException(ckpt + " cannot be used: " + e.getMessage()
                    + ". Run `cbrnn store repair` to fall back to the latest valid state, or delete it to restart the run.", e);
        }
    }

    /** Reads a checkpoint file ({@link CheckpointCodec#read}). */
    public static CheckpointCodec.Checkpoint readCheckpoint(Path file) throws IOException {
        Check.notNull("file", file);
        return CheckpointCodec.read(file);
    }

    /** Writes a checkpoint file atomically ({@link CheckpointCodec#write}). */
    public static void writeCheckpoint(Path file, Model model, TrainerState state) throws IOException {
        Check.notNull("file", file);
        Check.notNull("model", model);
        Check.notNull("state", state);
        CheckpointCodec.write(file, model, state);
    }
}
