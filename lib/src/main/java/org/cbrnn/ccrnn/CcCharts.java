package org.cbrnn.ccrnn;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Map;
import org.cbrnn.plot.Bands;
import org.cbrnn.plot.Palette;
import org.cbrnn.task.online.SeqBatch;
import org.cbrnn.util.Check;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Figures of the ccRNN study: learning curves with ± SEM bands, drawn trajectories, a metric against a parameter. */
public final class CcCharts {
    /**
     * Colours of the study's conditions (Okabe-Ito, distinct from each other). The CB-RNN and the plain RNN take their
     * colours from the kit's condition palette, so they look the same here as in every other notebook; the ccRNN
     * study's own conditions avoid those two.
     */
    public static final Map<String, Color> COLOURS = Map.of("crnn", Palette.VERMILLION, "ccrnn", Palette.BLUISH_GREEN, "bptt", Palette.INDIGO,
            "ccrnn-ablation", Palette.ORANGE, "ccrnn-io", Palette.REDDISH_PURPLE, "cbrnn", Palette.DEFAULT.color("cbrnn"),
            "rnn", Palette.DEFAULT.color("rnn202"));

    private CcCharts() {}

    public static Color colour(String condition) {
        return COLOURS.getOrDefault(condition, Palette.GREY);
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(720).height(420).title(title).xAxisTitle(x).yAxisTitle(y).build();
        var st = c.getStyler();
        st.setLegendPosition(Styler.LegendPosition.InsideNE);
        st.setMarkerSize(0);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotGridLinesColor(new Color(0xE0E0E0));
        st.setLegendBorderColor(new Color(0xCCCCCC));
        return c;
    }

