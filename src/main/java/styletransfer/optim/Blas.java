package styletransfer.optim;

/**
 * The few BLAS level-1 operations L-BFGS-B needs, rounded as scipy's OpenBLAS (Haswell/Zen
 * kernels) rounds them, so that the iterates can agree with scipy's to the last bits.
 *
 * <p>The summation orders were checked against {@code scipy.linalg.blas} on random vectors:
 * {@code ddot} runs 16 fused-multiply-add accumulators over the first {@code n & -16}
 * elements and folds them pairwise, then adds the rest one by one; {@code daxpy} fuses the
 * first {@code n & -16} elements only; {@code dnrm2} sums squares in x87 extended precision,
 * which a double-double sum reproduces.
 */
final class Blas {
    private Blas() {
    }

    static double dot(int n, double[] x, int xo, double[] y, int yo) {
        int n1 = n & -16;
        double dot = 0.0;
        if (n1 > 0) {
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
            double a8 = 0, a9 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0, a14 = 0, a15 = 0;
            for (int i = 0; i < n1; i += 16) {
                int p = xo + i;
                int q = yo + i;
                a0 = Math.fma(x[p], y[q], a0);
                a1 = Math.fma(x[p + 1], y[q + 1], a1);
                a2 = Math.fma(x[p + 2], y[q + 2], a2);
                a3 = Math.fma(x[p + 3], y[q + 3], a3);
                a4 = Math.fma(x[p + 4], y[q + 4], a4);
                a5 = Math.fma(x[p + 5], y[q + 5], a5);
                a6 = Math.fma(x[p + 6], y[q + 6], a6);
                a7 = Math.fma(x[p + 7], y[q + 7], a7);
                a8 = Math.fma(x[p + 8], y[q + 8], a8);
                a9 = Math.fma(x[p + 9], y[q + 9], a9);
                a10 = Math.fma(x[p + 10], y[q + 10], a10);
                a11 = Math.fma(x[p + 11], y[q + 11], a11);
                a12 = Math.fma(x[p + 12], y[q + 12], a12);
                a13 = Math.fma(x[p + 13], y[q + 13], a13);
                a14 = Math.fma(x[p + 14], y[q + 14], a14);
                a15 = Math.fma(x[p + 15], y[q + 15], a15);
            }
            // Four 4-lane registers: fold high into low half, then registers pairwise, then lanes.
            double l0 = a2 + a0, h0 = a3 + a1;
            double l1 = a6 + a4, h1 = a7 + a5;
            double l2 = a10 + a8, h2 = a11 + a9;
            double l3 = a14 + a12, h3 = a15 + a13;
            double l = (l0 + l1) + (l2 + l3);
            double h = (h0 + h1) + (h2 + h3);
            dot = l + h;
        }
        for (int i = n1; i < n; i++) {
            dot += y[yo + i] * x[xo + i];
        }
        return dot;
    }

    static double dot(int n, double[] x, double[] y) {
        return dot(n, x, 0, y, 0);
    }

    /** y += a * x. */
    static void axpy(int n, double a, double[] x, int xo, double[] y, int yo) {
        int n1 = n & -16;
        for (int i = 0; i < n1; i++) {
            y[yo + i] = Math.fma(a, x[xo + i], y[yo + i]);
        }
        for (int i = n1; i < n; i++) {
            y[yo + i] += a * x[xo + i];
        }
    }

    /** Euclidean norm; the sum of squares is kept in double-double to match x87 rounding. */
    static double nrm2(int n, double[] x) {
        double hi = 0.0;
        double lo = 0.0;
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            double p = xi * xi;
            double pErr = Math.fma(xi, xi, -p);
            double s = hi + p;
            double b = s - hi;
            lo += ((hi - (s - b)) + (p - b)) + pErr;
            hi = s;
        }
        double s = hi + lo;
        double e = lo - (s - hi);
        if (s == 0.0 || Double.isInfinite(s) || Double.isNaN(s)) {
            return Math.sqrt(s);
        }
        double r = Math.sqrt(s);
        return r + (Math.fma(-r, r, s) + e) / (2.0 * r);
    }
}
