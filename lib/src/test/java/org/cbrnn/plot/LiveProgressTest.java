package org.cbrnn.plot;

import static org.cbrnn.plot.PlotTestSupport.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.SweepGrid;
import org.cbrnn.train.EpochRecord;
import org.knowm.xchart.XYChart;
import org.cbrnn.train.TrainingListener;
import org.cbrnn.train.TrainingResult;
import org.junit.jupiter.api.Test;

class LiveProgressTest {
    private static final long MS = 1_000_000L;

    /** A fake notebook: records display and update calls. */
    private static final class FakeNotebook {
        final List<Object> displayed = Collections.synchronizedList(new ArrayList<>());
        final List<String> updatedIds = Collections.synchronizedList(new ArrayList<>());
        final List<Object> updated = Collections.synchronizedList(new ArrayList<>());

        String display(Object o) {
            displayed.add(o);
            return "id-" + displayed.size();
        }

        void update(String id, Object o) {
            updatedIds.add(id);
            updated.add(o);
        }
    }

    @Test
    void displaysOnceThenUpdatesThrottledAndAlwaysOnFinish() {
        AtomicLong clock = new AtomicLong(0);
        FakeNotebook nb = new FakeNotebook();
        LiveProgress live = LiveProgress.builder(nb::display, nb::update).nanoTime(clock::get).build();
        List<EpochRecord> recs = new ArrayList<>();
        // 30 epochs, 100 ms apart: renders at t=0 (display), 1000, 2000 ms (updates)
        for (int e = 1; e <= 30; e++) {
            clock.set((e - 1) * 100 * MS);
            EpochRecord r = PlotTestSupport.record(e, 2 + e / 4, 70 + e);
            recs.add(r);
            live.onEpoch(r);
        }
        assertEquals(1, nb.displayed.size());
        assertInstanceOf(BufferedImage.class, nb.displayed.get(0));
        assertEquals(2, nb.updated.size());
        live.onFinish(new TrainingResult(recs, TrainingResult.StopReason.EPOCH_BUDGET, 9));
        assertEquals(1, nb.displayed.size(), "display is called exactly once");
        assertEquals(3, nb.updated.size(), "finish always renders");
        assertEquals(List.of("id-1", "id-1", "id-1"), nb.updatedIds);
        assertEquals(4, live.renderCount());
        assertTrue(live.status().contains("done: epoch budget, max N=9"), live.status());
        assertNull(live.lastError());
        BufferedImage last = (BufferedImage) nb.updated.get(2);
        assertTrue(last.getWidth() >= Size.THUMBNAIL.width());
        assertTrue(last.getHeight() > Size.THUMBNAIL.height(), "status text above the chart");
    }

    @Test
    void everyEpochsAndTextOnly() {
        AtomicLong clock = new AtomicLong(0);
        FakeNotebook nb = new FakeNotebook();
        LiveProgress live = LiveProgress.builder(nb::display, nb::update).nanoTime(clock::get)
                .minInterval(Duration.ofHours(1)).everyEpochs(5).textOnly().build();
        TrainingListener l = live.run("CB-RNN s1", 100);
        for (int e = 1; e <= 16; e++) l.onEpoch(PlotTestSupport.record(e, 3, 88.5));
        // epoch 1 displays, then every 5 events: 6, 11, 16
        assertEquals(1, nb.displayed.size());
        assertEquals(3, nb.updated.size());
        String s = (String) nb.updated.get(2);
        assertTrue(s.contains("CB-RNN s1  epoch 16/100  N=3  acc  88.5%  joint  running"), s);
        assertTrue(s.startsWith("1 run: 1 running |"), s);
    }

