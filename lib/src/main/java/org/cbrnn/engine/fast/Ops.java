package org.cbrnn.engine.fast;

/**
 * The numeric kernels the hand-written networks are written against, once, for any precision: {@code A} is
 * {@code float[]} (the fast path) or {@code double[]} (gradient checks). All matrices are row-major with explicit
 * offsets and leading dimensions so that time slices and batch slices are views, never copies.
 *
 * @param <A> the array type
 */
public interface Ops<A> {

    A alloc(int n);

    int length(A a);

    double get(A a, int i);

    void set(A a, int i, double v);

    /** Copies float values into {@code dst} starting at 0. */
    void load(float[] src, A dst);

    /** Widens or copies {@code src} into a float array of the same length. */
    float[] toFloat(A src);

    void fill(A a, int off, int n, double v);

    void copy(A src, int srcOff, A dst, int dstOff, int n);

    /**
     * C = (accumulate ? C : 0) + A * B for an m x k A addressed as {@code a[aOff + i*aRowStride + p*aColStride]}
     * (so both A and A-transposed are expressible) and a row-major k x n B with leading dimension {@code ldb}.
     */
    void gemm(int m, int n, int k, A a, int aOff, int aRowStride, int aColStride, A b, int bOff, int ldb,
              A c, int cOff, int ldc, boolean accumulate);

    /**
     * A k x n row-major right operand of {@link #gemm}, prepared once for many products with it (a weight over the T
     * time steps of a batch): kernels that rearrange B before multiplying (the narrower widths' packed strips) do it
     * here, once, instead of in every call. The plain operand is kept, so any engine can still use it as given.
     *
     * @param b the operand as given: {@code B[p, j] = b[bOff + p * ldb + j]}
     * @param packed the kernel's rearranged copy, or {@code null} where the kernel reads B in place
     */
    record PreparedB<A>(A b, int bOff, int ldb, int k, int n, float[] packed) {}

    /** Prepares {@code B} (k x n, leading dimension {@code ldb}) for repeated products; by default nothing is copied. */
    default PreparedB<A> prepareB(A b, int bOff, int ldb, int k, int n) {
        return new PreparedB<>(b, bOff, ldb, k, n, null);
    }

    /**
     * C = (accumulate ? C : 0) + A * B with a prepared B ({@link #prepareB}); every element of C gets the same
     * arithmetic as {@link #gemm} with the plain B, bit for bit.
     */
    default void gemm(int m, int n, int k, A a, int aOff, int aRowStride, int aColStride, PreparedB<A> b,
                      A c, int cOff, int ldc, boolean accumulate) {
        if (b.k() != k || b.n() != n) {
            throw new IllegalArgumentException("prepared B is " + b.k() + " x " + b.n() + ", the product needs " + k + " x " + n);
        }
        gemm(m, n, k, a, aOff, aRowStride, aColStride, b.b(), b.bOff(), b.ldb(), c, cOff, ldc, accumulate);
    }

    /** dst (cols x rows) = transpose of src (rows x cols). */
    default void transpose(A src, int srcOff, int rows, int cols, A dst, int dstOff) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) set(dst, dstOff + c * rows + r, get(src, srcOff + r * cols + c));
        }
    }

    /** Every row of the rows x cols block at {@code cOff} becomes {@code bias} (set, not add). */
    void setRows(A c, int cOff, int rows, int cols, A bias, int biasOff);

    /** Every row of the block at {@code cOff} becomes {@code bias1 + bias2}. */
    void setRows2(A c, int cOff, int rows, int cols, A bias1, A bias2);

    /** Every row of the rows x cols block at {@code cOff} gets {@code bias} added (c[r][j] += bias[j]). */
    void addRows(A c, int cOff, int rows, int cols, A bias);

    /** dst[j] += sum over rows of src[r][j]. */
    void colSumAdd(A src, int srcOff, int rows, int cols, A dst, int dstOff);

    /** x = max(x, 0). */
    void reluInPlace(A x, int off, int n);

    /** d *= (post > 0): the ReLU derivative read from the activation. */
    void reluMask(A post, int postOff, A d, int dOff, int n);

    /** h = (1 - alpha) * hPrev + alpha * LeakyReLU(z). */
    void leakyIntegrate(A hPrev, int hPrevOff, A z, int zOff, A h, int hOff, int n, double alpha, double slope);

    /** dz = dh * alpha * LeakyReLU'(z). */
    void leakyIntegrateBackward(A dh, int dhOff, A z, int zOff, A dz, int dzOff, int n, double alpha, double slope);

    /** x = LeakyReLU(x). */
    void leakyReluInPlace(A x, int off, int n, double slope);

    /** d *= LeakyReLU'(pre). */
    void leakyReluMask(A pre, int preOff, A d, int dOff, int n, double slope);

    /** y += a * x. */
    void axpy(double a, A x, int xOff, A y, int yOff, int n);

    /** y = a * y. */
    void scale(A y, int off, int n, double a);

    /** x = sigmoid(x). */
    void sigmoidInPlace(A x, int off, int n);

    /** out = x * y elementwise. */
    void mul(A x, int xOff, A y, int yOff, A out, int outOff, int n);

    /** out += x * y elementwise. */
    void mulAdd(A x, int xOff, A y, int yOff, A out, int outOff, int n);

    /** Sum of squares of n values. */
    double sumSquares(A x, int off, int n);
}
