package org.cbrnn.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cbrnn.util.Check;

/**
 * The engines on the class path, by name: an immutable list of {@link EngineProvider}s discovered with
 * {@link ServiceLoader} ({@link #available()}), so lib names no engine of another module. An engine is asked for as
 * {@code <name>} (default threads) or {@code <name><threads>}, e.g. {@code fast}, {@code fast2}, {@code samediff}:
 * <pre>{@code
 * try (Engine e = Engines.available().create("fast2")) { ... }
 * }</pre>
 */
public final class Engines {
    /** Largest thread count accepted in a name. */
    public static final int MAX_THREADS = 256;
    private static final Pattern WITH_THREADS = Pattern.compile("(.*?[^0-9])([0-9]+)");

    private final List<EngineProvider> providers;

    private Engines(List<EngineProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** A name resolved to its provider and thread count. */
    public record Choice(EngineProvider provider, int threads) {
        public Choice {
            Check.notNull("provider", provider);
        }

        /** A new engine; the caller closes it. */
        public Engine create() {
            return provider.create(threads);
        }
    }

    /**
     * The providers on the class path, in name order (lib's first when names tie), found through the context class
     * loader and lib's own (they differ in notebook kernels that add jars at run time).
     */
    public static Engines available() {
        Map<String, EngineProvider> byClass = new LinkedHashMap<>();
        List<ClassLoader> loaders = new ArrayList<>();
        ClassLoader ctx = Thread.currentThread().getContextClassLoader();
        if (ctx != null) loaders.add(ctx);
        loaders.add(EngineProvider.class.getClassLoader());
        for (ClassLoader cl : loaders) {
            for (EngineProvider p : ServiceLoader.load(EngineProvider.class, cl)) byClass.putIfAbsent(p.getClass().getName(), p);
        }
        Engines e = new Engines(List.of());
        for (EngineProvider p : byClass.values().stream().sorted(java.util.Comparator.comparing(EngineProvider::name)).toList()) {
            e = e.with(p);
        }
        return e;
    }

    /** A copy with one more provider; its name and aliases must be new and must not end in a digit. */
    public Engines with(EngineProvider provider) {
        Check.notNull("provider", provider);
        List<String> names = new ArrayList<>(provider.aliases());
        names.add(0, provider.name());
        for (String n : names) {
            if (!n.matches("[a-z][a-z0-9_.-]*[a-z_.-]|[a-z]")) {
                throw new IllegalArgumentException("engine name must be lower case and not end in a digit (that is the thread count), got '" + n + "'");
            }
            if (find(n) != null) throw new IllegalArgumentException("an engine named '" + n + "' is already registered");
        }
        List<EngineProvider> l = new ArrayList<>(providers);
        l.add(provider);
        return new Engines(l);
    }

    public List<EngineProvider> providers() {
        return providers;
    }

    /** The providers' names, in order. */
    public List<String> names() {
        return providers.stream().map(EngineProvider::name).toList();
    }

    /** What {@link #choose(String)} accepts, for help and error texts. */
    public String allowed() {
        return String.join(", ", names()) + " (each optionally followed by a thread count in [1, " + MAX_THREADS + "], e.g. "
                + (names().isEmpty() ? "fast" : names().get(0)) + "2)";
    }

    /** The provider named {@code name} (or an alias), any case; the error lists the engines on the class path. */
    public EngineProvider provider(String name) {
        Check.notNull("name", name);
        EngineProvider p = find(name.trim().toLowerCase(Locale.ROOT));
        if (p == null) throw new IllegalArgumentException("engine must be one of " + allowed() + "; got '" + name + "'");
        return p;
    }

    /** Resolves {@code fast}, {@code fast2}, {@code samediff}, ...; the error lists the engines and the thread range. */
    public Choice choose(String spec) {
        Check.notNull("spec", spec);
        String s = spec.trim().toLowerCase(Locale.ROOT);
        EngineProvider p = find(s);
        if (p != null) return new Choice(p, p.defaultThreads());
        Matcher m = WITH_THREADS.matcher(s);
        if (m.matches() && find(m.group(1)) != null) {
            int n;
            try {
                n = Integer.parseInt(m.group(2));
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_THREADS) {
                throw new IllegalArgumentException("engine '" + spec + "': threads must be in [1, " + MAX_THREADS + "], got " + m.group(2));
            }
            return new Choice(find(m.group(1)), n);
        }
        throw new IllegalArgumentException("engine must be one of " + allowed() + "; got '" + spec + "'");
    }

    /** A new engine for {@code spec} (see {@link #choose(String)}); the caller closes it. */
    public Engine create(String spec) {
        Check.notNull("spec", spec);
        return choose(spec).create();
    }

    private EngineProvider find(String n) {
        for (EngineProvider p : providers) if (p.name().equals(n) || p.aliases().contains(n)) return p;
        return null;
    }
}
