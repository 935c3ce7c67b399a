package org.cbrnn.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.cbrnn.util.Check;

/**
 * Maps labels (conditions, phases) to colours deterministically, so that a condition has the same colour in every
 * figure. Immutable; derive variants with {@link #with(String, Color)}.
 *
 * <p>Built on the colour-blind-safe Okabe-Ito palette. The paper's conditions are pre-assigned in {@link #DEFAULT}:
 * <table>
 *   <caption>Pre-assigned colours</caption>
 *   <tr><td>CB-RNN</td><td>blue #0072B2</td></tr>
 *   <tr><td>RNN-202, RNN</td><td>black #000000</td></tr>
 *   <tr><td>Full reservoir</td><td>vermillion #D55E00</td></tr>
 *   <tr><td>Interleaved reservoir</td><td>bluish green #009E73</td></tr>
 *   <tr><td>GRU</td><td>reddish purple #CC79A7</td></tr>
 *   <tr><td>CB-GRU</td><td>sky blue #56B4E9</td></tr>
 *   <tr><td>Aux control</td><td>orange #E69F00</td></tr>
 * </table>
 *
 * <p>Matching ignores case and every character that is not a letter or digit, so {@code "CB-RNN"}, {@code "cb_rnn"}
 * and {@code "CbRnn"} are the same key, and schedule labels such as {@code "full-reservoir"} find their condition.
 * A label that is not a key but starts with one (for example {@code "CB-RNN seed 3"} or {@code "interleaved-10"})
 * takes the colour of the longest such key. Any other label gets a colour chosen from {@link #EXTRA} by a stable hash
 * of its normalised text, so it is also the same in every figure (but two unknown labels may collide; use
 * {@link #distinct(List)} for a set of labels that must differ, or {@link #with(String, Color)}).
 */
public final class Palette {

    /** Okabe-Ito black. */
    public static final Color BLACK = new Color(0x000000);
    /** Okabe-Ito orange. */
    public static final Color ORANGE = new Color(0xE69F00);
    /** Okabe-Ito sky blue. */
    public static final Color SKY_BLUE = new Color(0x56B4E9);
    /** Okabe-Ito bluish green. */
    public static final Color BLUISH_GREEN = new Color(0x009E73);
    /** Okabe-Ito yellow (weak on white: used last). */
    public static final Color YELLOW = new Color(0xF0E442);
    /** Okabe-Ito blue. */
    public static final Color BLUE = new Color(0x0072B2);
    /** Okabe-Ito vermillion. */
    public static final Color VERMILLION = new Color(0xD55E00);
    /** Okabe-Ito reddish purple. */
    public static final Color REDDISH_PURPLE = new Color(0xCC79A7);

    /** The eight Okabe-Ito colours in their canonical order. */
    public static final List<Color> OKABE_ITO = List.of(BLACK, ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW, BLUE, VERMILLION, REDDISH_PURPLE);

    /**
     * Colours for labels that are not pre-assigned: Paul Tol's muted scheme (colour-blind safe), which does not repeat
     * the pre-assigned Okabe-Ito colours.
     */
    public static final List<Color> EXTRA = List.of(
            new Color(0x332288), new Color(0x88CCEE), new Color(0x44AA99), new Color(0x117733), new Color(0x999933),
            new Color(0xDDCC77), new Color(0xCC6677), new Color(0x882255), new Color(0xAA4499), new Color(0x777777));

    /** Background tints of the plasticity phases (see {@code EpochRecord.phase()}), used by {@link PlasticityTimeline}. */
    public static final Map<String, Color> PHASES = Collections.unmodifiableMap(phases());

    /** The paper conditions pre-assigned as documented above. */
    public static final Palette DEFAULT = new Palette(defaults());

    private final Map<String, Color> byKey; // normalised label -> colour, in insertion order

    private Palette(Map<String, Color> byKey) {
        this.byKey = Collections.unmodifiableMap(new LinkedHashMap<>(byKey));
    }

    private static Map<String, Color> defaults() {
        Map<String, Color> m = new LinkedHashMap<>();
        m.put(normalize("CB-RNN"), BLUE);
        m.put(normalize("RNN-202"), BLACK);
        m.put(normalize("RNN"), BLACK);
        m.put(normalize("Full reservoir"), VERMILLION);
        m.put(normalize("Interleaved reservoir"), BLUISH_GREEN);
        m.put(normalize("Interleaved"), BLUISH_GREEN);
        m.put(normalize("GRU"), REDDISH_PURPLE);
        m.put(normalize("CB-GRU"), SKY_BLUE);
        m.put(normalize("Aux control"), ORANGE);
        return m;
    }

