package org.cbrnn.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cbrnn.analysis.Analyses;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

class MechanismChartsTest {
    static Table summary() {
        return Analyses.fromCsv("""
                condition,task,N,population,networks,d95_frac_mean,d95_frac_sem,tau_pop_mean,tau_pop_sem
                CB-RNN,parity,2,hidden,2,0.5,0.05,3,0.5
                CB-RNN,parity,3,hidden,2,0.4,0.05,4,0.5
                RNN-202,parity,2,hidden,1,0.3,,5,
                RNN-202,parity,3,hidden,1,0.2,,6,
                CB-RNN,parity,2,granule,2,0.1,0.01,2,0
                """, "dims");
    }

    @Test
    void oneLinePerConditionInItsRegistryColourWithBandsWhereThereIsAnSem() {
        XYChart c = MechanismCharts.dimensionality(summary(), "hidden");
        var legend = c.getSeriesMap().values().stream().filter(s -> s.isShowInLegend()).toList();
        assertEquals(List.of("CB-RNN", "RNN-202"), legend.stream().map(s -> s.getName()).toList());
        assertEquals(Palette.DEFAULT.color("CB-RNN"), legend.get(0).getLineColor());
        assertEquals(Palette.DEFAULT.color("RNN-202"), legend.get(1).getLineColor());
        // a band for CB-RNN (two networks), none for RNN-202 (one network: SEM missing)
        assertTrue(c.getSeriesMap().containsKey("CB-RNN" + Bands.FILL_SUFFIX));
        assertTrue(c.getSeriesMap().keySet().stream().noneMatch(k -> k.startsWith("RNN-202" + Bands.FILL_SUFFIX)));
        assertTrue(Charts.toImage(c).getWidth() > 0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MechanismCharts.dimensionality(summary(), "purkinje")).getMessage().contains("purkinje"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MechanismCharts.sparsity(summary())).getMessage().contains("population_sparseness_mean"));
    }

    @Test
    void sparsityAxisCoversItsDataAndTwoLinePerConditionLegendsStayOutsideThePlot() {
        Table sp = Analyses.fromCsv("""
                condition,task,N,networks,population_sparseness_mean,population_sparseness_sem,lifetime_sparseness_mean,lifetime_sparseness_sem
                CB-RNN,parity,2,3,0.70,0.01,0.63,0.02
                CB-RNN,parity,4,3,0.80,0.01,0.75,0.03
                Full reservoir,parity,2,1,0.67,,0.60,
                Full reservoir,parity,4,1,0.88,,0.86,
                """, "sparsity");
        XYChart c = MechanismCharts.sparsity(sp);
        // data and bands span 0.60-0.88: the axis is 0.55-0.90, not 0-1
        assertEquals(0.55, c.getStyler().getYAxisMin(), 1e-12);
        assertEquals(0.90, c.getStyler().getYAxisMax(), 1e-12);
        assertEquals(org.knowm.xchart.style.Styler.LegendPosition.OutsideE, c.getStyler().getLegendPosition());
        Table j = Analyses.fromCsv("""
                condition,task,N,networks,gain_full_mean,gain_full_sem,gain_intrinsic_mean,gain_intrinsic_sem,cb_share_mean
                CB-RNN,parity,2,3,0.5,0.01,0.45,0.01,0.1
                CB-RNN,parity,4,3,1.4,0.05,0.8,0.04,0.6
                """, "jacobian");
        assertEquals(org.knowm.xchart.style.Styler.LegendPosition.OutsideE, MechanismCharts.jacobianGain(j).getStyler().getLegendPosition());
        assertTrue(Charts.toImage(c).getWidth() > 0);
    }

    @Test
    void scalingSaysHowManySizesItHas() {
        Table t = Analyses.fromCsv("""
                task,family,size,parameters,runs,epochs,auc_mean,auc_sd,t_half_mean,t_half_sd,t_half_reached,max_n_mean,max_n_sd
                parity,CB-RNN,256,41922,2,1000,14000,200,150,10,2,18,0.5
                parity,RNN,202,41816,2,1000,11500,250,310,20,2,16.5,0.7
                parity,RNN,128,17026,1,1000,9000,,400,,1,14,
                """, "scaling");
        XYChart c = MechanismCharts.scaling(t, "parity", "auc");
        assertTrue(c.getTitle().contains("3 of 8 sizes"), c.getTitle());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MechanismCharts.scaling(t, "dms", "auc")).getMessage().contains("dms"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MechanismCharts.scaling(t, "parity", "speed")).getMessage().contains("metric"));
    }

    /** A summary with one CB-RNN row per level from N = 2 to {@code maxN}. */
    private static Table levels(int maxN) {
        StringBuilder csv = new StringBuilder("condition,task,N,population,networks,d95_frac_mean,d95_frac_sem\n");
        for (int n = 2; n <= maxN; n++) csv.append("CB-RNN,dms,").append(n).append(",hidden,1,").append(0.01 * n).append(",\n");
        return Analyses.fromCsv(csv.toString(), "levels");
    }

    @Test
    void aLongLevelAxisGetsRoundTicksAndAShortOneATickPerLevel() {
        // DMS reaches N = 34: a tick per level would overlap, so the axis is padded (XChart then picks round ticks)
        XYChart dms = MechanismCharts.dimensionality(levels(34), "hidden");
        assertEquals(1.5, dms.getStyler().getXAxisMin());
        assertEquals(34.5, dms.getStyler().getXAxisMax());
        // parity's N 2-18 (16 levels apart) keeps XChart's tick at every level
        XYChart parity = MechanismCharts.dimensionality(levels(2 + MechanismCharts.LEVEL_TICKS_MAX_SPAN), "hidden");
        assertEquals(null, parity.getStyler().getXAxisMin());
        assertTrue(Charts.toImage(dms).getWidth() > 0);
    }

    @Test
    void oneNetworkAcrossLevelsHasMarkersChanceAndWholeLevelTicks() {
        Table t = org.cbrnn.analysis.CerebellarAblation.table(List.of(
                new org.cbrnn.analysis.CerebellarAblation.Point(2, 90, 52), new org.cbrnn.analysis.CerebellarAblation.Point(3, 80, 51),
                new org.cbrnn.analysis.CerebellarAblation.Point(4, 70, 50)));
        XYChart c = MechanismCharts.ablationOfOneNetwork(t, "one network");
        var intact = c.getSeriesMap().get("CB intact");
        assertEquals(List.of(2.0, 3.0, 4.0), java.util.Arrays.stream(intact.getXData()).boxed().toList());
        assertEquals(List.of(90.0, 80.0, 70.0), java.util.Arrays.stream(intact.getYData()).boxed().toList());
        assertTrue(intact.getMarker() != null && c.getSeriesMap().get("CB removed").getMarker() != null, "few points: markers");
        assertEquals(50.0, c.getSeriesMap().get("chance (50 %)").getYData()[0]);
        assertEquals(null, c.getStyler().getXAxisMin(), "the axis is the levels' own: XChart ticks every level");
        assertTrue(Charts.toImage(c).getWidth() > 0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MechanismCharts.ablationOfOneNetwork(summary(), "x")).getMessage().contains("acc_intact"));
        Table empty = org.cbrnn.analysis.CerebellarAblation.table(List.of());
        String msg = assertThrows(IllegalArgumentException.class, () -> MechanismCharts.ablationOfOneNetwork(empty, "x")).getMessage();
        assertTrue(msg.startsWith("points") && msg.contains("at least one level"), msg);
    }

    @Test
    void theAblationAxisReachesDownToTheLowestPoint() {
        Table t = Analyses.fromCsv("""
                condition,N,acc_intact_mean,acc_intact_sem,acc_cb_ablated_mean,acc_cb_ablated_sem
                CB-RNN,2,99,0.5,60,2
                CB-RNN,3,98,0.5,52,2
                Full reservoir,2,99,,97,
                Full reservoir,3,99,,36.6,
                """, "ablation");
        XYChart c = MechanismCharts.ablation(t);
        assertEquals(30.0, c.getStyler().getYAxisMin(), "36.6 - 2 rounded down to a multiple of 5");
        XYChart usual = MechanismCharts.ablation(t.where(t.stringColumn("condition").isEqualTo("CB-RNN")));
        assertEquals(40.0, usual.getStyler().getYAxisMin(), "data above 42 %: the usual 40-102 % axis");
    }
}
