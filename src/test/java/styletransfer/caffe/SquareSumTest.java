package styletransfer.caffe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The loss's sums of squares: SquareSum's order, whichever chunks feed it, and how far it is from a running sum. */
class SquareSumTest {
    private static final int[] LENGTHS = {0, 1, 7, 8, 9, 4095, 4096, 8191, 8269, 100_003};

    @Test
    void splitIsAboutHalfOnA4096Boundary() {
        assertEquals(0, SquareSum.split(0));
        assertEquals(9, SquareSum.split(9)); // below one boundary: all in the first half
        assertEquals(4096, SquareSum.split(8192));
        assertEquals(8192, SquareSum.split(8269));
        for (int n : new int[] {1, 5000, 100_003, Integer.MAX_VALUE}) {
            int s = SquareSum.split(n);
            assertTrue(s == n || s % 4096 == 0, "split(" + n + ") = " + s);
            assertTrue(s >= n / 2 && s < n / 2 + 4096, "split(" + n + ") = " + s);
        }
    }

    @Test
    void anyChunkingGivesTheOrderWrittenOut() {
        Random r = new Random(3);
        for (int n : LENGTHS) {
            float[] v = gaussians(n, r);
            int split = SquareSum.split(n);
            double want = writtenOut(v, 0, split) + writtenOut(v, split, n);
            for (int maxChunk : new int[] {1, 3, 8, 13, 4096}) {
                double got = fedInChunks(v, 0, split, maxChunk, r) + fedInChunks(v, split, n, maxChunk, r);
                assertEquals(want, got, 0, "n " + n + ", chunks up to " + maxChunk);
            }
            try (OwnedFloats p = OwnedFloats.of(v)) {
                assertEquals(want, FeatureMath.sumOfSquares(p, n), 0, "the device path's sum, n " + n);
            }
        }
    }

    @Test
    void isFarWithinFloat32RoundingOfTheExactSum() {
        Random r = new Random(4);
        float[] v = gaussians(2_000_003, r);
        // Neumaier's compensated sum: the exact sum of these doubles to about one rounding.
        double sum = 0;
        double compensation = 0;
        for (float x : v) {
            double term = (double) x * x;
            double t = sum + term;
            compensation += Math.abs(sum) >= Math.abs(term) ? (sum - t) + term : (term - t) + sum;
            sum = t;
        }
        double exact = sum + compensation;
        try (OwnedFloats p = OwnedFloats.of(v)) {
            // 2 million additions in eight lanes: at most 250,000 roundings of 1.1e-16 each in a lane.
            assertEquals(exact, FeatureMath.sumOfSquares(p, v.length), 3e-11 * exact, "float32's rounding is 6e-8");
        }
    }

    @Test
    void infinitiesAndNaNCarryThrough() {
        float[] v = gaussians(9000, new Random(5));
        v[8500] = Float.NEGATIVE_INFINITY;
        try (OwnedFloats p = OwnedFloats.of(v)) {
            assertEquals(Double.POSITIVE_INFINITY, FeatureMath.sumOfSquares(p, v.length));
        }
        v[3] = Float.NaN;
        try (OwnedFloats p = OwnedFloats.of(v)) {
            assertTrue(Double.isNaN(FeatureMath.sumOfSquares(p, v.length)));
        }
    }

    /** The order as SquareSum's javadoc states it, one element at a time. */
    private static double writtenOut(float[] v, int from, int to) {
        double[] lane = new double[8];
        for (int k = from; k < to; k++) {
            double d = v[k];
            lane[(k - from) % 8] += d * d;
        }
        return ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
    }

    private static double fedInChunks(float[] v, int from, int to, int maxChunk, Random r) {
        SquareSum sum = new SquareSum().reset();
        float[] chunk = new float[maxChunk];
        for (int off = from; off < to; ) {
            int len = Math.min(to - off, 1 + r.nextInt(maxChunk));
            System.arraycopy(v, off, chunk, 0, len);
            sum.add(chunk, len);
            off += len;
        }
        return sum.total();
    }

    private static float[] gaussians(int n, Random r) {
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = (float) (r.nextGaussian() * Math.exp(r.nextGaussian() * 3));
        }
        return v;
    }
}
