package org.cbrnn.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingResult;
import org.cbrnn.util.Check;

/**
 * Looking after a {@link RunStore}: repairing or discarding one run, bringing first-format runs up to the current
 * format, and the history of computation. Separate from the store's training and loading; every action that changes
 * a run takes its {@link RunLock} first.
 */
public final class StoreMaintenance {
    private final RunStore store;

    /** Maintenance of {@code store}. */
    public StoreMaintenance(RunStore store) {
        this.store = Check.notNull("store", store);
    }

    /**
     * Repairs what can be repaired without guessing, and says what it did: stale temporaries and stale locks are
     * removed; a table that lags or was cut short is rewritten from a valid checkpoint; a run whose checkpoint is
     * damaged falls back to its latest valid saved state (or to epoch 1 if none is valid). An edited spec cannot be
     * repaired (which version is right is the user's call): restore it or {@link #discard} the run.
     *
     * @return one line per action taken, empty if nothing needed doing
     * @throws RunLock.RunLockedException if a live process is writing the run
     */
    public List<String> repair(String run) {
        RunDir d = RunDir.at(store.existing(run));
        List<String> did = new ArrayList<>();
        try (RunLock lock = RunLock.acquire(d.path(), did::add)) {
            d.removeStaleTemporaries();
            RunSpec spec = d.readRunSpec();
            if (!d.name().equals(spec.id()) && !d.name().equals(RunStore.legacyIdOf(spec))) {
                throw new RunStore.CorruptRunException(d.spec() + " describes run " + spec.id() + ", not " + d.name()
                        + ": restore the file (e.g. from git) or discard the run", null);
            }
            if (d.isDone() && tableMatchesDone(d)) {
                // the finished table is verified by DONE's checksum: it is the result; never replace it from a state
                if (Files.exists(d.checkpoint())) {
                    Files.move(d.checkpoint(), d.finalState(), StandardCopyOption.REPLACE_EXISTING);
                    did.add("moved the leftover checkpoint of the finished run to " + d.finalState());
                }
                lock.ensureHeld();
                return did;
            }
            Optional<CheckpointCodec.Checkpoint> ckpt = Optional.empty();
            if (d.isDone() && !Files.exists(d.checkpoint()) && Files.exists(d.finalState())) {
                try {
                    ckpt = Optional.of(CheckpointCodec.read(d.finalState()));
                } catch (IOException | RuntimeException e) {
                    did.add("ignored the damaged " + d.finalState() + ": " + e.getMessage());
                }
            } else if (Files.exists(d.checkpoint())) {
                try {
                    ckpt = Optional.of(CheckpointCodec.read(d.checkpoint()));
                } catch (IOException | RuntimeException e) {
                    Path moved = d.path().resolve("checkpoint.bin.damaged");
                    Files.move(d.checkpoint(), moved, StandardCopyOption.REPLACE_EXISTING);
                    did.add("moved the damaged checkpoint to " + moved + " (" + e.getMessage() + ")");
                    ckpt = latestValidState(d, did);
                    if (ckpt.isPresent()) {
                        CheckpointCodec.write(d.checkpoint(), ckpt.get().model(), ckpt.get().state());
                        did.add("the run resumes from its saved state after epoch " + ckpt.get().state().epochsCompleted());
                    } else if (!d.isDone()) {
                        Files.deleteIfExists(d.epochs());
                        Files.deleteIfExists(d.branch());
                        did.add("no valid saved state: the run restarts from epoch 1");
                    }
                }
            }
            String table = d.tableText().orElse(null);
            boolean tableOk;
            try {
                List<EpochRecord> recs = table == null ? List.of() : d.parseTable(table);
                if (d.isDone()) d.verifyDone(table == null ? "" : table);
                tableOk = ckpt.isEmpty() || recs.size() == ckpt.get().state().records().size();
            } catch (RunStore.CorruptRunException e) {
                tableOk = false;
            }
            if (!tableOk && ckpt.isPresent()) {
                d.writeTable(ckpt.get().state().records());
                did.add("rewrote " + d.epochs() + " from the checkpoint (" + ckpt.get().state().records().size() + " epochs)");
                if (d.isDone()) {
                    try {
                        d.verifyDone(Files.readString(d.epochs()));
                    } catch (RunStore.CorruptRunException still) {
                        Files.delete(d.done());
                        if (!Files.exists(d.checkpoint())) CheckpointCodec.write(d.checkpoint(), ckpt.get().model(), ckpt.get().state());
                        did.add("removed DONE: the saved state does not hold the finished table; the run resumes from epoch "
                                + ckpt.get().state().epochsCompleted() + " and finishes again");
                    }
                }
            } else if (!tableOk) {
                throw new RunStore.CorruptRunException(d.epochs() + " is damaged and the run has no checkpoint to rebuild it from: restore the"
                        + " file (e.g. from git) or discard the run", null);
            }
            lock.ensureHeld();
        } catch (IOException e) {
            throw new UncheckedIOException("repairing " + d.path() + " failed: " + RunDir.describe(e), e);
        }
        return did;
    }

