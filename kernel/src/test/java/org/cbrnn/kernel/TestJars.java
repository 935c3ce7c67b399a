package org.cbrnn.kernel;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Builds small jars for tests: compiles one class and packs it. */
final class TestJars {
    private TestJars() {
    }

    /** Compiles {@code source} (class {@code fqcn}) into {@code jar}. */
    static Path compileJar(Path jar, String fqcn, String source) throws IOException {
        Path work = Files.createTempDirectory("cbrnn-testjar");
        Path src = work.resolve("src").resolve(fqcn.replace('.', '/') + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-d", classes.toString(), src.toString());
        if (rc != 0) throw new IOException("javac failed for " + fqcn);
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                jos.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jos.write(Files.readAllBytes(f));
                jos.closeEntry();
            }
        }
        return jar;
    }

    static Path greeterJar(Path jar, String pkg, String greeting) throws IOException {
        return compileJar(jar, pkg + ".Greeter", "package " + pkg + ";\n"
                + "public class Greeter { public static String hello() { return \"" + greeting + "\"; } }\n");
    }
}
