package styletransfer.caffe;

import org.bytedeco.openblas.presets.openblas;
import styletransfer.InvalidSettingException;
import styletransfer.Setting;

/**
 * Process-wide native settings that are not per net: OpenBLAS's thread count. It is set on the full
 * {@code libopenblas.so.0} of the presets, the one instance that Caffe and our sgemm calls share (the
 * {@code openblas_nolapack} variant is a second library that nothing here computes with).
 */
public final class NativeRuntime {
    private NativeRuntime() {}

    /** Sets the OpenBLAS threads used by Caffe's convolutions and our Gram matrices; 0 means all cores. */
    public static void setThreads(int threads) {
        if (threads < 0) {
            throw new InvalidSettingException(Setting.THREADS, "must be 0 (all cores) or more, got " + threads);
        }
        openblas.blas_set_num_threads(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
    }

    public static int threads() {
        return openblas.blas_get_num_threads();
    }
}
