package org.cbrnn.plot;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainingListener;
import org.cbrnn.train.TrainingResult;
import org.cbrnn.util.Check;

/**
 * A terminal progress line for one training run, as a {@link TrainingListener}:
 * <pre>
 * [CB-RNN s1]  37/500 [#---------------]   7% | N=7 | acc  93.1% | 00:12 elapsed | ETA 02:31
 * [CB-RNN s1] done: 120 epochs, max N=12 (target reached) in 00:49
 * </pre>
 * <ul>
 *   <li>Interactive mode (a console is attached): the line is rewritten in place with {@code \r}, at most every
 *       {@code 0.5 s} (the first epoch always prints).</li>
 *   <li>Line mode (no console, e.g. CI logs): a new line at the first epoch and every {@code lineEvery} epochs.</li>
 *   <li>{@link #onFinish} always ends with a summary line.</li>
 * </ul>
 * Elapsed time counts from construction; ETA = elapsed / epochs seen x epochs left to {@code maxEpochs} (an upper
 * bound: a run stops early when it reaches its target). With {@code maxEpochs <= 0} the bar and ETA are left out.
 * Thread-safe.
 */
public final class ProgressBar implements TrainingListener {

    /** Minimum time between interactive redraws. */
    public static final long MIN_INTERVAL_NANOS = 500_000_000L;
    /** Default line-mode period in epochs. */
    public static final int DEFAULT_LINE_EVERY = 10;

    private static final int BAR_WIDTH = 16;

    private final String runName;
    private final int maxEpochs;
    private final PrintStream out;
    private final boolean interactive;
    private final int lineEvery;
    private final LongSupplier nanoTime;
    private final long start;
    private long lastPrint;
    private boolean printedAny;
    private int lastLength;
    private int seen;
    private EpochRecord last;
    private boolean finished;

    /**
     * @param runName    shown in brackets at the start of every line
     * @param maxEpochs  the epoch budget ({@code TrainingConfig.maxEpochs()}), 0 if unknown
     * @param out        where to print
     * @param interactive rewrite one line with {@code \r} (true) or print new lines every {@code lineEvery} epochs
     * @param lineEvery  line-mode period, at least 1
     * @param nanoTime   clock ({@code System::nanoTime}; inject a fake one in tests)
     */
    public ProgressBar(String runName, int maxEpochs, PrintStream out, boolean interactive, int lineEvery, LongSupplier nanoTime) {
        this.runName = Objects.requireNonNull(runName, "runName");
        this.maxEpochs = maxEpochs;
        this.out = Objects.requireNonNull(out, "out");
        this.interactive = interactive;
        if (lineEvery < 1) throw new IllegalArgumentException("lineEvery must be >= 1, got " + lineEvery);
        this.lineEvery = lineEvery;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.start = nanoTime.getAsLong();
    }

    /** Prints to {@code System.out}; interactive when {@code System.console()} is not null, else a line every 10 epochs. */
    public static ProgressBar create(String runName, int maxEpochs) {
        return new ProgressBar(runName, maxEpochs, System.out, System.console() != null, DEFAULT_LINE_EVERY, System::nanoTime);
    }

    @Override
    public synchronized void onEpoch(EpochRecord record) {
        Check.notNull("record", record);
        seen++;
        last = record;
        long now = nanoTime.getAsLong();
        if (interactive) {
            if (printedAny && now - lastPrint < MIN_INTERVAL_NANOS) return;
            String line = line(record, now);
            out.print("\r" + pad(line));
            out.flush();
        } else {
            if (printedAny && record.epoch() % lineEvery != 0) return;
            out.println(line(record, now));
        }
        printedAny = true;
        lastPrint = now;
    }

    @Override
    public synchronized void onFinish(TrainingResult result) {
        Check.notNull("result", result);
        if (finished) return;
        finished = true;
        long now = nanoTime.getAsLong();
        if (interactive && last != null) {
            out.print("\r" + pad(line(last, now)));
            out.println();
        }
        out.println(summary(result, now));
        out.flush();
    }

    /** The progress line for a record at clock time {@code now} (no {@code \r}, no padding). */
    synchronized String line(EpochRecord r, long now) {
        long elapsed = now - start;
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(runName).append("] ");
        if (maxEpochs > 0) {
            int w = Integer.toString(maxEpochs).length();
            sb.append(String.format(Locale.ROOT, "%" + w + "d/%d ", r.epoch(), maxEpochs));
            double frac = Math.max(0, Math.min(1, r.epoch() / (double) maxEpochs));
            int filled = (int) Math.floor(frac * BAR_WIDTH);
            sb.append('[').append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("] ");
            sb.append(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(frac * 100)));
        } else {
            sb.append("epoch ").append(r.epoch());
        }
        sb.append(" | N=").append(r.level());
        sb.append(String.format(Locale.ROOT, " | acc %5.1f%%", r.evalAccuracy()));
        sb.append(" | ").append(duration(elapsed)).append(" elapsed");
        if (maxEpochs > 0) {
            int left = Math.max(0, maxEpochs - r.epoch());
            String eta = seen > 0 ? duration((long) ((double) elapsed / seen * left)) : "--:--";
            sb.append(" | ETA ").append(eta);
        }
        return sb.toString();
    }

    /** The final line. */
    synchronized String summary(TrainingResult result, long now) {
        String reason = result.stop().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        int epochs = result.records().isEmpty() ? 0 : result.records().get(result.records().size() - 1).epoch();
        return "[" + runName + "] done: " + epochs + " epochs, max N=" + result.finalLevel() + " (" + reason + ") in "
                + duration(now - start);
    }

    private String pad(String line) {
        String padded = line.length() < lastLength ? line + " ".repeat(lastLength - line.length()) : line;
        lastLength = line.length();
        return padded;
    }

    /** {@code mm:ss}, or {@code h:mm:ss} from one hour. */
    static String duration(long nanos) {
        long s = Math.max(0, nanos) / 1_000_000_000L;
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%02d:%02d", m, sec);
    }
}
