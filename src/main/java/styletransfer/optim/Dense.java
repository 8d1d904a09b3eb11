package styletransfer.optim;

/**
 * Cholesky factorization and triangular solves on the small (at most 2m x 2m) column-major
 * matrices of L-BFGS-B, rounded as scipy's OpenBLAS computes them: dpotrf takes the unblocked
 * dpotf2 path (left-looking, with the Haswell/Zen dgemv_t kernel for the row update), dtrtrs
 * with one right-hand side the dtrsv path, with several the dtrsm kernel path (4-row blocks
 * updated by the dgemm kernel, solved with the inverted diagonal).
 *
 * <p>The orders and fused multiply-adds below were matched bit for bit against
 * {@code scipy.linalg.lapack} on random matrices of order 1 to 20 (multi-right-hand-side solves
 * up to order 11; L-BFGS-B needs order {@code m} there).
 */
final class Dense {
    private Dense() {
    }

    /**
     * Factors the upper triangle of the n x n matrix at a[off] (leading dimension lda) in place
     * as U'U. Returns 0, or j+1 when the leading minor of order j+1 is not positive definite.
     */
    static int choleskyUpper(double[] a, int off, int lda, int n) {
        for (int j = 0; j < n; j++) {
            int colJ = off + lda * j;
            double ajj = a[colJ + j] - Blas.dot(j, a, colJ, a, colJ);
            if (ajj <= 0.0) {
                a[colJ + j] = ajj;
                return j + 1;
            }
            ajj = Math.sqrt(ajj);
            a[colJ + j] = ajj;
            int rest = n - j - 1;
            if (rest > 0) {
                // Row j right of the diagonal: a[j, k] -= a[0..j, k] . a[0..j, j], then / ajj.
                subtractTransposedProduct(j, rest, a, colJ + lda, lda, colJ, colJ + lda + j);
                double inv = 1.0 / ajj;
                for (int k = 0; k < rest; k++) {
                    a[colJ + lda * (k + 1) + j] *= inv;
                }
            }
        }
        return 0;
    }

    /**
     * y[c] -= sum over r < rows of a[aOff + r + lda*c] * a[xOff + r], for c < cols, where y[c]
     * is a[yOff + lda*c]: dgemv_t with alpha = -1. Whole groups of four rows go through the
     * SIMD kernels (4, 2 or 1 columns at a time), the remaining rows through fused updates.
     */
    private static void subtractTransposedProduct(int rows, int cols, double[] a, int aOff, int lda,
                                                  int xOff, int yOff) {
        int tail = rows & 3;
        int blocked = rows - tail;
        if (blocked > 0) {
            int quads = cols & -4;
            boolean pair = (cols & 2) != 0;
            for (int c = 0; c < cols; c++) {
                int col = aOff + lda * c;
                double sum;
                if (c < quads) {
                    // 4x4 kernel: four FMA lanes over rows r = lane (mod 4).
                    double l0 = 0.0, l1 = 0.0, l2 = 0.0, l3 = 0.0;
                    for (int r = 0; r < blocked; r += 4) {
                        l0 = Math.fma(a[col + r], a[xOff + r], l0);
                        l1 = Math.fma(a[col + r + 1], a[xOff + r + 1], l1);
                        l2 = Math.fma(a[col + r + 2], a[xOff + r + 2], l2);
                        l3 = Math.fma(a[col + r + 3], a[xOff + r + 3], l3);
                    }
                    sum = (l0 + l2) + (l1 + l3);
                } else if (pair && c < quads + 2) {
                    // 4x2 kernel: two lanes (even/odd rows), separate multiply and add.
                    double l0 = 0.0, l1 = 0.0;
                    for (int r = 0; r < blocked; r += 2) {
                        l0 += a[col + r] * a[xOff + r];
                        l1 += a[col + r + 1] * a[xOff + r + 1];
                    }
                    sum = l0 + l1;
                } else {
                    // 4x1 kernel: two 2-lane registers.
                    double p0 = 0.0, p1 = 0.0, q0 = 0.0, q1 = 0.0;
                    for (int r = 0; r < blocked; r += 4) {
                        p0 += a[col + r] * a[xOff + r];
                        p1 += a[col + r + 1] * a[xOff + r + 1];
                        q0 += a[col + r + 2] * a[xOff + r + 2];
                        q1 += a[col + r + 3] * a[xOff + r + 3];
                    }
                    sum = (p0 + q0) + (p1 + q1);
                }
                a[yOff + lda * c] -= sum;
            }
        }
        if (tail == 0) {
            return;
        }
        double x0 = -a[xOff + blocked];
        double x1 = tail > 1 ? -a[xOff + blocked + 1] : 0.0;
        double x2 = tail > 2 ? -a[xOff + blocked + 2] : 0.0;
        for (int c = 0; c < cols; c++) {
            int col = aOff + lda * c + blocked;
            int y = yOff + lda * c;
            if (tail == 1) {
                a[y] = Math.fma(a[col], x0, a[y]);
            } else {
                double s = Math.fma(a[col], x0, a[col + 1] * x1);
                if (tail == 3) {
                    s = Math.fma(a[col + 2], x2, s);
                }
                a[y] = a[y] + s;
            }
        }
    }

