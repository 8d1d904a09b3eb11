package styletransfer.transfer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import styletransfer.caffe.FeatureMath;
import styletransfer.caffe.NativeFloats;
import styletransfer.caffe.SquareSum;

/**
 * One weighted layer's loss and its gradient with respect to the layer's features F (N channels x M positions),
 * in the reference's float32 arithmetic. The gradient is added into {@code diff} where F &gt; 0: the backward pass
 * starts below the blob's in-place ReLU, so the mask plays the ReLU's part.
 *
 * <p>The element loops work on chunks copied into Java arrays: a native buffer's per-element get/put is
 * bounds-checked on every access and several times slower. Each element sees the same float operations in the
 * same order, and the loss sums run in {@link SquareSum}'s order (on one thread or two alike), so the results are
 * those of plain loops.
 *
 * <p>The masked update is branch-free: ReLU outputs are zero at random, so a branch on F &gt; 0 was mispredicted
 * for about every other element (it was the run's hottest Java line). Every element's candidate {@code diff + t} is
 * computed, then chosen by bits: the mask comes from F's bit pattern (0 &lt; bits &lt;= +inf's, which is exactly
 * F &gt; 0: zeros, negatives and NaN fail it) and the new or the old value is taken whole, bit for bit, so the
 * result equals the branch's for every input (signed zeros and NaN in diff included; MaskedUpdateTest). Both loops
 * vectorize, where a float comparison or {@code Float.floatToRawIntBits} inside the loop does not (JDK 17's C2);
 * floats become their bits through a small direct buffer of each thread's {@link Scratch}.
 */
final class LayerLoss {
    /** Floats per chunk: one thread's chunk arrays stay within its core's L2 cache. */
    static final int CHUNK = 1 << 12;

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

    /** One thread's chunk arrays, a direct buffer through which floats are read as bits, and a sum of squares. */
    static final class Scratch {
        final float[] x = new float[CHUNK];
        final float[] y = new float[CHUNK];
        final int[] fBits = new int[CHUNK];
        final int[] xBits = new int[CHUNK];
        final int[] yBits = new int[CHUNK];
        private final FloatBuffer asFloats;
        private final IntBuffer asBits;
        final SquareSum squares = new SquareSum();

        Scratch() {
            ByteBuffer raw = ByteBuffer.allocateDirect(CHUNK * Float.BYTES).order(ByteOrder.nativeOrder());
            asFloats = raw.asFloatBuffer();
            asBits = raw.asIntBuffer();
        }

        void toBits(float[] from, int[] to, int len) {
            asFloats.put(0, from, 0, len);
            asBits.get(0, to, 0, len);
        }

        void toFloats(int[] from, float[] to, int len) {
            asBits.put(0, from, 0, len);
            asFloats.get(0, to, 0, len);
        }
    }

    /** As {@link #style(NativeFloats, int, int, FloatBuffer, double, double, NativeFloats, NativeFloats, FloatBuffer, Pair, Scratch, Scratch)} on this thread. */
    static double style(NativeFloats f, int n, int m, FloatBuffer target, double weight, double ratio,
                        NativeFloats gram, NativeFloats grad, FloatBuffer diff) {
        return style(f, n, m, target, weight, ratio, gram, grad, diff, Pair.SEQUENTIAL, new Scratch(), new Scratch());
    }

    /**
     * Style: {@code weight * ratio * c/4 * |G - A|^2} with G = F F^T and c = 1/(N^2 M^2); gradient
     * {@code weight * ratio * c * (G - A) F}. {@code gram} (N x N) and {@code grad} (N x M) are scratch buffers.
     * |G - A|^2 is summed here as G - A is formed; the masked update of the diff is element-wise: {@code pair} may
     * run its two halves on two threads, the first with scratch {@code a}, the second with {@code b}.
     */
    static double style(NativeFloats f, int n, int m, FloatBuffer target, double weight, double ratio,
                        NativeFloats gram, NativeFloats grad, FloatBuffer diff, Pair pair, Scratch a, Scratch b) {
        FeatureMath.gram(f, n, m, gram);
        int nn = n * n;
        FloatBuffer e = gram.buffer(nn);
        int half = SquareSum.split(nn);
        double sum = subtract(e, target, 0, half, a) + subtract(e, target, half, nn, a);
        double c = 1.0 / ((double) n * n * (double) m * m);
        FeatureMath.times(gram, f, n, m, grad);
        int size = n * m;
        FloatBuffer eg = grad.buffer(size);
        IntBuffer fBits = f.bits(size);
        // numpy's order: (c * (E F)) masked, then * weight, then * ratio, each rounded to float32.
        float c32 = (float) c;
        float w32 = (float) weight;
        float r32 = (float) ratio;
        int mid = SquareSum.split(size);
        pair.run(() -> addMaskedStyle(fBits, eg, diff, 0, mid, c32, w32, r32, a),
                () -> addMaskedStyle(fBits, eg, diff, mid, size, c32, w32, r32, b));
        return weight * ratio * c / 4 * sum;
    }

