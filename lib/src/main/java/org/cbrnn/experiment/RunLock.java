package org.cbrnn.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.cbrnn.util.Check;

/**
 * One writer per run directory, across threads, processes and machines that share a file system.
 *
 * <p>The lock is a file {@code LOCK} created with {@code O_EXCL} semantics ({@link Files#createFile}), holding the
 * holder's host, PID, process start time and a random token. While held, a daemon thread touches the file every
 * {@code heartbeat} (its modification time is the heartbeat). A lock is <em>stale</em>, and is taken over with a
 * message naming its holder, when:
 * <ul>
 *   <li>its host and kernel (boot id and PID namespace) are this process's and its process is gone (or the PID now
 *       belongs to a process started at another time),
 *       which is how a {@code kill -9} or a crash is detected at once;</li>
 *   <li>its host is another host and its heartbeat is older than {@code staleAfter} (a machine that died).</li>
 * </ul>
 * Take-over renames the stale file away first, so of two processes that find the same stale lock only one wins.
 * Otherwise {@link #acquire} throws {@link RunLockedException} naming the holder. {@link #close()} deletes the file
 * (if it is still ours); a JVM shutdown hook does the same on SIGTERM / Ctrl-C.
 */
public final class RunLock implements AutoCloseable {
    /** How often the holder refreshes its heartbeat. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** A lock of another host without a heartbeat for this long is stale. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(3);

    private final Path file;
    private final String token;
    private final ScheduledExecutorService beat;
    private final Thread hook;
    private volatile boolean lost;

    /** A run directory is locked by a live writer (or could not be locked); {@link #holder()} is null if unknown. */
    public static final class RunLockedException extends RuntimeException {
        private final Holder holder;

        public RunLockedException(String message, Holder holder) {
            super(message);
            this.holder = holder;
        }

        /** Who holds the lock, or {@code null} if unknown (the lock kept changing hands, or its file is unreadable). */
        public Holder holder() {
            return holder;
        }
    }

    /**
     * What a lock file says about its holder.
     *
     * @param host      host name
     * @param pid       process id
     * @param started   when the holding process started (null if unknown)
     * @param acquired  when the lock was taken
     * @param token     the holder's random token
     * @param heartbeat the file's modification time
     * @param machine   boot id and PID namespace of the holder's kernel ("" if unknown): the PID test applies only
     *                  where they equal this process's, since equal host names do not mean one PID space (containers)
     */
    public record Holder(String host, long pid, Instant started, Instant acquired, String token, Instant heartbeat, String machine) {
        public Holder {
            Check.notNull("host", host);
            Check.notNull("acquired", acquired);
            Check.notNull("token", token);
            Check.notNull("heartbeat", heartbeat);
            Check.notNull("machine", machine);
        }

        @Override
        public String toString() {
            return "host " + host + " pid " + pid + " (lock taken " + acquired + ", last heartbeat " + heartbeat + ")";
        }
    }

