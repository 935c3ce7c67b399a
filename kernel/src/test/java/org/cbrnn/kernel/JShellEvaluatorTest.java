package org.cbrnn.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JShell path without Jupyter. One session for the class: JShell takes a second or two to start. */
class JShellEvaluatorTest {
    private static JShellEvaluator jshell;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        jshell = new JShellEvaluator(List.of("--add-modules=jdk.incubator.vector"), List.of(JShellEvaluator.class, CellStarted.class));
    }

    @AfterAll
    static void stop() {
        jshell.close();
    }

    private static Object eval(String code) throws Exception {
        jshell.beginCell();
        return jshell.eval(code);
    }

    @Test
    void lastExpressionIsTheValueAsAnObject() throws Exception {
        assertEquals(3, eval("1 + 2"));
        assertEquals(8, eval("int four = 4;\nfour * 2"));
        Object list = eval("new ArrayList<>(List.of(\"a\", \"b\"))");
        assertEquals(List.of("a", "b"), list);
        assertInstanceOf(java.util.ArrayList.class, list);
    }

    @Test
    void objectsKeepTheirIdentityAcrossCells() throws Exception {
        eval("Object kept = new Object();");
        assertSame(eval("kept"), eval("kept"));
    }

    @Test
    void statementsAndDeclarationsShowNothing() throws Exception {
        assertNull(eval("int declared = 5;"));
        assertNull(eval("for (int i = 0; i < 3; i++) { declared += i; }"));
        assertNull(eval("void noop() {}"));
        assertNull(eval("noop();"));
        assertEquals(8, eval("declared"));
        assertNull(eval("// only a comment"));
        assertNull(eval("String nothing = null; nothing"));
    }

    @Test
    void methodsAndClassesAcrossSnippets() throws Exception {
        assertEquals(120L, eval("long fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }\n"
                + "record P(int x, int y) { int sum() { return x + y; } }\n"
                + "fact(new P(2, 3).sum())"));
    }

    @Test
    void vectorApiIsAvailable() throws Exception {
        Object n = eval("jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() > 0");
        assertEquals(true, n);
    }

    @Test
    void exceptionsCarryClassMessageAndTrimmedTrace() {
        EvaluationException e = assertThrows(EvaluationException.class, () -> eval(
                "void boom(String why) { throw new IllegalStateException(why, new java.io.IOException(\"disk\")); }\n"
                        + "boom(\"bad state\");"));
        assertEquals("java.lang.IllegalStateException", e.exceptionClass());
        assertEquals("java.lang.IllegalStateException: bad state", e.getMessage());
        List<String> trace = e.trace();
        assertEquals("java.lang.IllegalStateException: bad state", trace.get(0));
        assertEquals("\tat boom (cell line 1)", trace.get(1), trace.toString());
        assertEquals("\tat <cell> (cell line 2)", trace.get(2), trace.toString());
        assertTrue(trace.stream().anyMatch(l -> l.equals("Caused by: java.io.IOException: disk")), trace.toString());
        assertTrue(trace.stream().noneMatch(l -> l.contains("jdk.internal.reflect") || l.contains("org.cbrnn.kernel.exec")),
                trace.toString());
    }

    @Test
    void compileErrorsGiveLineColumnAndCaret() {
        CompilationException e = assertThrows(CompilationException.class,
                () -> eval("int ok = 1;\nint bad = ok + missingName;\n"));
        assertTrue(e.getMessage().startsWith("line 2, column 16: cannot find symbol"), e.getMessage());
        String details = String.join("\n", e.details());
        assertTrue(details.contains("int bad = ok + missingName;"), details);
        assertTrue(details.contains("^^^^^^^^^^^"), details);
        assertTrue(details.contains("missingName"), details);
    }

    @Test
    void syntaxErrorsAreCompileErrors() {
        assertThrows(CompilationException.class, () -> eval("int x = ;"));
        assertThrows(CompilationException.class, () -> eval("if (true) {"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void interruptStopsABusyLoopAndTheSessionLivesOn() throws Exception {
        CellStarted.arm();
        CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
            try {
                // one statement: the signal and the loop run in the same snippet
                eval("long spins = 0; { org.cbrnn.kernel.CellStarted.signal(); while (true) { spins++; } }");
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertTrue(CellStarted.await(20, TimeUnit.SECONDS), "the cell did not start");
        jshell.interrupt();
        Throwable t = run.get(20, TimeUnit.SECONDS);
        assertInstanceOf(CellInterruptedException.class, t);
        assertEquals(42, eval("40 + 2"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void interruptReachesCodeThatChecksTheFlag() throws Exception {
        eval("int cleanStops = 0;");
        CellStarted.arm();
        CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
            try {
                eval("{ org.cbrnn.kernel.CellStarted.signal(); while (!Thread.currentThread().isInterrupted()) { Thread.onSpinWait(); } }"
                        + "\ncleanStops++;");
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertTrue(CellStarted.await(20, TimeUnit.SECONDS), "the cell did not start");
        jshell.interrupt();
        assertInstanceOf(CellInterruptedException.class, run.get(20, TimeUnit.SECONDS));
        // the loop saw the interrupt and returned by itself (no forced stop): its statement completed
        CellStarted.arm();
        CompletableFuture<Throwable> sleeper = CompletableFuture.supplyAsync(() -> {
            try {
                // an interrupt between signal() and sleep() is not lost: sleep() then throws at once
                eval("try { org.cbrnn.kernel.CellStarted.signal(); Thread.sleep(60_000); }"
                        + " catch (InterruptedException e) { cleanStops += 10; }");
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertTrue(CellStarted.await(20, TimeUnit.SECONDS), "the cell did not start");
        jshell.interrupt();
        assertInstanceOf(CellInterruptedException.class, sleeper.get(20, TimeUnit.SECONDS));
        assertEquals(10, eval("cleanStops"));
    }

    @Test
    void jarsAddedToTheClasspathCompileAndRun() throws Exception {
        Path jar = TestJars.greeterJar(tmp.resolve("greet.jar"), "evaltest", "hi from a jar");
        jshell.addToClasspath(jar.toString());
        assertEquals("hi from a jar", eval("evaltest.Greeter.hello()"));
        assertTrue(jshell.classpath().contains(jar.toString()));
    }

    @Test
    void completionSuggestsMembers() {
        String code = "int unused = 1;\n\"abc\".toUpp";
        JShellEvaluator.Completion c = jshell.complete(code, code.length());
        assertNotNull(c);
        assertTrue(c.options().contains("toUpperCase("), c.options().toString());
        assertEquals(code.length() - "toUpp".length(), c.start());
        assertEquals(code.length(), c.end());
    }

    @Test
    void completenessForConsoles() {
        assertEquals("complete", jshell.isComplete("int x = 1;"));
        assertEquals("complete", jshell.isComplete("1 + 2"));
        assertEquals("", jshell.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("invalid", jshell.isComplete("int x = ;)"));
    }
}
