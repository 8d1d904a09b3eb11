package styletransfer.image;

import java.util.Objects;

/**
 * Caffe's {@code caffe.io.Transformer} as the reference configures it: transpose to channel-major, swap
 * channels RGB to BGR, raw scale 255, subtract one mean value per channel.
 *
 * <p>Caffe does this in single precision: the image is first cast to float32, multiplied by 255 in float32,
 * and the (float64) mean is subtracted with the result stored back as float32. The float variants here repeat
 * those roundings so that the net sees the same numbers.
 *
 * @param meanBgr the per-channel mean in B, G, R order (e.g. the ILSVRC 2012 mean averaged over each channel)
 */
public record CaffeTransform(double[] meanBgr) {
    private static final float RAW_SCALE = 255f;

    public CaffeTransform {
        Objects.requireNonNull(meanBgr, "meanBgr");
        if (meanBgr.length != 3) {
            throw new IllegalArgumentException("meanBgr needs 3 values (B, G, R), got " + meanBgr.length);
        }
        meanBgr = meanBgr.clone();
    }

    @Override
    public double[] meanBgr() {
        return meanBgr.clone();
    }

    /** HxWx3 RGB in [0, 1] to 3xHxW BGR, times 255, minus the mean: the net's data blob for this image. */
    public float[] preprocess(Image image) {
        int plane = image.pixels();
        double[] rgb = image.rgb();
        float[] chw = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            int source = 2 - c; // BGR plane c takes RGB channel 2 - c
            double mean = meanBgr[c];
            int o = c * plane;
            for (int p = 0; p < plane; p++) {
                float scaled = (float) rgb[p * 3 + source] * RAW_SCALE;
                chw[o + p] = (float) (scaled - mean);
            }
        }
        return chw;
    }

    /**
     * The inverse of {@link #preprocess} for a float32 data blob, as Caffe computes it in float32: plus the
     * mean, divided by 255, BGR to RGB, HxWx3. No clipping: values may leave [0, 1].
     */
    public Image deprocess(float[] chw, int height, int width) {
        int plane = checkedPlane(chw.length, height, width);
        double[] rgb = new double[3 * plane];
        for (int c = 0; c < 3; c++) {
            int target = 2 - c;
            double mean = meanBgr[c];
            int o = c * plane;
            for (int p = 0; p < plane; p++) {
                float shifted = (float) (chw[o + p] + mean);
                rgb[p * 3 + target] = shifted / RAW_SCALE;
            }
        }
        return new Image(height, width, rgb);
    }

    /** The inverse of {@link #preprocess} in double precision, for float64 vectors such as the optimiser's. */
    public Image deprocess(double[] chw, int height, int width) {
        int plane = checkedPlane(chw.length, height, width);
        double[] rgb = new double[3 * plane];
        for (int c = 0; c < 3; c++) {
            int target = 2 - c;
            double mean = meanBgr[c];
            int o = c * plane;
            for (int p = 0; p < plane; p++) {
                rgb[p * 3 + target] = (chw[o + p] + mean) / 255.0;
            }
        }
        return new Image(height, width, rgb);
    }

    private static int checkedPlane(int length, int height, int width) {
        if (height < 1 || width < 1 || (long) 3 * height * width != length) {
            throw new IllegalArgumentException("a 3x" + height + "x" + width + " blob needs "
                    + (3L * Math.max(height, 0) * Math.max(width, 0)) + " values, got " + length);
        }
        return height * width;
    }
}
