package org.cbrnn.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Consumer;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingListener;
import org.cbrnn.train.TrainingResult;
import org.cbrnn.util.Check;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * Live training progress in a notebook, updated in place, without depending on any Jupyter kernel: the notebook
 * passes its own display functions.
 *
 * <pre>{@code
 * // IJava or the kit's kernel: display(Object) returns a display id, updateDisplay(id, Object) replaces it
 * var live = LiveProgress.create(o -> display(o), (id, o) -> updateDisplay(id, o));
 * Trainer.builder(model, task).listener(live).build().run();
 *
 * // a sweep: one listener per run, all in one status block and one chart
 * var live = LiveProgress.create(o -> display(o), (id, o) -> updateDisplay(id, o));
 * for (...) pool.submit(() -> Trainer.builder(m, t).listener(live.run("CB-RNN s" + seed, 500)).build().run());
 * }</pre>
 *
 * <p>What is shown: one {@link BufferedImage} (image/png in the notebook) with a status line per run (epoch, N,
 * accuracy, running or how it stopped) above a small N-vs-epoch chart with one line per run (coloured by the
 * {@link Palette}: "CB-RNN s3" takes CB-RNN's colour; runs sharing a colour get lighter shades of it). {@link Builder#textOnly()} shows the status as plain text
 * instead. The first render calls {@code display} once; every later render calls {@code update} with that id.
 *
 * <p>Throttling: an epoch event renders only if at least {@code minInterval} (default 1 s) has passed since the last
 * render, or, when {@code everyEpochs} k > 0 is set, k epoch events arrived since it. The end of a run always renders.
 * So the display may lag the newest epoch by up to the interval while a run is going.
 *
 * <p>Thread-safe: runs may report from worker threads. Rendering happens on the reporting thread, one render at a
 * time, each showing the newest state. An exception thrown by {@code display} or {@code update} is reported once on
 * {@code System.err} and otherwise ignored, so a broken display never stops training.
 */
public final class LiveProgress implements TrainingListener {

    /** Name of the run fed through this object's own {@link #onEpoch}/{@link #onFinish}. */
    public static final String DEFAULT_RUN = "run";

    private final Function<Object, String> display;
    private final BiConsumer<String, Object> update;
    private final LongSupplier nanoTime;
    private final long minIntervalNanos;
    private final int everyEpochs;
    private final boolean textOnly;
    private final Size chartSize;
    private final Style style;
    private final String title;
    private final long start;

    private final Map<String, RunState> runs = new LinkedHashMap<>();
    private long lastRender;
    private boolean renderedOnce;
    private int eventsSinceRender;

    private final Object renderLock = new Object();
    private String displayId;
    private boolean displayed;
    private int renders;
    private volatile RuntimeException lastError;

    private static final class RunState {
        final String name;
        int maxEpochs;
        final List<double[]> points = new ArrayList<>();
        EpochRecord last;
        TrainingResult result;
        boolean live;       // an epoch came through a listener in this session
        RunResult ended;    // as the sweep reported it at its end (trained, resumed, loaded or failed)

        RunState(String name, int maxEpochs) {
            this.name = name;
            this.maxEpochs = maxEpochs;
        }
    }

    private record RunView(String name, int maxEpochs, double[] x, double[] y, EpochRecord last, TrainingResult result, boolean live,
            RunResult ended) {
        /** Loaded from the store: ended without an epoch trained in this session. */
        boolean loaded() {
            return ended != null && !live && !ended.failed();
        }

        boolean failed() {
            return ended != null && ended.failed();
        }

        boolean finished() {
            return result != null || ended != null;
        }
    }

    private LiveProgress(Builder b) {
        this.display = b.display;
        this.update = b.update;
        this.nanoTime = b.nanoTime;
        this.minIntervalNanos = b.minInterval.toNanos();
        this.everyEpochs = b.everyEpochs;
        this.textOnly = b.textOnly;
        this.chartSize = b.size;
        this.style = b.style;
        this.title = b.title;
        this.start = nanoTime.getAsLong();
    }

    /** A live view with the default settings (1 s throttle, image with status and chart). */
    public static LiveProgress create(Function<Object, String> display, BiConsumer<String, Object> update) {
        return builder(display, update).build();
    }

    /** A builder for other settings. */
    public static Builder builder(Function<Object, String> display, BiConsumer<String, Object> update) {
        return new Builder(display, update);
    }

    /**
     * Lists the runs {@code names} (each with the epoch budget {@code maxEpochs}) as waiting, in this order, before any
     * of them starts: the rows then follow the sweep's plan instead of the order in which parallel runs happen to
     * start or load (which differs from one execution to the next). Names already listed keep their place.
     */
    public LiveProgress expect(List<String> names, int maxEpochs) {
        Check.notNull("names", names);
        if (maxEpochs < 0) throw new IllegalArgumentException("maxEpochs must be >= 0, got " + maxEpochs);
        synchronized (this) {
            for (String n : names) {
                RunState s = runs.computeIfAbsent(Check.notNull("name", n), x -> new RunState(x, maxEpochs));
                if (maxEpochs > 0 && s.maxEpochs <= 0) s.maxEpochs = maxEpochs;
            }
        }
        return this;
    }

    /** A listener for the run {@code name} (created on first use; the same name gives the same run). */
    public TrainingListener run(String name) {
        return run(name, 0);
    }

    /** A listener for the run {@code name} with its epoch budget (shown as "epoch 37/500"). */
    public TrainingListener run(String name, int maxEpochs) {
        Objects.requireNonNull(name, "name");
        synchronized (this) {
            RunState s = runs.computeIfAbsent(name, n -> new RunState(n, maxEpochs));
            if (maxEpochs > 0) s.maxEpochs = maxEpochs;
        }
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochRecord record) {
                epoch(name, record);
            }

            @Override
            public void onFinish(TrainingResult result) {
                finish(name, result);
            }
        };
    }

    @Override
    public void onEpoch(EpochRecord record) {
        epoch(DEFAULT_RUN, record);
    }

    @Override
    public void onFinish(TrainingResult result) {
        Check.notNull("result", result);
        finish(DEFAULT_RUN, result);
    }

    private void epoch(String name, EpochRecord r) {
        Objects.requireNonNull(r, "record");
        boolean render;
        synchronized (this) {
            RunState s = runs.computeIfAbsent(name, n -> new RunState(n, 0));
            s.points.add(new double[] {r.epoch(), r.level()});
            s.last = r;
            s.live = true;
            eventsSinceRender++;
            long now = nanoTime.getAsLong();
            render = !renderedOnce || now - lastRender >= minIntervalNanos || (everyEpochs > 0 && eventsSinceRender >= everyEpochs);
            if (render) markRendered(now);
        }
        if (render) publish();
    }

    private void finish(String name, TrainingResult result) {
        synchronized (this) {
            RunState s = runs.computeIfAbsent(name, n -> new RunState(n, 0));
            s.result = result;
            markRendered(nanoTime.getAsLong());
        }
        publish();
    }

    /**
     * For {@code Sweep.onRunEnd}: each run as it ends, named by {@code name} (the same names as given to
     * {@link #run(String, int)}). A run the sweep loaded from its store, whose epochs never reach a listener, is shown
     * as loaded with its stored curve; a trained or resumed run gets its whole curve (also the epochs before a
     * resume); a failed run shows its error.
     *
     * <pre>{@code
     * Sweep.of(grid).listeners(s -> live.run(name(s), s.training().maxEpochs())).onRunEnd(live.onRunEnd(s -> name(s)))
     * }</pre>
     */
    public Consumer<RunResult> onRunEnd(Function<RunSpec, String> name) {
        Check.notNull("name", name);
        return r -> end(Check.notNull("name of the run", name.apply(r.spec())), r);
    }

    /** Records that the run {@code name} ended as {@code result} (see {@link #onRunEnd(Function)}) and renders. */
    public void end(String name, RunResult result) {
        Check.notNull("name", name);
        Check.notNull("result", result);
        synchronized (this) {
            RunState s = runs.computeIfAbsent(name, n -> new RunState(n, 0));
            if (s.maxEpochs <= 0) s.maxEpochs = result.spec().training().maxEpochs();
            s.ended = result;
            if (!result.records().isEmpty()) {
                s.points.clear();
                for (EpochRecord r : result.records()) s.points.add(new double[] {r.epoch(), r.level()});
                s.last = result.records().get(result.records().size() - 1);
            }
            markRendered(nanoTime.getAsLong());
        }
        publish();
    }

    private void markRendered(long now) {
        renderedOnce = true;
        lastRender = now;
        eventsSinceRender = 0;
    }

    /** Renders the newest state now and shows it (display on first call, update afterwards), ignoring the throttle. */
    public void refresh() {
        synchronized (this) {
            markRendered(nanoTime.getAsLong());
        }
        publish();
    }

    private void publish() {
        synchronized (renderLock) {
            Object view;
            try {
                view = textOnly ? status() : render();
            } catch (RuntimeException e) {
                report(e);
                return;
            }
            try {
                if (!displayed) {
                    displayId = display.apply(view);
                    displayed = true;
                } else {
                    update.accept(displayId, view);
                }
                renders++;
            } catch (RuntimeException e) {
                report(e);
            }
        }
    }

    private void report(RuntimeException e) {
        if (lastError == null) {
            System.err.println("LiveProgress: display failed (further failures are not reported): " + e);
        }
        lastError = e;
    }

    /** The last exception thrown by rendering or the display functions, or null. */
    public RuntimeException lastError() {
        return lastError;
    }

    /** How many times the view was shown (display plus updates). */
    public int renderCount() {
        synchronized (renderLock) {
            return renders;
        }
    }

    private synchronized List<RunView> snapshot() {
        List<RunView> out = new ArrayList<>();
        for (RunState s : runs.values()) {
            double[] x = new double[s.points.size()];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = s.points.get(i)[0];
                y[i] = s.points.get(i)[1];
            }
            out.add(new RunView(s.name, s.maxEpochs, x, y, s.last, s.result, s.live, s.ended));
        }
        return out;
    }

    /** The status text: a header line, then one line per run. */
    public String status() {
        return status(snapshot());
    }

    private String status(List<RunView> views) {
        long elapsed = nanoTime.getAsLong() - start;
        int loaded = 0, done = 0, failed = 0, running = 0, waiting = 0;
        for (RunView v : views) {
            if (v.failed()) failed++;
            else if (v.loaded()) loaded++;
            else if (v.finished()) done++;
            else if (v.last() != null) running++;
            else waiting++;
        }
        int width = 4;
        for (RunView v : views) width = Math.max(width, v.name().length());
        StringBuilder sb = new StringBuilder();
        sb.append(title.isEmpty() ? "" : title + "  ");
        sb.append(views.size()).append(views.size() == 1 ? " run" : " runs").append(':');
        List<String> parts = new ArrayList<>();
        if (loaded > 0) parts.add(loaded + " loaded from the store");
        if (done > 0) parts.add(done + " trained");
        if (failed > 0) parts.add(failed + " failed");
        if (running > 0) parts.add(running + " running");
        if (waiting > 0) parts.add(waiting + " waiting");
        if (parts.isEmpty()) parts.add("none yet");
        sb.append(' ').append(String.join(", ", parts)).append(" | ").append(ProgressBar.duration(elapsed)).append(" elapsed");
        for (RunView v : views) {
            sb.append('\n').append(String.format(Locale.ROOT, "%-" + width + "s", v.name()));
            EpochRecord r = v.last();
            if (r == null) {
                sb.append(v.failed() ? "  no epoch" : "  waiting");
            } else {
                sb.append("  epoch ").append(r.epoch());
                if (v.maxEpochs() > 0) sb.append('/').append(v.maxEpochs());
                sb.append("  N=").append(r.level());
                sb.append(String.format(Locale.ROOT, "  acc %5.1f%%", r.evalAccuracy()));
                sb.append("  ").append(r.phase());
            }
            if (v.failed()) {
                String e = v.ended().error();
                sb.append("  failed: ").append(e.length() > 70 ? e.substring(0, 67) + "..." : e);
            } else if (v.ended() != null) {
                sb.append(v.loaded() ? "  loaded: " : "  done: ").append(v.ended().status().text());
                if (v.ended().complete()) sb.append(", ").append(v.ended().stop().name().toLowerCase(Locale.ROOT).replace('_', ' '));
                if (r != null) sb.append(", max N=").append(r.level());
            } else if (v.result() != null) {
                sb.append("  done: ").append(v.result().stop().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                        .append(", max N=").append(v.result().finalLevel());
            } else if (r != null) {
                sb.append("  running");
            }
        }
        return sb.toString();
    }

    /** The current view: status text above the N-vs-epoch chart (wider than the chart if the text needs it). */
    public BufferedImage render() {
        List<RunView> views = snapshot();
        String text = status(views);
        String[] lines = text.split("\n");
        Font font = new Font(Font.MONOSPACED, Font.PLAIN, (int) Math.round(12 * style.fontScale()));
        int lineHeight = (int) Math.round(font.getSize() * 1.35);
        int textHeight = lines.length * lineHeight + 10;
        XYChart chart = chart(views);
        java.awt.font.FontRenderContext frc = new java.awt.font.FontRenderContext(null, true, true);
        double textWidth = 0;
        for (String l : lines) textWidth = Math.max(textWidth, font.getStringBounds(l, frc).getWidth());
        int w = Math.max(chartSize.width(), (int) Math.ceil(textWidth) + 16);
        BufferedImage img = Charts.image(w, textHeight + chartSize.height(), text);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            g.setColor(Style.TEXT);
            for (int i = 0; i < lines.length; i++) g.drawString(lines[i], 8, 6 + (i + 1) * lineHeight - lineHeight / 4);
            g.translate(0, textHeight);
            chart.paint(g, chartSize.width(), chartSize.height());
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The N-vs-epoch chart of all runs as they are now. */
    public XYChart chart() {
        return chart(snapshot());
    }

    /**
     * The legend label of runs drawn in one colour: what their names share up to a word boundary ("CB-RNN parity s1",
     * "CB-RNN dms s2" give "CB-RNN"), with the count of runs; a lone run keeps its name.
     */
    static String groupLabel(List<String> names) {
        if (names.size() == 1) return names.get(0);
        String p = names.get(0);
        for (String n : names) {
            int i = 0;
            while (i < p.length() && i < n.length() && p.charAt(i) == n.charAt(i)) i++;
            p = p.substring(0, i);
        }
        // cut back to a whole word, unless every name continues with a space there (then p already ends at a word)
        String common = p;
        boolean atWord = names.stream().allMatch(n -> n.length() == common.length() || n.charAt(common.length()) == ' ');
        String cut = common;
        if (!atWord) {
            int sp = cut.lastIndexOf(' ');
            cut = sp < 0 ? "" : cut.substring(0, sp);
        }
        cut = cut.strip().replaceAll("\\s+s\\d*$", "").strip();
        return (cut.isEmpty() ? "other" : cut) + " (" + names.size() + " runs)";
    }

    private XYChart chart(List<RunView> views) {
        XYChart chart = style.xyChart(chartSize, "", CurriculumChart.X_TITLE, "N");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setLegendVisible(views.size() > 1);
        // up to 8 runs: one legend entry per run; more: one per colour (a condition), labelled by what its runs share
        boolean perRun = views.size() <= 8;
        chart.getStyler().setYAxisDecimalPattern("#0.#");
        Style.wholeNumberYLabels(chart);   // one run's N is whole: no 2.2, 2.4, ... on a short run
        List<String> names = new ArrayList<>();
        for (RunView v : views) names.add(v.name());
        // runs of one condition ("CB-RNN s1", "CB-RNN s2") share its colour, in lighter shades; others are distinct
        Map<String, Color> colors = new LinkedHashMap<>();
        List<String> unassigned = new ArrayList<>();
        for (String n : names) {
            if (style.palette().isAssigned(n)) colors.put(n, style.color(n));
            else unassigned.add(n);
        }
        colors.putAll(style.palette().distinct(unassigned));
        Map<Color, Integer> sameColour = new java.util.HashMap<>();
        Map<Color, List<String>> groups = new LinkedHashMap<>();
        Map<Color, String> groupFirst = new LinkedHashMap<>();
        boolean any = false;
        double maxX = 1, firstX = Double.NaN;
        for (RunView v : views) {
            if (v.x().length == 0) continue;
            for (double e : v.x()) maxX = Math.max(maxX, e);
            if (Double.isNaN(firstX)) firstX = v.x()[0];
            Color c = colors.get(v.name());
            int k = sameColour.merge(c, 1, Integer::sum) - 1;
            Bands.line(chart, v.name(), v.x(), v.y(), Palette.lighter(c, Math.min(0.6, 0.22 * k)), style.stroke(v.name(), perRun ? 2f : 1.2f))
                    .setShowInLegend(perRun);
            groups.computeIfAbsent(c, x -> new ArrayList<>()).add(v.name());
            groupFirst.putIfAbsent(c, v.name());
            any = true;
        }
        if (!perRun) {
            java.util.Set<String> taken = new java.util.HashSet<>(chart.getSeriesMap().keySet());
            for (Map.Entry<Color, List<String>> g : groups.entrySet()) {
                String label = groupLabel(g.getValue());
                for (int i = 2; taken.contains(label); i++) label = groupLabel(g.getValue()) + " #" + i;
                taken.add(label);
                // an entry without points: it draws nothing, only the legend's swatch in the group's base colour
                Bands.line(chart, label, new double[] {firstX, firstX}, new double[] {Double.NaN, Double.NaN}, g.getKey(),
                        style.stroke(groupFirst.get(g.getKey()), 2f));
            }
        }
        Style.epochAxis(chart, maxX);
        // a legend needs an entry: with no epochs yet every series is hidden from it, and XChart would draw an empty box
        chart.getStyler().setLegendVisible(views.size() > 1 && any);
        if (!any) {
            // say so in the figure rather than leave an empty frame
            chart.setTitle(views.isEmpty() ? "no runs yet" : "no epochs yet: " + views.size() + (views.size() == 1 ? " run" : " runs")
                    + " waiting");
            chart.getStyler().setChartTitleVisible(true);
            chart.getStyler().setChartTitleFont(style.font(Font.PLAIN, 13));
            Bands.line(chart, "waiting", new double[] {0, 1}, new double[] {Double.NaN, Double.NaN}, Color.WHITE, Style.solid(1f))
                    .setShowInLegend(false);
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(1.0);
        }
        return chart;
    }

    /** Settings of a {@link LiveProgress}. */
    public static final class Builder {
        private final Function<Object, String> display;
        private final BiConsumer<String, Object> update;
        private LongSupplier nanoTime = System::nanoTime;
        private Duration minInterval = Duration.ofSeconds(1);
        private int everyEpochs;
        private boolean textOnly;
        private Size size = Size.THUMBNAIL;
        private Style style = Style.DEFAULT;
        private String title = "";

        private Builder(Function<Object, String> display, BiConsumer<String, Object> update) {
            this.display = Objects.requireNonNull(display, "display");
            this.update = Objects.requireNonNull(update, "update");
        }

        /** Minimum time between renders for epoch events (default 1 s). */
        public Builder minInterval(Duration minInterval) {
            Check.notNull("minInterval", minInterval);
            if (minInterval.isNegative()) throw new IllegalArgumentException("minInterval must not be negative");
            this.minInterval = minInterval;
            return this;
        }

        /** Also render after this many epoch events (0, the default: time only). */
        public Builder everyEpochs(int k) {
            if (k < 0) throw new IllegalArgumentException("everyEpochs must be >= 0");
            this.everyEpochs = k;
            return this;
        }

        /** Show a plain-text status (a String) instead of the image. */
        public Builder textOnly() {
            this.textOnly = true;
            return this;
        }

        /** Size of the chart part of the image (default {@link Size#THUMBNAIL}). */
        public Builder size(Size size) {
            this.size = Check.notNull("size", size);
            return this;
        }

        /** Style (palette, fonts). */
        public Builder style(Style style) {
            this.style = Check.notNull("style", style);
            return this;
        }

        /** A title at the start of the status header. */
        public Builder title(String t) {
            this.title = t == null ? "" : t;
            return this;
        }

        /** The clock ({@code System::nanoTime} by default; inject a fake one in tests). */
        public Builder nanoTime(LongSupplier clock) {
            this.nanoTime = Check.notNull("clock", clock);
            return this;
        }

        /** The live view. Nothing is displayed until the first epoch (or {@link LiveProgress#refresh()}). */
        public LiveProgress build() {
            return new LiveProgress(this);
        }
    }
}
