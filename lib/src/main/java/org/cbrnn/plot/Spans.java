package org.cbrnn.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cbrnn.util.Check;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Vertical shaded spans (x intervals over the full plot height) on an {@link XYChart}, drawn beneath the data.
 *
 * <p>A span set is a hidden scatter series whose marker receives the screen x of each interval's
 * ends and fills the rectangle between them over the whole plot height (XChart clips series painting to the plot
 * area). Its points sit at a y value already inside the chart's data range, so the axes do not change. The series is
 * moved to the front of the chart's series order so it is painted first, under everything else.
 */
public final class Spans {

    private Spans() {}

    /**
     * Shades each interval {@code {from, to}} (data x) in {@code color} (give it an alpha). The series is named
     * {@code name}, hidden from the legend, and painted before all other series.
     *
     * @return the series, or null if {@code intervals} is empty
     * @throws IllegalArgumentException if the chart already has a series called {@code name}
     */
    public static XYSeries add(XYChart chart, String name, List<double[]> intervals, Color color) {
        Check.notNull("chart", chart);
        Check.notNull("name", name);
        Check.notNull("intervals", intervals);
        Check.notNull("color", color);
        if (intervals.isEmpty()) return null;
        if (chart.getSeriesMap().containsKey(name)) throw new IllegalArgumentException("chart already has a series '" + name + "'");
        double yRef = referenceY(chart);
        double[] x = new double[2 * intervals.size()];
        double[] y = new double[x.length];
        for (int i = 0; i < intervals.size(); i++) {
            double[] iv = intervals.get(i);
            x[2 * i] = Math.min(iv[0], iv[1]);
            x[2 * i + 1] = Math.max(iv[0], iv[1]);
            y[2 * i] = yRef;
            y[2 * i + 1] = yRef;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(new SpanMarker(intervals.size(), color));
        s.setMarkerColor(color);
        s.setLineStyle(SeriesLines.NONE);
        s.setShowInLegend(false);
        toFront(chart, List.of(name));
        return s;
    }

    /**
     * Adds a legend-only entry: a one-point line series (XChart draws no line through a single point, and it has no
     * marker) whose legend sample is a thick bar in {@code color}. It does not change the axes.
     */
    public static XYSeries legendEntry(XYChart chart, String label, Color color) {
        Check.notNull("chart", chart);
        Check.notNull("label", label);
        Check.notNull("color", color);
        double yRef = referenceY(chart);
        double xRef = referenceX(chart);
        XYSeries s = chart.addSeries(label, new double[] {xRef}, new double[] {yRef});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(new java.awt.BasicStroke(10f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER));
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setFillColor(color);
        return s;
    }

    /** Moves the named series to the front of the chart's paint order, keeping their relative order. */
    static void toFront(XYChart chart, List<String> names) {
        Map<String, XYSeries> map = chart.getSeriesMap();
        Map<String, XYSeries> reordered = new LinkedHashMap<>();
        for (String n : names) if (map.containsKey(n)) reordered.put(n, map.get(n));
        for (Map.Entry<String, XYSeries> e : map.entrySet()) reordered.putIfAbsent(e.getKey(), e.getValue());
        map.clear();
        map.putAll(reordered);
    }

    /** A y value inside the chart's current data range (the first finite y of a visible series), else 0. */
    static double referenceY(XYChart chart) {
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double v : s.getYData()) if (Double.isFinite(v)) return v;
        }
        return 0;
    }

    /** An x value inside the chart's current data range, else 0. */
    static double referenceX(XYChart chart) {
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double v : s.getXData()) if (Double.isFinite(v)) return v;
        }
        return 0;
    }

    /** Receives interval ends (start, end, start, end, ...) in paint order and fills full-height rectangles. */
    static final class SpanMarker extends Marker {
        private final int n;
        private final Color color;
        private int k;
        private double start;
        private WeakReference<Graphics2D> current = new WeakReference<>(null);

        SpanMarker(int n, Color color) {
            this.n = n;
            this.color = color;
        }

        @Override
        public synchronized void paint(Graphics2D g, double xOffset, double yOffset, int markerSize) {
            if (current.get() != g) {
                current = new WeakReference<>(g);
                k = 0;
            }
            if (k % 2 == 0) {
                start = xOffset;
            } else {
                Rectangle clip = g.getClipBounds();
                double top = clip != null ? clip.getY() : yOffset - 1e4;
                double h = clip != null ? clip.getHeight() : 2e4;
                Color old = g.getColor();
                g.setColor(color);
                g.fill(new Rectangle2D.Double(Math.min(start, xOffset), top, Math.abs(xOffset - start), h));
                g.setColor(old);
            }
            k = (k + 1) % (2 * n);
        }
    }

    /** Splits {@code values} into runs of equal consecutive labels: each run as {first index, last index}. */
    static List<int[]> runs(List<String> values) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i < values.size()) {
            int j = i;
            while (j + 1 < values.size() && values.get(j + 1).equals(values.get(i))) j++;
            out.add(new int[] {i, j});
            i = j + 1;
        }
        return out;
    }
}
