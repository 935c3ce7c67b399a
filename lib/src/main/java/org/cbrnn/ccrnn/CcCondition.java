package org.cbrnn.ccrnn;

import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import org.cbrnn.util.Check;

/**
 * One condition of the ccRNN study: a name, a label, and how it turns a task's base configuration (and a lesion epoch)
 * into the run's configuration (docs/ccrnn.md §2.3).
 *
 * @param name    short name, e.g. {@code ccrnn}
 * @param label   for tables and legends, e.g. {@code ccRNN}
 * @param derive  (base config, lesion epoch) -> run config
 * @param aliases other accepted names
 */
public record CcCondition(String name, String label, BiFunction<CcConfig, Integer, CcConfig> derive, List<String> aliases) {
    public CcCondition {
        Check.notNull("name", name);
        Check.notNull("label", label);
        Check.notNull("derive", derive);
        aliases = List.copyOf(aliases);
    }

    public static CcCondition of(String name, String label, BiFunction<CcConfig, Integer, CcConfig> derive, String... aliases) {
        return new CcCondition(name, label, derive, List.of(aliases));
    }

    public boolean answersTo(String n) {
        String l = n.toLowerCase(Locale.ROOT);
        return name.equals(l) || aliases.contains(l);
    }

    /** The configuration of this condition on a task with base {@code base}, lesioned from {@code lesionEpoch} if it lesions. */
    public CcConfig config(CcConfig base, int lesionEpoch) {
        return derive.apply(base, lesionEpoch);
    }

    /** Whether this condition depends on the lesion epoch. */
    public boolean lesions(CcConfig base) {
        return config(base, 1).lesion() != CcConfig.Lesion.NONE;
    }
}
