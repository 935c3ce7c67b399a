package org.cbrnn.plot;

import static org.cbrnn.plot.PlotTestSupport.count;
import static org.cbrnn.plot.PlotTestSupport.overWhite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.cbrnn.model.Module;
import org.cbrnn.train.EpochRecord;
import org.knowm.xchart.XYChart;
import org.junit.jupiter.api.Test;

class PlasticityTimelineTest {

    private static EpochRecord rec(int epoch, String phase, EnumSet<Module> learning) {
        return new EpochRecord(epoch, 2 + epoch / 3, phase, learning, 0.5, 90, 90, false, 1, Map.of(), 0, 0.1);
    }

    private static List<EpochRecord> schedule() {
        List<EpochRecord> r = new ArrayList<>();
        EnumSet<Module> warm = EnumSet.of(Module.CORE, Module.READOUT);
        EnumSet<Module> frozen = EnumSet.of(Module.CEREBELLUM, Module.READOUT);
        for (int e = 1; e <= 10; e++) r.add(rec(e, "warmup", warm));
        for (int e = 11; e <= 25; e++) r.add(rec(e, "frozen", frozen));
        for (int e = 26; e <= 30; e++) r.add(rec(e, "refresh", EnumSet.allOf(Module.class)));
        for (int e = 31; e <= 60; e++) r.add(rec(e, "frozen", frozen));
        return r;
    }

    @Test
    void segmentsAreContiguousPhaseRuns() {
        List<PlasticityTimeline.Segment> s = PlasticityTimeline.segments(schedule());
        assertEquals(4, s.size());
        assertEquals(EpochRecord.Phase.WARMUP, s.get(0).phase());
        assertEquals(1, s.get(0).firstEpoch());
        assertEquals(10, s.get(0).lastEpoch());
        assertEquals(List.of(25.5, 30.5), List.of(s.get(2).interval()[0], s.get(2).interval()[1]));
        assertEquals("frozen (CB+readout)", PlasticityTimeline.legendLabel("frozen", s.get(1).learning()));
        assertEquals("refresh (all)", PlasticityTimeline.legendLabel("refresh", s.get(2).learning()));
    }

    @Test
    void overlayShadesUnderTheDataWithoutChangingTheAxes() throws Exception {
        List<EpochRecord> run = schedule();
        XYChart c = CurriculumChart.builder().showCounts(false).add("Interleaved reservoir", List.of(CurriculumChart.levels(run))).build();
        PlasticityTimeline.overlay(c, run);
        List<String> names = new ArrayList<>(c.getSeriesMap().keySet());
        assertTrue(names.get(0).startsWith(PlasticityTimeline.SPAN_PREFIX), names.toString());
        assertTrue(names.get(1).startsWith(PlasticityTimeline.SPAN_PREFIX), names.toString());
        assertTrue(names.get(2).startsWith(PlasticityTimeline.SPAN_PREFIX), names.toString());
        assertTrue(names.contains("frozen (CB+readout)"));
        // span series points lie at a y inside the data range
        for (String n : names.subList(0, 3)) {
            for (double y : c.getSeriesMap().get(n).getYData()) assertTrue(y >= 2 && y <= 22, n + " y " + y);
        }
        BufferedImage img = PlotTestSupport.render(c, "timeline-overlay");
        for (String phase : List.of("warmup", "frozen", "refresh")) {
            assertTrue(count(img, overWhite(Palette.phaseColor(phase), PlasticityTimeline.SPAN_ALPHA), 6) > 2000, phase + " tint");
        }
        assertThrows(IllegalArgumentException.class, () -> PlasticityTimeline.overlay(c, run), "twice on one chart");
    }

    @Test
    void standaloneChartOfOneRun() throws Exception {
        List<EpochRecord> run = PlotTestSupport.run(11, 90, 0.25);
        XYChart c = PlasticityTimeline.chart("Interleaved reservoir, seed 1", run);
        BufferedImage img = PlotTestSupport.render(c, "timeline-run");
        assertEquals(Size.NOTEBOOK.width(), img.getWidth());
        assertTrue(count(img, overWhite(Palette.phaseColor("frozen"), PlasticityTimeline.SPAN_ALPHA), 6) > 5000);
        assertTrue(count(img, Palette.BLACK, 30) > 500, "N curve");
    }

    @Test
    void aRunsLevelAxisLabelsOnlyWholeLevels() {
        XYChart c = PlasticityTimeline.chart("short run", PlotTestSupport.run(3, 12, 0.25));
        var f = c.getStyler().getyAxisTickLabelsFormattingFunction();
        assertEquals("3", f.apply(3.0));
        assertEquals("3", f.apply(3.0000000001), "a tick a rounding error off a level is that level");
        assertEquals("", f.apply(2.2));
        assertEquals("", f.apply(Double.NaN));
    }
}
