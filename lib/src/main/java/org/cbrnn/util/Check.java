package org.cbrnn.util;

/** Argument validation that names the parameter and the allowed range, so bad input fails before any work starts. */
public final class Check {
    private Check() {}

    public static int inRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    public static int positive(String name, int value) {
        if (value <= 0) throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        return value;
    }

    public static int nonNegative(String name, int value) {
        if (value < 0) throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        return value;
    }

    public static double inRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    public static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    public static <T> T notNull(String name, T value) {
        if (value == null) throw new IllegalArgumentException(name + " must not be null");
        return value;
    }
}
