package styletransfer.transfer;

import java.nio.FloatBuffer;
import styletransfer.caffe.FeatureMath;
import styletransfer.caffe.NativeFloats;

/**
 * One weighted layer's loss and its gradient with respect to the layer's features F (N channels x M positions),
 * in the reference's float32 arithmetic. The gradient is added into {@code diff} where F &gt; 0: the backward pass
 * starts below the blob's in-place ReLU, so the mask plays the ReLU's part.
 *
 * <p>The element loops work on chunks copied into Java arrays: a native buffer's per-element get/put is
 * bounds-checked on every access and several times slower. Each element sees the same float operations in the
 * same order, and the loss sums run in index order, so the results are those of a plain loop.
 */
final class LayerLoss {
    /** Floats per chunk: three or four such arrays stay within a core's L2 cache. */
    private static final int CHUNK = 1 << 14;

    private LayerLoss() {}

    /** Runs two independent tasks: side by side on two threads, or one after the other. */
    @FunctionalInterface
    interface Pair {
        void run(Runnable a, Runnable b);

        Pair SEQUENTIAL = (a, b) -> {
            a.run();
            b.run();
        };
    }

    /** As {@link #style(NativeFloats, int, int, FloatBuffer, double, double, NativeFloats, NativeFloats, FloatBuffer, Pair)} on this thread. */
    static double style(NativeFloats f, int n, int m, FloatBuffer target, double weight, double ratio,
                        NativeFloats gram, NativeFloats grad, FloatBuffer diff) {
        return style(f, n, m, target, weight, ratio, gram, grad, diff, Pair.SEQUENTIAL);
    }

    /**
     * Style: {@code weight * ratio * c/4 * |G - A|^2} with G = F F^T and c = 1/(N^2 M^2); gradient
     * {@code weight * ratio * c * (G - A) F}. {@code gram} (N x N) and {@code grad} (N x M) are scratch buffers.
     * The masked update of the diff is element-wise: {@code pair} may run its two halves on two threads.
     */
    static double style(NativeFloats f, int n, int m, FloatBuffer target, double weight, double ratio,
                        NativeFloats gram, NativeFloats grad, FloatBuffer diff, Pair pair) {
        FeatureMath.gram(f, n, m, gram);
        FloatBuffer e = gram.buffer((long) n * n);
        float[] ek = new float[CHUNK];
        float[] ak = new float[CHUNK];
        double sum = 0;
        for (int off = 0; off < n * n; off += CHUNK) {
            int len = Math.min(CHUNK, n * n - off);
            e.get(off, ek, 0, len);
            target.get(off, ak, 0, len);
            for (int k = 0; k < len; k++) {
                float d = ek[k] - ak[k];
                ek[k] = d;
                sum += (double) d * d;
            }
            e.put(off, ek, 0, len);
        }
        double c = 1.0 / ((double) n * n * (double) m * m);
        FeatureMath.times(gram, f, n, m, grad);
        int size = n * m;
        FloatBuffer eg = grad.buffer(size);
        FloatBuffer fv = f.buffer(size);
        // numpy's order: (c * (E F)) masked, then * weight, then * ratio, each rounded to float32.
        float c32 = (float) c;
        float w32 = (float) weight;
        float r32 = (float) ratio;
        // Halves on chunk boundaries; every element sees the same operations whichever thread runs it.
        int mid = Math.min(size, (size / 2 + CHUNK - 1) / CHUNK * CHUNK);
        pair.run(() -> addMaskedStyle(fv, eg, diff, 0, mid, c32, w32, r32),
                () -> addMaskedStyle(fv, eg, diff, mid, size, c32, w32, r32));
        return weight * ratio * c / 4 * sum;
    }

    /** diff[k] += c * eg[k] * weight * ratio (rounded to float32 step by step) where f[k] &gt; 0, for k in [from, to). */
    private static void addMaskedStyle(FloatBuffer fv, FloatBuffer eg, FloatBuffer diff, int from, int to, float c32,
                                       float w32, float r32) {
        float[] fk = new float[CHUNK];
        float[] gk = new float[CHUNK];
        float[] dk = new float[CHUNK];
        for (int off = from; off < to; off += CHUNK) {
            int len = Math.min(CHUNK, to - off);
            fv.get(off, fk, 0, len);
            eg.get(off, gk, 0, len);
            diff.get(off, dk, 0, len);
            for (int k = 0; k < len; k++) {
                if (fk[k] > 0) {
                    dk[k] = dk[k] + (c32 * gk[k]) * w32 * r32;
                }
            }
            diff.put(off, dk, 0, len);
        }
    }

    /** Content: {@code weight/2 * |F - P|^2}, gradient {@code weight * (F - P)}. */
    static double content(NativeFloats f, int size, FloatBuffer target, double weight, FloatBuffer diff) {
        FloatBuffer fv = f.buffer(size);
        float w32 = (float) weight;
        float[] fk = new float[CHUNK];
        float[] pk = new float[CHUNK];
        float[] dk = new float[CHUNK];
        double sum = 0;
        for (int off = 0; off < size; off += CHUNK) {
            int len = Math.min(CHUNK, size - off);
            fv.get(off, fk, 0, len);
            target.get(off, pk, 0, len);
            diff.get(off, dk, 0, len);
            for (int k = 0; k < len; k++) {
                float d = fk[k] - pk[k];
                sum += (double) d * d;
                if (fk[k] > 0) {
                    dk[k] = dk[k] + w32 * d;
                }
            }
            diff.put(off, dk, 0, len);
        }
        return weight * sum / 2;
    }
}
