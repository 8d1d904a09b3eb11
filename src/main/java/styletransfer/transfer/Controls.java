package styletransfer.transfer;

import java.util.Arrays;

/**
 * Artist controls beyond the reference. {@link #reference()} turns every one off, which is the reference's
 * behaviour exactly; each is applied only when set.
 *
 * @param styleScale     size of the style image relative to its fitted scale (the reference's fixed 1.2)
 * @param styleBlend     one weight per style image, summing to 1 (null: one style image, weight 1)
 * @param tvWeight       weight of the total-variation smoothness term (0: none)
 * @param originalColors transfer on luminance only and keep the content's colours (YIQ)
 * @param optimizer      L-BFGS-B (the reference's) or Adam
 * @param learningRate   Adam's step size, in pixel units of the preprocessed image
 */
public record Controls(double styleScale, double[] styleBlend, double tvWeight, boolean originalColors,
                       Optimizer optimizer, double learningRate) {
    /** The reference enlarges the style image by this factor relative to its own fitted scale. */
    public static final double REFERENCE_STYLE_SCALE = 1.2;

    public enum Optimizer { LBFGS, ADAM }

    public Controls {
        if (!(styleScale > 0) || !Double.isFinite(styleScale)) {
            throw new IllegalArgumentException("style scale must be a positive number: " + styleScale);
        }
        styleBlend = styleBlend == null ? null : styleBlend.clone();
    }

    public static Controls reference() {
        return new Controls(REFERENCE_STYLE_SCALE, null, 0, false, Optimizer.LBFGS, 10);
    }

    public Controls withStyleScale(double s) {
        return new Controls(s, styleBlend, tvWeight, originalColors, optimizer, learningRate);
    }

    public Controls withStyleBlend(double[] blend) {
        return new Controls(styleScale, blend, tvWeight, originalColors, optimizer, learningRate);
    }

    public Controls withTvWeight(double w) {
        return new Controls(styleScale, styleBlend, w, originalColors, optimizer, learningRate);
    }

    public Controls withOriginalColors(boolean on) {
        return new Controls(styleScale, styleBlend, tvWeight, on, optimizer, learningRate);
    }

    public Controls withOptimizer(Optimizer o, double rate) {
        return new Controls(styleScale, styleBlend, tvWeight, originalColors, o, rate);
    }

    /** The blend weights for {@code n} style images: as given, or 1 for a single image. */
    double[] blendFor(int n) {
        if (styleBlend == null) {
            if (n != 1) {
                throw new IllegalArgumentException(n + " style images need blend weights");
            }
            return new double[] {1};
        }
        if (styleBlend.length != n) {
            throw new IllegalArgumentException(n + " style images but " + styleBlend.length + " blend weights");
        }
        return styleBlend.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Controls c && c.styleScale == styleScale && Arrays.equals(c.styleBlend, styleBlend)
                && c.tvWeight == tvWeight && c.originalColors == originalColors && c.optimizer == optimizer
                && c.learningRate == learningRate;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new double[] {styleScale, tvWeight, learningRate}) * 31 + Arrays.hashCode(styleBlend);
    }
}
