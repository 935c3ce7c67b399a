package org.cbrnn.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.cbrnn.engine.Engine;
import org.cbrnn.engine.EngineProvider;
import org.cbrnn.engine.Engines;

/**
 * Resolves engine names given to {@code --engines}:
 * <ul>
 *   <li>any engine of {@link Engines#available()} (found on the class path with {@link java.util.ServiceLoader}), as
 *       {@code <name>} or {@code <name><N>} with N threads in [1, 256]: {@code fast1}, {@code fast2} (the table's Java
 *       columns, {@link org.cbrnn.engine.fast.FastEngine#create(int)}), {@code scalar<N>} (scalar kernels),
 *       {@code samediff} (the dl4j module's SameDiff engine);</li>
 *   <li>{@code class:<fqcn>[#N]}: any {@link Engine} on the classpath without a provider, built by its public static
 *       {@code create(int)} (with N, default 1), else a public static {@code create()}, else a public constructor
 *       taking an {@code int} or nothing. The row is named {@code <SimpleName><N>}.</li>
 * </ul>
 * The row of a named engine is called by the name as given, lower case (e.g. {@code fast2}, {@code samediff}).
 */
public final class BenchEngines {
    static final int MAX_THREADS = Engines.MAX_THREADS;

    private BenchEngines() {}

    /** What {@code --engines} accepts, for error messages: the engines on the class path and the {@code class:} form. */
    public static String allowed() {
        StringBuilder sb = new StringBuilder();
        for (EngineProvider p : Engines.available().providers()) sb.append(p.name()).append(p.threaded() ? "<N>" : "").append(", ");
        return sb + "class:<fully.qualified.EngineClass>[#N], with N in [1, " + MAX_THREADS + "]";
    }

    /** The engine called {@code spec}; the error names the allowed forms. */
    public static BenchEngine resolve(String spec) {
        String s = spec.trim();
        if (s.startsWith("class:")) return reflective(spec, s.substring("class:".length()));
        Engines.Choice c;
        try {
            c = Engines.available().choose(s);
        } catch (IllegalArgumentException e) {
            if (e.getMessage().contains("threads must be")) throw new IllegalArgumentException("--engines: " + e.getMessage(), e);
            throw new IllegalArgumentException("--engines: unknown engine '" + spec + "'; allowed: " + allowed(), e);
        }
        return BenchEngine.of(s.toLowerCase(java.util.Locale.ROOT), c.threads(), c::create);
    }

    private static int threads(String spec, String digits) {
        int n;
        try {
            n = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_THREADS) {
            throw new IllegalArgumentException("--engines: threads of '" + spec + "' must be in [1, " + MAX_THREADS + "], got " + digits);
        }
        return n;
    }

    private static BenchEngine reflective(String spec, String rest) {
        int hash = rest.indexOf('#');
        String cls = hash < 0 ? rest : rest.substring(0, hash);
        int n = hash < 0 ? 1 : threads(spec, rest.substring(hash + 1));
        Class<?> c;
        try {
            c = Class.forName(cls);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("--engines: class '" + cls + "' of '" + spec + "' is not on the classpath");
        }
        if (!Engine.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException("--engines: " + cls + " does not implement " + Engine.class.getName());
        }
        return BenchEngine.of(c.getSimpleName() + n, n, () -> instantiate(c, n));
    }

    private static Engine instantiate(Class<?> c, int n) {
        try {
            for (Method m : c.getMethods()) {
                if (m.getName().equals("create") && Modifier.isStatic(m.getModifiers()) && Engine.class.isAssignableFrom(m.getReturnType())
                        && m.getParameterCount() == 1 && m.getParameterTypes()[0] == int.class) {
                    return (Engine) m.invoke(null, n);
                }
            }
            for (Method m : c.getMethods()) {
                if (m.getName().equals("create") && Modifier.isStatic(m.getModifiers()) && Engine.class.isAssignableFrom(m.getReturnType())
                        && m.getParameterCount() == 0) {
                    return (Engine) m.invoke(null);
                }
            }
            for (Constructor<?> k : c.getConstructors()) {
                if (k.getParameterCount() == 1 && k.getParameterTypes()[0] == int.class) return (Engine) k.newInstance(n);
            }
            return (Engine) c.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot create engine " + c.getName() + ": " + cause, cause);
        }
    }
}
