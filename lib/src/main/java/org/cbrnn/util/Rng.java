package org.cbrnn.util;

/**
 * A small, explicit, splittable pseudo-random generator (SplitMix64).
 *
 * <p>Every source of randomness in the kit is an {@code Rng} passed in by the caller: there is no global generator,
 * so a run is a pure function of its seed. The algorithm is fixed here (not delegated to the JDK) so that the same
 * seed gives the same stream on every JVM version.
 */
public final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;
    private double spareGaussian = Double.NaN;

    /** A generator whose stream is fully determined by {@code seed}. */
    public Rng(long seed) {
        this.state = mix(seed ^ 0x5DEECE66DL);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Next 64 random bits. */
    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in [0, 1) with 24 bits of precision (the float grid). */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 bits of precision. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform on {0, ..., bound-1}; unbiased (rejection sampling). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be > 0, got " + bound);
        long limit = Long.remainderUnsigned(-1L, bound);
        while (true) {
            long r = nextLong();
            if (Long.compareUnsigned(r, -1L - limit) <= 0 || limit == bound - 1) {
                return (int) Long.remainderUnsigned(r, bound);
            }
        }
    }

    /** Uniform on {lo, ..., hi} inclusive. */
    public int nextIntInclusive(int lo, int hi) {
        if (hi < lo) throw new IllegalArgumentException("empty range [" + lo + ", " + hi + "]");
        return lo + nextInt(hi - lo + 1);
    }

    /** A fair coin. */
    public boolean nextBit() {
        return nextLong() < 0;
    }

    /** Standard normal (Box-Muller, deterministic pairing). */
    public double nextGaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double g = spareGaussian;
            spareGaussian = Double.NaN;
            return g;
        }
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 <= 0.0);
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        spareGaussian = r * Math.sin(2 * Math.PI * u2);
        return r * Math.cos(2 * Math.PI * u2);
    }

    /** The complete generator state, for checkpoints. */
    public record State(long bits, double spareGaussian) {}

    /** A snapshot of the state; {@link #restore(State)} continues the stream exactly from here. */
    public State snapshot() {
        return new State(state, spareGaussian);
    }

    /** A generator that continues from a {@link #snapshot()}. */
    public static Rng restore(State state) {
        Check.notNull("state", state);
        Rng r = new Rng(0);
        r.state = state.bits();
        r.spareGaussian = state.spareGaussian();
        return r;
    }

    /** An independent child generator; this generator advances by one draw. */
    public Rng split() {
        return new Rng(nextLong());
    }

    /**
     * A generator derived from a seed and a stream label, e.g. {@code Rng.of(seed, "init")}: streams with different
     * labels are independent, so adding a new use of randomness does not shift the existing streams.
     */
    public static Rng of(long seed, String stream) {
        Check.notNull("stream", stream);
        long h = 1125899906842597L;
        for (int i = 0; i < stream.length(); i++) h = 31 * h + stream.charAt(i);
        return new Rng(mix(seed) ^ mix(h));
    }
}
