package org.cbrnn.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```java} block of {@code dl4j/README.md} compiles against this module's test class path (SameDiff,
 * ND4J and the lib test-jar's {@code GradientCheck}); fragments get their surroundings from the snippet-context
 * comment before them ({@link JavaSnippets}). Compiled, not run: the examples train.
 */
class Dl4jReadmeSnippetsTest {

    @TestFactory
    Stream<DynamicTest> dl4jReadmeJavaBlocksCompile() {
        Path readme = JavaSnippets.repositoryFile("dl4j/README.md");
        List<JavaSnippets.Snippet> snippets = JavaSnippets.extract(readme);
        assertFalse(snippets.isEmpty(), "no ```java block found in " + readme + ": has the fence syntax changed?");
        return snippets.stream().map(s -> DynamicTest.dynamicTest(s.where() + " " + s.firstLine(), () -> {
            List<String> errors = JavaSnippets.compile(s);
            assertTrue(errors.isEmpty(), () -> "the ```java block at dl4j/" + s.where() + " does not compile against the current API:\n"
                    + String.join("\n", errors) + "\n--- as compiled:\n" + JavaSnippets.unit(s, "Snippet"));
        }));
    }
}
