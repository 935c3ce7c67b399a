package org.cbrnn.util;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The one list of an immutable type's fields, driving its text round trip: each field has a key, a way to print its
 * value and a way to set it on the type's builder from text. {@link #write} gives the fields in table order;
 * {@link #read} requires every key and names the key and the expected form on a bad value.
 *
 * @param <T> the immutable type
 * @param <B> its builder
 */
public final class FieldTable<T, B> {
    /**
     * One field: its key, its text form, how to set it from text, and (for an optional field) the text of its default
     * value, which is left out of {@link #write} and assumed by {@link #read} when the key is missing; empty for a
     * required field.
     */
    public record Field<T, B>(String key, Function<T, String> text, BiConsumer<B, String> parse, Optional<String> defaultText) {
        public Field {
            Check.notNull("key", key);
            Check.notNull("text", text);
            Check.notNull("parse", parse);
            Check.notNull("defaultText", defaultText);
        }

        /** A required field. */
        public Field(String key, Function<T, String> text, BiConsumer<B, String> parse) {
            this(key, text, parse, Optional.empty());
        }

        /** True when the field may be missing from the text form (it then has its default value). */
        public boolean optional() {
            return defaultText.isPresent();
        }
    }

    private final String what;
    private final List<Field<T, B>> fields;

    private FieldTable(String what, List<Field<T, B>> fields) {
        this.what = what;
        this.fields = List.copyOf(fields);
    }

    /** A new table; {@code what} names the type in error messages (e.g. "model config"). */
    public static <T, B> FieldTable<T, B> of(String what) {
        Check.notNull("what", what);
        return new FieldTable<>(what, List.of());
    }

    private FieldTable<T, B> add(Field<T, B> f) {
        List<Field<T, B>> l = new ArrayList<>(fields);
        l.add(f);
        return new FieldTable<>(what, l);
    }

    /** A text field. */
    public FieldTable<T, B> text(String key, Function<T, String> get, BiConsumer<B, String> set) {
        Check.notNull("key", key);
        Check.notNull("get", get);
        Check.notNull("set", set);
        return add(new Field<>(key, get, set));
    }

    /** An integer field, printed with {@link Integer#toString(int)}. */
    public FieldTable<T, B> integer(String key, Function<T, Integer> get, BiConsumer<B, Integer> set) {
        Check.notNull("key", key);
        Check.notNull("get", get);
        Check.notNull("set", set);
        return add(new Field<>(key, t -> Integer.toString(get.apply(t)), (b, s) -> {
            int v;
            try {
                v = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " key '" + key + "' must be an integer, got '" + s + "'");
            }
            set.accept(b, v);
        }));
    }

    /**
     * An optional integer field: written only when its value differs from {@code defaultValue}, and read as
     * {@code defaultValue} when its key is missing. Adding a field this way keeps the text of every existing value
     * (stored files, hashes of it) unchanged.
     */
    public FieldTable<T, B> optionalInteger(String key, int defaultValue, Function<T, Integer> get, BiConsumer<B, Integer> set) {
        Check.notNull("key", key);
        Check.notNull("get", get);
        Check.notNull("set", set);
        Field<T, B> f = integer(key, get, set).fields.get(fields.size());
        return add(new Field<>(f.key(), f.text(), f.parse(), Optional.of(Integer.toString(defaultValue))));
    }

    /** A long field, printed with {@link Long#toString(long)}. */
    public FieldTable<T, B> longInteger(String key, Function<T, Long> get, BiConsumer<B, Long> set) {
        Check.notNull("key", key);
        Check.notNull("get", get);
        Check.notNull("set", set);
        return add(new Field<>(key, t -> Long.toString(get.apply(t)), (b, s) -> {
            long v;
            try {
                v = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " key '" + key + "' must be an integer, got '" + s + "'");
            }
            set.accept(b, v);
        }));
    }

    /** A number field, printed with {@link Double#toString(double)} (so {@code 0.01}, {@code 98.0}, {@code Infinity}). */
    public FieldTable<T, B> number(String key, Function<T, Double> get, BiConsumer<B, Double> set) {
        Check.notNull("key", key);
        Check.notNull("get", get);
        Check.notNull("set", set);
        return add(new Field<>(key, t -> Double.toString(get.apply(t)), (b, s) -> {
            double v;
            try {
                v = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " key '" + key + "' must be a number, got '" + s + "'");
            }
            set.accept(b, v);
        }));
    }

    /** A boolean field, {@code true} or {@code false}. */
    public FieldTable<T, B> bool(String key, Function<T, Boolean> get, BiConsumer<B, Boolean> set) {
        Check.notNull("key", key);
        Check.notNull("get", get);
        Check.notNull("set", set);
        return add(new Field<>(key, t -> Boolean.toString(get.apply(t)), (b, s) -> {
            if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(what + " key '" + key + "' must be true or false, got '" + s + "'");
            }
            set.accept(b, Boolean.parseBoolean(s));
        }));
    }

    /** An enum field, printed as the constant's name and read case-insensitively. */
    public <E extends Enum<E>> FieldTable<T, B> enumeration(String key, Class<E> type, Function<T, E> get, BiConsumer<B, E> set) {
        Check.notNull("get", get);
        Check.notNull("set", set);
        Check.notNull("type", type);
        return add(new Field<>(key, t -> get.apply(t).name(), (b, s) -> {
            E v;
            try {
                v = Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + " key '" + key + "' must be one of "
                        + java.util.Arrays.toString(type.getEnumConstants()) + ", got '" + s + "'");
            }
            set.accept(b, v);
        }));
    }

    /** The fields in order. */
    public List<Field<T, B>> fields() {
        return fields;
    }

    /** The keys in order, optional ones included. */
    public List<String> keys() {
        return fields.stream().map(Field::key).toList();
    }

    /** The keys of the required fields in order: those {@link #write} always gives. */
    public List<String> requiredKeys() {
        return fields.stream().filter(f -> !f.optional()).map(Field::key).toList();
    }

    /** {@code value}'s fields as text, in table order; an optional field at its default value is left out. */
    public Map<String, String> write(T value) {
        Check.notNull("value", value);
        Map<String, String> m = new LinkedHashMap<>();
        for (Field<T, B> f : fields) {
            String text = f.text().apply(value);
            if (f.optional() && f.defaultText().get().equals(text)) continue;
            m.put(f.key(), text);
        }
        return m;
    }

    /**
     * Sets every field of {@code builder} from {@code p}; a missing required key is an error naming it, a missing
     * optional key sets the field's default. Returns the builder.
     */
    public B read(Map<String, String> properties, B builder) {
        Check.notNull("properties", properties);
        Check.notNull("builder", builder);
        for (Field<T, B> f : fields) {
            String v = properties.get(f.key());
            if (v == null && f.optional()) v = f.defaultText().get();
            if (v == null) throw new IllegalArgumentException(what + " is missing key '" + f.key() + "'");
            f.parse().accept(builder, v.trim());
        }
        return builder;
    }
}
