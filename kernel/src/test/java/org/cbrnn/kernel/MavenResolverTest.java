package org.cbrnn.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MavenResolverTest {
    @TempDir
    Path cache;

    @Test
    void parsesCoordinates() throws Exception {
        assertEquals(new MavenResolver.Coordinate("org.a", "b-c", "jar", null, "1.0"),
                MavenResolver.Coordinate.parse("org.a:b-c:1.0"));
        assertEquals(new MavenResolver.Coordinate("org.a", "b", "pom", null, "2"),
                MavenResolver.Coordinate.parse(" org.a:b:pom:2 "));
        assertEquals(new MavenResolver.Coordinate("org.nd4j", "nd4j-native", "jar", "linux-x86_64", "1.0.0-M2.1"),
                MavenResolver.Coordinate.parse("org.nd4j:nd4j-native:jar:linux-x86_64:1.0.0-M2.1"));
        assertEquals("org.nd4j:nd4j-native:jar:linux-x86_64:1.0.0-M2.1",
                MavenResolver.Coordinate.parse("org.nd4j:nd4j-native:jar:linux-x86_64:1.0.0-M2.1").toString());
    }

    @Test
    void rejectsMalformedCoordinates() {
        MagicException e = assertThrows(MagicException.class, () -> MavenResolver.Coordinate.parse("just-a-name"));
        assertTrue(e.getMessage().contains("just-a-name"), e.getMessage());
        assertThrows(MagicException.class, () -> MavenResolver.Coordinate.parse("a:b:<x>"));
        assertThrows(MagicException.class, () -> MavenResolver.Coordinate.parse("a::1"));
    }

    @Test
    void pomListsTheDependenciesAndRepositories() throws Exception {
        MavenResolver r = new MavenResolver(cache, "mvn");
        r.addRepository("extra", "https://repo.example.org/maven2");
        String pom = r.pom(List.of(MavenResolver.Coordinate.parse("org.a:b:1.0"),
                MavenResolver.Coordinate.parse("org.c:d:jar:linux:2.0")));
        assertTrue(pom.contains("<artifactId>b</artifactId>"), pom);
        assertTrue(pom.contains("<classifier>linux</classifier>"), pom);
        assertTrue(pom.contains("<url>https://repo.example.org/maven2</url>"), pom);
        assertThrows(MagicException.class, () -> r.addRepository("bad id", "ftp://x"));
    }

    @Test
    void missingMvnIsAClearErrorNamingTheCoordinate() {
        MavenResolver r = new MavenResolver(cache, "/nonexistent/bin/mvn");
        MagicException e = assertThrows(MagicException.class,
                () -> r.resolve(List.of(MavenResolver.Coordinate.parse("com.google.code.gson:gson:2.8.5"))));
        assertTrue(e.getMessage().contains("com.google.code.gson:gson:2.8.5"), e.getMessage());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void resolvesThroughMvnAndCaches() throws Exception {
        assumeTrue(MavenResolver.findExecutable("mvn") != null, "mvn not on PATH");
        MavenResolver r = new MavenResolver(cache, "mvn");
        // gson 2.8.5 is a dependency of this module, so it is in the local repository already
        List<MavenResolver.Coordinate> coords = List.of(MavenResolver.Coordinate.parse("com.google.code.gson:gson:2.8.5"));
        List<Path> jars = r.resolve(coords);
        assertEquals(1, jars.size(), jars.toString());
        assertEquals("gson-2.8.5.jar", jars.get(0).getFileName().toString());
        long t0 = System.nanoTime();
        assertEquals(jars, r.resolve(coords));
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "second resolution should come from the cache");
    }

    @Test
    void unresolvableCoordinateFailsNamingIt() throws Exception {
        assumeTrue(MavenResolver.findExecutable("mvn") != null, "mvn not on PATH");
        MavenResolver r = new MavenResolver(cache, "mvn");
        // file: repository that does not exist + offline-safe: resolution fails without needing the network
        r.addRepository("nowhere", cache.resolve("no-repo").toUri().toString());
        MagicException e = assertThrows(MagicException.class, () -> r.resolve(
                List.of(MavenResolver.Coordinate.parse("org.cbrnn.none:does-not-exist:0.0.1"))));
        assertTrue(e.getMessage().contains("org.cbrnn.none:does-not-exist:0.0.1"), e.getMessage());
    }
}
