package org.cbrnn.kernel.exec;

import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

import java.net.MalformedURLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Defines JShell's snippet classes in this JVM (local execution). */
final class KernelLoaderDelegate implements LoaderDelegate {
    private final SnippetClassLoader loader;
    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

    KernelLoaderDelegate(ClassLoader parent) {
        this.loader = new SnippetClassLoader(parent);
    }

    ClassLoader classLoader() {
        return loader;
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
        boolean[] installed = new boolean[cbcs.length];
        for (ClassBytecodes cbc : cbcs) loader.declare(cbc.name(), cbc.bytecodes());
        for (int i = 0; i < cbcs.length; i++) {
            try {
                Class<?> c = loader.loadClass(cbcs[i].name());
                c.getDeclaredMethods(); // links the class now, so a broken one fails here rather than mid-cell
                classes.put(cbcs[i].name(), c);
                installed[i] = true;
            } catch (Throwable t) {
                throw new ClassInstallException("load: " + t, installed);
            }
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] cbcs) {
        for (ClassBytecodes cbc : cbcs) loader.declare(cbc.name(), cbc.bytecodes());
    }

    @Override
    public void addToClasspath(String path) throws InternalException {
        try {
            loader.addPath(path);
        } catch (MalformedURLException e) {
            throw new InternalException("bad classpath entry " + path + ": " + e.getMessage());
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> c = classes.get(name);
        return c != null ? c : loader.loadClass(name);
    }
}
