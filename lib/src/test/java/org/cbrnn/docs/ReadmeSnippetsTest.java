package org.cbrnn.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the top-level README compiles against today's API (see {@link JavaSnippets} for how a
 * block is wrapped). The blocks are compiled, not run: they train for minutes.
 */
class ReadmeSnippetsTest {

    @TestFactory
    Stream<DynamicTest> readmeJavaBlocksCompile() {
        Path readme = JavaSnippets.repositoryFile("README.md");
        List<JavaSnippets.Snippet> snippets = JavaSnippets.extract(readme);
        assertFalse(snippets.isEmpty(), "no ```java block found in " + readme + ": has the fence syntax changed?");
        return snippets.stream().map(s -> DynamicTest.dynamicTest(s.where() + " " + s.firstLine(), () -> {
            List<String> errors = JavaSnippets.compile(s);
            assertTrue(errors.isEmpty(), () -> "the ```java block at " + s.where() + " does not compile against the current API:\n"
                    + String.join("\n", errors) + "\n--- as compiled:\n" + JavaSnippets.unit(s, "Snippet"));
        }));
    }

    // ---------------------------------------------------------------- the extractor itself, on small files

    @Test
    void brokenBlockIsReportedAtItsMarkdownLine(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("DOC.md");
        Files.writeString(md, String.join("\n",
                "# title",
                "```java",
                "import org.cbrnn.model.*;",
                "",
                "Model m = Model.create(ModelConfig.cbRnn(), 1);",
                "int n = m.noSuchMethod();",
                "```",
                ""));
        List<JavaSnippets.Snippet> s = JavaSnippets.extract(md);
        assertEquals(1, s.size());
        assertEquals(2, s.get(0).fenceLine());
        List<String> errors = JavaSnippets.compile(s.get(0));
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).startsWith("DOC.md:6: "), errors.get(0));
        assertTrue(errors.get(0).contains("noSuchMethod"), errors.get(0));
    }

    @Test
    void contextCommentSuppliesTheSurroundingsAndTypesCompileAsUnits(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("DOC.md");
        Files.writeString(md, String.join("\n",
                "<!-- snippet-context",
                "import org.cbrnn.task.Task;",
                "class Context { int run(Task task) { /* snippet */ } }",
                "-->",
                "```java",
                "return task.minLength(3) + undefinedVariable;",
                "```",
                "text",
                "```java",
                "import org.cbrnn.task.Parity;",
                "public class Odd extends Object { int n() { return new Parity().minLevel(); } }",
                "```",
                "```java",
                "Object o = new Object();",
                "```",
                ""));
        List<JavaSnippets.Snippet> s = JavaSnippets.extract(md);
        assertEquals(3, s.size());
        assertFalse(s.get(0).context().isEmpty());
        assertTrue(s.get(1).context().isEmpty(), "a context applies only to the block right after it");
        List<String> errors = JavaSnippets.compile(s.get(0));
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).startsWith("DOC.md:6: ") && errors.get(0).contains("undefinedVariable"), errors.get(0));
        assertEquals(List.of(), JavaSnippets.compile(s.get(1)));
        assertEquals(List.of(), JavaSnippets.compile(s.get(2)));
    }
}
