package org.cbrnn.options;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cbrnn.util.Check;

/**
 * Parses {@code --name value}, {@code --name=value} and {@code --flag} against a list of {@link Opt} declarations.
 * Every value is parsed when the command line is read, so each bad value fails before any work starts, naming the
 * option and its allowed range. Unknown options, repeated options, stray arguments and values given to flags are
 * errors too. The help text is generated from the same list.
 */
public final class OptParser {
    private final String context;
    private final Map<String, Opt<?>> opts = new LinkedHashMap<>();
    private final boolean flagValues;

    private OptParser(String context, List<Opt<?>> opts, boolean flagValues) {
        this.context = context;
        for (Opt<?> o : opts) {
            if (this.opts.put(o.name(), o) != null) throw new IllegalArgumentException(context + ": option --" + o.name() + " declared twice");
        }
        this.flagValues = flagValues;
    }

    /** A parser for {@code opts}; {@code context} (e.g. the command name) starts errors about stray arguments. */
    public static OptParser of(String context, List<Opt<?>> opts) {
        Check.notNull("context", context);
        Check.notNull("opts", opts);
        return new OptParser(context, opts, false);
    }

    /** The same parser, also accepting {@code --flag=true} and {@code --flag=false}. */
    public OptParser withFlagValues() {
        return new OptParser(context, List.copyOf(opts.values()), true);
    }

    public List<Opt<?>> options() {
        return List.copyOf(opts.values());
    }

    /** Parses {@code argv[from..]}. */
    public OptValues parse(String[] argv, int from) {
        Check.notNull("argv", argv);
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new IllegalArgumentException(context + ": unexpected argument '" + a + "' (options start with --)");
            }
            String key = a.substring(2), val = null;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                val = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            Opt<?> opt = opts.get(key);
            if (opt == null) {
                throw new IllegalArgumentException(context + ": unknown option '--" + key + "'; options: --" + String.join(", --", opts.keySet()));
            }
            if (values.containsKey(key)) throw new IllegalArgumentException("--" + key + " is given twice");
            if (opt.isFlag()) {
                values.put(key, flagValue(key, val));
                continue;
            }
            if (val == null) {
                if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) {
                    throw new IllegalArgumentException("--" + key + " needs a value: " + opt.range());
                }
                val = argv[++i];
            }
            values.put(key, opt.parse("--" + key, val));
        }
        return new OptValues(opts, values);
    }

    private Boolean flagValue(String key, String val) {
        if (val == null) return true;
        if (!flagValues) throw new IllegalArgumentException("--" + key + " is a flag and takes no value, got '" + val + "'");
        return switch (val.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("--" + key + " is a flag: give no value, or true/false, got '" + val + "'");
        };
    }

    /** One line per option: {@code --name PLACEHOLDER  help; range (default ...)}, and {@code --help}. */
    public String help() {
        StringBuilder sb = new StringBuilder();
        for (Opt<?> o : opts.values()) {
            String left = "  --" + o.name() + (o.isFlag() ? "" : " " + o.placeholder());
            String text = o.isFlag() ? o.help() : o.helpText();
            sb.append(String.format(Locale.ROOT, "%-24s %s%n", left, text));
        }
        sb.append(String.format(Locale.ROOT, "%-24s %s%n", "  --help", "this text"));
        return sb.toString();
    }
}
