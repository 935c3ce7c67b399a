package org.cbrnn.kernel;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code %maven group:artifact:version}: resolves artifacts and their runtime dependencies by running the
 * {@code mvn} command on a generated POM ({@code dependency:copy-dependencies}) into a cache directory.
 */
public final class MavenResolver {
    static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1";
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final long TIMEOUT_MINUTES = 15;

    /** {@code group:artifact[:type[:classifier]]:version}. */
    public record Coordinate(String groupId, String artifactId, String type, String classifier, String version) {
        public static Coordinate parse(String text) throws MagicException {
            String[] p = text.strip().split(":", -1);
            Coordinate c;
            switch (p.length) {
                case 3 -> c = new Coordinate(p[0], p[1], "jar", null, p[2]);
                case 4 -> c = new Coordinate(p[0], p[1], p[2], null, p[3]);
                case 5 -> c = new Coordinate(p[0], p[1], p[2], p[3], p[4]);
                default -> throw new MagicException("%maven: '" + text
                        + "' is not a Maven coordinate (group:artifact:version or group:artifact:type[:classifier]:version)");
            }
            for (String part : p) {
                if (!PART.matcher(part).matches()) {
                    throw new MagicException("%maven: '" + text + "' is not a Maven coordinate (bad part '" + part + "')");
                }
            }
            return c;
        }

        @Override
        public String toString() {
            return groupId + ":" + artifactId + (type.equals("jar") && classifier == null ? "" : ":" + type)
                    + (classifier == null ? "" : ":" + classifier) + ":" + version;
        }
    }

    /** An extra repository ({@code %mavenRepo id url}). */
    public record Repository(String id, String url) {
    }

    private final Path cacheRoot;
    private final String mvnCommand;
    private final List<Repository> repositories = new ArrayList<>();
    private volatile Process running;

    /**
     * @param cacheRoot  where resolved jars are kept, one directory per request
     * @param mvnCommand the Maven executable: a name looked up on PATH, or a path
     */
    public MavenResolver(Path cacheRoot, String mvnCommand) {
        this.cacheRoot = cacheRoot;
        this.mvnCommand = mvnCommand;
    }

    /** Cache under {@code $CBRNN_KERNEL_CACHE} or {@code ~/.cache/cbrnn-kernel}; {@code $IJAVA_MVN} or mvn. */
    public static MavenResolver fromEnvironment() {
        String cache = System.getenv("CBRNN_KERNEL_CACHE");
        Path root = cache != null && !cache.isBlank() ? Paths.get(cache)
                : Paths.get(System.getProperty("user.home"), ".cache", "cbrnn-kernel");
        String mvn = System.getenv("IJAVA_MVN");
        return new MavenResolver(root.resolve("maven"), mvn != null && !mvn.isBlank() ? mvn : "mvn");
    }

    public void addRepository(String id, String url) throws MagicException {
        if (!PART.matcher(id).matches() || !url.matches("(?i)(https?|file)://\\S+")) {
            throw new MagicException("%mavenRepo: expected an id and an http(s) or file URL, got '" + id + "' '" + url + "'");
        }
        repositories.removeIf(r -> r.id().equals(id));
        repositories.add(new Repository(id, url));
    }

    /** The POM whose runtime dependencies are the requested artifacts. */
    public String pom(List<Coordinate> coords) {
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n")
                .append("  <modelVersion>4.0.0</modelVersion>\n")
                .append("  <groupId>org.cbrnn.kernel.magic</groupId>\n")
                .append("  <artifactId>maven-magic</artifactId>\n")
                .append("  <version>1</version>\n")
                .append("  <packaging>pom</packaging>\n")
                .append("  <dependencies>\n");
        for (Coordinate c : coords) {
            b.append("    <dependency>\n")
                    .append("      <groupId>").append(c.groupId()).append("</groupId>\n")
                    .append("      <artifactId>").append(c.artifactId()).append("</artifactId>\n")
                    .append("      <version>").append(c.version()).append("</version>\n");
            if (!c.type().equals("jar")) b.append("      <type>").append(c.type()).append("</type>\n");
            if (c.classifier() != null) b.append("      <classifier>").append(c.classifier()).append("</classifier>\n");
            b.append("    </dependency>\n");
        }
        b.append("  </dependencies>\n");
        if (!repositories.isEmpty()) {
            b.append("  <repositories>\n");
            for (Repository r : repositories) {
                b.append("    <repository><id>").append(r.id()).append("</id><url>")
                        .append(r.url().replace("&", "&amp;").replace("<", "&lt;")).append("</url></repository>\n");
            }
            b.append("  </repositories>\n");
        }
        b.append("</project>\n");
        return b.toString();
    }

    /** Resolves the coordinates (and their runtime dependencies); returns the jars, from the cache when possible. */
    public List<Path> resolve(List<Coordinate> coords) throws MagicException, InterruptedException {
        String what = coords.stream().map(Coordinate::toString).collect(Collectors.joining(" "));
        String pom = pom(coords);
        Path dir = cacheRoot.resolve(sha1(pom).substring(0, 16));
        Path done = dir.resolve(".resolved");
        Path jars = dir.resolve("jars");
        if (!Files.exists(done)) {
            String mvn = findExecutable(mvnCommand);
            if (mvn == null) {
                throw new MagicException("%maven " + what + ": cannot resolve, the '" + mvnCommand
                        + "' command was not found (install Maven, or set IJAVA_MVN to its path)");
            }
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("pom.xml"), pom);
                deleteJars(jars);
                List<String> cmd = List.of(mvn, "-B", "-q", "-f", dir.resolve("pom.xml").toString(),
                        DEPENDENCY_PLUGIN + ":copy-dependencies", "-DincludeScope=runtime",
                        "-DoutputDirectory=" + jars);
                ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
                Process p = pb.start();
                running = p;
                byte[] log;
                try (InputStream in = p.getInputStream()) {
                    log = in.readAllBytes();
                }
                if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new MagicException("%maven " + what + ": mvn did not finish in " + TIMEOUT_MINUTES + " minutes");
                }
                if (p.exitValue() != 0) {
                    throw new MagicException("%maven " + what + ": resolution failed (mvn exit " + p.exitValue() + ")\n"
                            + tail(new String(log, StandardCharsets.UTF_8), 25));
                }
                Files.writeString(done, what + "\n");
            } catch (IOException e) {
                throw new MagicException("%maven " + what + ": could not run mvn: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Process p = running;
                if (p != null) p.destroyForcibly();
                throw e;
            } finally {
                running = null;
            }
        }
        if (!Files.isDirectory(jars)) return List.of();
        try (Stream<Path> list = Files.list(jars)) {
            return list.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar"))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new MagicException("%maven " + what + ": cannot list " + jars + ": " + e.getMessage(), e);
        }
    }

    /** Kills a running mvn (the kernel's interrupt). */
    public void cancel() {
        Process p = running;
        if (p != null) p.destroyForcibly();
    }

    private static void deleteJars(Path jars) throws IOException {
        if (!Files.isDirectory(jars)) return;
        try (Stream<Path> list = Files.list(jars)) {
            for (Path f : list.collect(Collectors.toList())) Files.deleteIfExists(f);
        }
    }

    static String findExecutable(String command) {
        if (command.contains(File.separator)) {
            Path p = Paths.get(command);
            return Files.isExecutable(p) ? p.toString() : null;
        }
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) continue;
            Path p = Paths.get(dir, command);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) return p.toString();
        }
        return null;
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().collect(Collectors.toList());
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
