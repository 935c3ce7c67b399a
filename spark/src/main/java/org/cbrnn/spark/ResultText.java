package org.cbrnn.spark;

import java.util.List;
import org.cbrnn.experiment.EpochTables;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingResult;

/**
 * A {@link RunResult} as text, to travel from a worker back to the driver: three header lines (stop reason, resumed,
 * error on one line or empty), a blank line, then the epoch table in the run store's CSV form (exact doubles), so the
 * driver's records equal the stored ones bit for bit.
 */
final class ResultText {
    private ResultText() {}

    static String encode(RunResult r) {
        String error = r.error() == null ? "" : r.error().replace('\r', ' ').replace('\n', ' ');
        return "stop=" + r.stop().name() + "\nresumed=" + r.resumed() + "\nerror=" + error + "\n\n" + EpochTables.toCsv(r.records());
    }

    static RunResult decode(org.cbrnn.experiment.RunSpec spec, String text) {
        int blank = text.indexOf("\n\n");
        if (blank < 0) throw new IllegalArgumentException("a run result from a worker has no header: " + text.substring(0, Math.min(80, text.length())));
        String[] head = text.substring(0, blank).split("\n", -1);
        if (head.length != 3 || !head[0].startsWith("stop=") || !head[1].startsWith("resumed=") || !head[2].startsWith("error=")) {
            throw new IllegalArgumentException("a run result from a worker has a malformed header: " + text.substring(0, blank));
        }
        TrainingResult.StopReason stop = TrainingResult.StopReason.valueOf(head[0].substring(5));
        boolean resumed = Boolean.parseBoolean(head[1].substring(8));
        String error = head[2].substring(6);
        String csv = text.substring(blank + 2);
        List<EpochRecord> records = csv.isBlank() ? List.of() : EpochTables.fromCsv(csv);
        return error.isEmpty() ? new RunResult(spec, records, stop, resumed) : RunResult.failed(spec, records, error);
    }
}
