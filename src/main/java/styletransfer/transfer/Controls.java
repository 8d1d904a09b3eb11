package styletransfer.transfer;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import styletransfer.model.LayerWeight;

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
 * @param contentLayers  content layers replacing the model's (null: the model's)
 * @param styleLayers    style layers replacing the model's (null: the model's)
 * @param scales         coarse to fine: one run per scale, each from the previous result (empty: one run at the
 *                       settings' length and iterations)
 */
public record Controls(double styleScale, double[] styleBlend, double tvWeight, boolean originalColors,
                       Optimizer optimizer, double learningRate, List<LayerWeight> contentLayers,
                       List<LayerWeight> styleLayers, List<Scale> scales) {
    /** The reference enlarges the style image by this factor relative to its own fitted scale. */
    public static final double REFERENCE_STYLE_SCALE = 1.2;

    /** The optimiser of a run. */
    public enum Optimizer {
        /** L-BFGS-B, the reference's. */
        LBFGS,
        /** Adam, with less memory at high resolution. */
        ADAM
    }

    /** One scale of a coarse-to-fine run: its length (longest side) and its iterations. */
    public record Scale(double length, int iterations) {}

    public Controls {
        if (!(styleScale > 0) || !Double.isFinite(styleScale)) {
            throw new IllegalArgumentException("style scale must be a positive number: " + styleScale);
        }
        styleBlend = styleBlend == null ? null : styleBlend.clone();
        contentLayers = contentLayers == null ? null : List.copyOf(contentLayers);
        styleLayers = styleLayers == null ? null : List.copyOf(styleLayers);
        scales = List.copyOf(scales);
        for (Scale s : scales) {
            if (!(s.length() >= 1) || !Double.isFinite(s.length()) || s.iterations() < 1) {
                throw new IllegalArgumentException("a scale needs a length >= 1 and at least 1 iteration: " + s);
            }
        }
    }

    /** Every control off: the reference's run. */
    public static Controls reference() {
        return new Controls(REFERENCE_STYLE_SCALE, null, 0, false, Optimizer.LBFGS, 10, null, null, List.of());
    }

    public Controls withStyleScale(double s) {
        return new Controls(s, styleBlend, tvWeight, originalColors, optimizer, learningRate, contentLayers,
                styleLayers, scales);
    }

    public Controls withStyleBlend(double[] blend) {
        return new Controls(styleScale, blend, tvWeight, originalColors, optimizer, learningRate, contentLayers,
                styleLayers, scales);
    }

    public Controls withTvWeight(double w) {
        return new Controls(styleScale, styleBlend, w, originalColors, optimizer, learningRate, contentLayers,
                styleLayers, scales);
    }

    public Controls withOriginalColors(boolean on) {
        return new Controls(styleScale, styleBlend, tvWeight, on, optimizer, learningRate, contentLayers,
                styleLayers, scales);
    }

    public Controls withOptimizer(Optimizer o, double rate) {
        return new Controls(styleScale, styleBlend, tvWeight, originalColors, o, rate, contentLayers, styleLayers,
                scales);
    }

    /** Content and style layers replacing the model's; null keeps the model's. */
    public Controls withLayers(List<LayerWeight> content, List<LayerWeight> style) {
        return new Controls(styleScale, styleBlend, tvWeight, originalColors, optimizer, learningRate, content,
                style, scales);
    }

    /** Coarse to fine; an empty list is one run. */
    public Controls withScales(List<Scale> newScales) {
        return new Controls(styleScale, styleBlend, tvWeight, originalColors, optimizer, learningRate,
                contentLayers, styleLayers, newScales);
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
    public double[] styleBlend() {
        return styleBlend == null ? null : styleBlend.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Controls c && c.styleScale == styleScale && Arrays.equals(c.styleBlend, styleBlend)
                && c.tvWeight == tvWeight && c.originalColors == originalColors && c.optimizer == optimizer
                && c.learningRate == learningRate && Objects.equals(c.contentLayers, contentLayers)
                && Objects.equals(c.styleLayers, styleLayers) && c.scales.equals(scales);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(new double[] {styleScale, tvWeight, learningRate}),
                Arrays.hashCode(styleBlend), contentLayers, styleLayers, scales);
    }

    @Override
    public String toString() {
        return "Controls[styleScale=" + styleScale + ", styleBlend=" + Arrays.toString(styleBlend) + ", tvWeight="
                + tvWeight + ", originalColors=" + originalColors + ", optimizer=" + optimizer + ", learningRate="
                + learningRate + ", contentLayers=" + contentLayers + ", styleLayers=" + styleLayers + ", scales="
                + scales + "]";
    }
}
