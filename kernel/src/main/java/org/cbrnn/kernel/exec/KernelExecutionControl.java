package org.cbrnn.kernel.exec;

import jdk.jshell.execution.DirectExecutionControl;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JShell execution control that runs snippets inside the kernel JVM on one long-lived worker thread and keeps each
 * snippet's value as a real object: JShell only gets a key back, which {@link #takeResult(String)} turns into the
 * object. {@link #stop()} interrupts the worker and, if the code ignores interrupts, stops the thread.
 */
public final class KernelExecutionControl extends DirectExecutionControl {
    private static final String KEY_PREFIX = "cbrnn-value-";
    /** How long interrupted code may take to return before its thread is stopped. */
    private static final long STOP_GRACE_MS = Long.getLong("cbrnn.kernel.stopGraceMs", 1000L);

    private final KernelLoaderDelegate delegate;
    private final Map<String, Object> results = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ExecutorService worker;
    private final AtomicLong taskIds = new AtomicLong();
    private volatile Thread runningThread;
    private volatile long runningTask;
    private volatile boolean stopRequested;

    KernelExecutionControl(KernelLoaderDelegate delegate) {
        super(delegate);
        this.delegate = delegate;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cbrnn-cell");
            t.setDaemon(true);
            t.setContextClassLoader(delegate.classLoader());
            return t;
        });
    }

    public ClassLoader classLoader() {
        return delegate.classLoader();
    }

    /** Clears a pending stop request: call when a new cell starts. */
    public void resetStop() {
        stopRequested = false;
    }

    public boolean isStopRequested() {
        return stopRequested;
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        if (stopRequested) throw new StoppedException();
        Future<Object> future = worker.submit(() -> {
            Thread.interrupted(); // a stale interrupt from an earlier cell must not hit this one
            runningThread = Thread.currentThread();
            runningTask = taskIds.incrementAndGet();
            Thread.currentThread().setContextClassLoader(delegate.classLoader());
            try {
                return doit.invoke(null);
            } finally {
                runningTask = 0;
                runningThread = null;
            }
        });
        Object value;
        try {
            value = future.get();
        } catch (ExecutionException e) {
            if (stopRequested) throw new StoppedException();
            Throwable cause = e.getCause();
            if (cause instanceof InvocationTargetException) throw (InvocationTargetException) cause;
            if (cause instanceof Exception) throw (Exception) cause;
            throw new InvocationTargetException(cause);
        } catch (InterruptedException e) {
            stop();
            throw new StoppedException();
        }
        if (stopRequested) throw new StoppedException();
        String key = KEY_PREFIX + ids.incrementAndGet();
        synchronized (results) {
            results.clear(); // only the latest value is ever asked for; do not keep old ones alive
            results.put(key, value);
        }
        return key;
    }

    /** The object a snippet evaluated to, by the key JShell reported as its value; null if unknown. */
    public Object takeResult(String key) {
        if (key == null || !key.startsWith(KEY_PREFIX)) return null;
        synchronized (results) {
            return results.remove(key);
        }
    }

    public void clearResults() {
        synchronized (results) {
            results.clear();
        }
    }

    @Override
    public void stop() {
        stopRequested = true;
        long task = runningTask;
        Thread t = runningThread;
        if (t == null || task == 0) return;
        t.interrupt();
        Thread reaper = new Thread(() -> {
            long deadline = System.currentTimeMillis() + STOP_GRACE_MS;
            while (runningTask == task && System.currentTimeMillis() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (runningTask == task) forceStop(t);
        }, "cbrnn-cell-stopper");
        reaper.setDaemon(true);
        reaper.start();
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void forceStop(Thread t) {
        try {
            t.stop(); // still works on JDK 17; code that ignores interrupts has no other way out
        } catch (UnsupportedOperationException | SecurityException ignored) {
            // newer JDKs: only the interrupt remains
        }
    }

    @Override
    public void close() {
        stop();
        worker.shutdownNow();
        super.close();
    }
}