    private static Map<String, Color> phases() {
        Map<String, Color> m = new LinkedHashMap<>();
        m.put("joint", new Color(0x999999));
        m.put("warmup", ORANGE);
        m.put("frozen", SKY_BLUE);
        m.put("refresh", BLUISH_GREEN);
        return m;
    }

    /** A palette with no pre-assigned labels: every label is coloured by hash. */
    public static Palette empty() {
        return new Palette(Map.of());
    }

    /** A copy of this palette in which {@code label} (normalised) has {@code color}. */
    public Palette with(String label, Color color) {
        Objects.requireNonNull(color, "color");
        Map<String, Color> m = new LinkedHashMap<>(byKey);
        m.put(normalize(label), color);
        return new Palette(m);
    }

    /** The colour of {@code label}: pre-assigned, else by longest pre-assigned prefix, else by stable hash. */
    public Color color(String label) {
        String key = normalize(label);
        Color c = byKey.get(key);
        if (c != null) return c;
        String best = null;
        for (String k : byKey.keySet()) {
            if (!k.isEmpty() && key.startsWith(k) && (best == null || k.length() > best.length())) best = k;
        }
        if (best != null) return byKey.get(best);
        return EXTRA.get(Math.floorMod(key.hashCode(), EXTRA.size()));
    }

    /** Whether {@code label} has a pre-assigned colour (exactly or by prefix). */
    public boolean isAssigned(String label) {
        String key = normalize(label);
        for (String k : byKey.keySet()) if (!k.isEmpty() && key.startsWith(k)) return true;
        return false;
    }

    /**
     * Colours for a set of labels shown together: pre-assigned labels keep their colours, the others get their hash
     * colour unless it is already taken in this figure, in which case the next free colour of {@link #EXTRA} (then
     * Okabe-Ito) is used. Deterministic for a given list.
     */
    public Map<String, Color> distinct(List<String> labels) {
        Check.notNull("labels", labels);
        Map<String, Color> out = new LinkedHashMap<>();
        List<Color> used = new ArrayList<>();
        for (String l : labels) {
            if (isAssigned(l)) {
                Color c = color(l);
                out.put(l, c);
                used.add(c);
            }
        }
        List<Color> pool = new ArrayList<>(EXTRA);
        pool.addAll(OKABE_ITO);
        for (String l : labels) {
            if (out.containsKey(l)) continue;
            Color c = color(l);
            if (used.contains(c)) {
                int start = Math.floorMod(normalize(l).hashCode(), pool.size());
                for (int i = 0; i < pool.size(); i++) {
                    Color cand = pool.get((start + i) % pool.size());
                    if (!used.contains(cand)) {
                        c = cand;
                        break;
                    }
                }
            }
            out.put(l, c);
            used.add(c);
        }
        return out;
    }

    /** The tint of a plasticity phase ({@code joint}, {@code warmup}, {@code frozen}, {@code refresh}); grey if unknown. */
    public static Color phaseColor(String phase) {
        Check.notNull("phase", phase);
        return PHASES.getOrDefault(phase == null ? "" : phase.toLowerCase(Locale.ROOT), new Color(0xBBBBBB));
    }

    /** The line colour of a model module in per-module plots: core vermillion, cerebellum blue, readout green. */
    public static Color moduleColor(org.cbrnn.model.Module module) {
        Check.notNull("module", module);
        return switch (module) {
            case CORE -> VERMILLION;
            case CEREBELLUM -> BLUE;
            case READOUT -> BLUISH_GREEN;
        };
    }

    /** {@code color} with alpha {@code alpha} in [0, 1]. */
    public static Color withAlpha(Color color, double alpha) {
        Check.notNull("color", color);
        int a = (int) Math.round(Math.max(0, Math.min(1, alpha)) * 255);
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), a);
    }

    /** {@code color} mixed with white: {@code amount} 0 keeps it, 1 gives white (an opaque tint). */
    public static Color lighter(Color color, double amount) {
        Check.notNull("color", color);
        double t = Math.max(0, Math.min(1, amount));
        return new Color((int) Math.round(color.getRed() + (255 - color.getRed()) * t),
                (int) Math.round(color.getGreen() + (255 - color.getGreen()) * t),
                (int) Math.round(color.getBlue() + (255 - color.getBlue()) * t));
    }

    /** The matching key of a label: lower case, letters and digits only. */
    public static String normalize(String label) {
        Objects.requireNonNull(label, "label");
        StringBuilder sb = new StringBuilder(label.length());
        for (char ch : label.toLowerCase(Locale.ROOT).toCharArray()) if (Character.isLetterOrDigit(ch)) sb.append(ch);
        return sb.toString();
    }
}
