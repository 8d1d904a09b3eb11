package styletransfer.optim;

/**
 * The few BLAS level-1 operations L-BFGS-B needs, rounded as scipy's OpenBLAS (Haswell/Zen
 * kernels) rounds them, so that the iterates can agree with scipy's to the last bits.
 *
 * <p>The summation orders were checked against {@code scipy.linalg.blas} on random vectors:
 * {@code ddot} runs 16 fused-multiply-add accumulators over the first {@code n & -16}
 * elements and folds them pairwise, then adds the rest one by one; {@code daxpy} fuses the
 * first {@code n & -16} elements only; {@code dnrm2} squares and sums in x87 extended
 * precision, which {@link ExtendedNorm} emulates exactly with 64-bit integer significands.
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

    /** Above this length OpenBLAS's ddot splits the work over its threads. */
    static final int DOT_THREAD_THRESHOLD = 10000;

    /**
     * ddot as OpenBLAS computes it with the given number of threads: for n above the threshold,
     * chunk t gets ceil(rest / (threads - t)) elements and the partial sums are added in order.
     */
    static double dot(int n, double[] x, int xo, double[] y, int yo, int threads) {
        return dot(n, x, xo, y, yo, threads, SEQUENTIAL);
    }

    /**
     * The same value as {@link #dot(int, double[], int, double[], int, int)}, with OpenBLAS's
     * chunks shared by the two tasks of pair (the first half of the chunks on the first): each
     * chunk is the same kernel call on the same elements, and the partial sums are still added
     * in chunk order, starting from 0.0.
     */
    static double dot(int n, double[] x, int xo, double[] y, int yo, int threads, Pair pair) {
        if (threads <= 1 || n <= DOT_THREAD_THRESHOLD) {
            return dot(n, x, xo, y, yo);
        }
        double[] partial = new double[threads];
        int[] start = new int[threads + 1];
        int chunks = 0;
        int rest = n;
        int pos = 0;
        for (int t = 0; t < threads && rest > 0; t++) {
            int width = (rest + (threads - t) - 1) / (threads - t);
            rest -= width;
            if (rest < 0) {
                width += rest;
            }
            start[t] = pos;
            pos += width;
            chunks++;
        }
        start[chunks] = pos;
        int c = chunks;
        int half = (chunks + 1) / 2;
        pair.run(() -> {
            for (int t = 0; t < half; t++) {
                partial[t] = dot(start[t + 1] - start[t], x, xo + start[t], y, yo + start[t]);
            }
        }, () -> {
            for (int t = half; t < c; t++) {
                partial[t] = dot(start[t + 1] - start[t], x, xo + start[t], y, yo + start[t]);
            }
        });
        double sum = 0.0;
        for (int t = 0; t < chunks; t++) {
            sum = sum + partial[t];
        }
        return sum;
    }

    /**
     * out[j] = ddot(x, ys at offsets[j]) for j < count, each exactly as {@link #dot(int,
     * double[], int, double[], int, int)} computes it, but in one sweep over x: the sweep goes
     * in cache-sized pieces, and every dot keeps its 16 kernel lanes between pieces, so each
     * lane sees the same fused multiply-adds in the same order.
     */
    static void dots(int n, double[] x, double[] ys, int[] offsets, int count, double[] out, int threads) {
        if (count == 0) {
            return;
        }
        boolean split = threads > 1 && n > DOT_THREAD_THRESHOLD;
        int parts = split ? threads : 1;
        double[] lanes = new double[16 * count];
        double[] sums = new double[count];
        int rest = n;
        int pos = 0;
        for (int t = 0; t < parts && rest > 0; t++) {
            int width = split ? (rest + (parts - t) - 1) / (parts - t) : n;
            rest -= width;
            if (rest < 0) {
                width += rest;
            }
            java.util.Arrays.fill(lanes, 0.0);
            int n1 = width & -16;
            for (int start = 0; start < n1; start += DOTS_PIECE) {
                int end = Math.min(n1, start + DOTS_PIECE);
                for (int j = 0; j < count; j++) {
                    int yo = offsets[j] + pos;
                    int l = 16 * j;
                    double a0 = lanes[l], a1 = lanes[l + 1], a2 = lanes[l + 2], a3 = lanes[l + 3];
                    double a4 = lanes[l + 4], a5 = lanes[l + 5], a6 = lanes[l + 6], a7 = lanes[l + 7];
                    double a8 = lanes[l + 8], a9 = lanes[l + 9], a10 = lanes[l + 10], a11 = lanes[l + 11];
                    double a12 = lanes[l + 12], a13 = lanes[l + 13], a14 = lanes[l + 14], a15 = lanes[l + 15];
                    for (int i = start; i < end; i += 16) {
                        int p = pos + i;
                        int q = yo + i;
                        a0 = Math.fma(x[p], ys[q], a0);
                        a1 = Math.fma(x[p + 1], ys[q + 1], a1);
                        a2 = Math.fma(x[p + 2], ys[q + 2], a2);
                        a3 = Math.fma(x[p + 3], ys[q + 3], a3);
                        a4 = Math.fma(x[p + 4], ys[q + 4], a4);
                        a5 = Math.fma(x[p + 5], ys[q + 5], a5);
                        a6 = Math.fma(x[p + 6], ys[q + 6], a6);
                        a7 = Math.fma(x[p + 7], ys[q + 7], a7);
                        a8 = Math.fma(x[p + 8], ys[q + 8], a8);
                        a9 = Math.fma(x[p + 9], ys[q + 9], a9);
                        a10 = Math.fma(x[p + 10], ys[q + 10], a10);
                        a11 = Math.fma(x[p + 11], ys[q + 11], a11);
                        a12 = Math.fma(x[p + 12], ys[q + 12], a12);
                        a13 = Math.fma(x[p + 13], ys[q + 13], a13);
                        a14 = Math.fma(x[p + 14], ys[q + 14], a14);
                        a15 = Math.fma(x[p + 15], ys[q + 15], a15);
                    }
                    lanes[l] = a0; lanes[l + 1] = a1; lanes[l + 2] = a2; lanes[l + 3] = a3;
                    lanes[l + 4] = a4; lanes[l + 5] = a5; lanes[l + 6] = a6; lanes[l + 7] = a7;
                    lanes[l + 8] = a8; lanes[l + 9] = a9; lanes[l + 10] = a10; lanes[l + 11] = a11;
                    lanes[l + 12] = a12; lanes[l + 13] = a13; lanes[l + 14] = a14; lanes[l + 15] = a15;
                }
            }
            for (int j = 0; j < count; j++) {
                int l = 16 * j;
                double dot = 0.0;
                if (n1 > 0) {
                    double l0 = lanes[l + 2] + lanes[l], h0 = lanes[l + 3] + lanes[l + 1];
                    double l1 = lanes[l + 6] + lanes[l + 4], h1 = lanes[l + 7] + lanes[l + 5];
                    double l2 = lanes[l + 10] + lanes[l + 8], h2 = lanes[l + 11] + lanes[l + 9];
                    double l3 = lanes[l + 14] + lanes[l + 12], h3 = lanes[l + 15] + lanes[l + 13];
                    dot = ((l0 + l1) + (l2 + l3)) + ((h0 + h1) + (h2 + h3));
                }
                int yo = offsets[j] + pos;
                for (int i = n1; i < width; i++) {
                    dot += ys[yo + i] * x[pos + i];
                }
                sums[j] = split ? sums[j] + dot : dot;
            }
            pos += width;
        }
        System.arraycopy(sums, 0, out, 0, count);
    }

    /** Elements per piece of {@link #dots}: x's piece stays in the L1 cache across the dots. */
    private static final int DOTS_PIECE = 2048;

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

    /** Runs two independent tasks, one after the other or side by side. */
    interface Pair {
        void run(Runnable a, Runnable b);
    }

    static final Pair SEQUENTIAL = (a, b) -> {
        a.run();
        b.run();
    };

    /** dnrm2 as OpenBLAS's x87 kernel computes it: see {@link ExtendedNorm}. */
    static double nrm2(int n, double[] x) {
        return ExtendedNorm.nrm2(n, x, SEQUENTIAL);
    }

    /** dnrm2 as OpenBLAS's x87 kernel computes it: see {@link ExtendedNorm}. */
    static double nrm2(int n, double[] x, Pair pair) {
        return ExtendedNorm.nrm2(n, x, pair);
    }
}