    /**
     * Brings runs of the first store format up to the current one, so damage to them is detected from now on: a
     * spec.properties without its checksum line gets one, and a DONE that holds only the stop reason gets the epoch
     * count and the CRC32 of the table as it is now. Runs that do not load cleanly (damaged, or not named by their
     * id) are left alone and listed. Idempotent.
     *
     * @return one line per run changed or left alone
     */
    public List<String> sealLegacyFormat() {
        List<String> did = new ArrayList<>();
        for (Path p : store.runDirs()) {
            RunDir d = RunDir.at(p);
            try (RunLock lock = RunLock.acquire(p, did::add)) {
                RunSpec spec = d.readRunSpec();
                if (!d.name().equals(spec.id())) {
                    did.add(d.name() + ": left alone (not named by its id " + spec.id() + "; run the upgrade first)");
                    continue;
                }
                String spText = Files.readString(d.spec());
                if (!spText.contains("# sha256=")) {
                    // compare first, then replace the file atomically in place: the spec is never moved away
                    String sealed = RunDir.specText(spec);
                    if (!RunDir.fromText(sealed).equals(RunDir.fromText(spText))) {
                        did.add(d.name() + ": left alone (its spec.properties is not in the form the kit writes; not sealed)");
                        continue;
                    }
                    org.cbrnn.util.AtomicFiles.writeString(d.spec(), sealed);
                    did.add(d.name() + ": spec.properties checksum line added");
                }
                if (d.isDone() && !Files.readString(d.done()).contains("=")) {
                    String csv = d.tableText().orElseThrow(() -> new RunStore.CorruptRunException(d.done() + " exists but epochs.csv is missing", null));
                    List<EpochRecord> recs = d.parseTable(csv);
                    TrainingResult.StopReason stop = d.verifyDone(csv);
                    d.writeDone(stop, recs.size(), csv);
                    did.add(d.name() + ": DONE now carries the table's checksum (" + recs.size() + " epochs)");
                }
            } catch (RuntimeException | IOException e) {
                did.add(d.name() + ": left alone (" + e.getMessage() + ")");
            }
        }
        return did;
    }

    /**
     * A stretch of computation on one run: the epochs one session computed, and where.
     *
     * @param run     the run's directory name
     * @param started when the session started
     * @param from    epochs finished before it (its first epoch is {@code from + 1})
     * @param to      epochs finished when the next session started, or the run's epoch count for its last session
     * @param kernels the SIMD kernels (vector width) it ran on
     * @param engine  the engine and its thread count
     * @param commit  the kit's commit
     * @param host    the host name
     */
    public record Stretch(String run, String started, int from, int to, String kernels, String engine, String commit, String host) {
        public Stretch {
            Check.notNull("run", run);
            Check.notNull("started", started);
            Check.notNull("kernels", kernels);
            Check.notNull("engine", engine);
            Check.notNull("commit", commit);
            Check.notNull("host", host);
        }

        /** Epochs this stretch computed (a later session may have recomputed some, after a crash lost them). */
        public int epochs() {
            return Math.max(0, to - from);
        }
    }

    /** Every session of every run, in run then time order, from the runs' sessions.csv and epoch tables. */
    public List<Stretch> history() {
        List<Stretch> out = new ArrayList<>();
        for (Path p : store.runDirs()) {
            RunDir d = RunDir.at(p);
            List<String> lines;
            int epochs;
            try {
                if (!Files.exists(d.sessions())) continue;
                lines = Files.readAllLines(d.sessions());
                epochs = d.tableText().map(t -> (int) t.lines().skip(1).filter(l -> !l.isBlank()).count()).orElse(0);
            } catch (IOException | RuntimeException e) {
                continue; // a damaged run: `store check` reports it
            }
            if (lines.size() < 2) continue;
            List<String> h = List.of(lines.get(0).split(","));
            List<String[]> rows = new ArrayList<>();
            for (String l : lines.subList(1, lines.size())) if (!l.isBlank()) rows.add(l.split(",", -1));
            try {
                List<Stretch> mine = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    String[] r = rows.get(i);
                    int from = Integer.parseInt(col(h, r, "resumedAtEpoch"));
                    int to = i + 1 < rows.size() ? Integer.parseInt(col(h, rows.get(i + 1), "resumedAtEpoch")) : epochs;
                    mine.add(new Stretch(d.name(), col(h, r, "started"), from, to, col(h, r, "kernels"), col(h, r, "engine"),
                            col(h, r, "commit"), col(h, r, "host")));
                }
                out.addAll(mine);
            } catch (RuntimeException damagedRow) {
                // one run's damaged sessions.csv leaves that run out, not the whole history
            }
        }
        return out;
    }

    private static String col(List<String> header, String[] row, String name) {
        int i = header.indexOf(name);
        return i >= 0 && i < row.length ? row[i] : "";
    }

    private static boolean tableMatchesDone(RunDir d) {
        try {
            String table = d.tableText().orElse(null);
            if (table == null) return false;
            d.parseTable(table);
            d.verifyDone(table);
            return Files.readString(d.done()).contains("=");    // a first-format DONE proves nothing about the table
        } catch (RuntimeException | IOException e) {
            return false;
        }
    }

    private static Optional<CheckpointCodec.Checkpoint> latestValidState(RunDir d, List<String> did) {
        List<Integer> epochs = new ArrayList<>(d.stateEpochs());
        for (int i = epochs.size() - 1; i >= 0; i--) {
            try {
                return Optional.of(CheckpointCodec.read(d.state(epochs.get(i))));
            } catch (IOException | RuntimeException e) {
                did.add("skipped damaged state " + d.state(epochs.get(i)) + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * Moves a run out of the store, to {@code <store>/.discarded/<run>-<time>} (not deleted: move it back to undo).
     *
     * @return where it went
     * @throws RunLock.RunLockedException if a live process is writing the run
     */
    public Path discard(String run) {
        Path d = store.existing(run);
        Path to = store.root().resolve(".discarded").resolve(run + "-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(':', '-'));
        try (RunLock lock = RunLock.acquire(d, store.notices())) {
            Files.createDirectories(to.getParent());
            // move while holding the lock, so no writer can start in between; the lock file travels with the
            // directory and is removed there (closing the lock afterwards finds nothing at the old path)
            Files.move(d, to, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(to.resolve("LOCK"));
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + d + " to " + to + ": " + RunDir.describe(e), e);
        }
    }

}
