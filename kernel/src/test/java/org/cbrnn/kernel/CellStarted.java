package org.cbrnn.kernel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A signal from a running cell to the test that runs it: the cell calls {@link #signal()} as its first action, so the
 * test interrupts a cell that is really executing instead of guessing with a sleep. Cells run in the test's JVM (local
 * execution) and their class loader delegates to the application loader first, so both see this one class.
 */
public final class CellStarted {
    private static volatile CountDownLatch latch = new CountDownLatch(1);

    private CellStarted() {}

    /** Resets the signal before a cell is started. */
    static void arm() {
        latch = new CountDownLatch(1);
    }

    /** Called by the cell once it runs. */
    public static void signal() {
        latch.countDown();
    }

    /** Waits for the cell's signal; false if it did not come within the timeout. */
    static boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return latch.await(timeout, unit);
    }
}
