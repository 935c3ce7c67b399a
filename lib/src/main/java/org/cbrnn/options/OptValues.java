package org.cbrnn.options;

import java.util.Map;

/** The parsed values of one command line, by declaration; an absent option gives its declared default. */
public final class OptValues {
    private final Map<String, Opt<?>> declared;
    private final Map<String, Object> values;

    OptValues(Map<String, Opt<?>> declared, Map<String, Object> values) {
        this.declared = Map.copyOf(declared);
        this.values = Map.copyOf(values);
    }

    /** Whether the command line gave {@code opt}. */
    public boolean has(Opt<?> opt) {
        return values.containsKey(declaredAs(opt).name());
    }

    /** The given value, else the default of the option as this parser declared it (may be {@code null}). */
    @SuppressWarnings("unchecked")
    public <T> T get(Opt<T> opt) {
        Opt<T> d = (Opt<T>) declaredAs(opt);
        Object v = values.get(d.name());
        return v != null ? (T) v : d.defaultValue();
    }

    /** The given value, else {@code fallback} (for defaults that depend on other options). */
    public <T> T getOr(Opt<T> opt, T fallback) {
        return has(opt) ? get(opt) : fallback;
    }

    private Opt<?> declaredAs(Opt<?> opt) {
        Opt<?> d = declared.get(opt.name());
        if (d == null) throw new IllegalStateException("option --" + opt.name() + " is not declared by this command");
        return d;
    }
}
