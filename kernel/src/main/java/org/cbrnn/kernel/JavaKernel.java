package org.cbrnn.kernel;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import io.github.spencerpark.jupyter.kernel.magic.registry.UndefinedMagicException;
import org.cbrnn.kernel.runtime.Display;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The Jupyter kernel: JShell (local execution) + IJava's magics and display API + XChart/Tablesaw rendering. */
public final class JavaKernel extends BaseKernel {
    public static final String DISPLAY_IMPORT = "import static org.cbrnn.kernel.runtime.Display.*;";

    private final KernelConfig config;
    private final JShellEvaluator evaluator;
    private final MavenResolver maven;
    private final Magics magics = new Magics();
    private final Set<String> magicNames = new TreeSet<>();
    private final LanguageInfo languageInfo;

    public JavaKernel(KernelConfig config, MavenResolver maven) {
        this.config = config;
        this.maven = maven;
        this.renderer = Renderers.create();
        this.evaluator = new JShellEvaluator(config.compilerOptions(),
                List.of(Display.class, BaseKernel.class, Chart.class, Table.class));
        this.languageInfo = new LanguageInfo.Builder("Java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("java")
                .build();

        Display.install(renderer, new Display.Sink() {
            @Override
            public void display(DisplayData data) {
                JavaKernel.this.display(data);
            }

            @Override
            public void update(String displayId, DisplayData data) {
                getIO().display.updateDisplay(displayId, data);
            }
        });
        registerMagics();
        try {
            evaluator.eval(DISPLAY_IMPORT);
        } catch (Exception e) {
            throw new IllegalStateException("cannot import the display API: " + e.getMessage(), e);
        }
        for (Path p : ClasspathGlobs.expandList(config.classpath(), config.workDir())) {
            evaluator.addToClasspath(p.toString());
        }
        runStartupScripts(System.err);
    }

    public JShellEvaluator evaluator() {
        return evaluator;
    }

    private void runStartupScripts(PrintStream log) {
        List<Path> scripts = ClasspathGlobs.expandList(config.startupScriptsPath(), config.workDir());
        for (Path script : scripts) {
            if (!Files.isRegularFile(script)) continue;
            try {
                runCell(Files.readString(script));
            } catch (IOException | RuntimeException e) {
                log.println("cbrnn-kernel: cannot read start-up script " + script + ": " + e);
            } catch (Exception e) {
                log.println("cbrnn-kernel: start-up script " + script + " failed: " + e.getMessage());
            }
        }
        if (config.startupScript() != null && !config.startupScript().isBlank()) {
            try {
                runCell(config.startupScript());
            } catch (Exception e) {
                log.println("cbrnn-kernel: IJAVA_STARTUP_SCRIPT failed: " + e.getMessage());
            }
        }
    }

    private void registerMagics() {
        magicNames.addAll(List.of("jars", "classpath", "maven", "mavenRepo"));
        magics.registerLineMagic("jars", args -> {
            if (args.isEmpty()) throw new MagicException("%jars: give one or more jar paths or globs");
            for (String spec : args) {
                List<Path> jars = ClasspathGlobs.expand(spec, config.workDir(), true);
                if (jars.isEmpty()) throw new MagicException("%jars: no jar matches '" + spec + "'");
                for (Path j : jars) evaluator.addToClasspath(j.toString());
            }
            return null;
        });
        magics.registerLineMagic("classpath", args -> {
            if (args.isEmpty()) throw new MagicException("%classpath: give one or more paths");
            for (String arg : args) {
                List<Path> paths = ClasspathGlobs.expandList(arg, config.workDir());
                if (paths.isEmpty()) throw new MagicException("%classpath: nothing matches '" + arg + "'");
                for (Path p : paths) evaluator.addToClasspath(p.toString());
            }
            return null;
        });
        magics.registerLineMagic("maven", args -> {
            if (args.isEmpty()) throw new MagicException("%maven: give one or more group:artifact:version coordinates");
            List<MavenResolver.Coordinate> coords = new ArrayList<>();
            for (String a : args) coords.add(MavenResolver.Coordinate.parse(a));
            List<Path> jars;
            try {
                jars = maven.resolve(coords);
            } catch (MagicException e) {
                if (evaluator.isInterrupted()) throw new CellInterruptedException();
                throw e;
            }
            for (Path j : jars) evaluator.addToClasspath(j.toString());
            return null;
        });
        magics.registerLineMagic("mavenRepo", args -> {
            if (args.size() != 2) throw new MagicException("%mavenRepo: usage: %mavenRepo <id> <url>");
            maven.addRepository(args.get(0), args.get(1));
            return null;
        });
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return languageInfo;
    }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " - cbrnn kernel (JShell, local execution; IJava-compatible)";
    }

