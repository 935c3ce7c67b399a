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
 * @param core    which network the condition trains
 * @param derive  (base config, lesion epoch) -> run config (for the Elman cores: the training constants only)
 * @param aliases other accepted names
 */
public record CcCondition(String name, String label, Core core, BiFunction<CcConfig, Integer, CcConfig> derive, List<String> aliases) {
    /** The network a condition trains. */
    public enum Core {
        /** the ccRNN study's LSTM cortex, with or without the synthesiser ({@link CcNetwork}) */
        LSTM,
        /** the kit's CB-RNN with a per-step readout ({@link OnlineElman#cbRnn}), full BPTT */
        CB_RNN,
        /** the plain leaky Elman RNN of about the CB-RNN's parameter count ({@link OnlineElman#matchedRnn}), full BPTT */
        RNN
    }

    public CcCondition {
        Check.notNull("name", name);
        Check.notNull("label", label);
        Check.notNull("core", core);
        Check.notNull("derive", derive);
        aliases = List.copyOf(aliases);
    }

    /** An LSTM condition of the ccRNN study. */
    public static CcCondition of(String name, String label, BiFunction<CcConfig, Integer, CcConfig> derive, String... aliases) {
        return new CcCondition(name, label, Core.LSTM, derive, List.of(aliases));
    }

    /** A condition training an Elman core ({@link Core#CB_RNN} or {@link Core#RNN}) with the training constants {@code derive} gives. */
    public static CcCondition elman(String name, String label, Core core, BiFunction<CcConfig, Integer, CcConfig> derive, String... aliases) {
        if (core == Core.LSTM) throw new IllegalArgumentException("core must be CB_RNN or RNN for an Elman condition, got LSTM");
        return new CcCondition(name, label, core, derive, List.of(aliases));
    }

    /**
     * The architecture of an Elman condition on {@code task}, or null for the LSTM conditions (whose network is
     * defined by the {@link CcConfig}).
     */
    public org.cbrnn.model.ModelConfig model(org.cbrnn.task.online.OnlineTask task) {
        return switch (core) {
            case LSTM -> null;
            case CB_RNN -> OnlineElman.cbRnn(task);
            case RNN -> OnlineElman.matchedRnn(task);
        };
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
