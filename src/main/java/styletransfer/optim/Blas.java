package styletransfer.optim;

/**
 * The few BLAS level-1 operations L-BFGS-B needs, rounded as scipy's OpenBLAS (Haswell/Zen
 * kernels) rounds them, so that the iterates can agree with scipy's to the last bits.
 *
 * <p>The summation orders were checked against {@code scipy.linalg.blas} on random vectors:
 * {@code ddot} runs 16 fused-multiply-add accumulators over the first {@code n & -16}
 * elements and folds them pairwise, then adds the rest one by one; {@code daxpy} fuses the
 * first {@code n & -16} elements only; {@code dnrm2} squares and sums in x87 extended
 * precision, which is emulated exactly with 64-bit integer significands.
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
        if (threads <= 1 || n <= DOT_THREAD_THRESHOLD) {
            return dot(n, x, xo, y, yo);
        }
        double sum = 0.0;
        int rest = n;
        int pos = 0;
        for (int t = 0; t < threads && rest > 0; t++) {
            int width = (rest + (threads - t) - 1) / (threads - t);
            rest -= width;
            if (rest < 0) {
                width += rest;
            }
            sum = sum + dot(width, x, xo + pos, y, yo + pos);
            pos += width;
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

    /**
     * Euclidean norm exactly as OpenBLAS's x87 kernel (nrm2.S) computes it: squares and sums in
     * 80-bit extended precision (64-bit significands, round to nearest even) over four
     * accumulators (element i into accumulator i mod 4 for the first n & -8 elements, the rest
     * into the first), combined as ((a0 + a2) + a1) + a3, then an extended-precision square
     * root rounded to double. All terms are non-negative, so the arithmetic below needs no
     * signs.
     */
    /** Runs two independent tasks, one after the other or side by side. */
    interface Pair {
        void run(Runnable a, Runnable b);
    }

    static final Pair SEQUENTIAL = (a, b) -> {
        a.run();
        b.run();
    };

    static double nrm2(int n, double[] x) {
        return nrm2(n, x, SEQUENTIAL);
    }

    /** {@link #nrm2(int, double[])}, accumulators 0/1 and 2/3 filled by the two tasks of pair. */
    static double nrm2(int n, double[] x, Pair pair) {
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i])) {
                // NaN or infinity: the plain computation gives the same answer.
                double s = 0.0;
                for (int j = 0; j < n; j++) {
                    s += x[j] * x[j];
                }
                return Math.sqrt(s);
            }
        }
        Extended a0 = new Extended();
        Extended a1 = new Extended();
        Extended a2 = new Extended();
        Extended a3 = new Extended();
        pair.run(() -> accumulateSquares(n, x, 0, a0, a1), () -> accumulateSquares(n, x, 2, a2, a3));
        a2.add(a0);
        a2.add(a1);
        a2.add(a3);
        return a2.sqrtToDouble();
    }

    /**
     * Accumulators first and first + 1 of nrm2 (elements i + first and i + first + 1 of every
     * group of four below n & -8; accumulator 0 also takes the remaining elements), into
     * accA and accB. The common case (a normal square well below a nonempty accumulator, no
     * carry) is done inline with the accumulators in locals; everything else goes through
     * Extended.
     */
    private static void accumulateSquares(int n, double[] x, int first, Extended accA, Extended accB) {
        long sa = 0;
        long sb = 0;
        int ea = 0;
        int eb = 0;
        Extended slow = new Extended();
        Extended term = new Extended();
        int n8 = n & -8;
        int end = first == 0 ? n : n8;
        for (int i = first, step = 0; i < end; step++) {
            boolean toA = i >= n8 || (step & 1) == 0;
            long sk = toA ? sa : sb;
            int ek = toA ? ea : eb;
            long bits = Double.doubleToRawLongBits(x[i]);
            int biased = (int) (bits >>> 52) & 0x7FF;
            long sum = 0;
            if (biased != 0 && sk != 0) {
                long m = (bits & 0xFFFFFFFFFFFFFL) | (1L << 52);
                // m^2 lies in [2^104, 2^106): the high word is nonzero.
                long hi = Math.multiplyHigh(m, m);
                long lo = m * m;
                int lz = Long.numberOfLeadingZeros(hi);
                long rest = lo << lz;
                long ts = (hi << lz) | (lo >>> (64 - lz));
                ts += (rest >>> 63) & ((rest << 1) != 0 ? 1L : ts & 1L);
                int d = ek - (2 * (biased - 1075) + 64 - lz);
                if (ts != 0 && d > 0 && d < 64) {
                    sum = fastAdd(sk, d, ts);
                }
            }
            if (sum != 0) {
                sk = sum;
            } else {
                slow.sig = sk;
                slow.exp = ek;
                term.square(x[i]);
                slow.add(term);
                sk = slow.sig;
                ek = slow.exp;
            }
            if (toA) {
                sa = sk;
                ea = ek;
            } else {
                sb = sk;
                eb = ek;
            }
            // Next element: the partner in this group of four, the next group, or the tail.
            i += i >= n8 ? 1 : (step & 1) == 0 ? 1 : 3;
        }
        accA.sig = sa;
        accA.exp = ea;
        accB.sig = sb;
        accB.exp = eb;
    }

    /**
     * as + ts * 2^-d rounded to 64 bits, for a nonempty accumulator and 1 <= d <= 63; 0 when
     * the sum carries out of 64 bits (then the caller takes the general path).
     */
    private static long fastAdd(long as, int d, long ts) {
        long aligned = ts >>> d;
        long guard = (ts >>> (d - 1)) & 1L;
        boolean sticky = (ts & ((1L << (d - 1)) - 1)) != 0;
        long sum = as + aligned;
        if (Long.compareUnsigned(sum, as) < 0) {
            return 0;
        }
        return sum + (guard & (sticky ? 1L : sum & 1L));
    }

    /**
     * A non-negative x87 extended-precision number sig * 2^exp with a 64-bit significand
     * (top bit set unless the value is zero). Mutable, to keep the inner loop allocation-free.
     */
    static final class Extended {
        long sig;
        int exp;
        /** Set once a NaN or infinity was met. */
        boolean special;

        /** Sets this to x * x rounded to 64 bits; returns this. */
        Extended square(double x) {
            long bits = Double.doubleToRawLongBits(x);
            int biased = (int) ((bits >>> 52) & 0x7FF);
            long m = bits & 0xFFFFFFFFFFFFFL;
            if (biased == 0x7FF) {
                special = true;
                sig = 0;
                return this;
            }
            int e;
            if (biased == 0) {
                if (m == 0) {
                    sig = 0;
                    return this;
                }
                e = -1074;
            } else {
                m |= 1L << 52;
                e = biased - 1075;
            }
            // m * m as 128 bits (m < 2^53, so the signed high part is right).
            long hi = Math.multiplyHigh(m, m);
            long lo = m * m;
            normalizeRound(hi, lo, 2 * e);
            return this;
        }

        /** Rounds the 128-bit value (hi:lo) * 2^e2 to a 64-bit significand into this. */
        private void normalizeRound(long hi, long lo, int e2) {
            int lz;
            long top;
            long rest;
            if (hi != 0) {
                lz = Long.numberOfLeadingZeros(hi);
                top = lz == 0 ? hi : (hi << lz) | (lo >>> (64 - lz));
                rest = lo << lz;
                exp = e2 + 64 - lz;
            } else {
                lz = Long.numberOfLeadingZeros(lo);
                top = lo << lz;
                rest = 0;
                exp = e2 - lz;
            }
            sig = top;
            roundUp(rest < 0, (rest << 1) != 0);
        }

        /** Round to nearest even given the first dropped bit and whether any later one is set. */
        private void roundUp(boolean guard, boolean sticky) {
            if (guard && (sticky || (sig & 1) != 0)) {
                sig++;
                if (sig == 0) {
                    sig = 1L << 63;
                    exp++;
                }
            }
        }

        /** this += other, rounded to 64 bits. */
        void add(Extended other) {
            special |= other.special;
            if (other.sig == 0) {
                return;
            }
            if (sig == 0) {
                sig = other.sig;
                exp = other.exp;
                return;
            }
            long big = sig;
            int bigExp = exp;
            long small = other.sig;
            int d = bigExp - other.exp;
            if (d < 0) {
                big = other.sig;
                bigExp = other.exp;
                small = sig;
                d = -d;
            }
            boolean guard;
            boolean sticky;
            long aligned;
            if (d == 0) {
                aligned = small;
                guard = false;
                sticky = false;
            } else if (d < 64) {
                aligned = small >>> d;
                guard = ((small >>> (d - 1)) & 1) != 0;
                sticky = d > 1 && (small << (65 - d)) != 0;
            } else {
                aligned = 0;
                guard = d == 64 && small < 0;
                sticky = d > 64 || (small << 1) != 0;
            }
            long sum = big + aligned;
            exp = bigExp;
            if (Long.compareUnsigned(sum, big) < 0) {
                // Carry out of bit 63: shift right by one, the dropped bit becomes the guard.
                sticky = sticky || guard;
                guard = (sum & 1) != 0;
                sig = (sum >>> 1) | (1L << 63);
                exp++;
            } else {
                sig = sum;
            }
            roundUp(guard, sticky);
        }

        /** fsqrt (correctly rounded to 64 bits) followed by the store to double (53 bits). */
        double sqrtToDouble() {
            if (sig == 0) {
                return 0.0;
            }
            // Scale by an even power of two to [1, 4) (the sum may lie far outside the double
            // range), then write the value exactly as a (non-normalized) double-double.
            int half = Math.floorDiv(exp + 63, 2);
            int scaledExp = exp - 2 * half;
            double sHi = Math.scalb((double) (sig >>> 11), scaledExp + 11);
            double sLo = Math.scalb((double) (sig & 0x7FF), scaledExp);
            double r = Math.sqrt(sHi);
            double residual = Math.fma(-r, r, sHi) + sLo;
            double c = residual / (2.0 * r);
            double h = r + c;
            double l = c - (h - r);
            // Round h + l to a 64-bit significand R * 2^(eh - 63).
            int eh = Math.getExponent(h);
            long hs = ((long) Math.scalb(h, 62 - eh)) << 1;
            long root = hs + (long) Math.rint(Math.scalb(l, 63 - eh));
            int rootExp = eh - 63;
            if (root >= 0) {
                // h was a power of two and l < 0: the value lies one binade lower.
                root = (long) Math.rint(Math.scalb(l, 64 - eh));
                rootExp = eh - 64;
            }
            // Round the 64-bit significand to 53 bits, ties to even.
            long top = root >>> 11;
            long dropped = root & 0x7FF;
            if (dropped > 0x400 || (dropped == 0x400 && (top & 1) != 0)) {
                top++;
            }
            return Math.scalb((double) top, rootExp + 11 + half);
        }
    }
}
