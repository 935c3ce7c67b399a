package org.cbrnn.kernel.exec;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Class loader for the classes JShell compiles from cells, plus any jars added with {@code %jars}, {@code %classpath},
 * {@code %maven} or {@code IJAVA_CLASSPATH}. Its parent is the kernel's own loader, so cells see the kernel's
 * runtime ({@code display}, ...) and the very same XChart / Tablesaw classes the renderers know.
 */
final class SnippetClassLoader extends URLClassLoader {
    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final Map<String, byte[]> declared = new ConcurrentHashMap<>();

    SnippetClassLoader(ClassLoader parent) {
        super("cbrnn-cells", new URL[0], parent);
    }

    void declare(String name, byte[] bytes) {
        declared.put(name, bytes);
    }

    void addPath(String path) throws MalformedURLException {
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isBlank()) addURL(Paths.get(entry).toUri().toURL());
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = declared.get(name);
        if (bytes != null) return defineClass(name, bytes, 0, bytes.length, (ProtectionDomain) null);
        return super.findClass(name);
    }
}
