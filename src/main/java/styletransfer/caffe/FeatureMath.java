package styletransfer.caffe;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.CblasUpper;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas.cblas_ssyrk;

import java.nio.FloatBuffer;

/** Single-precision matrix work on feature maps through OpenBLAS, as the reference's sgemm calls. */
public final class FeatureMath {
    private FeatureMath() {}

    /**
     * G = F * F^T for F of N x M (row-major), into an N x N buffer: the upper triangle by ssyrk (N(N+1)M FLOPs, about
     * half of sgemm's 2N²M), then mirrored, so G is exactly symmetric. The reference uses sgemm; ssyrk adds the same
     * products in another order, so an entry may differ from sgemm's in its last bits: measured on every style layer
     * of GoogLeNet (random weights) and SqueezeNet (real weights) at -l 512, starry_night and nanjing, on one and on
     * two OpenBLAS threads, 1-28% of the entries differed, by at most 9.5e-7 relative (14 float32 ulps of the entry;
     * 4-5 ulps on the 64-channel layers). The issue allows the loss to move by float32 rounding; the default run's
     * loss trace stays within its 1e-5 (DefaultRunUnchangedTest). The style image's Gram matrices (Targets) go through
     * here too, so the image's G and the target A are computed alike.
     */
    public static void gram(NativeFloats f, int n, int m, NativeFloats g) {
        f.requireRange((long) n * m);
        g.requireRange((long) n * n);
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasNoTrans, n, m, 1f, f.pointer(), m, 0f, g.pointer(), n);
        mirrorUpper(g.buffer((long) n * n), n);
    }

    /** The mirror copies tiles of this many rows and columns (a tile and its transpose fit in the L1 cache). */
    private static final int TILE = 32;

    /** Copies the upper triangle of the N x N row-major matrix into its lower one: g[i][j] = g[j][i] for j &lt; i. */
    static void mirrorUpper(FloatBuffer g, int n) {
        float[] upper = new float[TILE * TILE];
        float[] lower = new float[TILE * TILE];
        for (int i0 = 0; i0 < n; i0 += TILE) {
            int rows = Math.min(TILE, n - i0);
            // The tiles of block row i0 left of and on the diagonal: tile (i0, j0) is the transpose of (j0, i0).
            for (int j0 = 0; j0 <= i0; j0 += TILE) {
                int cols = Math.min(TILE, n - j0);
                for (int c = 0; c < cols; c++) {
                    g.get((j0 + c) * n + i0, upper, c * TILE, rows);
                }
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        lower[r * TILE + c] = upper[c * TILE + r];
                    }
                }
                for (int r = 0; r < rows; r++) {
                    // On the diagonal tile only the entries left of the diagonal.
                    int width = j0 == i0 ? r : cols;
                    g.put((i0 + r) * n + j0, lower, r * TILE, width);
                }
            }
        }
    }

    /** out = E * F for E of N x N and F of N x M, into an N x M buffer. */
    public static void times(NativeFloats e, NativeFloats f, int n, int m, NativeFloats out) {
        e.requireRange((long) n * n);
        f.requireRange((long) n * m);
        out.requireRange((long) n * m);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, m, n, 1f, e.pointer(), n, f.pointer(), m, 0f,
                out.pointer(), m);
    }

    /**
     * The sum of squares of the first n floats in {@link SquareSum}'s order: the loss sums of the CPU path, for the
     * device path to sum its copied-back differences the same way.
     */
    public static double sumOfSquares(NativeFloats p, int n) {
        FloatBuffer v = p.buffer(n);
        float[] chunk = new float[Math.min(n, 1 << 12)];
        int split = SquareSum.split(n);
        return squares(v, 0, split, chunk) + squares(v, split, n, chunk);
    }

    private static double squares(FloatBuffer v, int from, int to, float[] chunk) {
        SquareSum sum = new SquareSum();
        for (int off = from; off < to; off += chunk.length) {
            int len = Math.min(chunk.length, to - off);
            v.get(off, chunk, 0, len);
            sum.add(chunk, len);
        }
        return sum.total();
    }

    /** GFLOP/s of one size x size x size sgemm on OpenBLAS's threads (after one untimed call). */
    public static double sgemmGflops(int size) {
        long nn = (long) size * size;
        try (OwnedFloats a = OwnedFloats.allocate(nn);
             OwnedFloats b = OwnedFloats.allocate(nn);
             OwnedFloats c = OwnedFloats.allocate(nn)) {
            FloatBuffer av = a.buffer();
            FloatBuffer bv = b.buffer();
            for (int i = 0; i < nn; i++) {
                av.put(i, (i % 7) * 0.25f);
                bv.put(i, (i % 5) * 0.5f);
            }
            times(a, b, size, size, c);
            long t0 = System.nanoTime();
            times(a, b, size, size, c);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return 2.0 * size * size * size / seconds / 1e9;
        }
    }
}
