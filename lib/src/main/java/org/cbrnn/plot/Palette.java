package org.cbrnn.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.cbrnn.experiment.ConditionDef;
import org.cbrnn.experiment.ConditionRegistry;
import org.cbrnn.util.Check;

/**
 * Maps labels (conditions, phases) to colours and line styles deterministically, so that a condition looks the same
 * in every figure. Immutable; derive variants with {@link #with(String, Color)}.
 *
 * <p>{@link #DEFAULT} is built from {@code ConditionRegistry.standard()} by {@link #of(ConditionRegistry)}: the
 * i-th condition of the registry gets the i-th colour of {@link #CONDITION_COLOURS} and the i-th {@link LineStyle},
 * so no two registry conditions share a colour or a line style. Every colour of the kit's pools has a WCAG contrast of
 * at least 3:1 on white (so Okabe-Ito yellow, orange and sky blue are not used for lines) and every two are at least
 * CIE76 &Delta;E 20 apart ({@code PaletteTest} checks both):
 * <table>
 *   <caption>The standard conditions</caption>
 *   <tr><th>condition</th><th>colour</th><th>line</th></tr>
 *   <tr><td>CB-RNN</td><td>blue #0072B2</td><td>solid</td></tr>
 *   <tr><td>RNN-202</td><td>black #000000</td><td>dashed</td></tr>
 *   <tr><td>Full reservoir</td><td>vermillion #D55E00</td><td>dotted</td></tr>
 *   <tr><td>Interleaved reservoir</td><td>bluish green #009E73</td><td>dash-dot</td></tr>
 *   <tr><td>GRU</td><td>purple #AA4499</td><td>long dash</td></tr>
 *   <tr><td>CB-GRU</td><td>indigo #332288</td><td>dash-dot-dot</td></tr>
 *   <tr><td>Aux control</td><td>ochre #996600</td><td>short dash</td></tr>
 *   <tr><td>RNN-&gt;CB</td><td>grey #777777</td><td>long dash-dot</td></tr>
 * </table>
 *
 * <p>Each condition answers to its display label, its short name and its aliases. Matching ignores case and every
 * character that is not a letter or digit, so {@code "CB-RNN"}, {@code "cb_rnn"} and {@code "CbRnn"} are the same
 * key, and {@code "RNN->CB"} and {@code "RNN→CB"} are both {@code rnncb} (an exact key, so never RNN-202's colour).
 * A label that is not a key but starts with one (for example {@code "CB-RNN seed 3"} or {@code "interleaved-10"})
 * takes the colour of the longest such key. Any other label gets a colour chosen from {@link #EXTRA} by a stable hash
 * of its normalised text; labels shown together should be coloured with {@link #distinct(List)}, which never gives
 * two labels of the set one colour (while the pools last).
 */
public final class Palette {

    /** Okabe-Ito black. */
    public static final Color BLACK = new Color(0x000000);
    /** Okabe-Ito orange (contrast 2.2:1 on white: for fills and tints, not lines). */
    public static final Color ORANGE = new Color(0xE69F00);
    /** Okabe-Ito sky blue (contrast 2.3:1 on white: for fills and tints, not lines). */
    public static final Color SKY_BLUE = new Color(0x56B4E9);
    /** Okabe-Ito bluish green. */
    public static final Color BLUISH_GREEN = new Color(0x009E73);
    /** Okabe-Ito yellow (contrast 1.4:1 on white: never used for lines or text). */
    public static final Color YELLOW = new Color(0xF0E442);
    /** Okabe-Ito blue. */
    public static final Color BLUE = new Color(0x0072B2);
    /** Okabe-Ito vermillion. */
    public static final Color VERMILLION = new Color(0xD55E00);
    /** Okabe-Ito reddish purple. */
    public static final Color REDDISH_PURPLE = new Color(0xCC79A7);
    /** Paul Tol's purple, the GRU colour. */
    public static final Color PURPLE = new Color(0xAA4499);
    /** Paul Tol's indigo, the CB-GRU colour. */
    public static final Color INDIGO = new Color(0x332288);
    /** A dark ochre (orange that reads on white), the aux-control colour. */
    public static final Color OCHRE = new Color(0x996600);
    /** Mid grey, the RNN-&gt;CB colour. */
    public static final Color GREY = new Color(0x777777);
    /** A true red (#D62728), for marks that a caption calls "red". */
    public static final Color RED = new Color(0xD62728);

    /** The eight Okabe-Ito colours in their canonical order (three of them too light for lines on white). */
    public static final List<Color> OKABE_ITO = List.of(BLACK, ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW, BLUE, VERMILLION, REDDISH_PURPLE);

    /** The colours given to registry conditions, in registry order (see the class comment). */
    public static final List<Color> CONDITION_COLOURS = List.of(BLUE, BLACK, VERMILLION, BLUISH_GREEN, PURPLE, INDIGO, OCHRE, GREY);

