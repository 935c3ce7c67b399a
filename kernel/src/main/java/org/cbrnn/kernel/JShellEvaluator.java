package org.cbrnn.kernel;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import org.cbrnn.kernel.exec.KernelExecutionControl;
import org.cbrnn.kernel.exec.KernelExecutionProvider;

import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A JShell session with local execution: snippets run inside this JVM, and a cell's last expression comes back as
 * the real object. Usable without Jupyter (the unit tests drive it directly).
 */
public final class JShellEvaluator implements AutoCloseable {
    /** The imports the jshell tool starts with; IJava notebooks rely on them. */
    public static final List<String> DEFAULT_IMPORTS = List.of(
            "java.io.*", "java.math.*", "java.net.*", "java.nio.file.*", "java.util.*", "java.util.concurrent.*",
            "java.util.function.*", "java.util.prefs.*", "java.util.regex.*", "java.util.stream.*");

    private static final int MAX_FRAMES = 30;
    private static final int MAX_CAUSES = 5;

    /** A completion answer: replace code[start, end) with one of the options. */
    public record Completion(List<String> options, int start, int end) {
    }

    private final KernelExecutionProvider provider;
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final KernelExecutionControl control;
    private final Set<String> classpath = new LinkedHashSet<>();
    private volatile PrintStream notes = System.err;
    /** Snippet id -> 0-based line in the current cell where the snippet starts (for readable stack traces). */
    private final Map<String, Integer> snippetLines = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param compilerOptions options for JShell's compiler (e.g. {@code --add-modules=jdk.incubator.vector})
     * @param anchors         classes whose jars/directories must be on the cells' compile class path (besides
     *                        {@code java.class.path}); the kernel passes its runtime, the base kernel, XChart and
     *                        Tablesaw
     */
    public JShellEvaluator(List<String> compilerOptions, List<Class<?>> anchors) {
        this.provider = new KernelExecutionProvider(JShellEvaluator.class.getClassLoader());
        this.shell = JShell.builder()
                .executionEngine(provider, Map.of())
                .compilerOptions(compilerOptions.toArray(String[]::new))
                .build();
        this.analysis = shell.sourceCodeAnalysis();
        this.control = provider.control();
        if (control == null) throw new IllegalStateException("JShell did not start the local execution engine");

        Set<String> compilePath = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) compilePath.add(e);
        }
        for (Class<?> c : anchors) {
            String loc = codeLocation(c);
            if (loc != null) compilePath.add(loc);
        }
        for (String e : compilePath) shell.addToClasspath(e);
        for (String imp : DEFAULT_IMPORTS) shell.eval("import " + imp + ";");
    }

    private static String codeLocation(Class<?> c) {
        try {
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            if (cs == null || cs.getLocation() == null) return null;
            Path p = Paths.get(cs.getLocation().toURI());
            return Files.exists(p) ? p.toString() : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** Where notes (e.g. "declared, but needs X") go; the kernel points this at the cell's stderr. */
    public void setNotes(PrintStream notes) {
        this.notes = notes;
    }

    /** Adds jars or directories (a path-separator list) to the cells' compile and run class path. */
    public void addToClasspath(String path) {
        for (String e : path.split(File.pathSeparator)) {
            if (!e.isBlank() && classpath.add(e)) shell.addToClasspath(e);
        }
    }

    /** Entries added with {@link #addToClasspath(String)}, in order. */
    public List<String> classpath() {
        return List.copyOf(classpath);
    }

    /** The class loader cells run in. */
    public ClassLoader classLoader() {
        return control.classLoader();
    }

    /** Called at the start of every cell: forgets an interrupt that arrived while nothing ran. */
    public void beginCell() {
        control.resetStop();
        snippetLines.clear();
    }

    /** Stops the running cell: interrupts its thread, then stops the thread if it does not return. */
    public void interrupt() {
        shell.stop(); // reaches KernelExecutionControl.stop()
    }

    public boolean isInterrupted() {
        return control.isStopRequested();
    }

    /** Evaluates a whole string. See {@link #eval(String, int, int)}. */
    public Object eval(String code) throws CompilationException, EvaluationException, CellInterruptedException {
        return eval(code, 0, code.length());
    }

    /**
     * Evaluates {@code cell[from, to)} snippet by snippet. Returns the value of the last snippet if that snippet is an
     * expression, else null. Positions in compile errors are reported as line/column of {@code cell}.
     */
    public Object eval(String cell, int from, int to)
            throws CompilationException, EvaluationException, CellInterruptedException {
        Object last = null;
        int pos = from;
        while (pos < to) {
            String remaining = cell.substring(pos, to);
            if (remaining.isBlank()) break;
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) break;
            String source;
            int consumed;
            if (completeness.isComplete() && info.source() != null) {
                source = info.source();
                consumed = remaining.length() - info.remaining().length();
            } else {
                // incomplete or unparsable: hand the rest to JShell, which reports it as a compile error
                source = remaining;
                consumed = remaining.length();
            }
            int start = pos + leadingOffset(remaining, source);
            pos += Math.max(consumed, 1);
            last = evalSnippet(source, cell, start);
        }
        return last;
    }

    private static int leadingOffset(String remaining, String source) {
        String head = source.strip();
        head = head.substring(0, Math.min(head.length(), 40));
        int at = head.isEmpty() ? -1 : remaining.indexOf(head);
        if (at >= 0) {
            int lead = source.indexOf(head);
            return Math.max(0, at - Math.max(lead, 0));
        }
        int i = 0;
        while (i < remaining.length() && Character.isWhitespace(remaining.charAt(i))) i++;
        return i;
    }

    private Object evalSnippet(String source, String cell, int start)
            throws CompilationException, EvaluationException, CellInterruptedException {
        if (control.isStopRequested()) throw new CellInterruptedException();
        List<SnippetEvent> events;
        try {
            events = shell.eval(source);
        } finally {
            if (control.isStopRequested()) control.clearResults();
        }
        if (control.isStopRequested()) throw new CellInterruptedException();
        Object value = null;
        // runtime line numbers count from the snippet's first non-blank character (diagnostics count from start)
        int firstCode = start;
        while (firstCode < cell.length() && Character.isWhitespace(cell.charAt(firstCode))) firstCode++;
        int startLine = (int) cell.substring(0, firstCode).chars().filter(ch -> ch == '\n').count();
        for (SnippetEvent event : events) {
            if (event.causeSnippet() == null) snippetLines.put(event.snippet().id(), startLine);
        }
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) continue;
            Snippet snippet = event.snippet();
            JShellException ex = event.exception();
            if (ex != null) throw toEvaluationException(ex, snippetLines);
            if (event.status() == Snippet.Status.REJECTED) throw compilationError(snippet, cell, start);
            if (snippet instanceof DeclarationSnippet decl
                    && (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED)) {
                String missing = shell.unresolvedDependencies(decl).collect(Collectors.joining(", "));
                if (!missing.isEmpty()) {
                    notes.println("Note: " + decl.name() + " is declared, but cannot be used until " + missing
                            + " is declared.");
                }
            }
            Object v = control.takeResult(event.value());
            value = isExpression(snippet) ? v : null;
        }
        control.clearResults();
        return value;
    }

    private static boolean isExpression(Snippet s) {
        return s instanceof ExpressionSnippet
                || (s instanceof VarSnippet && s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
    }

    private CompilationException compilationError(Snippet snippet, String cell, int start) {
        List<Diag> diags = shell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            long p = d.getStartPosition() >= 0 ? d.getStartPosition() : d.getPosition();
            long e = Math.max(d.getEndPosition(), p + 1);
            int abs = (int) Math.min(cell.length(), start + Math.max(p, 0));
            int absEnd = (int) Math.min(cell.length(), start + e);
            int lineStart = cell.lastIndexOf('\n', abs - 1) + 1;
            int lineEnd = cell.indexOf('\n', abs);
            if (lineEnd < 0) lineEnd = cell.length();
            int line = 1 + (int) cell.substring(0, lineStart).chars().filter(ch -> ch == '\n').count();
            int col = abs - lineStart + 1;
            String msg = d.getMessage(Locale.ROOT);
            String header = "line " + line + ", column " + col + ": " + msg.lines().findFirst().orElse("");
            if (first == null) first = header;
            lines.add(header);
            msg.lines().skip(1).forEach(l -> lines.add("    " + l.strip()));
            String srcLine = cell.substring(lineStart, lineEnd);
            lines.add("    " + srcLine);
            int caretEnd = Math.max(Math.min(absEnd, lineEnd), abs + 1);
            lines.add("    " + " ".repeat(abs - lineStart) + "^".repeat(Math.max(1, caretEnd - abs)));
        }
        if (first == null) {
            first = "the snippet was rejected: " + snippet.source().strip();
            lines.add(first);
        }
        return new CompilationException(first, lines);
    }

    static EvaluationException toEvaluationException(JShellException ex, Map<String, Integer> snippetLines) {
        if (ex instanceof UnresolvedReferenceException ure) {
            String name = ure.getSnippet().name();
            String msg = "'" + name + "' cannot be used until its missing dependencies are declared";
            return new EvaluationException("UnresolvedReferenceException", msg,
                    List.of("UnresolvedReferenceException: " + msg));
        }
        String cls = ex instanceof EvalException ee ? ee.getExceptionClassName() : ex.getClass().getName();
        List<String> trace = new ArrayList<>();
        appendTrace(trace, ex, cls, "", 0, snippetLines);
        return new EvaluationException(cls, ex.getMessage(), trace);
    }

    private static void appendTrace(List<String> out, Throwable t, String cls, String prefix, int depth,
                                    Map<String, Integer> snippetLines) {
        out.add(prefix + cls + (t.getMessage() != null ? ": " + t.getMessage() : ""));
        StackTraceElement[] frames = t.getStackTrace();
        int shown = 0;
        int usable = 0;
        for (StackTraceElement f : frames) {
            if (isHarnessFrame(f)) break;
            usable++;
        }
        for (int i = 0; i < usable && shown < MAX_FRAMES; i++, shown++) out.add("\tat " + frameText(frames[i], snippetLines));
        if (usable > shown) out.add("\t... " + (usable - shown) + " more");
        Throwable cause = t.getCause();
        if (cause != null && cause != t && depth < MAX_CAUSES) {
            String cc = cause instanceof EvalException ee ? ee.getExceptionClassName() : cause.getClass().getName();
            appendTrace(out, cause, cc, "Caused by: ", depth + 1, snippetLines);
        }
    }

    private static boolean isHarnessFrame(StackTraceElement f) {
        String c = f.getClassName();
        return c.startsWith("jdk.internal.reflect.") || c.equals("java.lang.reflect.Method")
                || c.startsWith("org.cbrnn.kernel.exec.") || c.startsWith("jdk.jshell.");
    }

    /**
     * JShell reports a cell's own frames with an empty class name and a file name "#id" (the snippet); show them as
     * "method (cell line N)" for snippets of the current cell, "method (snippet #id:line)" for earlier ones.
     */
    static String frameText(StackTraceElement f, Map<String, Integer> snippetLines) {
        String file = f.getFileName();
        boolean cellCode = f.getClassName().isEmpty() || f.getClassName().startsWith("REPL.")
                || (file != null && file.startsWith("#"));
        if (!cellCode) return f.toString();
        String method = f.getMethodName() == null || f.getMethodName().isEmpty() ? "<cell>" : f.getMethodName();
        String cls = f.getClassName();
        if (cls.startsWith("REPL.$JShell$")) {
            int dot = cls.indexOf('.', "REPL.".length());
            cls = dot >= 0 ? cls.substring(dot + 1) : "";
        }
        String who = cls.isEmpty() ? method : cls + "." + method;
        String id = file != null && file.startsWith("#") ? file.substring(1) : null;
        Integer base = id == null ? null : snippetLines.get(id);
        if (base != null && f.getLineNumber() > 0) return who + " (cell line " + (base + f.getLineNumber()) + ")";
        if (id != null) return who + " (snippet #" + id + (f.getLineNumber() > 0 ? ":" + f.getLineNumber() : "") + ")";
        return who + " (cell)";
    }

    /** Tab completion at {@code cursor} in {@code code}; null when nothing fits. */
    public Completion complete(String code, int cursor) {
        int pos = 0;
        while (pos < code.length()) {
            String remaining = code.substring(pos);
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            int consumed = info.completeness().isComplete() && info.source() != null
                    ? remaining.length() - info.remaining().length() : remaining.length();
            if (info.completeness() == Completeness.EMPTY) consumed = remaining.length();
            if (pos + consumed >= cursor) {
                String snippet = code.substring(pos, Math.min(code.length(), pos + consumed));
                int local = cursor - pos;
                if (local < 0 || local > snippet.length()) return null;
                int[] anchor = new int[1];
                List<SourceCodeAnalysis.Suggestion> suggestions =
                        analysis.completionSuggestions(snippet, local, anchor);
                Set<String> options = new LinkedHashSet<>();
                suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                        .forEach(s -> options.add(s.continuation()));
                suggestions.forEach(s -> options.add(s.continuation()));
                if (options.isEmpty()) return null;
                return new Completion(new ArrayList<>(options), pos + anchor[0], cursor);
            }
            pos += Math.max(consumed, 1);
        }
        return null;
    }

    /** "complete", "invalid", or "" (incomplete: more input needed) for a Jupyter is_complete_request. */
    public String isComplete(String code) {
        String remaining = code;
        while (!remaining.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case EMPTY:
                    return "complete";
                case DEFINITELY_INCOMPLETE:
                    return "";
                case UNKNOWN:
                    return "invalid";
                case CONSIDERED_INCOMPLETE:
                    return "complete"; // e.g. a trailing expression without ';', which eval accepts
                default:
                    remaining = info.remaining();
            }
        }
        return "complete";
    }

    @Override
    public void close() {
        shell.close();
    }
}
