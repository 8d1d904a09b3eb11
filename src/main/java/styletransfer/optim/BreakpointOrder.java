package styletransfer.optim;

import java.util.Arrays;

/**
 * The order in which the generalized Cauchy point passes its breakpoints, as the original's heap
 * (hpsolb) gives it, without building the heap in the usual case.
 *
 * <p>The original passes breakpoint {@code ibkmin} first (the first occurrence of the least t in
 * list order), then moves the last breakpoint into its slot, arranges the rest R into a heap and
 * pops one entry per pass. A heap pops a least remaining t every time, so the sequence of t
 * values is R's sorted sequence; only which variable comes out among equal t values depends on
 * the heap's structure. Hence: select the smallest breakpoints of R (everything up to a threshold
 * taken from a sample, more when the walk needs more), sort them and hand them out in order. A
 * pass uses the variable only after the step test, so the variable at sorted position k is needed
 * only for a breakpoint actually passed, and it is the heap's exactly when its t is unique among
 * the remaining ones: when it differs from the next sorted t (the previous one was already checked
 * when it was passed; what lies beyond the selection is greater than the threshold). On a tie, on a
 * NaN anywhere in R, when the walk needs more than {@link #MAX_SELECTED} (or a quarter of R; all of
 * R fits in the room the caller may lend, see {@link #lendRoom}), or should the sort degenerate,
 * this falls back to the original heap: the
 * breakpoint list is never modified here, so the heap is built from it as the original builds it
 * and the passes already taken are replayed, which pops the same entries, and the walk continues
 * on the heap. The result is the original's in every case; in a style transfer (300,000-520,000
 * breakpoints, up to 14,000 passed) the heap's build and its steps cost far more than a threshold
 * scan and the sort of a few thousand.
 *
 * <p>The breakpoint list is the Solver's: entry k has its t at {@code bp[2k]} and its variable at
 * {@code bp[2k + 1]}, entries 0..nbreak. Pass numbers are the original's (pass 0 is ibkmin, known
 * without this class; pass k >= 1 takes the k-th least of R).
 */
final class BreakpointOrder {
    /** Below this many breakpoints in R all of them are sorted at once. */
    private static final int SMALL = 2048;
    private static final int SAMPLE = 2048;
    /**
     * At least this many (or a quarter of the breakpoints, see {@link #limit()}) may be selected; a walk that
     * needs more (the first iterations of a style transfer pass hundreds of thousands) continues on the heap.
     */
    private static final int MAX_SELECTED = 1 << 16;

    /** Always the original heap (for tests that compare both ways). */
    private final boolean heapOnly;
    private double[] bp;
    private int nbreak;
    private int ibkmin;
    /** Whether the walk is on the original heap (the fallback, or heapOnly). */
    private boolean heap;
    /** Whether the selection has been started in this Cauchy step. */
    private boolean started;
    /** The selected breakpoints of R in increasing t: all with t <= threshold (all of R if complete). */
    private double[] st = new double[0];
    private int[] sv = new int[0];
    /** This order's own selection arrays (st and sv unless a step moved to the room). */
    private double[] ownT = st;
    private int[] ownV = sv;
    /**
     * Room the caller lends for the duration of each Cauchy step (arrays it does not use then), or null: with it a
     * selection may take every breakpoint, as the first step of a run needs, without memory of its own.
     */
    private double[] roomT;
    private int[] roomV;
    private int count;
    private double threshold;
    private boolean complete;
    private final double[] sample = new double[SAMPLE];
    private int sampleSize;
    /** How many breakpoints the last selection aimed at. */
    private int target;
    /** Passes of the previous Cauchy step: the first guess of how many will be needed. */
    private int lastPasses;
    private long steps;
    private long fallbacks;
    private long passed;
    private long heapSteps;

    BreakpointOrder(boolean heapOnly) {
        this.heapOnly = heapOnly;
    }

    /**
     * Lends room for the selection during every Cauchy step: tRoom and vRoom (of equal length) must not be in use
     * between {@link #begin} and {@link #end}. A step that needs more than this order keeps of its own (a quarter of
     * the breakpoints) moves its selection there; without room such a step goes to the heap.
     */
    void lendRoom(double[] tRoom, int[] vRoom) {
        if (tRoom.length != vRoom.length) {
            throw new IllegalArgumentException("room of unequal lengths: " + tRoom.length + " and " + vRoom.length);
        }
        roomT = tRoom;
        roomV = vRoom;
    }

    /** Starts a Cauchy step over the breakpoints bp[0..2 nbreak + 1], the least at entry ibkmin. */
    void begin(double[] bp, int nbreak, int ibkmin) {
        st = ownT;
        sv = ownV;
        this.bp = bp;
        this.nbreak = nbreak;
        this.ibkmin = ibkmin;
        heap = heapOnly;
        started = false;
        count = 0;
        complete = false;
    }

    /** Ends the step; passes is how many breakpoints it passed. */
    void end(int passes) {
        lastPasses = passes;
        passed += passes;
    }

