package org.cbrnn.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class NetworkSummaryTest {
    @Test
    void meanAndSemOverNetworksByHand() {
        Table t = Analyses.fromCsv("""
                run,task,condition,seed,N,population,tau_pop,double_fraction,median_unit_tau
                a,parity,CB,1,2,hidden,2,0.1,1.0
                b,parity,CB,2,2,hidden,4,0.3,2.0
                c,parity,CB,3,2,hidden,-1,0.2,3.0
                d,parity,RNN,1,2,hidden,5,,1.5
                """, "timescales");
        Table s = Analyses.summary(Analyses.Kind.TIMESCALES, t);
        assertEquals(2, s.rowCount());
        // τ_pop −1 (no 1/e crossing) is not a timescale: CB has 2 networks with a τ_pop, mean 3, SD √2, SEM 1
        assertEquals(2, s.intColumn("networks").get(0));
        assertEquals(3, s.doubleColumn("tau_pop_mean").getDouble(0), 1e-15);
        assertEquals(1, s.doubleColumn("tau_pop_sem").getDouble(0), 1e-15);
        // all three count for the other columns: mean 0.2, SD 0.1, SEM 0.1/√3
        assertEquals(0.2, s.doubleColumn("double_fraction_mean").getDouble(0), 1e-15);
        assertEquals(0.1 / Math.sqrt(3), s.doubleColumn("double_fraction_sem").getDouble(0), 1e-15);
        // one network: no SEM; a missing value: no mean
        assertTrue(Double.isNaN(s.doubleColumn("tau_pop_sem").getDouble(1)));
        assertTrue(Double.isNaN(s.doubleColumn("double_fraction_mean").getDouble(1)));
        assertEquals(1.5, s.doubleColumn("median_unit_tau_mean").getDouble(1), 1e-15);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkSummary.meanSem(t, List.of("nope"), List.of("tau_pop")))
                .getMessage().contains("nope"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkSummary.meanSem(t, List.of("N"), List.of("condition")))
                .getMessage().contains("not numeric"));
    }
}
