package org.cbrnn.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.cbrnn.model.Module;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.util.Check;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * Shows which modules learned in each epoch ({@link EpochRecord#phase()} and {@link EpochRecord#learning()}) as
 * shaded background spans: {@code joint} grey, {@code warmup} orange, {@code frozen} sky blue, {@code refresh} green
 * (see {@link Palette#PHASES}). Epoch e covers x in [e - 0.5, e + 0.5].
 *
 * <pre>{@code
 * XYChart c = CurriculumChart.builder().add("Interleaved reservoir", seeds).build();
 * PlasticityTimeline.overlay(c, oneRun.records());      // shade one run's phases under the curves
 * XYChart single = PlasticityTimeline.chart("interleaved-10, seed 1", oneRun.records());
 * }</pre>
 */
public final class PlasticityTimeline {

    /** Opacity of the phase spans. */
    public static final double SPAN_ALPHA = 0.16;

    /** Prefix of the span series names. */
    public static final String SPAN_PREFIX = "phase span: ";

    private PlasticityTimeline() {}

    /** A contiguous run of epochs in one phase. */
    public record Segment(EpochRecord.Phase phase, Set<Module> learning, int firstEpoch, int lastEpoch) {
        public Segment {
            Check.notNull("phase", phase);
            Check.notNull("learning", learning);
            learning = Set.copyOf(learning);
        }

        /** Data x interval covered: [first - 0.5, last + 0.5]. */
        public double[] interval() {
            return new double[] {firstEpoch - 0.5, lastEpoch + 0.5};
        }
    }

    /** The records split into runs of equal phase and learning set, in order. */
    public static List<Segment> segments(List<EpochRecord> records) {
        Check.notNull("records", records);
        List<String> keys = new ArrayList<>();
        for (EpochRecord r : records) keys.add(r.phase() + "|" + EnumSet.copyOf(withDummy(r.learning())));
        List<Segment> out = new ArrayList<>();
        for (int[] run : Spans.runs(keys)) {
            EpochRecord a = records.get(run[0]);
            EpochRecord b = records.get(run[1]);
            out.add(new Segment(a.phase(), a.learning(), a.epoch(), b.epoch()));
        }
        return out;
    }

    private static Set<Module> withDummy(Set<Module> s) {
        return s.isEmpty() ? EnumSet.noneOf(Module.class) : s;
    }

    /**
     * Shades the phases of {@code records} under the data already on {@code chart} and adds one legend entry per
     * phase, e.g. "frozen (CB+readout)" (the modules that learn). Call it after the data series are added (the spans must not
     * change the y axis, so they take their y from existing data). Calling it twice on one chart throws.
     *
     * @return the chart
     */
    public static XYChart overlay(XYChart chart, List<EpochRecord> records) {
        Check.notNull("records", records);
        Objects.requireNonNull(chart, "chart");
        if (records.isEmpty()) return chart;
        Map<String, List<double[]>> byPhase = new LinkedHashMap<>();
        Map<String, Set<Module>> learning = new LinkedHashMap<>();
        for (Segment s : segments(records)) {
            byPhase.computeIfAbsent(s.phase().text(), k -> new ArrayList<>()).add(s.interval());
            learning.putIfAbsent(s.phase().text(), s.learning());
        }
        List<String> spanNames = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> e : byPhase.entrySet()) {
            String name = SPAN_PREFIX + e.getKey();
            Spans.add(chart, name, e.getValue(), Palette.withAlpha(Palette.phaseColor(e.getKey()), SPAN_ALPHA));
            spanNames.add(name);
        }
        Spans.toFront(chart, spanNames);
        for (String phase : byPhase.keySet()) {
            Spans.legendEntry(chart, legendLabel(phase, learning.get(phase)),
                    Palette.withAlpha(Palette.phaseColor(phase), Math.min(1, SPAN_ALPHA * 2.5)));
        }
        return chart;
    }

    /** Legend text of a phase: "frozen (CB+readout)", "joint (all)", "warmup (core+readout)". */
    public static String legendLabel(String phase, Set<Module> learning) {
        Check.notNull("phase", phase);
        Check.notNull("learning", learning);
        if (learning == null || learning.isEmpty()) return phase + " (none)";
        if (learning.size() == Module.values().length) return phase + " (all)";
        return phase + " (" + learning.stream().sorted().map(PlasticityTimeline::shortName).collect(Collectors.joining("+")) + ")";
    }

    private static String shortName(Module m) {
        return switch (m) {
            case CORE -> "core";
            case CEREBELLUM -> "CB";
            case READOUT -> "readout";
        };
    }

    /** {@link #chart(String, List, Size, boolean)} at {@link Size#NOTEBOOK} with the accuracy curve. */
    public static XYChart chart(String title, List<EpochRecord> records) {
        Check.notNull("title", title);
        Check.notNull("records", records);
        return chart(title, records, Size.NOTEBOOK, true);
    }

    /**
     * One run: its N curve (black), optionally the evaluation accuracy on a right-hand axis (grey), and the phase
     * shading.
     */
    public static XYChart chart(String title, List<EpochRecord> records, Size size, boolean withAccuracy) {
        Check.notNull("records", records);
        Check.notNull("size", size);
        if (records.isEmpty()) throw new IllegalArgumentException("no records");
        XYChart chart = Style.DEFAULT.xyChart(size, title, CurriculumChart.X_TITLE, CurriculumChart.Y_TITLE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisDecimalPattern("#0.#");
        Style.wholeNumberYLabels(chart);   // one run's N is whole: no 2.2, 2.4, ... on a short run
        double[] x = LineChart.epochs(records);
        Bands.line(chart, "N", x, CurriculumChart.levels(records), Palette.BLACK, Style.solid(2.4f));
        if (withAccuracy) {
            XYSeries acc = Bands.line(chart, "eval accuracy (%)", x, LineChart.metric(records, EpochRecord::evalAccuracy),
                    new Color(0x888888), Style.solid(1.1f));
            acc.setYAxisGroup(1);
            chart.setYAxisGroupTitle(1, "Eval accuracy (%)");
            chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            chart.getStyler().setYAxisMin(1, 0.0);
            chart.getStyler().setYAxisMax(1, 100.0);
        }
        return overlay(chart, records);
    }
}
