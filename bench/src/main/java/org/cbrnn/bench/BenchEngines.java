package org.cbrnn.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cbrnn.engine.Engine;
import org.cbrnn.engine.fast.FastEngine;

/**
 * Resolves engine names given to {@code --engines}:
 * <ul>
 *   <li>{@code fast<N>}: {@link FastEngine#create(int)} with N batch slices/threads (N in [1, 256]); {@code fast1},
 *       {@code fast2} are the table's Java columns;</li>
 *   <li>{@code scalar<N>}: {@link FastEngine#scalar(int)}, the same engine on scalar kernels;</li>
 *   <li>{@code class:<fqcn>[#N]}: any {@link Engine} on the classpath, built by its public static {@code create(int)}
 *       (with N, default 1), else a public static {@code create()}, else a public constructor taking an {@code int}
 *       or nothing. The row is named {@code <SimpleName><N>}.</li>
 * </ul>
 */
public final class BenchEngines {
    /** Families {@code <prefix><threads>}; add a family here to give an engine a short name. */
    static final Map<String, IntFunction<Engine>> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("fast", FastEngine::create);
        BUILT_IN.put("scalar", FastEngine::scalar);
    }

    static final int MAX_THREADS = 256;
    private static final Pattern NAMED = Pattern.compile("([a-z][a-z_]*?)([0-9]+)");

    private BenchEngines() {}

    /** What {@code --engines} accepts, for error messages. */
    public static String allowed() {
        StringBuilder sb = new StringBuilder();
        for (String p : BUILT_IN.keySet()) sb.append(p).append("<N>, ");
        return sb + "class:<fully.qualified.EngineClass>[#N], with N in [1, " + MAX_THREADS + "]";
    }

    /** The engine called {@code spec}; the error names the allowed forms. */
    public static BenchEngine resolve(String spec) {
        String s = spec.trim();
        if (s.startsWith("class:")) return reflective(spec, s.substring("class:".length()));
        Matcher m = NAMED.matcher(s);
        if (m.matches() && BUILT_IN.containsKey(m.group(1))) {
            int n = threads(spec, m.group(2));
            IntFunction<Engine> f = BUILT_IN.get(m.group(1));
            return BenchEngine.of(s, n, () -> f.apply(n));
        }
        throw new IllegalArgumentException("--engines: unknown engine '" + spec + "'; allowed: " + allowed());
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
