package org.cbrnn.results;

/**
 * Student's t distribution for any real degrees of freedom ν &gt; 0, through the regularised incomplete beta function:
 * P(|T| &gt; t) = I_x(ν/2, 1/2) with x = ν / (ν + t²). Needed where ν is not an integer (Welch's test);
 * {@link PairedStats#tQuantile} covers the integer case with a closed form, and the two agree (tested).
 */
public final class StudentT {
    private StudentT() {}

    /** Two-sided tail probability P(|T| ≥ |t|) with {@code df} degrees of freedom. */
    public static double twoSidedP(double t, double df) {
        if (!(df > 0) || Double.isInfinite(df)) throw new IllegalArgumentException("df must be a finite number > 0, got " + df);
        if (Double.isNaN(t)) return Double.NaN;
        if (Double.isInfinite(t)) return 0;
        double x = df / (df + t * t);
        return Math.min(1, Math.max(0, regularisedBeta(x, df / 2, 0.5)));
    }

    /** I_x(a, b), the regularised incomplete beta function, for x in [0, 1] and a, b &gt; 0. */
    static double regularisedBeta(double x, double a, double b) {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
        // the continued fraction converges fast for x < (a + 1) / (a + b + 2); otherwise use I_x(a, b) = 1 − I_{1−x}(b, a)
        if (x < (a + 1) / (a + b + 2)) return Math.exp(lnFront) * betaFraction(x, a, b) / a;
        return 1 - Math.exp(lnFront) * betaFraction(1 - x, b, a) / b;
    }

    /** The continued fraction of the incomplete beta function, evaluated by the modified Lentz method. */
    private static double betaFraction(double x, double a, double b) {
        final double tiny = 1e-300, eps = 1e-15;
        double c = 1, d = 1 - (a + b) * x / (a + 1);
        if (Math.abs(d) < tiny) d = tiny;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            // even step: d_{2m} = m (b − m) x / ((a + 2m − 1)(a + 2m))
            double num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + num * d;
            if (Math.abs(d) < tiny) d = tiny;
            c = 1 + num / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            h *= d * c;
            // odd step: d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))
            num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + num * d;
            if (Math.abs(d) < tiny) d = tiny;
            c = 1 + num / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < eps) return h;
        }
        throw new ArithmeticException("incomplete beta fraction did not converge for x=" + x + ", a=" + a + ", b=" + b);
    }

    /** ln Γ(z) for z &gt; 0 (Lanczos approximation, g = 7, 9 coefficients; relative error below 1e-14). */
    static double lnGamma(double z) {
        if (z < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - lnGamma(1 - z); // reflection
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
                12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        z -= 1;
        double x = c[0];
        for (int i = 1; i < c.length; i++) x += c[i] / (z + i);
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(x);
    }
}
