package styletransfer.compare;

import styletransfer.BadInputException;
import styletransfer.image.Image;

/**
 * How alike two pictures of the same size are, on their 8-bit values (what is in the files we and style.py
 * write): PSNR, SSIM and the largest difference of one channel of one pixel.
 *
 * <p>SSIM is Wang, Bovik, Sheikh, Simoncelli 2004 as scikit-image's {@code structural_similarity(a, b,
 * channel_axis=-1, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=255)} computes it:
 * Gaussian-weighted local statistics (radius 5, scipy.ndimage's "reflect" borders), K1 0.01, K2 0.03, the map
 * averaged without a 5-pixel border, then averaged over the three channels.
 */
public final class ImageMetrics {
    public static final double SIGMA = 1.5;
    public static final double K1 = 0.01;
    public static final double K2 = 0.03;
    public static final double DATA_RANGE = 255;
    /** int(truncate * sigma + 0.5) with scikit-image's truncate 3.5: the filter's and the cropped border's size. */
    public static final int RADIUS = (int) (3.5 * SIGMA + 0.5);

    private ImageMetrics() {}

    /**
     * @param psnr          peak signal-to-noise ratio in dB, infinite for identical pictures
     * @param maxDifference largest |a - b| of one channel of one pixel, 0 to 255, at (row, column, channel)
     */
    public record Result(int height, int width, double psnr, double ssim, int maxDifference, int row, int column,
                         int channel) {}

    public static Result compare(Image a, Image b) {
        if (a.height() != b.height() || a.width() != b.width()) {
            throw new BadInputException("the images differ in size: " + a.height() + "x" + a.width() + " and "
                    + b.height() + "x" + b.width() + " (height x width); compare pictures of the same run size");
        }
        int min = 2 * RADIUS + 1;
        if (a.height() < min || a.width() < min) {
            throw new BadInputException("the images are " + a.height() + "x" + a.width()
                    + "; SSIM needs at least " + min + "x" + min + " pixels");
        }
        double[] x = eightBit(a);
        double[] y = eightBit(b);
        int worst = 0;
        double largest = -1;
        for (int i = 0; i < x.length; i++) {
            double d = Math.abs(x[i] - y[i]);
            if (d > largest) {
                largest = d;
                worst = i;
            }
        }
        int pixel = worst / 3;
        return new Result(a.height(), a.width(), psnr(x, y), ssim(x, y, a.height(), a.width()), (int) largest,
                pixel / a.width(), pixel % a.width(), worst % 3);
    }

    /**
     * The largest 8-bit difference of the three channels at every pixel, row-major ({@code row * width + col}):
     * what the report's heat map shows. The images must be of one size.
     */
    public static int[] differenceMap(Image a, Image b) {
        if (a.height() != b.height() || a.width() != b.width()) {
            throw new IllegalArgumentException("images of different sizes: " + a + " and " + b);
        }
        double[] x = eightBit(a);
        double[] y = eightBit(b);
        int[] map = new int[a.pixels()];
        for (int p = 0; p < map.length; p++) {
            int d = 0;
            for (int c = 0; c < 3; c++) {
                d = Math.max(d, (int) Math.abs(x[3 * p + c] - y[3 * p + c]));
            }
            map[p] = d;
        }
        return map;
    }

    /** The file's 8-bit values back from the reader's v / 255 (rounded to float32 on the way). */
    static double[] eightBit(Image image) {
        double[] rgb = image.rgb();
        double[] out = new double[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            out[i] = Math.rint(Math.min(1, Math.max(0, rgb[i])) * 255);
        }
        return out;
    }

    /** 10 log10(255^2 / MSE) over every value; infinite when equal. */
    static double psnr(double[] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            sum += d * d;
        }
        double mse = sum / x.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(DATA_RANGE * DATA_RANGE / mse);
    }

    /** Mean SSIM of the three channels of HxWx3 interleaved values. */
    static double ssim(double[] x, double[] y, int h, int w) {
        double total = 0;
        for (int c = 0; c < 3; c++) {
            total += ssimPlane(plane(x, c), plane(y, c), h, w);
        }
        return total / 3;
    }

    private static double[] plane(double[] hwc, int c) {
        double[] p = new double[hwc.length / 3];
        for (int i = 0; i < p.length; i++) {
            p[i] = hwc[3 * i + c];
        }
        return p;
    }

    static double ssimPlane(double[] x, double[] y, int h, int w) {
        double[] kernel = kernel();
        int n = x.length;
        double[] xx = new double[n];
        double[] yy = new double[n];
        double[] xy = new double[n];
        for (int i = 0; i < n; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] ux = blur(x, h, w, kernel);
        double[] uy = blur(y, h, w, kernel);
        double[] uxx = blur(xx, h, w, kernel);
        double[] uyy = blur(yy, h, w, kernel);
        double[] uxy = blur(xy, h, w, kernel);
        double c1 = (K1 * DATA_RANGE) * (K1 * DATA_RANGE);
        double c2 = (K2 * DATA_RANGE) * (K2 * DATA_RANGE);
        double sum = 0;
        long count = 0;
        for (int r = RADIUS; r < h - RADIUS; r++) {
            for (int col = RADIUS; col < w - RADIUS; col++) {
                int i = r * w + col;
                double vx = uxx[i] - ux[i] * ux[i];
                double vy = uyy[i] - uy[i] * uy[i];
                double vxy = uxy[i] - ux[i] * uy[i];
                double a1 = 2 * ux[i] * uy[i] + c1;
                double a2 = 2 * vxy + c2;
                double b1 = ux[i] * ux[i] + uy[i] * uy[i] + c1;
                double b2 = vx + vy + c2;
                sum += (a1 * a2) / (b1 * b2);
                count++;
            }
        }
        return sum / count;
    }

    /** scipy.ndimage's Gaussian kernel: exp(-x^2 / (2 sigma^2)) for x in [-radius, radius], summing to 1. */
    static double[] kernel() {
        double[] k = new double[2 * RADIUS + 1];
        double sum = 0;
        for (int i = -RADIUS; i <= RADIUS; i++) {
            k[i + RADIUS] = Math.exp(-0.5 / (SIGMA * SIGMA) * i * i);
            sum += k[i + RADIUS];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** Separable Gaussian filter, rows (axis 0) first as ndimage does, with mirrored borders (d c b a | a b c d). */
    static double[] blur(double[] in, int h, int w, double[] kernel) {
        double[] tmp = new double[in.length];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double s = 0;
                for (int k = -RADIUS; k <= RADIUS; k++) {
                    s += kernel[k + RADIUS] * in[reflect(r + k, h) * w + c];
                }
                tmp[r * w + c] = s;
            }
        }
        double[] out = new double[in.length];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double s = 0;
                for (int k = -RADIUS; k <= RADIUS; k++) {
                    s += kernel[k + RADIUS] * tmp[r * w + reflect(c + k, w)];
                }
                out[r * w + c] = s;
            }
        }
        return out;
    }

    /** ndimage's "reflect" border: the edge sample is repeated, period 2n. */
    static int reflect(int i, int n) {
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }
}