    private RunLock(Path file, String token, Duration heartbeat) {
        this.file = file;
        this.token = token;
        this.beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cbrnn-lock-heartbeat " + file.getParent().getFileName());
            t.setDaemon(true);
            return t;
        });
        long ms = heartbeat.toMillis();
        beat.scheduleAtFixedRate(this::touch, ms, ms, TimeUnit.MILLISECONDS);
        this.hook = new Thread(this::release, "cbrnn-lock-release");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Acquires the lock of {@code runDir} with the default heartbeat and staleness; {@code notices} gets take-over messages. */
    public static RunLock acquire(Path runDir, Consumer<String> notices) {
        Check.notNull("runDir", runDir);
        Check.notNull("notices", notices);
        return acquire(runDir, notices, HEARTBEAT, STALE_AFTER);
    }

    /**
     * Acquires the lock of {@code runDir} (created if missing).
     *
     * @throws RunLockedException if a live writer holds it
     * @throws UncheckedIOException naming the path if the lock file cannot be written
     */
    public static RunLock acquire(Path runDir, Consumer<String> notices, Duration heartbeat, Duration staleAfter) {
        Check.notNull("runDir", runDir);
        Check.notNull("notices", notices);
        Check.notNull("heartbeat", heartbeat);
        Check.notNull("staleAfter", staleAfter);
        Path file = runDir.resolve("LOCK");
        String token = UUID.randomUUID().toString();
        long giveUp = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < giveUp) {
            try {
                Files.createDirectories(runDir);
                Files.write(file, describe(token).getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new RunLock(file, token, heartbeat);
            } catch (FileAlreadyExistsException held) {
                Optional<Holder> h = read(file);
                Holder holder;
                String why;
                if (h.isPresent()) {
                    holder = h.get();
                    why = staleness(holder, staleAfter);
                } else {
                    // released just now, being written just now, or left empty by a crash between create and write
                    Instant mtime = mtime(file);
                    if (mtime == null || Duration.between(mtime, Instant.now()).toSeconds() < 5) {
                        pause();
                        continue;
                    }
                    holder = new Holder("?", -1, null, mtime, "unreadable", mtime, "");
                    why = "the lock file is empty or unreadable";
                }
                if (why == null) {
                    throw new RunLockedException(runDir.getFileName() + " is being written by " + holder + " (" + file
                            + "). Wait for it to finish; if that process is gone, its lock becomes stale "
                            + (holder.host().equals(thisHost()) && holder.machine().equals(thisMachine()) ? "at once" : "after " + staleAfter.toMinutes() + " min without heartbeat")
                            + ", or run `cbrnn store check`.", holder);
                }
                Path aside = runDir.resolve(".LOCK.stale." + holder.token() + ".tmp");
                try {
                    Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
                    Optional<Holder> moved = read(aside);
                    if (moved.isPresent() && !moved.get().token().equals(holder.token())) {
                        // another contender replaced the stale lock with its own between our read and our move: give it
                        // back (if a third process got in meanwhile, the one whose lock is gone stops at its next check)
                        try {
                            Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE);
                        } catch (IOException taken) {
                            Files.deleteIfExists(aside);
                        }
                        pause();
                        continue;
                    }
                    Files.deleteIfExists(aside);
                    notices.accept(runDir.getFileName() + ": removed the stale lock of " + holder + ": " + why);
                } catch (NoSuchFileException | FileAlreadyExistsException raced) {
                    // another process took it over first: loop and look again
                } catch (AtomicMoveNotSupportedException e) {
                    throw new UncheckedIOException("cannot take over the stale lock " + file + ": the file system has no atomic rename", e);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot take over the stale lock " + file + ": " + e, e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the lock " + file + ": " + e, e);
            }
        }
        throw new RunLockedException(runDir.getFileName() + ": the lock " + file + " kept changing hands; try again", null);
    }

    /** The holder of a directory's lock, if it is locked. */
    public static Optional<Holder> holder(Path runDir) {
        Check.notNull("runDir", runDir);
        return read(runDir.resolve("LOCK"));
    }

    /** Why a held lock is stale, or null if its holder is alive. */
    static String staleness(Holder h, Duration staleAfter) {
        if (h.host().equals(thisHost()) && !h.machine().isEmpty() && h.machine().equals(thisMachine())) {
            Optional<ProcessHandle> p = ProcessHandle.of(h.pid());
            if (p.isEmpty() || !p.get().isAlive()) return "process " + h.pid() + " is not running";
            Optional<Instant> st = p.get().info().startInstant();
            if (h.started() != null && st.isPresent() && Math.abs(Duration.between(st.get(), h.started()).toSeconds()) > 2) {
                return "pid " + h.pid() + " now belongs to a process started at " + st.get();
            }
            return null;
        }
        Duration age = Duration.between(h.heartbeat(), Instant.now());
        return age.compareTo(staleAfter) > 0 ? "no heartbeat for " + age.toSeconds() + " s" : null;
    }

    /** True if another process took the lock over (our heartbeat stopped long enough to look dead): stop writing. */
    public boolean lost() {
        return lost;
    }

    /** Throws if the lock was taken over, so a writer that lost it never writes again. */
    public void ensureHeld() {
        check();
        if (lost) throw new RunLockedException(file.getParent().getFileName() + ": this process lost its lock " + file
                + " to another writer; stopping without writing", read(file).orElse(null));
    }

    /** Marks the lock lost if its file is gone or names another holder; an unreadable file (a transient error) is not proof. */
    private boolean check() {
        if (lost) return false;
        if (!Files.exists(file)) {
            lost = true;
            return false;
        }
        Optional<Holder> h = read(file);
        if (h.isPresent() && !h.get().token().equals(token)) lost = true;
        return !lost;
    }

    private void touch() {
        if (!check()) return;
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // a missed heartbeat only matters after STALE_AFTER; the next one retries
        }
    }

    private synchronized void release() {
        // first: a writer still running (SIGTERM reaches the hook while training goes on) stops at its next check
        boolean wasHeld = !lost;
        lost = true;
        beat.shutdownNow();
        if (!wasHeld) return;
        Optional<Holder> h = read(file);
        if (h.isPresent() && h.get().token().equals(token)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // left behind: detected as stale by the next writer, since this process is ending or done with it
            }
        }
    }

    @Override
    public void close() {
        release();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private static String describe(String token) {
        ProcessHandle me = ProcessHandle.current();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("host", thisHost());
        m.put("pid", Long.toString(me.pid()));
        m.put("started", me.info().startInstant().map(Instant::toString).orElse(""));
        m.put("acquired", Instant.now().toString());
        m.put("token", token);
        m.put("machine", thisMachine());
        return RunDir.toText(m);
    }

    private static Optional<Holder> read(Path file) {
        try {
            String text = Files.readString(file);
            Map<String, String> m = RunDir.fromText(text);
            if (!m.containsKey("token") || !m.containsKey("pid")) return Optional.empty();
            String st = m.getOrDefault("started", "");
            return Optional.of(new Holder(m.getOrDefault("host", "?"), Long.parseLong(m.get("pid")), st.isEmpty() ? null : Instant.parse(st),
                    Instant.parse(m.get("acquired")), m.get("token"), Files.getLastModifiedTime(file).toInstant(), m.getOrDefault("machine", "")));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Instant mtime(Path f) {
        try {
            return Files.getLastModifiedTime(f).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunLockedException("interrupted while waiting for a lock", null);
        }
    }

    /** The boot id and PID namespace of this kernel (Linux), or "" elsewhere. */
    static String thisMachine() {
        try {
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
            String ns = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            return boot + "/" + ns;
        } catch (IOException | RuntimeException | Error e) {
            return "";
        }
    }

    static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
    }
}
