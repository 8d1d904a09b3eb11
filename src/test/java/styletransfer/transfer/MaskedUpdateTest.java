package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import styletransfer.caffe.FeatureMath;
import styletransfer.caffe.OwnedFloats;

/**
 * The branch-free masked updates give, bit for bit, what a plain {@code if (f > 0) d = d + t} gives: for zeros of
 * both signs, denormals, infinities and NaN in F (which must not pass the mask) and in the diff (whose signed zeros
 * and NaN must stay as they are where the mask is off), across chunk boundaries, on one and on two threads; and the
 * losses' sums of squares are those of the device path's {@link FeatureMath#sumOfSquares}.
 */
class MaskedUpdateTest {
    private static final float[] SPECIAL_F = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -1f,
        Float.MAX_VALUE, -Float.MAX_VALUE};
    private static final float[] SPECIAL_DIFF = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.intBitsToFloat(0xffc00001)};

    @Test
    void styleUpdateEqualsThePlainLoopBitForBit() {
        // With finite F the products are finite; with a NaN or an infinity in F every product is NaN, so only the
        // mask decides what reaches the diff.
        for (float poison : new float[] {0.5f, Float.NaN, Float.intBitsToFloat(0xffc00000),
            Float.POSITIVE_INFINITY}) {
            for (LayerLoss.Pair pair : pairs()) {
                checkStyle(3, 3001, poison, pair); // the update split between the threads across chunks
                checkStyle(100, 50, poison, pair); // N^2 > N M: G - A larger than F
            }
        }
    }

    @Test
    void contentUpdateEqualsThePlainLoopBitForBit() {
        for (LayerLoss.Pair pair : pairs()) {
            int size = 2 * LayerLoss.CHUNK + 77;
            float[] f = features(size, Float.NaN, new Random(7));
            f[5] = Float.POSITIVE_INFINITY;
            f[6] = Float.intBitsToFloat(0x7f800001); // a signalling NaN's bits
            float[] p = features(size, 0.5f, new Random(8));
            float[] d0 = diff(size, new Random(9));
            float w = 0.37f;
            try (OwnedFloats fv = OwnedFloats.of(f); OwnedFloats pv = OwnedFloats.of(p);
                 OwnedFloats dv = OwnedFloats.of(d0)) {
                LayerLoss.content(fv, size, pv.buffer(), w, dv.buffer(), pair, new LayerLoss.Scratch(),
                        new LayerLoss.Scratch());
                FloatBuffer got = dv.buffer();
                for (int k = 0; k < size; k++) {
                    float d = f[k] - p[k];
                    float want = f[k] > 0 ? d0[k] + w * d : d0[k];
                    assertBits(want, got.get(k), f[k] > 0, "content diff " + k + " (f " + f[k] + ", diff " + d0[k] + ")");
                }
            }
        }
    }

    @Test
    void lossesSumTheirSquaresAsTheDevicePathDoesOnOneThreadOrTwo() {
        for (LayerLoss.Pair pair : pairs()) {
            // Content: F - P split between the threads, with a tail that is not a multiple of the eight lanes.
            int size = 3 * LayerLoss.CHUNK + 77;
            float[] f = gaussians(size, new Random(10));
            float[] p = gaussians(size, new Random(11));
            float[] fp = new float[size];
            for (int k = 0; k < size; k++) {
                fp[k] = f[k] - p[k];
            }
            float w = 0.37f;
            try (OwnedFloats fv = OwnedFloats.of(f); OwnedFloats pv = OwnedFloats.of(p);
                 OwnedFloats dv = OwnedFloats.allocate(size); OwnedFloats fpv = OwnedFloats.of(fp)) {
                double loss = LayerLoss.content(fv, size, pv.buffer(), w, dv.buffer(), pair, new LayerLoss.Scratch(),
                        new LayerLoss.Scratch());
                assertEquals(w * FeatureMath.sumOfSquares(fpv, size) / 2, loss, 0, "content loss");
            }
            // Style: G - A (left in the gram scratch buffer) of 100 x 100 crosses the split.
            int n = 100;
            int m = 50;
            float[] a = gaussians(n * n, new Random(12));
            double weight = 0.2;
            double ratio = 1e4;
            try (OwnedFloats fv = OwnedFloats.of(gaussians(n * m, new Random(13))); OwnedFloats av = OwnedFloats.of(a);
                 OwnedFloats dv = OwnedFloats.allocate((long) n * m); OwnedFloats gram = OwnedFloats.allocate((long) n * n);
                 OwnedFloats grad = OwnedFloats.allocate((long) n * m)) {
                double loss = LayerLoss.style(fv, n, m, av.buffer(), weight, ratio, gram, grad, dv.buffer(), pair,
                        new LayerLoss.Scratch(), new LayerLoss.Scratch());
                double c = 1.0 / ((double) n * n * (double) m * m);
                assertEquals(weight * ratio * c / 4 * FeatureMath.sumOfSquares(gram, n * n), loss, 0, "style loss");
            }
        }
    }

    private static float[] gaussians(int size, Random r) {
        float[] v = new float[size];
        for (int k = 0; k < size; k++) {
            v[k] = (float) r.nextGaussian();
        }
        return v;
    }

    private static void checkStyle(int n, int m, float poison, LayerLoss.Pair pair) {
        int size = n * m;
        float[] f = features(size, poison, new Random(1));
        float[] d0 = diff(size, new Random(2));
        float[] a = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        double weight = 0.2;
        double ratio = 1e4;
        try (OwnedFloats fv = OwnedFloats.of(f); OwnedFloats av = OwnedFloats.of(a); OwnedFloats dv = OwnedFloats.of(d0);
             OwnedFloats gram = OwnedFloats.allocate((long) n * n); OwnedFloats grad = OwnedFloats.allocate(size)) {
            LayerLoss.style(fv, n, m, av.buffer(), weight, ratio, gram, grad, dv.buffer(), pair,
                    new LayerLoss.Scratch(), new LayerLoss.Scratch());
            float c32 = (float) (1.0 / ((double) n * n * (double) m * m));
            float w32 = (float) weight;
            float r32 = (float) ratio;
            FloatBuffer eg = grad.buffer(); // (G - A) F, left in the scratch buffer
            FloatBuffer got = dv.buffer();
            for (int k = 0; k < size; k++) {
                float want = d0[k];
                if (f[k] > 0) {
                    want = d0[k] + (c32 * eg.get(k)) * w32 * r32;
                }
                assertBits(want, got.get(k), f[k] > 0, "style diff " + k + " (f " + f[k] + ", diff " + d0[k] + ", poison "
                        + poison + ")");
            }
        }
    }

    /** Random features, a quarter of them special values, with {@code poison} at one place. */
    private static float[] features(int size, float poison, Random r) {
        float[] f = new float[size];
        for (int k = 0; k < size; k++) {
            f[k] = r.nextInt(4) == 0 ? SPECIAL_F[r.nextInt(SPECIAL_F.length)] : (float) r.nextGaussian();
        }
        f[size / 2] = poison;
        return f;
    }

    private static float[] diff(int size, Random r) {
        float[] d = new float[size];
        for (int k = 0; k < size; k++) {
            d[k] = r.nextInt(3) == 0 ? SPECIAL_DIFF[r.nextInt(SPECIAL_DIFF.length)] : (float) r.nextGaussian() * 1e-3f;
        }
        return d;
    }

    private static LayerLoss.Pair[] pairs() {
        LayerLoss.Pair twoThreads = (x, y) -> {
            Thread t = new Thread(y);
            t.start();
            x.run();
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        return new LayerLoss.Pair[] {LayerLoss.Pair.SEQUENTIAL, twoThreads};
    }

    private static void assertBits(float want, float got, boolean updated, String what) {
        if (updated && Float.isNaN(want) && Float.isNaN(got)) {
            // A sum with a NaN operand is a NaN; which NaN's payload it carries depends on the order of the
            // operands the JIT chooses for the instruction, in the plain loop as in ours. Where the mask is off
            // the old value's bits must be kept.
            return;
        }
        assertEquals(Integer.toHexString(Float.floatToRawIntBits(want)),
                Integer.toHexString(Float.floatToRawIntBits(got)), what);
    }
}
