package styletransfer.caffe;

import java.util.Locale;
import styletransfer.BadInputException;

/**
 * Which implementation of convolution a net on a GPU is built with. The GPU build's Caffe takes cuDNN's by
 * default; Caffe's own (im2col and cuBLAS GEMM) is slower but never asks cuDNN for an algorithm, a way around a
 * cuDNN that rejects the presets' call (see the README's "Running on a GPU server"). A net on the CPU always uses
 * Caffe's own, whatever is chosen here.
 */
public enum ConvolutionEngine {
    CUDNN, CAFFE;

    /** The JVM property the launcher sets from {@code gpu.convolution} in native-config/native.properties. */
    public static final String PROPERTY = "styletransfer.gpu.convolution";

    /** The engine this JVM was started with ({@value #PROPERTY}, default cudnn). */
    public static ConvolutionEngine configured() {
        return parse(System.getProperty(PROPERTY, "cudnn"));
    }

    /** {@code cudnn} or {@code caffe}, in any case. */
    public static ConvolutionEngine parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "cudnn", "default" -> CUDNN;
            case "caffe" -> CAFFE;
            default -> throw new BadInputException("gpu.convolution (" + PROPERTY + ") is '" + value
                    + "'; it must be cudnn or caffe");
        };
    }
}
