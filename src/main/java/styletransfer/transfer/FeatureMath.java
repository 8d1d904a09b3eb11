package styletransfer.transfer;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;

/** Single-precision matrix work on feature maps through OpenBLAS, as the reference's sgemm calls. */
final class FeatureMath {
    private FeatureMath() {}

    /**
     * G = F * F^T for F of N x M (row-major), into an N x N buffer. By sgemm, as the reference: ssyrk would save
     * about 12 ms of 1 s per GoogLeNet iteration at -l 512 (measured on this project's 2-core machine), but its
     * sums differ from sgemm's in the last bit for a quarter to a half of the entries.
     */
    static void gram(FloatPointer f, int n, int m, FloatPointer g) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, n, m, 1f, f, m, f, m, 0f, g, n);
    }

    /** out = E * F for E of N x N and F of N x M, into an N x M buffer. */
    static void times(FloatPointer e, FloatPointer f, int n, int m, FloatPointer out) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, m, n, 1f, e, n, f, m, 0f, out, m);
    }

    /**
     * The sum of squares of the first n floats, each square and the sum in double, in index order: the loss sums
     * of {@link LayerLoss}, for the device path to sum its copied-back differences the same way.
     */
    static double sumOfSquares(FloatPointer p, int n) {
        FloatBuffer v = view(p, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = v.get(i);
            sum += d * d;
        }
        return sum;
    }

    /** A view of the first n floats at the pointer, in native byte order. */
    static FloatBuffer view(FloatPointer p, long n) {
        return p.position(0).limit(n).capacity(n).asBuffer();
    }
}