    /**
     * Colours for labels that are not conditions (and for conditions beyond the eighth): none repeats a condition
     * colour, each has contrast &ge; 3:1 on white and &Delta;E &ge; 20 to every other colour of both pools.
     */
    public static final List<Color> EXTRA = List.of(
            new Color(0x882255), new Color(0x117733), new Color(0x999933), new Color(0xCC6677), new Color(0xCC79A7),
            new Color(0x8C564B), RED, new Color(0x9467BD), new Color(0x006D77), new Color(0xA0522D),
            new Color(0xC71585), new Color(0x8B008B));

    /** Background tints of the plasticity phases (see {@code EpochRecord.phase()}), used by {@link PlasticityTimeline}. */
    public static final Map<String, Color> PHASES = Collections.unmodifiableMap(phases());

    /**
     * A line style, as a dash pattern in units of the line width. XChart restarts the pattern at every data point, so
     * {@link Bands#line} drops the inner points of flat stretches of a dashed curve, which makes curriculum curves
     * (levels are steps) show their pattern.
     */
    public enum LineStyle {
        SOLID(null),
        DASHED(new float[] {5f, 3f}),
        DOTTED(new float[] {0.1f, 2.2f}),
        DASH_DOT(new float[] {6f, 2.5f, 0.1f, 2.5f}),
        LONG_DASH(new float[] {10f, 3.5f}),
        DASH_DOT_DOT(new float[] {6f, 2.5f, 0.1f, 2.2f, 0.1f, 2.5f}),
        SHORT_DASH(new float[] {2.2f, 2.2f}),
        LONG_DASH_DOT(new float[] {10f, 2.5f, 0.1f, 2.5f});

        private final float[] pattern;

        LineStyle(float[] pattern) {
            this.pattern = pattern;
        }

        /** The dash pattern in units of the line width; null for a solid line. */
        public float[] pattern() {
            return pattern == null ? null : pattern.clone();
        }

