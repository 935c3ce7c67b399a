package org.cbrnn.model;

import org.cbrnn.util.Check;

/**
 * How one parameter tensor is initialised.
 *
 * @param kind  the distribution
 * @param scale the bound of the uniform (U(-scale, scale)) or the standard deviation of the normal
 */
public record Init(Kind kind, double scale) {
    public Init {
        Check.notNull("kind", kind);
        Check.inRange("scale", scale, 0.0, Double.MAX_VALUE);
    }

    public enum Kind { UNIFORM, NORMAL, ZERO }

    /** PyTorch's default for {@code nn.Linear} weights and biases: U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
    public static Init fanIn(int fanIn) {
        return new Init(Kind.UNIFORM, 1.0 / Math.sqrt(fanIn));
    }

    public static Init normal(double std) {
        return new Init(Kind.NORMAL, std);
    }

    public static Init zero() {
        return new Init(Kind.ZERO, 0);
    }
}
