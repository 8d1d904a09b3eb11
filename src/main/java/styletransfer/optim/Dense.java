package styletransfer.optim;

/**
 * Cholesky factorization and triangular solves on the small (at most 2m x 2m) column-major
 * matrices of L-BFGS-B, in the operation order of OpenBLAS's unblocked paths (dpotf2, dtrsv)
 * that scipy reaches for such sizes.
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
            double inv = 1.0 / ajj;
            for (int k = j + 1; k < n; k++) {
                int colK = off + lda * k;
                double s = 0.0;
                for (int i = 0; i < j; i++) {
                    s += a[colK + i] * a[colJ + i];
                }
                a[colK + j] = (a[colK + j] - s) * inv;
            }
        }
        return 0;
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
        for (int r = 0; r < nrhs; r++) {
            int bo = boff + ldb * r;
            if (transpose) {
                for (int i = 0; i < n; i++) {
                    int colI = off + lda * i;
                    if (i > 0) {
                        b[bo + i] -= Blas.dot(i, a, colI, b, bo);
                    }
                    b[bo + i] /= a[colI + i];
                }
            } else {
                for (int i = n - 1; i >= 0; i--) {
                    int colI = off + lda * i;
                    b[bo + i] /= a[colI + i];
                    if (i > 0) {
                        Blas.axpy(i, -b[bo + i], a, colI, b, bo);
                    }
                }
            }
        }
        return 0;
    }
}