    /** The t of the breakpoint examined by pass (>= 1). */
    double t(int pass) {
        if (!heap) {
            if (ensure(pass)) {
                return st[pass - 1];
            }
            switchToHeap(pass - 1);
        }
        return heapPop(pass);
    }

    /** The variable of the breakpoint that pass (>= 1) passes; call after {@link #t(int)} for the same pass. */
    int variable(int pass) {
        if (!heap) {
            int k = pass - 1;
            if (k + 1 >= nbreak) {
                return sv[k];
            }
            if (ensure(pass + 1)) {
                if (st[k + 1] != st[k]) {
                    return sv[k];
                }
                // Equal t: which of them comes first is the heap's business.
                fallbacks++;
            }
            switchToHeap(pass - 1);
            heapPop(pass);
        }
        return (int) bp[2 * (nbreak - pass) + 1];
    }

    /** Cauchy steps that went through this order beyond pass 0, and how many of them fell back to the heap on a tie. */
    long steps() {
        return steps;
    }

    long fallbacks() {
        return fallbacks;
    }

    /** Cauchy steps that left the sorted order for the heap: on a tie, or a selection given up (too many, NaN). */
    long heapSteps() {
        return heapSteps;
    }

    /** Breakpoints passed in all Cauchy steps so far. */
    long passed() {
        return passed;
    }

    /** The original's pass on the heap: at pass 1 the swap and the build, then one pop. */
    private double heapPop(int pass) {
        int nleft = nbreak - pass;
        if (pass == 1 && ibkmin != nbreak) {
            bp[2 * ibkmin] = bp[2 * nbreak];
            bp[2 * ibkmin + 1] = bp[2 * nbreak + 1];
        }
        heapSelect(nleft, bp, pass - 1);
        return bp[2 * nleft];
    }

    /** Continues on the original heap after {@code taken} passes beyond pass 0 (replayed on it). */
    private void switchToHeap(int taken) {
        heap = true;
        heapSteps++;
        for (int pass = 1; pass <= taken; pass++) {
            double t = heapPop(pass);
            assert t == st[pass - 1] && (int) bp[2 * (nbreak - pass) + 1] == sv[pass - 1];
        }
    }

    /**
     * Makes the first k entries of R's sorted order available (fewer only when R has fewer).
     * False when the selection gives up (a NaN in R, a degenerate sort): then the heap must be used.
     */
    private boolean ensure(int k) {
        if (!started) {
            started = true;
            steps++;
            if (!startSelection()) {
                return false;
            }
        }
        while (count < k && !complete) {
            if (!grow()) {
                return false;
            }
        }
        return true;
    }

    /** Samples R and selects its first batch. */
    private boolean startSelection() {
        int size = nbreak; // R: entries 0..nbreak except ibkmin
        // Passes change by a few tens of percent between iterations; a sort of a few more is cheaper
        // than another scan over the list.
        // After a step that passed more than this order keeps (a run's first), start small instead.
        int guess = lastPasses > ownLimit() ? MAX_SELECTED / 2 : lastPasses + lastPasses / 4 + 256;
        target = Math.min(guess, ownLimit() / 2);
        threshold = Double.NEGATIVE_INFINITY;
        sampleSize = 0;
        if (size > SMALL) {
            // Evenly spaced entries of R (the list has size + 1 entries; ibkmin is skipped).
            for (int s = 0; s < SAMPLE; s++) {
                int e = (int) ((long) s * (size + 1) / SAMPLE);
                if (e == ibkmin) {
                    continue;
                }
                double t = bp[2 * e];
                if (t != t) {
                    return false;
                }
                sample[sampleSize++] = t;
            }
            Arrays.sort(sample, 0, sampleSize);
        }
        return select(true);
    }

    /** Selects the next batch: the entries of R with previous threshold < t <= new threshold, sorted. */
    private boolean grow() {
        // Four times as many, but short of the limit: a selection past it gives up, and a walk that still fits
        // under it would then go to the heap for nothing. Already there: the heap continues.
        int limit = limit();
        int grown = (int) Math.min(limit >= nbreak ? limit : limit - limit / 8, 4L * target);
        if (grown <= target) {
            return false;
        }
        target = grown;
        return select(false);
    }

    /**
     * At most this many breakpoints are selected: beyond it, the heap (whose build is linear) takes over. All of R
     * when room is lent, else a quarter of it ({@link #ownLimit()}): at -l 1024 the first iterations of a style
     * transfer pass 50,000-100,000 of 900,000-1,500,000 breakpoints, which an eighth did not always hold (the heap's
     * build, its replay of the passes taken and its steps then cost several times the sort).
     */
    private int limit() {
        return roomT != null && roomT.length >= nbreak ? nbreak : ownLimit();
    }

    /** How many this order keeps in arrays of its own. */
    private int ownLimit() {
        return Math.max(MAX_SELECTED, nbreak / 4);
    }

