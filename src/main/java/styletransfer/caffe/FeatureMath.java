package styletransfer.caffe;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import java.nio.FloatBuffer;

/** Single-precision matrix work on feature maps through OpenBLAS, as the reference's sgemm calls. */
public final class FeatureMath {
    private FeatureMath() {}

    /**
     * G = F * F^T for F of N x M (row-major), into an N x N buffer. By sgemm, as the reference: ssyrk would save
     * about 12 ms of 1 s per GoogLeNet iteration at -l 512 (measured on this project's 2-core machine), but its
     * sums differ from sgemm's in the last bit for a quarter to a half of the entries.
     */
    public static void gram(NativeFloats f, int n, int m, NativeFloats g) {
        f.requireRange((long) n * m);
        g.requireRange((long) n * n);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, n, m, 1f, f.pointer(), m, f.pointer(), m, 0f,
                g.pointer(), n);
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
     * The sum of squares of the first n floats, each square and the sum in double, in index order: the loss sums
     * of the CPU path, for the device path to sum its copied-back differences the same way.
     */
    public static double sumOfSquares(NativeFloats p, int n) {
        FloatBuffer v = p.buffer(n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = v.get(i);
            sum += d * d;
        }
        return sum;
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
