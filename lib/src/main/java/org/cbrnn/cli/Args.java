package org.cbrnn.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cbrnn.experiment.SweepGrid;

/**
 * {@code --key value} / {@code --key=value} / {@code --flag} parser for one {@link Command}. Unknown options, values
 * given to flags and malformed values are errors that name the option and its allowed range; all checks run before
 * any work starts.
 */
final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Command command;

    Args(Command command, String[] argv, int from) {
        this.command = command;
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) throw new IllegalArgumentException(command.name() + ": unexpected argument '" + a + "' (options start with --)");
            String key = a.substring(2), val = null;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                val = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            Command.Opt opt = command.opt(key);
            if (opt == null) {
                throw new IllegalArgumentException(command.name() + ": unknown option --" + key + "; options: --"
                        + String.join(", --", command.opts().stream().map(Command.Opt::name).toList()));
            }
            if (opt.flag()) {
                if (val != null) throw new IllegalArgumentException("--" + key + " is a flag and takes no value, got '" + val + "'");
                val = "true";
            } else if (val == null) {
                if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) throw new IllegalArgumentException("--" + key + " needs a value: " + opt.help());
                val = argv[++i];
            }
            if (values.containsKey(key)) throw new IllegalArgumentException("--" + key + " is given twice");
            values.put(key, val);
        }
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String str(String key, String def) {
        return values.getOrDefault(key, def);
    }

    boolean flag(String key) {
        return values.containsKey(key);
    }

    int integer(String key, int def, int min, int max) {
        String v = values.get(key);
        if (v == null) return def;
        try {
            int x = Integer.parseInt(v.trim());
            if (x < min || x > max) throw new IllegalArgumentException("--" + key + " must be in [" + min + ", " + max + "], got " + x);
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer in [" + min + ", " + max + "], got '" + v + "'");
        }
    }

    /** A comma list whose items must each be one of {@code allowed} (empty = anything). */
    List<String> list(String key, String def, List<String> allowed) {
        List<String> out = new ArrayList<>();
        for (String s : str(key, def).split(",")) if (!s.isBlank()) out.add(s.trim());
        if (out.isEmpty()) throw new IllegalArgumentException("--" + key + " must name at least one value" + (allowed.isEmpty() ? "" : " of " + allowed));
        for (String s : out) {
            if (!allowed.isEmpty() && !allowed.contains(s)) throw new IllegalArgumentException("--" + key + " must be a comma list of " + allowed + ", got '" + s + "'");
        }
        if (out.stream().distinct().count() != out.size()) throw new IllegalArgumentException("--" + key + " must not repeat a value, got '" + str(key, def) + "'");
        return out;
    }

    /** Exactly one of {@code allowed}. */
    String choice(String key, String def, List<String> allowed) {
        String v = str(key, def).trim();
        if (!allowed.contains(v)) throw new IllegalArgumentException("--" + key + " must be one of " + allowed + ", got '" + v + "'");
        return v;
    }

    /** "1-3" or "1,2,5" into seeds. */
    long[] seeds(String key, String def) {
        try {
            return SweepGrid.parseSeeds(str(key, def));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + key + ": " + e.getMessage());
        }
    }

    /** A comma list of positive integers, each in [min, max]. */
    int[] intList(String key, String def, int min, int max) {
        List<String> items = list(key, def, List.of());
        int[] out = new int[items.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = Integer.parseInt(items.get(i));
            } catch (NumberFormatException e) {
                out[i] = Integer.MIN_VALUE;
            }
            if (out[i] < min || out[i] > max) {
                throw new IllegalArgumentException("--" + key + " must be a comma list of integers in [" + min + ", " + max + "], got '" + items.get(i) + "'");
            }
        }
        return out;
    }
}
