package styletransfer.image;

/**
 * Colour control of Gatys et al., "Controlling Perceptual Factors in Neural Style Transfer" (2017): transfer the
 * style on luminance only, then put the content's colour back. We use YIQ (NTSC), where Y is luminance and I, Q carry
 * the chrominance; the style's luminance is first matched to the content's mean and deviation, as the paper does.
 */
public final class Colors {
    private static final double[][] RGB_TO_YIQ = {
        {0.299, 0.587, 0.114},
        {0.595716, -0.274453, -0.321263},
        {0.211456, -0.522591, 0.311135},
    };
    private static final double[][] YIQ_TO_RGB = invert(RGB_TO_YIQ);

    private Colors() {}

    /** The image's luminance Y, one value per pixel. */
    public static double[] luminance(Image image) {
        double[] rgb = image.rgb();
        double[] y = new double[image.height() * image.width()];
        for (int p = 0; p < y.length; p++) {
            y[p] = RGB_TO_YIQ[0][0] * rgb[3 * p] + RGB_TO_YIQ[0][1] * rgb[3 * p + 1] + RGB_TO_YIQ[0][2] * rgb[3 * p + 2];
        }
        return y;
    }

    /** A grey picture (Y in all three channels) of the image's luminance. */
    public static Image luminanceImage(Image image) {
        return grey(luminance(image), image.height(), image.width());
    }

    /**
     * The style's luminance picture with its mean and standard deviation matched to the content's luminance, so the
     * transfer does not shift the content's overall brightness and contrast.
     */
    public static Image matchedLuminance(Image style, Image content) {
        double[] ys = luminance(style);
        double[] yc = luminance(content);
        double ms = mean(ys);
        double mc = mean(yc);
        double ss = std(ys, ms);
        double sc = std(yc, mc);
        double gain = ss == 0 ? 1 : sc / ss;
        for (int i = 0; i < ys.length; i++) {
            ys[i] = gain * (ys[i] - ms) + mc;
        }
        return grey(ys, style.height(), style.width());
    }

    /** The painted picture's luminance with the content's chrominance (I, Q); both must be the same size. */
    public static Image withColorsOf(Image painted, Image content) {
        if (painted.height() != content.height() || painted.width() != content.width()) {
            throw new IllegalArgumentException("sizes differ: " + painted.height() + "x" + painted.width() + " and "
                    + content.height() + "x" + content.width());
        }
        double[] y = luminance(painted);
        double[] c = content.rgb();
        double[] out = new double[c.length];
        for (int p = 0; p < y.length; p++) {
            double r = c[3 * p];
            double g = c[3 * p + 1];
            double b = c[3 * p + 2];
            double i = RGB_TO_YIQ[1][0] * r + RGB_TO_YIQ[1][1] * g + RGB_TO_YIQ[1][2] * b;
            double q = RGB_TO_YIQ[2][0] * r + RGB_TO_YIQ[2][1] * g + RGB_TO_YIQ[2][2] * b;
            for (int k = 0; k < 3; k++) {
                double v = YIQ_TO_RGB[k][0] * y[p] + YIQ_TO_RGB[k][1] * i + YIQ_TO_RGB[k][2] * q;
                out[3 * p + k] = Math.min(1, Math.max(0, v));
            }
        }
        return new Image(painted.height(), painted.width(), out);
    }

    /** The chrominance (I, Q) per pixel, interleaved; for tests and diagnostics. */
    public static double[] chrominance(Image image) {
        double[] rgb = image.rgb();
        double[] iq = new double[2 * image.height() * image.width()];
        for (int p = 0; p < iq.length / 2; p++) {
            for (int k = 0; k < 2; k++) {
                iq[2 * p + k] = RGB_TO_YIQ[k + 1][0] * rgb[3 * p] + RGB_TO_YIQ[k + 1][1] * rgb[3 * p + 1]
                        + RGB_TO_YIQ[k + 1][2] * rgb[3 * p + 2];
            }
        }
        return iq;
    }

    private static Image grey(double[] y, int h, int w) {
        double[] rgb = new double[3 * y.length];
        for (int p = 0; p < y.length; p++) {
            rgb[3 * p] = y[p];
            rgb[3 * p + 1] = y[p];
            rgb[3 * p + 2] = y[p];
        }
        return new Image(h, w, rgb);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    private static double std(double[] v, double mean) {
        double s = 0;
        for (double d : v) {
            s += (d - mean) * (d - mean);
        }
        return Math.sqrt(s / v.length);
    }

    private static double[][] invert(double[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int i1 = (j + 1) % 3;
                int i2 = (j + 2) % 3;
                int j1 = (i + 1) % 3;
                int j2 = (i + 2) % 3;
                r[i][j] = (m[i1][j1] * m[i2][j2] - m[i1][j2] * m[i2][j1]) / det;
            }
        }
        return r;
    }
}