    /**
     * Mean ± SEM over seeds per epoch for each named group of per-seed curves, with optional horizontal reference lines.
     *
     * @param groups     label -> (condition for the colour, per-seed curves)
     * @param references label -> y (e.g. the chance level), drawn dashed grey
     */
    public static XYChart curves(String title, String yTitle, Map<String, Map.Entry<String, List<double[]>>> groups, Map<String, Double> references,
                                 boolean logY) {
        Check.notNull("groups", groups);
        XYChart c = chart(title, "epoch", yTitle);
        c.getStyler().setYAxisLogarithmic(logY);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW); // the curves start high and fall to the right
        for (Map.Entry<String, Map.Entry<String, List<double[]>>> g : groups.entrySet()) {
            List<double[]> curves = g.getValue().getValue();
            if (curves.isEmpty()) continue;
            double[][] ms = CcStudy.meanSem(curves);
            double[] x = new double[ms[0].length], lo = new double[x.length], hi = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
                lo[i] = ms[0][i] - (Double.isNaN(ms[1][i]) ? 0 : ms[1][i]);
                hi[i] = ms[0][i] + (Double.isNaN(ms[1][i]) ? 0 : ms[1][i]);
                if (logY) lo[i] = Math.max(lo[i], ms[0][i] * 0.05);
            }
            Color col = colour(g.getValue().getKey());
            Bands.addFill(c, g.getKey() + " SEM", x, lo, hi, Palette.withAlpha(col, 0.25));
            Bands.line(c, g.getKey() + " (n=" + curves.size() + ")", x, ms[0], col, new BasicStroke(2.2f));
        }
        // reference lines span the longest curve (not the fills, whose polygons hold each x twice)
        double n = groups.values().stream().flatMap(g -> g.getValue().stream()).mapToInt(a -> a.length).max().orElse(1);
        if (references != null) for (Map.Entry<String, Double> r : references.entrySet()) {
            XYSeries s = c.addSeries(r.getKey(), new double[] {1, Math.max(2, n)}, new double[] {r.getValue(), r.getValue()});
            s.setLineColor(Palette.GREY);
            s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            s.setMarker(SeriesMarkers.NONE);
        }
        return c;
    }

    /** Target (dashed grey) and drawn (coloured, dots at the steps) trajectories of every sequence of a 2-D drawing batch. */
    public static XYChart trajectories(String title, SeqBatch batch, double[] outputs, List<String> names) {
        Check.notNull("batch", batch);
        int T = batch.steps(), B = batch.batch();
        XYChart c = chart(title, "x", "y");
        c.getStyler().setMarkerSize(5);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        List<Color> cols = List.of(Palette.VERMILLION, Palette.ORANGE, Palette.OCHRE, Palette.BLACK, Palette.BLUISH_GREEN, Palette.SKY_BLUE,
                Palette.BLUE, Palette.REDDISH_PURPLE, Palette.INDIGO, Palette.GREY);
        for (int b = 0; b < B; b++) {
            double[] tx = new double[T], ty = new double[T], ox = new double[T], oy = new double[T];
            for (int t = 0; t < T; t++) {
                tx[t] = batch.target(t, b, 0);
                ty[t] = batch.target(t, b, 1);
                ox[t] = outputs[(t * B + b) * 2];
                oy[t] = outputs[(t * B + b) * 2 + 1];
            }
            Color col = cols.get(b % cols.size());
            XYSeries ts = c.addSeries("target " + names.get(b), tx, ty);
            ts.setLineColor(new Color(0x999999));
            ts.setMarker(SeriesMarkers.NONE);
            ts.setShowInLegend(false);
            ts.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
            XYSeries os = c.addSeries(names.get(b), ox, oy);
            os.setLineColor(col);
            os.setMarkerColor(col);
            os.setMarker(SeriesMarkers.CIRCLE);
            os.setLineStyle(new BasicStroke(2f));
        }
        return c;
    }

    /** A metric (mean ± SEM error bars) against a parameter, one line per condition: label -> (condition, x, mean, sem). */
    public static XYChart against(String title, String xTitle, String yTitle, Map<String, Map.Entry<String, double[][]>> lines, boolean logY) {
        XYChart c = chart(title, xTitle, yTitle);
        c.getStyler().setMarkerSize(7);
        c.getStyler().setYAxisLogarithmic(logY);
        if (!logY) c.getStyler().setYAxisDecimalPattern("0.0##"); // XChart's default drops the leading zero (".08")
        c.getStyler().setErrorBarsColorSeriesColor(true);
        for (Map.Entry<String, Map.Entry<String, double[][]>> l : lines.entrySet()) {
            double[][] v = l.getValue().getValue();
            double[] err = v[2].clone();
            for (int i = 0; i < err.length; i++) if (Double.isNaN(err[i])) err[i] = 0;
            XYSeries s = c.addSeries(l.getKey(), v[0], v[1], err);
            Color col = colour(l.getValue().getKey());
            s.setLineColor(col);
            s.setMarkerColor(col);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineStyle(new BasicStroke(2f));
        }
        return c;
    }

    /**
     * Mean lines with SEM bands against an explicit x, one per condition: label -> (condition for the colour,
     * {x, mean, sem}); a NaN SEM (one seed) draws no band. For curves whose x differs between groups (e.g. SGD updates
     * of two protocols with different steps per epoch).
     */
    public static XYChart bands(String title, String xTitle, String yTitle, Map<String, Map.Entry<String, double[][]>> lines) {
        Check.notNull("lines", lines);
        XYChart c = chart(title, xTitle, yTitle);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW); // the curves rise to the right
        for (Map.Entry<String, Map.Entry<String, double[][]>> l : lines.entrySet()) {
            double[][] v = l.getValue().getValue();
            if (v[0].length == 0) continue;
            double[] lo = new double[v[0].length], hi = new double[v[0].length];
            for (int i = 0; i < lo.length; i++) {
                double e = Double.isNaN(v[2][i]) ? 0 : v[2][i];
                lo[i] = v[1][i] - e;
                hi[i] = v[1][i] + e;
            }
            Color col = colour(l.getValue().getKey());
            Bands.addFill(c, l.getKey() + " SEM", v[0], lo, hi, Palette.withAlpha(col, 0.22));
            Bands.line(c, l.getKey(), v[0], v[1], col, new BasicStroke(2.2f));
        }
        return c;
    }
}
