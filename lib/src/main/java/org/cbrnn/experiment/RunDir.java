package org.cbrnn.experiment;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingResult;
import org.cbrnn.util.AtomicFiles;
import org.cbrnn.util.Check;

/**
 * The layout of one run directory and the small files in it; every write is atomic ({@link AtomicFiles}).
 * <pre>
 *   spec.properties   the spec, its last line a SHA-256 of the lines above it (an edit is detected)
 *   run.properties    kit version and commit, JVM, OS, cores, host, kernels, engine of the first session
 *   sessions.csv      one row per session that worked on the run
 *   epochs.csv        one row per finished epoch
 *   checkpoint.bin    model + trainer state at the last epoch boundary of an unfinished run ({@link CheckpointCodec});
 *                     the only file a run needs to resume, so stores commit it (and nothing heavier) for unfinished runs
 *   final-state.bin   the same at the end of a finished run (renamed from checkpoint.bin after DONE)
 *   levels/N05.bin    the model at the end of the epoch that solved level 5
 *   states/E0123.bin  full checkpoints at chosen epochs (levels solved, every 50th), the branch points of other runs
 *   branch.properties present if the run started from another run's state: that run and the epoch
 *   model.bin         final weights;  DONE  stop reason, epoch count, CRC32 of epochs.csv;  FAILED  the last error
 *   LOCK              held by the one process writing the run ({@link RunLock})
 * </pre>
 */
public final class RunDir {
    private static final String SPEC_SUM = "# sha256=";
    private final Path dir;

    private RunDir(Path dir) {
        this.dir = dir;
    }

    /** The run directory at {@code dir} (not created). */
    public static RunDir at(Path dir) {
        return new RunDir(Check.notNull("dir", dir));
    }

    public Path path() {
        return dir;
    }

    public String name() {
        return dir.getFileName().toString();
    }

    public Path spec() {
        return dir.resolve("spec.properties");
    }

    public Path runInfo() {
        return dir.resolve("run.properties");
    }

    public Path sessions() {
        return dir.resolve("sessions.csv");
    }

    public Path epochs() {
        return dir.resolve("epochs.csv");
    }

    public Path checkpoint() {
        return dir.resolve("checkpoint.bin");
    }

    /** The full state at the last epoch of a finished run (checkpoint.bin is renamed to it when DONE is written). */
    public Path finalState() {
        return dir.resolve("final-state.bin");
    }

    public Path model() {
        return dir.resolve("model.bin");
    }

    public Path done() {
        return dir.resolve("DONE");
    }

    public Path failed() {
        return dir.resolve("FAILED");
    }

    public Path branch() {
        return dir.resolve("branch.properties");
    }

    public Path level(int level) {
        return dir.resolve("levels").resolve(String.format("N%02d.bin", level));
    }

    public Path states() {
        return dir.resolve("states");
    }

    /** The full checkpoint saved after {@code epoch} epochs. */
    public Path state(int epoch) {
        return states().resolve(String.format("E%04d.bin", epoch));
    }

