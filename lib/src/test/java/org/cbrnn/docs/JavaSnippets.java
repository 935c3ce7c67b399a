package org.cbrnn.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The {@code ```java} blocks of a Markdown file, compiled against the test class path so that documentation cannot
 * drift from the API.
 *
 * <p>How a block becomes a compilation unit:
 * <ul>
 *   <li>Leading {@code import} lines of the block (several may share a line) become the unit's imports; a block should
 *       carry the imports a reader needs to paste it.</li>
 *   <li>A block that declares a top-level type ({@code class}, {@code interface}, {@code record}, {@code enum}) is
 *       compiled as it is.</li>
 *   <li>Any other block is the body of {@code static void snippet() throws Exception} in a class of its own.</li>
 *   <li>A fragment that needs surroundings (variables it uses, an enclosing class) is preceded by an HTML comment,
 *       invisible on rendered pages, whose first line starts with {@code <!-- snippet-context} and whose other lines
 *       are Java with the marker {@code /* snippet *}{@code /} where the block goes. The comment's {@code import} lines
 *       come first in the unit, then the block's.</li>
 * </ul>
 * Each block is compiled alone, so one broken block cannot hide or cause another's error. Errors are reported at the
 * Markdown line they come from.
 */
public final class JavaSnippets {
    private static final String CONTEXT_START = "<!-- snippet-context";
    private static final String MARKER = "/* snippet */";
    private static final Pattern TYPE_DECLARATION =
            Pattern.compile("^(public\\s+|abstract\\s+|final\\s+|sealed\\s+)*(class|interface|record|enum)\\s+\\w+.*");
    /** A public top-level type, whose name the source file must carry. */
    private static final Pattern PUBLIC_TYPE =
            Pattern.compile("^public\\s+(abstract\\s+|final\\s+|sealed\\s+)*(class|interface|record|enum)\\s+(\\w+).*");

    private JavaSnippets() {}

    /**
     * One {@code ```java} block.
     *
     * @param file      the Markdown file, for messages
     * @param fenceLine 1-based line of the opening fence
     * @param lines     the block's lines
     * @param context   the snippet-context template lines (empty when there is none)
     */
    public record Snippet(Path file, int fenceLine, List<String> lines, List<String> context) {
        /** {@code README.md:60}, for test names and messages. */
        public String where() {
            return file.getFileName() + ":" + fenceLine;
        }

        /** The block's first non-blank line, trimmed, for test names. */
        public String firstLine() {
            return lines.stream().map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse("");
        }
    }

    /** A line of a generated compilation unit and the Markdown line it came from (0 for generated lines). */
    private record UnitLine(String text, int markdownLine) {}

    /** The {@code ```java} blocks of {@code markdown}, in order. */
    public static List<Snippet> extract(Path markdown) {
        List<String> md;
        try {
            md = Files.readAllLines(markdown, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + markdown, e);
        }
        List<Snippet> out = new ArrayList<>();
        for (int i = 0; i < md.size(); i++) {
            if (!md.get(i).trim().equals("```java")) continue;
            int start = i;
            List<String> body = new ArrayList<>();
            for (i = i + 1; i < md.size() && !md.get(i).trim().equals("```"); i++) body.add(md.get(i));
            if (i >= md.size()) throw new IllegalArgumentException(markdown.getFileName() + ":" + (start + 1) + ": unclosed ```java block");
            out.add(new Snippet(markdown, start + 1, List.copyOf(body), contextBefore(md, start)));
        }
        return out;
    }

    /** The template of a snippet-context comment that ends on the last non-blank line before {@code fence}, if any. */
    private static List<String> contextBefore(List<String> md, int fence) {
        int end = fence - 1;
        while (end >= 0 && md.get(end).isBlank()) end--;
        if (end < 0 || !md.get(end).trim().endsWith("-->")) return List.of();
        int begin = end;
        while (begin >= 0 && !md.get(begin).contains("<!--")) begin--;
        if (begin < 0 || !md.get(begin).trim().startsWith(CONTEXT_START)) return List.of();
        List<String> template = new ArrayList<>(md.subList(begin + 1, end + 1));
        String last = template.get(template.size() - 1);
        template.set(template.size() - 1, last.substring(0, last.lastIndexOf("-->")));
        if (template.stream().noneMatch(l -> l.contains(MARKER))) {
            throw new IllegalArgumentException(md.get(begin) + " (line " + (begin + 1) + ") has no " + MARKER + " marker");
        }
        return List.copyOf(template);
    }

    /**
     * The compilation unit of a snippet, as source text; {@code className} names the wrapper class when the snippet is
     * a method body.
     */
    public static String unit(Snippet s, String className) {
        return String.join("\n", unitLines(s, className).stream().map(UnitLine::text).toList()) + "\n";
    }

    private static List<UnitLine> unitLines(Snippet s, String className) {
        List<UnitLine> imports = new ArrayList<>(), body = new ArrayList<>();
        boolean inImports = true;
        for (int k = 0; k < s.lines().size(); k++) {
            String l = s.lines().get(k);
            int mdLine = s.fenceLine() + 1 + k;
            boolean isImport = l.trim().startsWith("import ");
            if (inImports && (isImport || l.isBlank())) {
                if (isImport) imports.add(new UnitLine(l, mdLine));
            } else {
                inImports = false;
                body.add(new UnitLine(l, mdLine));
            }
        }
        List<UnitLine> unit = new ArrayList<>();
        if (!s.context().isEmpty()) {
            for (String l : s.context()) if (l.trim().startsWith("import ")) unit.add(new UnitLine(l, 0));
            unit.addAll(imports);
            for (String l : s.context()) {
                if (l.trim().startsWith("import ")) continue;
                int m = l.indexOf(MARKER);
                if (m < 0) {
                    unit.add(new UnitLine(l, 0));
                } else {
                    unit.add(new UnitLine(l.substring(0, m), 0));
                    unit.addAll(body);
                    unit.add(new UnitLine(l.substring(m + MARKER.length()), 0));
                }
            }
            return unit;
        }
        unit.addAll(imports);
        boolean declaresType = body.stream().anyMatch(l -> TYPE_DECLARATION.matcher(l.text()).matches());
        if (declaresType) {
            unit.addAll(body);
        } else {
            unit.add(new UnitLine("class " + className + " {", 0));
            unit.add(new UnitLine("    static void snippet() throws Exception {", 0));
            unit.addAll(body);
            unit.add(new UnitLine("    }", 0));
            unit.add(new UnitLine("}", 0));
        }
        return unit;
    }

    /**
     * Compiles {@code s} against {@link #testClassPath()}.
     *
     * @return the errors, one per line as {@code README.md:63: message}; empty if the snippet compiles
     */
    public static List<String> compile(Snippet s) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("no system Java compiler: the tests must run on a JDK, not a JRE");
        String className = "Snippet_" + s.file().getFileName().toString().replaceAll("\\W", "_") + "_" + s.fenceLine();
        List<UnitLine> lines = unitLines(s, className);
        String source = String.join("\n", lines.stream().map(UnitLine::text).toList()) + "\n";
        String fileName = lines.stream().map(l -> PUBLIC_TYPE.matcher(l.text()))
                .filter(java.util.regex.Matcher::matches).map(m -> m.group(3)).findFirst().orElse(className);
        Path out;
        try {
            out = Files.createTempDirectory("snippet");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + fileName + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            List<String> options = List.of("-classpath", testClassPath(), "-d", out.toString(), "-proc:none", "-encoding", "UTF-8");
            javac.getTask(null, fm, diagnostics, options, null, List.of(file)).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(out);
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) continue;
            long unitLine = d.getLineNumber();
            int mdLine = unitLine >= 1 && unitLine <= lines.size() ? lines.get((int) unitLine - 1).markdownLine() : 0;
            String at = mdLine > 0 ? s.file().getFileName() + ":" + mdLine : s.where() + " (generated wrapper line " + unitLine + ")";
            errors.add(at + ": " + d.getMessage(Locale.ROOT));
        }
        return errors;
    }

    /**
     * The class path the tests run with. Surefire may start the JVM from a manifest-only jar; it then publishes the
     * real test class path in {@code java.class.path} (or {@code surefire.test.class.path}).
     */
    public static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) cp = System.getProperty("java.class.path");
        return cp;
    }

    /**
     * A file of the source checkout, {@code relative} to its root: the nearest directory at or above the working
     * directory (a module's, under Maven) that holds {@code lib/pom.xml}.
     */
    public static Path repositoryFile(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("lib/pom.xml"))) return d.resolve(relative);
        }
        throw new IllegalStateException("no source checkout (a directory with lib/pom.xml) at or above " + Path.of("").toAbsolutePath());
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
