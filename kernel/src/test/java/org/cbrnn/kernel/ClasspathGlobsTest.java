package org.cbrnn.kernel;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClasspathGlobsTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void layout() throws IOException {
        for (String f : List.of("libs/a.jar", "libs/b.jar", "libs/notes.txt", "libs/sub/c.jar", "libs/sub/deeper/d.jar",
                "other/e.jar")) {
            Path p = dir.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x");
        }
        Files.createDirectories(dir.resolve("classes/pkg"));
    }

    private static List<String> names(List<Path> paths) {
        return paths.stream().map(p -> dir.relativize(p).toString().replace(File.separatorChar, '/'))
                .collect(Collectors.toList());
    }

    @Test
    void directoryStarMeansItsJars() {
        assertEquals(List.of("libs/a.jar", "libs/b.jar"), names(ClasspathGlobs.expand("libs/*", dir, false)));
        assertEquals(List.of("libs/a.jar", "libs/b.jar"),
                names(ClasspathGlobs.expand(dir.resolve("libs") + "/*", Path.of("/"), false)));
    }

    @Test
    void globsMatchFilesByPattern() {
        assertEquals(List.of("libs/a.jar"), names(ClasspathGlobs.expand("libs/[a]*.jar", dir, true)));
        assertEquals(List.of("libs/a.jar", "libs/b.jar"), names(ClasspathGlobs.expand("libs/*.jar", dir, true)));
        assertEquals(List.of("libs/a.jar", "libs/b.jar", "libs/sub/c.jar", "libs/sub/deeper/d.jar"),
                names(ClasspathGlobs.expand("libs/**/*.jar", dir, true)));
        assertEquals(List.of("libs/sub/c.jar", "other/e.jar"), names(ClasspathGlobs.expand("*/{sub/c,e}.jar", dir, true)));
        assertEquals(List.of("libs/a.jar", "libs/b.jar", "libs/notes.txt"),
                names(ClasspathGlobs.expand("libs/*.*", dir, false)));
    }

    @Test
    void jarsOnlyDropsOtherFiles() {
        assertEquals(List.of("libs/a.jar", "libs/b.jar"), names(ClasspathGlobs.expand("libs/*", dir, true)));
        assertEquals(List.of(), names(ClasspathGlobs.expand("libs/notes.txt", dir, true)));
    }

    @Test
    void plainPathsResolveAgainstTheBaseAndMustExist() {
        assertEquals(List.of("classes"), names(ClasspathGlobs.expand("classes", dir, false)));
        assertEquals(List.of("other/e.jar"), names(ClasspathGlobs.expand(dir.resolve("other/e.jar").toString(), dir, true)));
        assertTrue(ClasspathGlobs.expand("missing.jar", dir, true).isEmpty());
        assertTrue(ClasspathGlobs.expand("nowhere/*.jar", dir, true).isEmpty());
    }

    @Test
    void homeDirectoryTilde() {
        List<Path> home = ClasspathGlobs.expand("~", dir, false);
        assertEquals(List.of(Path.of(System.getProperty("user.home")).toAbsolutePath().normalize()), home);
    }

    @Test
    void pathListAsInIjavaClasspath() {
        String list = "classes" + File.pathSeparator + "libs/*" + File.pathSeparator + File.pathSeparator
                + "missing/*" + File.pathSeparator + "other/e.jar";
        assertEquals(List.of("classes", "libs/a.jar", "libs/b.jar", "other/e.jar"),
                names(ClasspathGlobs.expandList(list, dir)));
        assertTrue(ClasspathGlobs.expandList("", dir).isEmpty());
        assertTrue(ClasspathGlobs.expandList(null, dir).isEmpty());
    }
}