    /** e[k] -= t[k] for k in [from, to), returning the sum of the new e[k]'s squares (one half of a SquareSum). */
    private static double subtract(FloatBuffer e, FloatBuffer t, int from, int to, Scratch s) {
        float[] ek = s.x;
        float[] tk = s.y;
        SquareSum squares = s.squares.reset();
        for (int off = from; off < to; off += CHUNK) {
            int len = Math.min(CHUNK, to - off);
            e.get(off, ek, 0, len);
            t.get(off, tk, 0, len);
            for (int k = 0; k < len; k++) {
                ek[k] = ek[k] - tk[k];
            }
            e.put(off, ek, 0, len);
            squares.add(ek, len);
        }
        return squares.total();
    }

    /** diff[k] += c * eg[k] * weight * ratio (rounded to float32 step by step) where f[k] &gt; 0, for k in [from, to). */
    private static void addMaskedStyle(IntBuffer fBits, FloatBuffer eg, FloatBuffer diff, int from, int to, float c32,
                                       float w32, float r32, Scratch s) {
        float[] gk = s.x;
        float[] dk = s.y;
        for (int off = from; off < to; off += CHUNK) {
            int len = Math.min(CHUNK, to - off);
            fBits.get(off, s.fBits, 0, len);
            eg.get(off, gk, 0, len);
            diff.get(off, dk, 0, len);
            for (int k = 0; k < len; k++) {
                gk[k] = dk[k] + (c32 * gk[k]) * w32 * r32;
            }
            putWherePositive(s, len, diff, off);
        }
    }

    /**
     * Writes to diff[off, off + len) the new value (s.x) where F is positive (s.fBits) and the old one (s.y)
     * elsewhere, bit for bit.
     */
    private static void putWherePositive(Scratch s, int len, FloatBuffer diff, int off) {
        s.toBits(s.x, s.xBits, len);
        s.toBits(s.y, s.yBits, len);
        int[] fb = s.fBits;
        int[] nb = s.xBits;
        int[] ob = s.yBits;
        for (int k = 0; k < len; k++) {
            // F > 0 exactly when 0 < bits <= 0x7f800000 (+inf): p = bits - 1 is then in [0, 0x7f800000), so p -
            // 0x7f800000 is negative while ~p is too; zeros, negatives (sign bit) and NaN leave a sign bit clear.
            int p = fb[k] - 1;
            int mask = ((p - 0x7f800000) & ~p) >> 31;
            ob[k] = (nb[k] & mask) | (ob[k] & ~mask);
        }
        s.toFloats(ob, s.y, len);
        diff.put(off, s.y, 0, len);
    }

    /** As {@link #content(NativeFloats, int, FloatBuffer, double, FloatBuffer, Pair, Scratch, Scratch)} on this thread. */
    static double content(NativeFloats f, int size, FloatBuffer target, double weight, FloatBuffer diff) {
        return content(f, size, target, weight, diff, Pair.SEQUENTIAL, new Scratch(), new Scratch());
    }

    /**
     * Content: {@code weight/2 * |F - P|^2}, gradient {@code weight * (F - P)}. {@code pair} may run the two halves
     * of {@link SquareSum#split} on two threads, each summing its squares beside its masked update, the first with
     * scratch {@code a}, the second with {@code b}.
     */
    static double content(NativeFloats f, int size, FloatBuffer target, double weight, FloatBuffer diff, Pair pair,
                          Scratch a, Scratch b) {
        FloatBuffer fv = f.buffer(size);
        IntBuffer fBits = f.bits(size);
        float w32 = (float) weight;
        int mid = SquareSum.split(size);
        pair.run(() -> addMaskedContent(fBits, fv, target, diff, 0, mid, w32, a),
                () -> addMaskedContent(fBits, fv, target, diff, mid, size, w32, b));
        return weight * (a.squares.total() + b.squares.total()) / 2;
    }

    /**
     * diff[k] += weight * (f[k] - p[k]) where f[k] &gt; 0, for k in [from, to), and the squares of f[k] - p[k] summed
     * into s.squares (one half of a SquareSum).
     */
    private static void addMaskedContent(IntBuffer fBits, FloatBuffer fv, FloatBuffer target, FloatBuffer diff,
                                         int from, int to, float w32, Scratch s) {
        float[] xk = s.x;
        float[] dk = s.y;
        SquareSum squares = s.squares.reset();
        for (int off = from; off < to; off += CHUNK) {
            int len = Math.min(CHUNK, to - off);
            fBits.get(off, s.fBits, 0, len);
            fv.get(off, xk, 0, len);
            target.get(off, dk, 0, len);
            for (int k = 0; k < len; k++) {
                xk[k] = xk[k] - dk[k];
            }
            squares.add(xk, len);
            diff.get(off, dk, 0, len);
            for (int k = 0; k < len; k++) {
                xk[k] = dk[k] + w32 * xk[k];
            }
            putWherePositive(s, len, diff, off);
        }
    }
}
