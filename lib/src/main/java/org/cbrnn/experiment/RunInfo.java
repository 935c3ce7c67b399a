package org.cbrnn.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.cbrnn.engine.fast.Kernels;
import org.cbrnn.util.Check;

/**
 * Where and with what a stretch of a run was computed: the kit's version and commit, the JVM, the machine and the
 * engine. The run store writes one per session of a run ({@code run.properties} for the first, a row of
 * {@code sessions.csv} for every session), so a result table can always be traced back to the code that made it.
 *
 * @param version  the kit's Maven version ({@code unknown} when running from classes without the filtered resource)
 * @param commit   the git commit the launcher passed in {@code -Dcbrnn.commit} ({@code unknown} otherwise; a
 *                 {@code -dirty} suffix means uncommitted changes)
 */
public record RunInfo(String version, String commit, String java, String os, int cpus, String host, String kernels,
                      String engine, String started) {
    public RunInfo {
        Check.notNull("version", version);
        Check.notNull("commit", commit);
        Check.notNull("java", java);
        Check.notNull("os", os);
        Check.notNull("host", host);
        Check.notNull("kernels", kernels);
        Check.notNull("engine", engine);
        Check.notNull("started", started);
    }


    /** The facts of this JVM, for a run computed with {@code engineName}. */
    public static RunInfo current(String engineName) {
        Check.notNull("engineName", engineName);
        return new RunInfo(kitVersion(), System.getProperty("cbrnn.commit", "unknown"),
                System.getProperty("java.vendor", "?") + " " + System.getProperty("java.version", "?"),
                System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?") + " " + System.getProperty("os.arch", "?"),
                Runtime.getRuntime().availableProcessors(), hostName(), Kernels.describe(), engineName,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** The kit's version from the Maven-filtered {@code org/cbrnn/version.properties}. */
    public static String kitVersion() {
        try (InputStream in = RunInfo.class.getResourceAsStream("/org/cbrnn/version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            return Files.readString(Path.of("/etc/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    public Map<String, String> toProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("commit", commit);
        m.put("java", java);
        m.put("os", os);
        m.put("cpus", Integer.toString(cpus));
        m.put("host", host);
        m.put("kernels", kernels);
        m.put("engine", engine);
        m.put("started", started);
        return m;
    }

    static final String CSV_HEADER = "started,resumedAtEpoch,version,commit,engine,kernels,cpus,host,java,os";

    /** A {@code sessions.csv} row; commas inside values are replaced so the row stays parseable. */
    String csvRow(int resumedAtEpoch) {
        return String.join(",", clean(started), Integer.toString(resumedAtEpoch), clean(version), clean(commit), clean(engine),
                clean(kernels), Integer.toString(cpus), clean(host), clean(java), clean(os));
    }

    static String clean(String s) {
        return s.replace(',', ';').replace('\n', ' ');
    }
}
