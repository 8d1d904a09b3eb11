package styletransfer.transfer;

import java.util.Random;
import org.jtransforms.fft.DoubleFFT_3D;

/**
 * The reference's noise start: over the HxWx3 grid, a spectrum S = (distance to the centre)^k (zero distance
 * counted as 1), multiplied by cos(2 pi a) + i sin(2 pi b) with a, b standard normal, inverse-FFT'd over all three
 * axes; the magnitude, min-max normalised to [0,1], is the RGB image. Seedable, unlike the reference.
 */
public final class PinkNoise {
    private PinkNoise() {}

    private static final int CHANNELS = 3;

    /** An HxWx3 interleaved image in [0,1]. */
    public static double[] image(int height, int width, int exponent, Random random) {
        int n = height * width * CHANNELS;
        double[] a = new double[n];
        double[] b = new double[n];
        // The reference draws two randn(H, W, 3) arrays in C order, a first then b.
        for (int i = 0; i < n; i++) {
            a[i] = random.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            b[i] = random.nextGaussian();
        }
        return image(height, width, exponent, a, b);
    }

    /** The same from given phase draws a and b (HxWx3, C order): deterministic, for tests against numpy. */
    static double[] image(int height, int width, int exponent, double[] a, double[] b) {
        int channels = CHANNELS;
        int n = height * width * channels;
        double[] complex = new double[2 * n];
        double cy = (height - 1) / 2.0;
        double cx = (width - 1) / 2.0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double d2 = (y - cy) * (y - cy) + (x - cx) * (x - cx);
                double s = Math.pow(Math.sqrt(d2 == 0 ? 1 : d2), exponent);
                for (int c = 0; c < channels; c++) {
                    int i = (y * width + x) * channels + c;
                    complex[2 * i] = s * Math.cos(2 * Math.PI * a[i]);
                    complex[2 * i + 1] = s * Math.sin(2 * Math.PI * b[i]);
                }
            }
        }
        new DoubleFFT_3D(height, width, channels).complexInverse(complex, true);
        double[] out = new double[n];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            out[i] = Math.hypot(complex[2 * i], complex[2 * i + 1]);
            min = Math.min(min, out[i]);
            max = Math.max(max, out[i]);
        }
        double range = max - min;
        for (int i = 0; i < n; i++) {
            out[i] = range == 0 ? 0 : (out[i] - min) / range;
        }
        return out;
    }
}