    /**
     * Solves U x = b (transpose false) or U' x = b (transpose true) for the upper triangular
     * n x n matrix U at a[off] and nrhs right-hand sides at b[boff] (leading dimension ldb),
     * overwriting b. Returns 0, or the 1-based index of a zero on the diagonal (then b is
     * untouched).
     */
    static int solveUpper(double[] a, int off, int lda, int n, boolean transpose,
                          double[] b, int boff, int ldb, int nrhs) {
        for (int i = 0; i < n; i++) {
            if (a[off + i + lda * i] == 0.0) {
                return i + 1;
            }
        }
        if (nrhs > 1) {
            if (!transpose) {
                throw new UnsupportedOperationException("only U' X = B has several right-hand sides here");
            }
            for (int r = 0; r < nrhs; r++) {
                solveTransposedBlocked(a, off, lda, n, b, boff + ldb * r);
            }
            return 0;
        }
        if (transpose) {
            for (int i = 0; i < n; i++) {
                int colI = off + lda * i;
                if (i > 0) {
                    b[boff + i] -= Blas.dot(i, a, colI, b, boff);
                }
                b[boff + i] /= a[colI + i];
            }
        } else {
            for (int i = n - 1; i >= 0; i--) {
                int colI = off + lda * i;
                b[boff + i] /= a[colI + i];
                if (i > 0) {
                    Blas.axpy(i, -b[boff + i], a, colI, b, boff);
                }
            }
        }
        return 0;
    }

    /**
     * U' x = b for one column as dtrsm's kernel does it: rows in blocks of 4 (then 2, then 1);
     * each block first loses the contribution of the rows solved before (an FMA dot product),
     * then is solved within itself with the inverted diagonal.
     */
    private static void solveTransposedBlocked(double[] a, int off, int lda, int n, double[] b, int bo) {
        int start = 0;
        while (start < n) {
            int left = n - start;
            int size = left >= 4 ? 4 : (left >= 2 ? 2 : 1);
            if (start > 0) {
                for (int r = start; r < start + size; r++) {
                    int colR = off + lda * r;
                    double acc = 0.0;
                    for (int k = 0; k < start; k++) {
                        acc = Math.fma(a[colR + k], b[bo + k], acc);
                    }
                    b[bo + r] = b[bo + r] - acc;
                }
            }
            for (int i = start; i < start + size; i++) {
                double xi = b[bo + i] * (1.0 / a[off + i + lda * i]);
                b[bo + i] = xi;
                for (int k = i + 1; k < start + size; k++) {
                    b[bo + k] = b[bo + k] - xi * a[off + i + lda * k];
                }
            }
            start += size;
        }
    }
}
