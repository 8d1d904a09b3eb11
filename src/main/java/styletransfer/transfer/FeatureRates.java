package styletransfer.transfer;

import styletransfer.caffe.FeatureMath;

/** The rate of the matrix products the loss is made of (OpenBLAS sgemm), for the benchmark's limits. */
public final class FeatureRates {
    private FeatureRates() {}

    /** GFLOP/s of one size x size x size sgemm on OpenBLAS's threads (after one untimed call). */
    public static double sgemmGflops(int size) {
        return FeatureMath.sgemmGflops(size);
    }
}
