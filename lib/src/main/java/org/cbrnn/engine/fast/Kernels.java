package org.cbrnn.engine.fast;

import java.util.concurrent.atomic.AtomicBoolean;

/** Chooses the float kernels: the Vector API path when the incubator module is present, otherwise scalar code. */
public final class Kernels {
    private static final AtomicBoolean NOTICE_SHOWN = new AtomicBoolean();

    private Kernels() {}

    /** True when {@code jdk.incubator.vector} was added to the boot layer ({@code --add-modules jdk.incubator.vector}). */
    public static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** The fastest float kernels this JVM supports; prints a one-line notice (once) when falling back. */
    public static Ops<float[]> bestFloat() {
        if (vectorApiAvailable()) return FloatVectorOps.INSTANCE;
        if (NOTICE_SHOWN.compareAndSet(false, true)) {
            System.err.println("cbrnn: jdk.incubator.vector not enabled, using scalar kernels (4-6x slower); "
                    + "run java with --add-modules jdk.incubator.vector");
        }
        return FloatOps.INSTANCE;
    }

    /** The scalar float kernels (for comparisons with the vector path). */
    public static Ops<float[]> scalarFloat() {
        return FloatOps.INSTANCE;
    }

    /** Double-precision kernels (gradient checks). */
    public static Ops<double[]> doubles() {
        return DoubleOps.INSTANCE;
    }

    /** A description of the chosen float path. */
    public static String describe() {
        return vectorApiAvailable() ? FloatVectorOps.describe() : "scalar";
    }
}
