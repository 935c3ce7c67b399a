package org.cbrnn.engine.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector width of the float kernels: the Vector API's preferred species for this CPU and JVM (AVX-512: 512 bits,
 * AVX2: 256, SSE and NEON: 128), or a narrower one forced with {@code -D}{@value Kernels#SIMD_BITS_PROPERTY}{@code =128|256|512}
 * (for testing the narrower kernels on a wide machine; HotSpot's {@code -XX:UseAVX=2} / {@code -XX:UseAVX=1} narrow the
 * preferred species itself). Loaded only when {@code jdk.incubator.vector} is present.
 */
final class Simd {
    /** The chosen species (read once: C2 folds it into the kernels). */
    static final VectorSpecies<Float> SPECIES = choose(System.getProperty(Kernels.SIMD_BITS_PROPERTY));
    /**
     * True for 512-bit vectors, which come with 32 vector registers (AVX-512): the 8 x 3 register block fits. Narrower
     * species get the 6 x 2 block that fits 16 registers (AVX2, SSE).
     */
    static final boolean WIDE = SPECIES.vectorBitSize() >= 512;

    /**
     * Whether the JIT turns the Vector API's fma into hardware FMA ({@code -XX:+UseFMA}, on since Haswell and Zen; off
     * with {@code -XX:UseAVX=0}). Without it {@code FloatVector.fma} runs a Java fallback that was measured about 100x
     * slower, so the kernels multiply and add instead (different rounding: a different kernel identity).
     */
    static final boolean FMA = useFma();

    private Simd() {}

    private static boolean useFma() {
        try {
            var bean = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return bean == null || !"false".equals(bean.getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return true; // not HotSpot: assume the JIT has FMA (NEON and every x86-64 CPU since 2013 do)
        }
    }

    static VectorSpecies<Float> choose(String forced) {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        int bits = Kernels.forcedBits(forced, preferred.vectorBitSize());
        return bits == 0 ? preferred : VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
    }

    static boolean forced() {
        return System.getProperty(Kernels.SIMD_BITS_PROPERTY) != null;
    }
}
