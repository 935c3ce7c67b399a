package org.cbrnn.dl4j;

/**
 * Which unrolled length L serves a batch of T steps. A SameDiff graph is unrolled for a fixed length, and building one
 * (with its gradient function) costs about as much as tens of training steps, while the paper's sampler draws a new T
 * in [N+2, 4N+1] for every batch. Bucketing left-pads T up to L with a hold mask (exact; see {@link UnrolledGraph}), so
 * a curriculum level touches a handful of graphs.
 */
public abstract class LengthBuckets {

    /** The unrolled length for a batch of {@code steps}; {@code >= steps}. */
    public abstract int bucket(int steps);

    /** A short description for engine names. */
    public abstract String label();

    /** The shortest T mapped to the bucket {@code length} (so the graph needs {@code length - minSteps} masked steps). */
    public final int minSteps(int length) {
        if (bucket(length) != length) throw new IllegalArgumentException(length + " is not a bucket of " + label());
        int t = length;
        while (t > 1 && bucket(t - 1) == length) t--;
        return t;
    }

    /** One graph per sequence length: no padding. */
    public static LengthBuckets exact() {
        return new LengthBuckets() {
            @Override
            public int bucket(int steps) {
                return check(steps);
            }

            @Override
            public String label() {
                return "exact";
            }
        };
    }

    /**
     * Four buckets per octave: T <= 8 exactly, then T rounded up to a multiple of 2^(floor(log2(T - 1)) - 2)
     * (9..16 to multiples of 2, 17..32 of 4, 33..64 of 8, ...). At most 25 % padding (about 9 % on average over
     * the paper's length range), and a level's range [N+2, 4N+1] spans at most 9 buckets.
     */
    public static LengthBuckets quarterOctave() {
        return new LengthBuckets() {
            @Override
            public int bucket(int steps) {
                check(steps);
                if (steps <= 8) return steps;
                int q = 1 << (31 - Integer.numberOfLeadingZeros(steps - 1) - 2);
                return (steps + q - 1) / q * q;
            }

            @Override
            public String label() {
                return "quarter-octave";
            }
        };
    }

    private static int check(int steps) {
        if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        return steps;
    }

    @Override
    public String toString() {
        return label();
    }
}
