package org.cbrnn.options;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.cbrnn.util.Check;

/**
 * One declared option: its name, value placeholder, default, allowed values and help, and the parser that turns a
 * raw string into a typed value. The same declaration serves a command-line option ({@code --epochs 150}), a grid
 * file key ({@code epochs = 150}) and the benchmark harness, so a range is written once and the help text, the error
 * message and the check cannot disagree.
 *
 * <p>Every parse error has the form {@code <label> must be <range>, got <value>}, where the range is the text shown
 * in the help ({@link #range()}). Numbers are ASCII digits only: {@code Integer.parseInt} would accept {@code "５"}.
 *
 * <pre>{@code
 * static final Opt<Integer> EPOCHS = Opt.integer("epochs", "E", 1, TrainingConfig.MAX_EPOCHS, "epoch budget per run").withDefault(1000);
 * int e = EPOCHS.parse("--epochs", "150");
 * }</pre>
 *
 * @param <T> the parsed type
 */
public final class Opt<T> {
    /** What kind of value an option takes; tests derive malformed inputs from it. */
    public enum Kind { INT, LONG, DOUBLE, CHOICE, CHOICE_LIST, INT_LIST, PATH, FLAG, CUSTOM }

    /** What a {@link Kind#PATH} option's path must be; checked without creating anything. */
    public enum PathRule {
        /** any non-empty path */
        ANY("a non-empty path"),
        /** an existing regular file */
        FILE("an existing file"),
        /** an existing directory */
        DIRECTORY("an existing directory"),
        /** an existing directory, or a path that can be created as one (its nearest existing ancestor is a writable directory) */
        CREATABLE_DIRECTORY("a directory, existing or creatable (not a file, not below a file)");

        final String text;

        PathRule(String text) {
            this.text = text;
        }
    }

    private static final Pattern ASCII_INT = Pattern.compile("[+-]?[0-9]{1,19}");
    private static final Pattern ASCII_DOUBLE = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?");

    private final String name;
    private final String placeholder;
    private final Kind kind;
    private final String help;
    private final String range;
    private final Function<String, T> parser;
    private final T defaultValue;
    private final String defaultText;
    private final long min;
    private final long max;
    private final Supplier<List<String>> choices;

    private Opt(String name, String placeholder, Kind kind, String help, String range, Function<String, T> parser, T defaultValue,
                String defaultText, long min, long max, Supplier<List<String>> choices) {
        if (!name.matches("[a-z][a-z0-9-]*")) throw new IllegalArgumentException("option name must be lower-case kebab case, got '" + name + "'");
        this.name = name;
        this.placeholder = placeholder;
        this.kind = kind;
        this.help = Objects.requireNonNull(help, "help");
        this.range = Objects.requireNonNull(range, "range");
        this.parser = parser;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.min = min;
        this.max = max;
        this.choices = choices;
    }

    // ------------------------------------------------------------------ factories

    /** An integer in {@code [min, max]}. */
    public static Opt<Integer> integer(String name, String placeholder, int min, int max, String help) {
        Check.notNull("name", name);
        Check.notNull("placeholder", placeholder);
        Check.notNull("help", help);
        String range = "an integer in [" + min + ", " + max + "]";
        return new Opt<>(name, placeholder, Kind.INT, help, range, raw -> (int) asciiLong(raw, min, max), null, null, min, max, null);
    }

    /** A long in {@code [min, max]}. */
    public static Opt<Long> longInt(String name, String placeholder, long min, long max, String help) {
        Check.notNull("name", name);
        Check.notNull("placeholder", placeholder);
        Check.notNull("help", help);
        String range = "an integer in [" + min + ", " + max + "]";
        return new Opt<>(name, placeholder, Kind.LONG, help, range, raw -> asciiLong(raw, min, max), null, null, min, max, null);
    }

    /** A finite decimal number in {@code [min, max]} (ASCII digits, optional exponent). */
    public static Opt<Double> decimal(String name, String placeholder, double min, double max, String help) {
        Check.notNull("name", name);
        Check.notNull("placeholder", placeholder);
        Check.notNull("help", help);
        String range = "a number in [" + min + ", " + max + "]";
        return new Opt<>(name, placeholder, Kind.DOUBLE, help, range, raw -> {
            String s = raw.strip();
            if (!ASCII_DOUBLE.matcher(s).matches()) throw new Bad(null);
            double x = Double.parseDouble(s);
            if (!(x >= min && x <= max)) throw new Bad(s);
            return x;
        }, null, null, 0, 0, null);
    }

    /** Exactly one of {@code allowed} (read when parsing, so a registry may grow). */
    public static Opt<String> choice(String name, String placeholder, Supplier<List<String>> allowed, String help) {
        Check.notNull("name", name);
        Check.notNull("placeholder", placeholder);
        Check.notNull("allowed", allowed);
        Check.notNull("help", help);
        return new Opt<>(name, placeholder, Kind.CHOICE, help, "one of " + String.join(", ", allowed.get()), raw -> {
            String s = raw.strip();
            if (!allowed.get().contains(s)) throw new Bad(null);
            return s;
        }, null, null, 0, 0, allowed);
    }