    @Test
    void expectedRunsKeepThePlansOrderWhateverOrderTheyStartIn() {
        FakeNotebook nb = new FakeNotebook();
        LiveProgress live = LiveProgress.builder(nb::display, nb::update).minInterval(Duration.ZERO).textOnly().build();
        List<String> plan = List.of("CB-RNN s1", "CB-RNN s2", "RNN-202 s1");
        live.expect(plan, 40);
        assertTrue(live.status().startsWith("3 runs: 3 waiting |"), live.status());
        assertTrue(live.status().contains("CB-RNN s2") && live.status().contains("waiting"), live.status());
        // they start in another order (as parallel runs do)
        for (String n : List.of("RNN-202 s1", "CB-RNN s2", "CB-RNN s1")) live.run(n, 40).onEpoch(PlotTestSupport.record(1, 2, 60));
        List<String> rows = live.status().lines().skip(1).map(l -> l.substring(0, l.indexOf("  epoch"))).map(String::strip).toList();
        assertEquals(plan, rows, live.status());
        assertTrue(live.status().contains("epoch 1/40"), live.status());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> live.expect(plan, -1)).getMessage().contains("maxEpochs"));
    }

    @Test
    void sweepFromWorkerThreadsShowsEveryRun() throws Exception {
        FakeNotebook nb = new FakeNotebook();
        LiveProgress live = LiveProgress.builder(nb::display, nb::update).minInterval(Duration.ZERO).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        List<String> names = List.of("CB-RNN s1", "CB-RNN s2", "RNN-202 s1", "RNN-202 s2", "GRU s1", "CB-GRU s1");
        for (String name : names) {
            TrainingListener l = live.run(name, 40);
            fs.add(pool.submit(() -> {
                List<EpochRecord> recs = PlotTestSupport.run(name.hashCode(), 40, 0.3);
                for (EpochRecord r : recs) l.onEpoch(r);
                l.onFinish(new TrainingResult(recs, TrainingResult.StopReason.EPOCH_BUDGET, recs.get(39).level()));
            }));
        }
        for (Future<?> f : fs) f.get();
        pool.shutdown();
        assertEquals(1, nb.displayed.size());
        assertNull(live.lastError());
        assertEquals(6 * 41, live.renderCount(), "minInterval 0: every event renders");
        String status = live.status();
        assertTrue(status.startsWith("6 runs: 6 trained |"), status);
        for (String n : names) {
            assertTrue(status.lines().anyMatch(l -> l.startsWith(n + " ") && l.contains("  epoch 40/40  ") && l.contains("done: epoch budget")), status);
        }
        BufferedImage img = live.render();
        assertTrue(count(img, Palette.BLUE, 12) > 100, "CB-RNN runs in CB-RNN blue");
        assertTrue(count(img, Palette.PURPLE, 12) > 30, "GRU run");
        assertEquals(6, live.chart().getSeriesMap().size());
    }

    @Test
    void aBrokenDisplayDoesNotStopTraining() {
        LiveProgress live = LiveProgress.create(o -> {
            throw new IllegalStateException("no kernel");
        }, (id, o) -> {});
        live.onEpoch(PlotTestSupport.record(1, 2, 50));
        assertInstanceOf(IllegalStateException.class, live.lastError());
    }

    @Test
    void emptyViewRenders() {
        FakeNotebook nb = new FakeNotebook();
        LiveProgress live = LiveProgress.create(nb::display, nb::update);
        live.run("waiting run");
        live.refresh();
        assertNull(live.lastError(), String.valueOf(live.lastError()));
        assertEquals(1, nb.displayed.size());
        assertTrue(live.status().contains("waiting run  waiting"));
        assertEquals("no epochs yet: 1 run waiting", live.chart().getTitle(), "an empty chart says why it is empty");
        assertTrue(live.chart().getStyler().isChartTitleVisible());
    }

    @Test
    void runsLoadedFromTheStoreAppearAsLoadedWithTheirCurves() {
        FakeNotebook nb = new FakeNotebook();
        LiveProgress live = LiveProgress.builder(nb::display, nb::update).minInterval(Duration.ZERO).build();
        List<RunSpec> specs = SweepGrid.builder().tasks("parity").conditions("cbrnn", "rnn202").seeds(1).build().specs();
        java.util.function.Function<RunSpec, String> name = s -> s.condition() + " s" + s.seed();
        for (RunSpec s : specs) live.run(name.apply(s), 40);
        // the first run is loaded (no epoch reaches a listener), the second trains, then both end through the sweep hook
        var hook = live.onRunEnd(name);
        List<EpochRecord> stored = PlotTestSupport.run(7, 40, 0.3);
        hook.accept(new RunResult(specs.get(0), stored, TrainingResult.StopReason.EPOCH_BUDGET, false));
        TrainingListener l = live.run(name.apply(specs.get(1)), 40);
        List<EpochRecord> trained = PlotTestSupport.run(8, 25, 0.3);
        for (EpochRecord r : trained) l.onEpoch(r);
        hook.accept(new RunResult(specs.get(1), trained, TrainingResult.StopReason.INTERRUPTED, false));
        String status = live.status();
        assertTrue(status.startsWith("2 runs: 1 loaded from the store, 1 trained |"), status);
        String first = status.lines().filter(x -> x.startsWith(name.apply(specs.get(0)))).findFirst().orElseThrow();
        assertTrue(first.contains("epoch 40/40") && first.contains("loaded: done, epoch budget"), first);
        String second = status.lines().filter(x -> x.startsWith(name.apply(specs.get(1)))).findFirst().orElseThrow();
        assertTrue(second.contains("epoch 25/40") && second.contains("done: partial"), second);
        XYChart chart = live.chart();
        assertEquals(40, chart.getSeriesMap().get(name.apply(specs.get(0))).getXData().length, "the loaded curve is drawn");
        assertEquals("", chart.getTitle());
        assertNull(live.lastError());
        assertTrue(Charts.description(live.render()).startsWith("2 runs: 1 loaded"), "the image's text fallback is the status");
    }

    @Test
    void manyRunsGetOneLegendEntryPerCondition() {
        FakeNotebook nb = new FakeNotebook();
        LiveProgress live = LiveProgress.builder(nb::display, nb::update).minInterval(Duration.ZERO).build();
        List<String> names = new ArrayList<>();
        for (String c : List.of("CB-RNN", "RNN-202", "GRU")) for (String t : List.of("parity", "dms")) for (int s = 1; s <= 2; s++) names.add(c + " " + t + " s" + s);
        for (String name : names) {
            TrainingListener l = live.run(name, 20);
            for (EpochRecord r : PlotTestSupport.run(name.hashCode(), 20, 0.3)) l.onEpoch(r);
        }
        var chart = live.chart();
        List<String> legend = chart.getSeriesMap().values().stream().filter(s -> s.isShowInLegend()).map(s -> s.getName()).toList();
        assertEquals(List.of("CB-RNN (4 runs)", "RNN-202 (4 runs)", "GRU (4 runs)"), legend);
        assertTrue(chart.getStyler().isLegendVisible());
        assertEquals(12 + 3, chart.getSeriesMap().size(), "12 curves and 3 legend-only entries");
        BufferedImage img = live.render();
        assertTrue(count(img, Palette.BLUE, 12) > 30, "the CB-RNN swatch and curves in CB-RNN blue");
    }

    @Test
    void aGroupLabelIsWhatTheRunsShareUpToAWord() {
        assertEquals("CB-RNN (2 runs)", LiveProgress.groupLabel(List.of("CB-RNN parity s1", "CB-RNN dms s2")));
        assertEquals("CB-RNN parity (3 runs)", LiveProgress.groupLabel(List.of("CB-RNN parity s1", "CB-RNN parity s2", "CB-RNN parity s10")));
        assertEquals("RNN-202 s3", LiveProgress.groupLabel(List.of("RNN-202 s3")));
        assertEquals("other (2 runs)", LiveProgress.groupLabel(List.of("alpha", "beta")));
        assertEquals("CB-RNN (2 runs)", LiveProgress.groupLabel(List.of("CB-RNN GC64 s1", "CB-RNN GC256 s1")), "a cut inside a word falls back to the last whole word");
    }

    @Test
    void runsWithoutEpochsGetNoEmptyLegendBox() {
        FakeNotebook nb = new FakeNotebook();
        LiveProgress live = LiveProgress.builder(nb::display, nb::update).minInterval(Duration.ZERO).build();
        for (int i = 0; i < 3; i++) live.run("CB-RNN s" + i, 10);
        assertTrue(!live.chart().getStyler().isLegendVisible(), "nothing to list yet");
        TrainingListener l = live.run("CB-RNN s0", 10);
        for (EpochRecord r : PlotTestSupport.run(1, 3, 0.3)) l.onEpoch(r);
        assertTrue(live.chart().getStyler().isLegendVisible());
    }
}
