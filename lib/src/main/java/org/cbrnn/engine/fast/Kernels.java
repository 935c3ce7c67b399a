package org.cbrnn.engine.fast;

import java.util.concurrent.atomic.AtomicBoolean;

/** Chooses the float kernels: the Vector API path when the incubator module is present, otherwise scalar code. */
public final class Kernels {
    private static final AtomicBoolean NOTICE_SHOWN = new AtomicBoolean();
    /**
     * The system property that forces the float kernels' vector width in bits (128, 256 or 512, at most what the CPU
     * and JVM prefer), for testing the narrower kernels on a wide machine; unset: the preferred width.
     */
    public static final String SIMD_BITS_PROPERTY = "cbrnn.simd.bits";
    /**
     * The version of the kernels' summation order at a vector width, part of {@link #describe()} (the run store's
     * kernel identity): v2 = the width-specific register blocks (8 x 3 at 512 bits, 6 x 2 narrower) with accumulators
     * started from C; v3 (256 and 128 bits only) = the 6 x 2 block on packed B, where every element of C, edges
     * included, is C plus one FMA per k (the v2 edges summed from zero and then added). The 512-bit kernels are
     * unchanged, so they keep v2 and their stored runs stay resumable and branchable. Bump the width's version whenever
     * a change alters its float results, so resumed and branched runs are not mixed across versions.
     *
     * @param bits the vector width in bits
     */
    public static String kernelVersion(int bits) {
        return bits >= 512 ? "v2" : "v3";
    }

    private Kernels() {}

    /** True when {@code jdk.incubator.vector} was added to the boot layer ({@code --add-modules jdk.incubator.vector}). */
    public static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** The fastest float kernels this JVM supports; prints a one-line notice (once) when falling back. */
    public static Ops<float[]> bestFloat() {
        if (vectorApiAvailable()) return vectorOps();
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

    /**
     * A description of the chosen float path, e.g. {@code Vector API v2, 512-bit (16 floats), 8x3 blocks} or
     * {@code Vector API v3, 256-bit (8 floats), 6x2 packed blocks}: the kernel
     * identity the run store records for every session.
     */
    public static String describe() {
        return vectorApiAvailable() ? vectorOps().describeVector() : "scalar";
    }

    /**
     * Prints {@link #describe()}: the kernel identity this JVM would train with (its options included, e.g.
     * {@code -Dcbrnn.simd.bits=256}); scripts record it beside results whose numbers depend on it.
     */
    public static void main(String[] args) {
        org.cbrnn.util.Check.notNull("args", args);
        System.out.println(describe());
    }

    /** The float kernels' vector width in bits, 0 for the scalar kernels. */
    public static int vectorBits() {
        return vectorApiAvailable() ? vectorOps().bits() : 0;
    }

    private static FloatVectorOps vectorOps() {
        try {
            return FloatVectorOps.INSTANCE;
        } catch (ExceptionInInitializerError e) {
            if (e.getCause() instanceof IllegalArgumentException iae) throw iae;
            throw e;
        }
    }

    /**
     * The width {@value #SIMD_BITS_PROPERTY} asks for, 0 when unset.
     *
     * @param raw       the property's value or null
     * @param preferred the preferred width of this CPU and JVM
     * @throws IllegalArgumentException naming the property and the allowed values
     */
    static int forcedBits(String raw, int preferred) {
        if (raw == null) return 0;
        int bits;
        try {
            bits = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if ((bits != 128 && bits != 256 && bits != 512) || bits > preferred) {
            StringBuilder ok = new StringBuilder();
            for (int b = 128; b <= preferred; b *= 2) ok.append(ok.length() == 0 ? "" : ", ").append(b);
            throw new IllegalArgumentException("-D" + SIMD_BITS_PROPERTY + " must be one of " + ok + " (this CPU and JVM prefer " + preferred
                    + "-bit vectors), got '" + raw + "'");
        }
        return bits;
    }
}