    /** Epoch counts with a saved state, ascending. */
    public List<Integer> stateEpochs() {
        if (!Files.isDirectory(states())) return List.of();
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(states())) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.matches("E\\d{4,}\\.bin")) out.add(Integer.parseInt(n.substring(1, n.length() - 4)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + states() + ": " + e, e);
        }
        out.sort(null);
        return out;
    }

    public boolean exists() {
        return Files.isDirectory(dir);
    }

    public boolean isDone() {
        return Files.exists(done());
    }

    // ------------------------------------------------------------------ spec

    /** Writes the spec with its checksum line, unless a spec is already there. */
    void writeSpecIfAbsent(RunSpec spec) throws IOException {
        if (Files.exists(spec())) return;
        AtomicFiles.writeString(spec(), specText(spec));
    }

    /** The text of spec.properties: the properties, then the checksum line. */
    static String specText(RunSpec spec) {
        String body = toText(spec.toProperties());
        return body + SPEC_SUM + sha256(body) + "\n";
    }

    /**
     * The stored spec's properties, checked against its checksum line (files of earlier kit versions have none).
     *
     * @throws RunStore.CorruptRunException naming the file if it is missing, empty, edited or not a spec
     */
    Map<String, String> readSpec() {
        return readSpec(true);
    }

    /** As {@link #readSpec()}; {@code verify = false} skips the checksum (to say which key differs from a wanted spec). */
    Map<String, String> readSpec(boolean verify) {
        String text;
        try {
            text = Files.readString(spec());
        } catch (NoSuchFileException e) {
            throw new RunStore.CorruptRunException(spec() + " is missing", e);
        } catch (IOException e) {
            throw new RunStore.CorruptRunException(spec() + " cannot be read: " + e, e);
        }
        int i = text.lastIndexOf(SPEC_SUM);
        if (i >= 0 && verify) {
            String body = text.substring(0, i);
            String want = text.substring(i + SPEC_SUM.length()).trim();
            if (!sha256(body).equals(want)) {
                throw new RunStore.CorruptRunException(spec() + " was edited or damaged after the run was created (its checksum line"
                        + " no longer matches). Restore it, or discard the run with `cbrnn store discard`.", null);
            }
            text = body;
        } else if (i >= 0) {
            text = text.substring(0, i);
        }
        Map<String, String> m = fromText(text);
        if (m.isEmpty()) throw new RunStore.CorruptRunException(spec() + " is empty", null);
        return m;
    }

    /** The stored spec, parsed and checked. */
    RunSpec readRunSpec() {
        Map<String, String> m = readSpec();
        try {
            return RunSpec.fromProperties(m);
        } catch (RuntimeException e) {
            throw new RunStore.CorruptRunException(spec() + " cannot be read as a run spec: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ table and DONE

    Optional<String> tableText() {
        try {
            return Files.exists(epochs()) ? Optional.of(Files.readString(epochs())) : Optional.empty();
        } catch (IOException e) {
            throw new RunStore.CorruptRunException(epochs() + " cannot be read: " + e, e);
        }
    }

    List<EpochRecord> parseTable(String text) {
        try {
            return EpochTables.fromCsv(text);
        } catch (IllegalArgumentException e) {
            throw new RunStore.CorruptRunException(epochs() + " is damaged: " + e.getMessage(), e);
        }
    }

    void writeTable(List<EpochRecord> records) throws IOException {
        AtomicFiles.writeString(epochs(), EpochTables.toCsv(records));
    }

    void writeDone(TrainingResult.StopReason stop, int epochs, String csv) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("stop", stop.name());
        m.put("epochs", Integer.toString(epochs));
        m.put("epochs.csv.crc32", Long.toHexString(crc(csv)));
        m.put("finished", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        AtomicFiles.writeString(done(), toText(m));
    }

    /** Checks the table against DONE's checksum; DONE files of the first store format hold only the stop reason. */
    TrainingResult.StopReason verifyDone(String csv) {
        String text;
        try {
            text = Files.readString(done());
        } catch (IOException e) {
            throw new RunStore.CorruptRunException(done() + " cannot be read: " + e, e);
        }
        try {
            if (!text.contains("=")) return TrainingResult.StopReason.valueOf(text.trim());
            Map<String, String> m = fromText(text);
            String want = m.get("epochs.csv.crc32");
            if (want == null || !want.equals(Long.toHexString(crc(csv)))) {
                throw new RunStore.CorruptRunException(epochs() + " does not match the checksum in " + done()
                        + " (edited, truncated or damaged after the run finished)", null);
            }
            return TrainingResult.StopReason.valueOf(m.get("stop"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RunStore.CorruptRunException(done() + " is damaged: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ sessions, failures, temporaries

    void appendSession(RunInfo info, int resumedAt) throws IOException {
        String old = Files.exists(sessions()) ? Files.readString(sessions()) : RunInfo.CSV_HEADER + "\n";
        AtomicFiles.writeString(sessions(), old + info.csvRow(resumedAt) + "\n");
    }

    /** Records the error and its whole cause chain; if even that cannot be written, the failure is attached to {@code error}. */
    void writeFailed(Throwable error) {
        StringWriter sw = new StringWriter();
        error.printStackTrace(new PrintWriter(sw));
        try {
            Files.createDirectories(dir);
            AtomicFiles.writeString(failed(), "failed=" + Instant.now() + "\n" + describe(error) + "\n" + sw);
        } catch (IOException e) {
            error.addSuppressed(new IOException("could not write " + failed() + ": " + e, e));
        }
    }

    /** The one-line reason of a FAILED file. */
    Optional<String> failedReason() {
        try {
            if (!Files.exists(failed())) return Optional.empty();
            return Optional.of(Files.readString(failed()).lines().skip(1).findFirst().orElse("unknown error"));
        } catch (IOException e) {
            return Optional.of("FAILED file unreadable: " + e);
        }
    }

    /** Temporary files of writes cut short by a crash; never read, removed for tidiness. */
    void removeStaleTemporaries() throws IOException {
        try (Stream<Path> s = Files.walk(dir, 2)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".") && p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** "Type: message; caused by Type: message; ..." for the whole cause chain. */
    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            // a cause whose message the text already holds (wrappers usually quote it) adds nothing
            if (sb.length() > 0 && c.getMessage() != null && sb.indexOf(c.getMessage()) >= 0) continue;
            if (sb.length() > 0) sb.append("; caused by ");
            sb.append(c.getClass().getSimpleName());
            if (c.getMessage() != null) sb.append(": ").append(c.getMessage());
            if (c.getCause() == c) break;
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ text helpers

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

    static long crc(String s) {
        CRC32 c = new CRC32();
        c.update(s.getBytes(StandardCharsets.UTF_8));
        return c.getValue();
    }

    static String sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
