package org.cbrnn.kernel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Expands classpath specs: plain paths, {@code dir/*} (every jar in dir, as {@code java -cp} does), and globs
 * ({@code *}, {@code ?}, {@code [..]}, <code>{a,b}</code>, {@code **} across directories). {@code ~} means the home
 * directory; relative paths are resolved against a base directory (the kernel's working directory: the
 * notebook's).
 */
public final class ClasspathGlobs {
    private ClasspathGlobs() {
    }

    /** Matches of one spec, sorted. {@code jarsOnly}: keep only regular files ending in .jar. */
    public static List<Path> expand(String spec, Path base, boolean jarsOnly) {
        String s = spec.strip();
        if (s.equals("~")) s = System.getProperty("user.home");
        else if (s.startsWith("~/")) s = System.getProperty("user.home") + s.substring(1);
        if (s.isEmpty()) return List.of();
        if (!hasGlob(s)) {
            Path p = base.resolve(s).toAbsolutePath().normalize();
            if (!Files.exists(p)) return List.of();
            if (jarsOnly && !isJar(p)) return Files.isDirectory(p) ? jarsIn(p) : List.of();
            return List.of(p);
        }
        if ((s.endsWith("/*") || s.endsWith(File.separator + "*")) && !hasGlob(s.substring(0, s.length() - 2))) {
            Path dir = base.resolve(s.substring(0, s.length() - 2)).toAbsolutePath().normalize();
            return jarsIn(dir);
        }
        // split into a literal directory prefix and a glob remainder
        String norm = s.replace(File.separatorChar, '/');
        String[] parts = norm.split("/", -1);
        int firstGlob = 0;
        while (firstGlob < parts.length && !hasGlob(parts[firstGlob])) firstGlob++;
        String prefix = String.join("/", java.util.Arrays.copyOfRange(parts, 0, firstGlob));
        Path root;
        if (prefix.isEmpty()) root = norm.startsWith("/") ? Paths.get("/") : base;
        else root = base.resolve(prefix);
        root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) return List.of();
        String rest = String.join("/", java.util.Arrays.copyOfRange(parts, firstGlob, parts.length));
        boolean deep = rest.contains("**");
        int depth = deep ? Integer.MAX_VALUE : parts.length - firstGlob;
        String rootText = root.toString().replace(File.separatorChar, '/');
        String pattern = escapeGlob(rootText.endsWith("/") ? rootText : rootText + "/") + rest;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        // "a/**/b" should also match "a/b" (zero directories), as in most shells and build tools
        PathMatcher flat = FileSystems.getDefault().getPathMatcher("glob:" + pattern.replace("**/", ""));
        try (Stream<Path> walk = Files.walk(root, depth)) {
            return walk.filter(p -> matcher.matches(p) || flat.matches(p))
                    .filter(p -> !jarsOnly || isJar(p))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every spec of a path-separator list (as in {@code IJAVA_CLASSPATH}), expanded; specs that match nothing are skipped. */
    public static List<Path> expandList(String list, Path base) {
        List<Path> out = new ArrayList<>();
        if (list == null) return out;
        for (String spec : list.split(File.pathSeparator)) {
            if (spec.isBlank()) continue;
            for (Path p : expand(spec, base, false)) if (!out.contains(p)) out.add(p);
        }
        return out;
    }

    static boolean hasGlob(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') return true;
        }
        return false;
    }

    private static String escapeGlob(String literal) {
        StringBuilder b = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if ("*?[]{}\\,".indexOf(c) >= 0) b.append('\\');
            b.append(c);
        }
        return b.toString();
    }

    private static boolean isJar(Path p) {
        return Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
    }

    private static List<Path> jarsIn(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(ClasspathGlobs::isJar).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