    /** A comma list of distinct items, each accepted by {@code accepts} (usually: one of {@code allowed}). */
    public static Opt<List<String>> choiceList(String name, String placeholder, Supplier<List<String>> allowed, Predicate<String> accepts,
                                               String help) {
        Check.notNull("name", name);
        Check.notNull("placeholder", placeholder);
        Check.notNull("allowed", allowed);
        Check.notNull("accepts", accepts);
        Check.notNull("help", help);
        String range = "a comma list of distinct items of " + String.join(", ", allowed.get());
        return new Opt<>(name, placeholder, Kind.CHOICE_LIST, help, range, raw -> {
            List<String> items = items(raw);
            for (String s : items) if (!accepts.test(s)) throw new Bad(null, "'" + s + "' is not allowed");
            if (items.stream().distinct().count() != items.size()) throw new Bad(null, "an item repeats");
            return List.copyOf(items);
        }, null, null, 0, 0, allowed);
    }

    /** A comma list of distinct items of {@code allowed}. */
    public static Opt<List<String>> choiceList(String name, String placeholder, Supplier<List<String>> allowed, String help) {
        Check.notNull("name", name);
        Check.notNull("placeholder", placeholder);
        Check.notNull("allowed", allowed);
        Check.notNull("help", help);
        return choiceList(name, placeholder, allowed, s -> allowed.get().contains(s), help);
    }

    /** A comma list of integers, each in {@code [min, max]}. */
    public static Opt<List<Integer>> intList(String name, String placeholder, int min, int max, String help) {
        Check.notNull("name", name);
        Check.notNull("placeholder", placeholder);
        Check.notNull("help", help);
        String range = "a comma list of integers in [" + min + ", " + max + "]";
        return new Opt<>(name, placeholder, Kind.INT_LIST, help, range, raw -> {
            List<Integer> out = new ArrayList<>();
            for (String s : items(raw)) {
                try {
                    out.add((int) asciiLong(s, min, max));
                } catch (Bad b) {
                    throw new Bad(null, "item '" + s + "'");
                }
            }
            return List.copyOf(out);
        }, null, null, min, max, null);
    }

    /** A path obeying {@code rule} (checked without creating anything). */
    public static Opt<Path> path(String name, String placeholder, PathRule rule, String help) {
        Check.notNull("name", name);
        Check.notNull("placeholder", placeholder);
        Check.notNull("rule", rule);
        Check.notNull("help", help);
        return new Opt<>(name, placeholder, Kind.PATH, help, rule.text, raw -> checkPath(raw, rule), null, null, 0, 0, null);
    }

    /** A flag: present means {@code true}. */
    public static Opt<Boolean> flag(String name, String help) {
        Check.notNull("name", name);
        Check.notNull("help", help);
        return new Opt<>(name, null, Kind.FLAG, help, "a flag (no value)", raw -> true, false, null, 0, 0, null);
    }

    /**
     * Anything else: {@code parser} throws {@link IllegalArgumentException} for a bad value (its message is appended as
     * the detail); {@code range} describes what is allowed, for help and errors.
     */
    public static <T> Opt<T> custom(String name, String placeholder, String range, Function<String, T> parser, String help) {
        Check.notNull("name", name);
        Check.notNull("placeholder", placeholder);
        Check.notNull("range", range);
        Check.notNull("parser", parser);
        Check.notNull("help", help);
        return new Opt<>(name, placeholder, Kind.CUSTOM, help, range, parser, null, null, 0, 0, null);
    }

    // ------------------------------------------------------------------ variants

    /**
     * The same option with a default value (shown in help as {@code String.valueOf}, lists comma-joined). There is no
     * null default: an option without one is {@link #withoutDefault}.
     */
    public Opt<T> withDefault(T value) {
        Check.notNull("value", value);
        return new Opt<>(name, placeholder, kind, help, range, parser, value, display(value), min, max, choices);
    }

    /** The same option with a default value and the text the help shows for it. */
    public Opt<T> withDefault(T value, String text) {
        Check.notNull("value", value);
        Check.notNull("text", text);
        return new Opt<>(name, placeholder, kind, help, range, parser, value, text, min, max, choices);
    }

    /** The same option with no default value; {@code text} says in help what happens when it is absent. */
    public Opt<T> withoutDefault(String text) {
        Check.notNull("text", text);
        return new Opt<>(name, placeholder, kind, help, range, parser, null, text, min, max, choices);
    }

    /** The same option with another help text (the range and default stay). */
    public Opt<T> withHelp(String text) {
        Check.notNull("text", text);
        return new Opt<>(name, placeholder, kind, text, range, parser, defaultValue, defaultText, min, max, choices);
    }

    // ------------------------------------------------------------------ use

