package org.cbrnn.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingResult;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static final long MS = 1_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void interactiveRedrawsInPlaceAtMostEveryHalfSecond() {
        ProgressBar bar = new ProgressBar("CB-RNN s1", 500, out, true, 10, clock::get);
        long[] at = {100, 200, 300, 650, 700, 1200, 1250};
        for (int i = 0; i < at.length; i++) {
            clock.set(1_000 * MS + at[i] * MS);
            bar.onEpoch(PlotTestSupport.record(i + 1, 2 + i, 90 + i));
        }
        String t = text();
        // first (t=100), then t=650 (550 ms later), then t=1200 (550 ms later)
        assertEquals(3, t.chars().filter(ch -> ch == '\r').count(), t);
        assertTrue(t.contains("[CB-RNN s1]   1/500"), t);
        assertTrue(t.contains("  4/500"), t);
        assertTrue(t.contains("  6/500"), t);
        assertTrue(!t.contains("\n"), "no newline while running");
    }

    @Test
    void lineFormat() {
        ProgressBar bar = new ProgressBar("CB-RNN s1", 500, out, false, 10, clock::get);
        clock.addAndGet(12_000 * MS);
        String line = bar.line(PlotTestSupport.record(37, 7, 93.14), clock.get());
        // 12 s for 0 epochs seen -> ETA unknown
        assertEquals("[CB-RNN s1]  37/500 [#---------------]   7% | N=7 | acc  93.1% | 00:12 elapsed | ETA --:--", line);
        bar.onEpoch(PlotTestSupport.record(1, 2, 50));
        clock.addAndGet(12_000 * MS); // 24 s for 1 epoch seen, 499 left -> 11976 s = 3:19:36
        assertTrue(bar.line(PlotTestSupport.record(1, 2, 50), clock.get()).endsWith("00:24 elapsed | ETA 3:19:36"));
        ProgressBar unknown = new ProgressBar("r", 0, out, false, 10, clock::get);
        assertEquals("[r] epoch 3 | N=4 | acc  50.0% | 00:00 elapsed", unknown.line(PlotTestSupport.record(3, 4, 50), clock.get()));
    }

    @Test
    void lineModePrintsEveryKEpochsAndFinishSummary() {
        ProgressBar bar = new ProgressBar("RNN s2", 30, out, false, 10, clock::get);
        List<EpochRecord> recs = new java.util.ArrayList<>();
        for (int e = 1; e <= 25; e++) {
            clock.addAndGet(2_000 * MS);
            EpochRecord r = PlotTestSupport.record(e, 2 + e / 5, 80);
            recs.add(r);
            bar.onEpoch(r);
        }
        bar.onFinish(new TrainingResult(recs, TrainingResult.StopReason.TARGET_REACHED, 7));
        bar.onFinish(new TrainingResult(recs, TrainingResult.StopReason.TARGET_REACHED, 7)); // idempotent
        String[] lines = text().split("\n");
        assertEquals(4, lines.length, text()); // epochs 1, 10, 20 + summary
        assertTrue(lines[0].startsWith("[RNN s2]  1/30 "), lines[0]);
        assertTrue(lines[1].startsWith("[RNN s2] 10/30 "), lines[1]);
        assertTrue(lines[2].startsWith("[RNN s2] 20/30 "), lines[2]);
        assertEquals("[RNN s2] done: 25 epochs, max N=7 (target reached) in 00:50", lines[3]);
    }

    @Test
    void interactiveFinishEndsTheLine() {
        ProgressBar bar = new ProgressBar("x", 10, out, true, 10, clock::get);
        EpochRecord r = PlotTestSupport.record(1, 2, 50);
        bar.onEpoch(r);
        bar.onFinish(new TrainingResult(List.of(r), TrainingResult.StopReason.INTERRUPTED, 2));
        String t = text();
        assertTrue(t.endsWith("\n[x] done: 1 epochs, max N=2 (interrupted) in 00:00\n"), t);
        assertEquals(2, t.chars().filter(ch -> ch == '\r').count());
    }

    @Test
    void durations() {
        assertEquals("00:00", ProgressBar.duration(0));
        assertEquals("01:05", ProgressBar.duration(65_000 * MS));
        assertEquals("1:00:01", ProgressBar.duration(3_601_000 * MS));
    }
}
