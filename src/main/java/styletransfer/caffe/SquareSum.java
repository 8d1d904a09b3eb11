package styletransfer.caffe;

/**
 * A sum of squares of floats in double, in the order the loss uses on the host and on a device alike: the range
 * [0, n) splits at {@link #split(int)} into two halves (one per thread); each half sums its squares in eight lanes,
 * lane j taking the elements j, j + 8, j + 16, ... of the half in turn; the lanes combine as ((0 + 1) + (2 + 3)) +
 * ((4 + 5) + (6 + 7)) and the halves add, low + high.
 *
 * <p>Why not one running sum in index order: that is a chain of dependent additions, 3-4 cycles per element, and it
 * was the slowest of the loss's element loops. Eight lanes take the chain away. The result differs from the chain's
 * in the last bits of a double, far below the float32 rounding of the terms (the reference sums them in float32, by
 * numpy's pairwise summation).
 *
 * <p>Feed a half with {@link #add} in order, chunk by chunk (chunks of any length); then {@link #total()}.
 */
public final class SquareSum {
    private static final int LANES = 8;
    /** Where the high half starts: a multiple of this (or n). */
    private static final int SPLIT_ALIGN = 1 << 12;

    private final double[] lanes = new double[LANES];
    /** The lane of the next element. */
    private int next;

    /** Where the second half of [0, n) starts: about n / 2, rounded up to a multiple of 4096, at most n. */
    public static int split(int n) {
        long half = ((long) n / 2 + SPLIT_ALIGN - 1) / SPLIT_ALIGN * SPLIT_ALIGN;
        return (int) Math.min(n, half);
    }

    /** Starts a new half. */
    public SquareSum reset() {
        java.util.Arrays.fill(lanes, 0.0);
        next = 0;
        return this;
    }

    /** Adds the squares of v[0, len), the next elements of the half. */
    public void add(float[] v, int len) {
        int k = 0;
        // Up to the next multiple of eight elements one at a time, so that the unrolled loop starts in lane 0.
        for (; next != 0 && k < len; k++) {
            addOne(v[k]);
        }
        double s0 = lanes[0], s1 = lanes[1], s2 = lanes[2], s3 = lanes[3];
        double s4 = lanes[4], s5 = lanes[5], s6 = lanes[6], s7 = lanes[7];
        for (; k + LANES <= len; k += LANES) {
            double d0 = v[k], d1 = v[k + 1], d2 = v[k + 2], d3 = v[k + 3];
            double d4 = v[k + 4], d5 = v[k + 5], d6 = v[k + 6], d7 = v[k + 7];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
            s4 += d4 * d4;
            s5 += d5 * d5;
            s6 += d6 * d6;
            s7 += d7 * d7;
        }
        lanes[0] = s0;
        lanes[1] = s1;
        lanes[2] = s2;
        lanes[3] = s3;
        lanes[4] = s4;
        lanes[5] = s5;
        lanes[6] = s6;
        lanes[7] = s7;
        for (; k < len; k++) {
            addOne(v[k]);
        }
    }

    private void addOne(float x) {
        double d = x;
        lanes[next] += d * d;
        next = (next + 1) & (LANES - 1);
    }

    /** This half's sum. */
    public double total() {
        return ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
    }
}