    /**
     * Parses {@code raw}; a bad value throws {@link IllegalArgumentException} "{@code <label> must be <range>, got ...}".
     *
     * @param label how the error names the option, e.g. {@code --epochs} or {@code grid file line 3: epochs}
     */
    public T parse(String label, String raw) {
        Check.notNull("label", label);
        Objects.requireNonNull(raw, "raw");
        try {
            return parser.apply(raw);
        } catch (Bad b) {
            throw new IllegalArgumentException(label + " must be " + range + ", got " + (b.got != null ? b.got : "'" + raw + "'")
                    + (b.detail != null ? " (" + b.detail + ")" : ""), null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + " must be " + range + ", got '" + raw + "' (" + e.getMessage() + ")", e);
        }
    }

    /** The option's help line (without the name): help, allowed values, default. */
    public String helpText() {
        return help + "; " + range + (defaultText != null ? " (default " + defaultText + ")" : "");
    }

    public String name() {
        return name;
    }

    /** The value placeholder in help, e.g. {@code E}; {@code null} for a flag. */
    public String placeholder() {
        return placeholder;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isFlag() {
        return kind == Kind.FLAG;
    }

    public String help() {
        return help;
    }

    /** The allowed values as shown in help and errors, e.g. {@code an integer in [1, 10000000]}. */
    public String range() {
        return range;
    }

    /** The default value, or {@code null} when the option has none. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The lower bound of an {@link Kind#INT}, {@link Kind#LONG} or {@link Kind#INT_LIST} option. */
    public long min() {
        return min;
    }

    /** The upper bound of an {@link Kind#INT}, {@link Kind#LONG} or {@link Kind#INT_LIST} option. */
    public long max() {
        return max;
    }

    /** The allowed values of a {@link Kind#CHOICE} or {@link Kind#CHOICE_LIST} option (empty for other kinds). */
    public List<String> choices() {
        return choices == null ? List.of() : choices.get();
    }

    @Override
    public String toString() {
        return "--" + name + (placeholder == null ? "" : " " + placeholder);
    }

    // ------------------------------------------------------------------ helpers

    /** Parses an ASCII integer in {@code [min, max]}; for declarations of {@link #custom} options made of integers. */
    public static long asciiLong(String raw, long min, long max) {
        Check.notNull("raw", raw);
        String s = raw.strip();
        if (!ASCII_INT.matcher(s).matches()) throw new Bad(null);
        long x;
        try {
            x = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new Bad(null); // beyond the long range
        }
        if (x < min || x > max) throw new Bad(Long.toString(x));
        return x;
    }

    /** The non-blank items of a comma list, stripped; none is an error. */
    public static List<String> items(String raw) {
        Check.notNull("raw", raw);
        List<String> out = new ArrayList<>();
        for (String s : raw.split(",")) if (!s.isBlank()) out.add(s.strip());
        if (out.isEmpty()) throw new Bad(null, "no item");
        return out;
    }

    private static Path checkPath(String raw, PathRule rule) {
        if (raw.isBlank()) throw new Bad(null, "empty");
        Path p;
        try {
            p = Path.of(raw);
        } catch (InvalidPathException e) {
            throw new Bad(null, e.getReason());
        }
        switch (rule) {
            case FILE -> {
                if (!Files.isRegularFile(p) || !Files.isReadable(p)) throw new Bad(null, Files.exists(p) ? "not a readable file" : "not found");
            }
            case DIRECTORY -> {
                if (!Files.isDirectory(p)) throw new Bad(null, Files.exists(p) ? "not a directory" : "not found");
            }
            case CREATABLE_DIRECTORY -> {
                if (Files.exists(p)) {
                    if (!Files.isDirectory(p)) throw new Bad(null, "a file");
                } else {
                    Path up = p.toAbsolutePath().getParent();
                    while (up != null && !Files.exists(up)) up = up.getParent();
                    if (up == null || !Files.isDirectory(up)) throw new Bad(null, "below " + up + ", which is not a directory");
                    if (!Files.isWritable(up)) throw new Bad(null, up + " is not writable");
                }
            }
            default -> { }
        }
        return p;
    }

    private static String display(Object v) {
        if (v == null) return null;
        if (v instanceof List<?> l) return String.join(",", l.stream().map(String::valueOf).toList());
        return String.valueOf(v);
    }

    /**
     * A bad value inside a parser: {@code got} replaces the quoted raw value in the message (e.g. the parsed number),
     * {@code detail} is appended. Parsers of {@link #custom} options may throw it. Either may be {@code null}: no
     * {@code got} keeps the quoted raw value, no {@code detail} appends nothing.
     */
    public static final class Bad extends IllegalArgumentException {
        final String got;
        final String detail;

        public Bad(String got) {
            this(got, null);
        }

        public Bad(String got, String detail) {
            super(detail);
            this.got = got;
            this.detail = detail;
        }

        /** The detail appended to the message, or {@code null}. */
        public String detail() {
            return detail;
        }
    }
}
