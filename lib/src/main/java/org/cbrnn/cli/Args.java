package org.cbrnn.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Minimal {@code --key value} parser that rejects unknown options and malformed values with the option's name. */
final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();

    Args(String[] argv, int from, Set<String> known) {
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + a + "' (options start with --)");
            String key = a.substring(2), val;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                val = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                val = argv[++i];
            } else {
                val = "true";
            }
            if (!known.contains(key)) throw new IllegalArgumentException("unknown option --" + key + "; known: --" + String.join(", --", known));
            values.put(key, val);
        }
    }

    String str(String key, String def) {
        return values.getOrDefault(key, def);
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(values.getOrDefault(key, "false"));
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

    List<String> list(String key, String def) {
        List<String> out = new ArrayList<>();
        for (String s : str(key, def).split(",")) if (!s.isBlank()) out.add(s.trim());
        return out;
    }

    /** "1-3" or "1,2,5" into seeds. */
    List<Long> seeds(String key, String def) {
        List<Long> out = new ArrayList<>();
        for (String part : list(key, def)) {
            try {
                int dash = part.indexOf('-', 1);
                if (dash > 0) {
                    long a = Long.parseLong(part.substring(0, dash)), b = Long.parseLong(part.substring(dash + 1));
                    if (b < a || b - a > 10_000) throw new IllegalArgumentException("--" + key + " range must be a-b with a <= b and at most 10000 seeds, got " + part);
                    for (long s = a; s <= b; s++) out.add(s);
                } else {
                    out.add(Long.parseLong(part));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + key + " must be a list like 1-3 or 1,2,5; got '" + part + "'");
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("--" + key + " must name at least one seed");
        return out;
    }
}