    @Override
    public List<LanguageInfo.Help> getHelpLinks() {
        return List.of(new LanguageInfo.Help("Java 17 API",
                "https://docs.oracle.com/en/java/javase/17/docs/api/index.html"));
    }

    @Override
    public DisplayData eval(String code) throws Exception {
        evaluator.beginCell();
        evaluator.setNotes(System.err);
        Object value = runCell(code);
        // a cell ending in System.out.printf(...) or format(...) evaluates to the stream itself: nothing to show
        if (value == null || value instanceof java.io.PrintStream || value instanceof java.io.PrintWriter) return null;
        if (value instanceof DisplayData d) return d;
        return renderer.render(value);
    }

    /** Runs a cell's code and magics in order; returns the last code segment's value (or null). */
    Object runCell(String code) throws Exception {
        Object last = null;
        for (CellParser.Segment seg : CellParser.parse(code)) {
            if (seg instanceof CellParser.Code c) {
                last = evaluator.eval(code, c.start(), c.end());
            } else if (seg instanceof CellParser.LineMagic m) {
                try {
                    last = magics.applyLineMagic(m.name(), m.args());
                } catch (UndefinedMagicException e) {
                    throw new MagicException("Unknown line magic %" + m.name() + " (line " + m.line()
                            + "); this kernel has: %" + String.join(", %", magicNames));
                }
                if (evaluator.isInterrupted()) throw new CellInterruptedException();
            } else if (seg instanceof CellParser.CellMagic m) {
                throw new MagicException("Unknown cell magic %%" + m.name() + "; this kernel has no cell magics");
            }
        }
        return last;
    }

    @Override
    public List<String> formatError(Exception e) {
        List<String> lines = new ArrayList<>();
        if (e instanceof CompilationException ce) {
            lines.add(errorStyler.secondary("Compilation error:"));
            lines.addAll(ce.details());
        } else if (e instanceof EvaluationException ee) {
            List<String> trace = ee.trace();
            if (!trace.isEmpty()) {
                lines.add(errorStyler.secondary(trace.get(0)));
                lines.addAll(trace.subList(1, trace.size()));
            }
        } else if (e instanceof CellInterruptedException || e instanceof MagicException) {
            for (String l : String.valueOf(e.getMessage()).split("\n")) lines.add(errorStyler.secondary(l));
        } else {
            return super.formatError(e);
        }
        return lines;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        String java = blankMagicLines(code);
        JShellEvaluator.Completion c = evaluator.complete(java, at);
        return c == null ? null : new ReplacementOptions(c.options(), c.start(), c.end());
    }

    @Override
    public String isComplete(String code) {
        return evaluator.isComplete(blankMagicLines(code));
    }

    /** Magic lines replaced by spaces, so offsets stay valid for JShell's analysis. */
    static String blankMagicLines(String code) {
        String[] lines = code.split("\n", -1);
        StringBuilder b = new StringBuilder(code.length());
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) b.append('\n');
            String l = lines[i];
            b.append(l.strip().startsWith("%") ? " ".repeat(l.length()) : l);
        }
        return b.toString();
    }

    @Override
    public void interrupt() {
        evaluator.interrupt();
        maven.cancel();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        evaluator.close();
    }
}