        /** A stroke of this style and {@code width} (round caps, so dots show). */
        public BasicStroke stroke(float width) {
            if (!(width > 0)) throw new IllegalArgumentException("width must be > 0, got " + width);
            if (pattern == null) return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            float[] d = new float[pattern.length];
            // a dash pattern shorter than the stroke's round caps would merge: scale by at least 1.2 px
            float unit = Math.max(width, 1.2f);
            for (int i = 0; i < d.length; i++) d[i] = pattern[i] * unit;
            return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, d, 0f);
        }
    }

    /** The standard conditions' palette: {@link #of(ConditionRegistry)} of {@code ConditionRegistry.standard()}. */
    public static final Palette DEFAULT = of(ConditionRegistry.standard());

    private final Map<String, Color> byKey; // normalised label -> colour, in insertion order
    private final Map<String, LineStyle> lines; // normalised label -> line style

    private Palette(Map<String, Color> byKey, Map<String, LineStyle> lines) {
        this.byKey = Collections.unmodifiableMap(new LinkedHashMap<>(byKey));
        this.lines = Collections.unmodifiableMap(new LinkedHashMap<>(lines));
    }

    /**
     * The palette of a registry's conditions: the i-th condition gets colour i of {@link #CONDITION_COLOURS} (then of
     * {@link #EXTRA}) and line style i of {@link LineStyle} (cycling after eight), under its label, name and aliases.
     */
    public static Palette of(ConditionRegistry registry) {
        Check.notNull("registry", registry);
        List<Color> pool = new ArrayList<>(CONDITION_COLOURS);
        pool.addAll(EXTRA);
        Map<String, Color> m = new LinkedHashMap<>();
        Map<String, LineStyle> l = new LinkedHashMap<>();
        LineStyle[] styles = LineStyle.values();
        List<ConditionDef> defs = registry.all();
        for (int i = 0; i < defs.size(); i++) {
            ConditionDef d = defs.get(i);
            Color c = pool.get(i % pool.size());
            LineStyle s = styles[i % styles.length];
            List<String> keys = new ArrayList<>(d.aliases());
            keys.add(0, d.name());
            keys.add(0, d.label());
            for (String k : keys) {
                String n = normalize(k);
                if (n.isEmpty() || m.containsKey(n)) continue;
                m.put(n, c);
                l.put(n, s);
            }
        }
        return new Palette(m, l);
    }

    private static Map<String, Color> phases() {
        Map<String, Color> m = new LinkedHashMap<>();
        m.put("joint", new Color(0x999999));
        m.put("warmup", ORANGE);
        m.put("frozen", SKY_BLUE);
        m.put("refresh", BLUISH_GREEN);
        return m;
    }

    /** A palette with no pre-assigned labels: every label is coloured by hash, every line solid. */
    public static Palette empty() {
        return new Palette(Map.of(), Map.of());
    }

    /** A copy of this palette in which {@code label} (normalised) has {@code color} (and its line style, if any). */
    public Palette with(String label, Color color) {
        Objects.requireNonNull(color, "color");
        Map<String, Color> m = new LinkedHashMap<>(byKey);
        m.put(normalize(label), color);
        return new Palette(m, lines);
    }

    /** A copy of this palette in which {@code label} (normalised) has {@code color} and {@code line}. */
    public Palette with(String label, Color color, LineStyle line) {
        Objects.requireNonNull(line, "line");
        Palette p = with(label, color);
        Map<String, LineStyle> l = new LinkedHashMap<>(lines);
        l.put(normalize(label), line);
        return new Palette(p.byKey, l);
    }

    /** The colour of {@code label}: pre-assigned, else by longest pre-assigned prefix, else by stable hash. */
    public Color color(String label) {
        String key = normalize(label);
        Color c = byKey.get(key);
        if (c != null) return c;
        String best = longestPrefix(key);
        if (best != null) return byKey.get(best);
        return EXTRA.get(Math.floorMod(key.hashCode(), EXTRA.size()));
    }

    /** The line style of {@code label}: its condition's (exactly or by longest prefix), else solid. */
    public LineStyle lineStyle(String label) {
        String key = normalize(label);
        LineStyle s = lines.get(key);
        if (s != null) return s;
        String best = longestPrefix(key);
        return best != null && lines.containsKey(best) ? lines.get(best) : LineStyle.SOLID;
    }

    private String longestPrefix(String key) {
        String best = null;
        for (String k : byKey.keySet()) {
            if (!k.isEmpty() && key.startsWith(k) && (best == null || k.length() > best.length())) best = k;
        }
        return best;
    }

    /** Whether {@code label} has a pre-assigned colour (exactly or by prefix). */
    public boolean isAssigned(String label) {
        return longestPrefix(normalize(label)) != null;
    }

    /**
     * The smallest CIE76 &Delta;E that {@link #distinct(List)} keeps between the colours of labels shown together when
     * the pools allow. The pools' own minimum (20) let through two greens that readers confused in one figure: #009E73
     * and #117733 (&Delta;E 22), the interleaved reservoir and the frozen core of notebook 8.
     */
    public static final double SHOWN_TOGETHER_DELTA_E = 30.0;

    /**
     * Colours for a set of labels shown together, all different while the pools last: labels that are a key
     * (a condition's label, name or alias) keep their colours; a label that only starts with a key (e.g.
     * {@code "CB-RNN GC64"}) keeps its condition's colour if no earlier label of the set has it; any other label
     * keeps its hash colour if it is free and at least {@link #SHOWN_TOGETHER_DELTA_E} from every colour taken before
     * it. The rest get, of the free colours of {@link #EXTRA} and then {@link #CONDITION_COLOURS}, the one farthest
     * (largest smallest &Delta;E) from the colours taken. Deterministic for a given list.
     */
    public Map<String, Color> distinct(List<String> labels) {
        Check.notNull("labels", labels);
        Map<String, Color> out = new LinkedHashMap<>();
        List<Color> used = new ArrayList<>();
        for (String l : labels) {
            Color c = byKey.get(normalize(l));
            if (c != null && !used.contains(c)) {
                out.put(l, c);
                used.add(c);
            }
        }
        List<Color> pool = new ArrayList<>(EXTRA);
        for (Color c : CONDITION_COLOURS) if (!pool.contains(c)) pool.add(c);
        for (String l : labels) {
            if (out.containsKey(l)) continue;
            Color c = color(l);
            boolean prefixed = longestPrefix(normalize(l)) != null;
            if (used.contains(c) || (!prefixed && nearest(c, used) < SHOWN_TOGETHER_DELTA_E)) {
                Color best = null;
                double bestDistance = -1;
                for (Color cand : pool) {
                    if (used.contains(cand)) continue;
                    double d = nearest(cand, used);
                    if (d > bestDistance) {
                        best = cand;
                        bestDistance = d;
                    }
                }
                if (best != null) c = best;
            }
            out.put(l, c);
            used.add(c);
        }
        return out;
    }

    /** The smallest {@link #deltaE} from {@code c} to any of {@code others}; infinity when there are none. */
    private static double nearest(Color c, List<Color> others) {
        double d = Double.POSITIVE_INFINITY;
        for (Color o : others) d = Math.min(d, deltaE(c, o));
        return d;
    }

    /** WCAG 2 contrast ratio of {@code color} against white (1 to 21). */
    public static double contrastOnWhite(Color color) {
        Check.notNull("color", color);
        return 1.05 / (relativeLuminance(color) + 0.05);
    }

    /** WCAG 2 relative luminance of an sRGB colour (0 black to 1 white). */
    public static double relativeLuminance(Color color) {
        Check.notNull("color", color);
        return 0.2126 * linear(color.getRed()) + 0.7152 * linear(color.getGreen()) + 0.0722 * linear(color.getBlue());
    }

    /** CIE76 colour difference &Delta;E*ab of two sRGB colours (D65 white); about 2 is just noticeable. */
    public static double deltaE(Color a, Color b) {
        Check.notNull("a", a);
        Check.notNull("b", b);
        double[] p = lab(a), q = lab(b);
        return Math.sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double[] lab(Color c) {
        double r = linear(c.getRed()), g = linear(c.getGreen()), b = linear(c.getBlue());
        double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        double fx = labF(x), fy = labF(y), fz = labF(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double labF(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
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
