package styletransfer.optim;

/**
 * BLAS dnrm2 as OpenBLAS's x87 kernel computes it, emulated exactly in Java: the squares and their sums in 80-bit
 * extended precision (64-bit integer significands), so that L-BFGS-B's norms agree with scipy's to the last bit.
 */
final class ExtendedNorm {
    private ExtendedNorm() {
    }

    /**
     * Euclidean norm exactly as OpenBLAS's x87 kernel (nrm2.S) computes it: squares and sums in
     * 80-bit extended precision (64-bit significands, round to nearest even) over four
     * accumulators (element i into accumulator i mod 4 for the first n & -8 elements, the rest
     * into the first), combined as ((a0 + a2) + a1) + a3, then an extended-precision square
     * root rounded to double. All terms are non-negative, so the arithmetic below needs no
     * signs. Accumulators 0/1 and 2/3 are filled by the two tasks of pair. A NaN or infinity
     * (rare) is noticed while accumulating (instead of in a pass of its own before, on one
     * thread), and then the plain computation gives the same answer.
     */
    static double nrm2(int n, double[] x, Blas.Pair pair) {
        Extended a0 = new Extended();
        Extended a1 = new Extended();
        Extended a2 = new Extended();
        Extended a3 = new Extended();
        pair.run(() -> accumulateSquares(n, x, 0, a0, a1), () -> accumulateSquares(n, x, 2, a2, a3));
        if (a0.special || a2.special) {
            double s = 0.0;
            for (int j = 0; j < n; j++) {
                s += x[j] * x[j];
            }
            return Math.sqrt(s);
        }
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
     * Extended. A NaN or infinity among these elements sets accA.special (the sums are then
     * meaningless).
     */
    private static void accumulateSquares(int n, double[] x, int first, Extended accA, Extended accB) {
        long sa = 0;
        long sb = 0;
        int ea = 0;
        int eb = 0;
        Extended slow = new Extended();
        Extended term = new Extended();
        int n8 = n & -8;
        // Element i of each group of four into A, i + 1 into B: two independent chains, no
        // per-element choice of accumulator.
        for (int i = first; i < n8; i += 4) {
            long bitsA = Double.doubleToRawLongBits(x[i]);
            long bitsB = Double.doubleToRawLongBits(x[i + 1]);
            if ((~bitsA & 0x7FF0000000000000L) == 0 || (~bitsB & 0x7FF0000000000000L) == 0) {
                accA.special = true;
                return;
            }
            long sum = fastSquareAdd(sa, ea, bitsA);
            if (sum != 0) {
                sa = sum;
            } else {
                slow.sig = sa;
                slow.exp = ea;
                slow.add(term.square(x[i]));
                sa = slow.sig;
                ea = slow.exp;
            }
            sum = fastSquareAdd(sb, eb, bitsB);
            if (sum != 0) {
                sb = sum;
            } else {
                slow.sig = sb;
                slow.exp = eb;
                slow.add(term.square(x[i + 1]));
                sb = slow.sig;
                eb = slow.exp;
            }
        }
        if (first == 0) {
            for (int i = n8; i < n; i++) {
                long bits = Double.doubleToRawLongBits(x[i]);
                if ((~bits & 0x7FF0000000000000L) == 0) {
                    accA.special = true;
                    return;
                }
                long sum = fastSquareAdd(sa, ea, bits);
                if (sum != 0) {
                    sa = sum;
                } else {
                    slow.sig = sa;
                    slow.exp = ea;
                    slow.add(term.square(x[i]));
                    sa = slow.sig;
                    ea = slow.exp;
                }
            }
        }
        accA.sig = sa;
        accA.exp = ea;
        accB.sig = sb;
        accB.exp = eb;
    }

    /**
     * The accumulator sig * 2^exp plus the square of the double with these bits, rounded to 64
     * bits, in the common case (a normal square well below a nonempty accumulator, no carry);
     * 0 when the general path must be taken.
     */
    private static long fastSquareAdd(long sig, int exp, long bits) {
        int biased = (int) (bits >>> 52) & 0x7FF;
        if (biased == 0 || sig == 0) {
            return 0;
        }
        long m = (bits & 0xFFFFFFFFFFFFFL) | (1L << 52);
        // m^2 lies in [2^104, 2^106): the high word is nonzero.
        long hi = Math.multiplyHigh(m, m);
        long lo = m * m;
        int lz = Long.numberOfLeadingZeros(hi);
        long rest = lo << lz;
        long ts = (hi << lz) | (lo >>> (64 - lz));
        ts += (rest >>> 63) & ((rest << 1) != 0 ? 1L : ts & 1L);
        int d = exp - (2 * (biased - 1075) + 64 - lz);
        return ts != 0 && d > 0 && d < 64 ? fastAdd(sig, d, ts) : 0;
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