    private boolean select(boolean first) {
        double lo = threshold;
        double hi = Double.POSITIVE_INFINITY;
        if (sampleSize > 0) {
            int j = (int) Math.min(sampleSize, (long) target * sampleSize / nbreak + 2);
            while (j < sampleSize && !(sample[j] > lo)) {
                j++;
            }
            if (j < sampleSize) {
                hi = sample[j];
            }
        }
        boolean all = hi == Double.POSITIVE_INFINITY;
        int limit = limit();
        int start = count;
        int c = count;
        double[] h = bp;
        for (int e = 0; e <= nbreak; e++) {
            double t = h[2 * e];
            if (first && t != t) {
                return false; // the heap's order with a NaN is not a sorted order
            }
            if ((first || t > lo) && t <= hi && e != ibkmin) {
                if (c == st.length) {
                    if (c >= limit) {
                        return false; // so many passes that the heap is the cheaper way (and memory stays small)
                    }
                    if (c < ownLimit()) {
                        int cap = Math.min(ownLimit(), Math.max(1024, 2 * c));
                        st = ownT = Arrays.copyOf(st, cap);
                        sv = ownV = Arrays.copyOf(sv, cap);
                    } else {
                        System.arraycopy(st, 0, roomT, 0, c);
                        System.arraycopy(sv, 0, roomV, 0, c);
                        st = roomT;
                        sv = roomV;
                    }
                }
                st[c] = t;
                sv[c] = (int) h[2 * e + 1];
                c++;
            }
        }
        count = c;
        threshold = hi;
        complete = all;
        int depth = 2 * (32 - Integer.numberOfLeadingZeros(c - start + 1)) + 8;
        return sort(st, sv, start, c - 1, depth);
    }

    /**
     * Sorts t[lo..hi] increasingly, moving v along (quicksort, insertion sort for short ranges).
     * False if the recursion gets deeper than depth (the caller then uses the heap instead).
     */
    private static boolean sort(double[] t, int[] v, int lo, int hi, int depth) {
        while (hi - lo > 24) {
            if (depth-- == 0) {
                return false;
            }
            int mid = (lo + hi) >>> 1;
            // Median of three as the pivot.
            if (t[mid] < t[lo]) {
                swap(t, v, mid, lo);
            }
            if (t[hi] < t[lo]) {
                swap(t, v, hi, lo);
            }
            if (t[hi] < t[mid]) {
                swap(t, v, hi, mid);
            }
            double pivot = t[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (t[i] < pivot) {
                    i++;
                }
                while (pivot < t[j]) {
                    j--;
                }
                if (i <= j) {
                    swap(t, v, i, j);
                    i++;
                    j--;
                }
            }
            // Recurse into the smaller part, loop on the larger.
            if (j - lo < hi - i) {
                if (!sort(t, v, lo, j, depth)) {
                    return false;
                }
                lo = i;
            } else {
                if (!sort(t, v, i, hi, depth)) {
                    return false;
                }
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            double ti = t[i];
            int vi = v[i];
            int k = i - 1;
            while (k >= lo && ti < t[k]) {
                t[k + 1] = t[k];
                v[k + 1] = v[k];
                k--;
            }
            t[k + 1] = ti;
            v[k + 1] = vi;
        }
        return true;
    }

    private static void swap(double[] t, int[] v, int a, int b) {
        double tt = t[a];
        t[a] = t[b];
        t[b] = tt;
        int vv = v[a];
        v[a] = v[b];
        v[b] = vv;
    }

    /**
     * hpsolb on the breakpoints in h (entry k: t at h[2k], variable at h[2k + 1]): with pass 0
     * first arranges entries 0..last into a heap; then moves the least entry to entry last and
     * restores the heap on entries 0..last-1.
     */
    static void heapSelect(int last, double[] h, int pass) {
        if (pass == 0) {
            for (int k = 2; k <= last + 1; k++) {
                double ddum = h[2 * (k - 1)];
                double indxin = h[2 * (k - 1) + 1];
                int i = k;
                while (i > 1) {
                    int j = i / 2;
                    double tj = h[2 * (j - 1)];
                    if (ddum < tj) {
                        h[2 * (i - 1)] = tj;
                        h[2 * (i - 1) + 1] = h[2 * (j - 1) + 1];
                        i = j;
                    } else {
                        break;
                    }
                }
                h[2 * (i - 1)] = ddum;
                h[2 * (i - 1) + 1] = indxin;
            }
        }
        if (last > 0) {
            int i = 1;
            double out = h[0];
            double indxout = h[1];
            double ddum = h[2 * last];
            double indxin = h[2 * last + 1];
            while (true) {
                int j = i + i;
                if (j > last) {
                    break;
                }
                if (h[2 * j] < h[2 * (j - 1)]) {
                    j++;
                }
                double tj = h[2 * (j - 1)];
                if (tj < ddum) {
                    h[2 * (i - 1)] = tj;
                    h[2 * (i - 1) + 1] = h[2 * (j - 1) + 1];
                    i = j;
                } else {
                    break;
                }
            }
            h[2 * (i - 1)] = ddum;
            h[2 * (i - 1) + 1] = indxin;
            h[2 * last] = out;
            h[2 * last + 1] = indxout;
        }
    }
}
