package org.cbrnn.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.cbrnn.kernel.runtime.Display;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel's cell handling (magics, display API, rendering, errors) without a Jupyter connection. */
class JavaKernelTest {
    @TempDir
    static Path tmp;
    private static JavaKernel kernel;
    private static final List<String> shown = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        TestJars.greeterJar(tmp.resolve("envlibs/env.jar"), "fromenv", "from IJAVA_CLASSPATH");
        TestJars.greeterJar(tmp.resolve("magic/m1.jar"), "frommagic", "from %jars");
        TestJars.greeterJar(tmp.resolve("cp/c.jar"), "fromcp", "from %classpath");
        Path script = tmp.resolve("startup.jshell");
        Files.writeString(script, "String startupGreeting = \"ready\";\n");
        KernelConfig config = new KernelConfig(tmp.resolve("envlibs") + "/*", List.of(),
                script.toString(), "int startupNumber = 7;", tmp);
        kernel = new JavaKernel(config, new MavenResolver(tmp.resolve("m2cache"), "/nonexistent/mvn"));
        // capture display()/updateDisplay() instead of sending them to Jupyter
        Display.install(kernel.getRenderer(), new Display.Sink() {
            @Override
            public void display(DisplayData data) {
                shown.add("display " + data.getDisplayId() + " " + data.getData(MIMEType.TEXT_PLAIN));
            }

            @Override
            public void update(String id, DisplayData data) {
                shown.add("update " + id + " " + data.getData(MIMEType.TEXT_PLAIN));
            }
        });
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    private static String text(DisplayData d) {
        assertNotNull(d, "expected a result");
        return (String) d.getData(MIMEType.TEXT_PLAIN);
    }

    @Test
    void languageInfoMatchesIJava() {
        assertEquals("Java", kernel.getLanguageInfo().getName());
        assertEquals(".jshell", kernel.getLanguageInfo().getFileExtension());
    }

    @Test
    void expressionResultsAreRendered() throws Exception {
        assertEquals("3", text(kernel.eval("1 + 2")));
        assertNull(kernel.eval("int y = 2;"));
        assertNull(kernel.eval("System.out.printf(\"%d%n\", 5)"), "printf's stream is not a result to show");
        assertNull(kernel.eval("new java.io.PrintWriter(new java.io.StringWriter()).format(\"x\")"));
        DisplayData table = kernel.eval("tech.tablesaw.api.Table.create(\"t\", tech.tablesaw.api.IntColumn.create(\"a\", 1, 2))");
        assertTrue(((String) table.getData(MIMEType.TEXT_HTML)).contains("<td>2</td>"));
    }

    @Test
    void startupSettingsAreApplied() throws Exception {
        assertEquals("from IJAVA_CLASSPATH", text(kernel.eval("fromenv.Greeter.hello()")));
        assertEquals("ready", text(kernel.eval("startupGreeting")));
        assertEquals("7", text(kernel.eval("startupNumber")));
    }

    @Test
    void jarsAndClasspathMagics() throws Exception {
        assertEquals("from %jars", text(kernel.eval("%jars magic/*.jar\nfrommagic.Greeter.hello()")));
        assertEquals("from %classpath",
                text(kernel.eval("%classpath " + tmp.resolve("cp") + File.separator + "*\nfromcp.Greeter.hello()")));
        MagicException e = assertThrows(MagicException.class, () -> kernel.eval("%jars nothing-here/*.jar"));
        assertTrue(e.getMessage().contains("nothing-here/*.jar"), e.getMessage());
    }

    @Test
    void unknownMagicsAreErrors() {
        MagicException e = assertThrows(MagicException.class, () -> kernel.eval("%frobnicate now"));
        assertTrue(e.getMessage().contains("%frobnicate") && e.getMessage().contains("%jars"), e.getMessage());
        assertThrows(MagicException.class, () -> kernel.eval("%%bash\necho hi"));
    }

    @Test
    void mavenMagicWithoutMvnNamesTheCoordinate() {
        MagicException e = assertThrows(MagicException.class, () -> kernel.eval("%maven org.example:thing:1.2.3"));
        assertTrue(e.getMessage().contains("org.example:thing:1.2.3"), e.getMessage());
    }

    @Test
    void displayApiWithoutImports() throws Exception {
        shown.clear();
        assertNull(kernel.eval("String id = display(\"first\");"));
        assertNull(kernel.eval("updateDisplay(id, \"second\");"));
        String id = text(kernel.eval("id"));
        assertEquals(List.of("display " + id + " first", "update " + id + " second"), shown);
        DisplayData rendered = kernel.eval("render(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB))");
        assertNotNull(rendered.getData(MIMEType.IMAGE_PNG));
        DisplayData asText = kernel.eval("render(List.of(1), \"text/plain\")");
        assertEquals("[1]", text(asText));
    }

    @Test
    void errorsAreFormattedReadably() {
        EvaluationException ee = assertThrows(EvaluationException.class,
                () -> kernel.eval("throw new UnsupportedOperationException(\"nope\");"));
        List<String> lines = kernel.formatError(ee);
        assertTrue(lines.get(0).contains("java.lang.UnsupportedOperationException: nope"), lines.toString());
        CompilationException ce = assertThrows(CompilationException.class, () -> kernel.eval("%jars magic/*.jar\nundefinedThing()"));
        List<String> clines = kernel.formatError(ce);
        assertTrue(String.join("\n", clines).contains("line 2, column 1: cannot find symbol"), clines.toString());
    }

    @Test
    void completionIgnoresMagicLines() {
        String code = "%jars magic/*.jar\nMath.ab";
        var opts = kernel.complete(code, code.length());
        assertNotNull(opts);
        assertTrue(opts.getReplacements().contains("abs("), opts.getReplacements().toString());
        assertEquals(code.length() - 2, opts.getSourceStart());
    }
}
