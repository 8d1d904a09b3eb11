package styletransfer.transfer;

import org.bytedeco.javacpp.FloatPointer;

/** The rate of the matrix products the loss is made of (OpenBLAS sgemm), for the benchmark's limits. */
public final class FeatureRates {
    private FeatureRates() {}

    /** GFLOP/s of one size x size x size sgemm on OpenBLAS's threads (after one untimed call). */
    public static double sgemmGflops(int size) {
        try (FloatPointer a = new FloatPointer((long) size * size);
             FloatPointer b = new FloatPointer((long) size * size);
             FloatPointer c = new FloatPointer((long) size * size)) {
            for (long i = 0; i < (long) size * size; i++) {
                a.put(i, (i % 7) * 0.25f);
                b.put(i, (i % 5) * 0.5f);
            }
            FeatureMath.times(a, b, size, size, c);
            long t0 = System.nanoTime();
            FeatureMath.times(a, b, size, size, c);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return 2.0 * size * size * size / seconds / 1e9;
        }
    }
}
