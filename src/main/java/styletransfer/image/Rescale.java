package styletransfer.image;

/**
 * Resampling as scikit-image 0.13 does it with the defaults the reference uses ({@code rescale(img, s)}:
 * order 1 (bilinear), mode 'constant' with cval 0, clip, no anti-aliasing).
 *
 * <p>For an output of {@code H x W} from an input of {@code h x w}, output pixel (i, j) samples the input at
 * row {@code (h/H)(i + 0.5) - 0.5} and column {@code (w/W)(j + 0.5) - 0.5}, each channel on its own. The four
 * taps are combined in 0.13's order, {@code (1-dr)*((1-dc)*tl + dc*tr) + dr*((1-dc)*bl + dc*br)}, so results
 * agree with it to rounding of the mapping; taps outside the image count as 0. The result is clipped to the
 * minimum and maximum over all values of the input.
 */
public final class Rescale {
    private Rescale() {}

    /**
     * {@code skimage.transform.rescale(image, scale)} of 0.13: the output is {@code round(scale*h) x round(scale*w)},
     * rounding halves to even as {@code np.round} does (so 6.5 becomes 6).
     *
     * @throws IllegalArgumentException if scale is not a positive finite number or a side would become 0
     */
    public static Image rescale(Image image, double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a positive finite number, got " + scale);
        }
        double rows = Math.rint(scale * image.height());
        double cols = Math.rint(scale * image.width());
        if (rows < 1 || cols < 1 || rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("rescaling " + image.height() + "x" + image.width() + " by " + scale
                    + " gives " + (long) rows + "x" + (long) cols + ", which is not a usable image size");
        }
        return resize(image, (int) rows, (int) cols);
    }

    /**
     * {@code skimage.transform.resize(image, (height, width))} of 0.13 with mode 'constant': the same bilinear
     * sampling to an exact size (the 'mixed' start point resizes the style image to the content size).
     *
     * <p>0.13 estimates this map from three corner points (and uses a pure translation for a 1x1 output); the
     * estimate equals the formula above to about 1e-13. For a 1-row or 1-column output the points are
     * collinear, which leaves only the coefficient of the constant coordinate free, and it multiplies 0.
     */
    public static Image resize(Image image, int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("target size must be at least 1x1, got " + height + "x" + width);
        }
        if (3L * height * width > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("target size " + height + "x" + width + " is too large");
        }
        Taps rowTaps = Taps.of(image.height(), height);
        Taps colTaps = Taps.of(image.width(), width);
        double[] in = image.rgb();

        // Bilinear interpolation is separable: interpolating each needed source row along x first and then
        // between two such rows performs exactly 0.13's arithmetic ("top", "bottom", then the blend), with the
        // cost of the first pass shared by every output row that uses the source row.
        boolean[] needed = new boolean[image.height()];
        for (int i = 0; i < height; i++) {
            if (rowTaps.w0[i] != 0) needed[rowTaps.i0[i]] = true;
            if (rowTaps.w1[i] != 0) needed[rowTaps.i1[i]] = true;
        }
        int stride = width * 3;
        double[][] horizontal = new double[image.height()][];
        for (int r = 0; r < image.height(); r++) {
            if (!needed[r]) continue;
            double[] row = new double[stride];
            int base = r * image.width() * 3;
            for (int j = 0; j < width; j++) {
                int a = base + colTaps.i0[j] * 3;
                int b = base + colTaps.i1[j] * 3;
                double wa = colTaps.w0[j];
                double wb = colTaps.w1[j];
                for (int ch = 0; ch < 3; ch++) {
                    // An outside tap has weight 0 and index clamped inside, so it adds exactly 0 like cval.
                    row[j * 3 + ch] = wa * in[a + ch] + wb * in[b + ch];
                }
            }
            horizontal[r] = row;
        }

        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : in) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        // 0.13 keeps outputs equal to cval unclipped when cval lies outside [min, max]. That never happens here:
        // every sample has an inside tap of weight >= 1/4 and all weights are >= 0, so an all-positive (or
        // all-negative) input cannot produce an exact 0.
        double[] out = new double[height * stride];
        double[] zero = new double[stride];
        for (int i = 0; i < height; i++) {
            double[] top = rowTaps.w0[i] != 0 ? horizontal[rowTaps.i0[i]] : zero;
            double[] bottom = rowTaps.w1[i] != 0 ? horizontal[rowTaps.i1[i]] : zero;
            double wt = rowTaps.w0[i];
            double wb = rowTaps.w1[i];
            int o = i * stride;
            for (int k = 0; k < stride; k++) {
                double v = wt * top[k] + wb * bottom[k];
                out[o + k] = v < min ? min : (v > max ? max : v);
            }
        }
        return new Image(height, width, out);
    }

    /**
     * For each output index along one axis: the two input taps (floor and ceil of the source coordinate)
     * and their weights {@code 1-d} and {@code d}. A tap outside the input gets weight 0 (cval 0 times its
     * weight) and a clamped index so that reading it is safe.
     */
    private record Taps(int[] i0, int[] i1, double[] w0, double[] w1) {
        static Taps of(int inSize, int outSize) {
            int[] i0 = new int[outSize];
            int[] i1 = new int[outSize];
            double[] w0 = new double[outSize];
            double[] w1 = new double[outSize];
            double ratio = (double) inSize / outSize;
            for (int k = 0; k < outSize; k++) {
                double x = ratio * (k + 0.5) - 0.5;
                long lo = (long) Math.floor(x);
                long hi = (long) Math.ceil(x);
                double d = x - lo;
                boolean loInside = lo >= 0 && lo < inSize;
                boolean hiInside = hi >= 0 && hi < inSize;
                i0[k] = (int) Math.max(0, Math.min(inSize - 1, lo));
                i1[k] = (int) Math.max(0, Math.min(inSize - 1, hi));
                w0[k] = loInside ? 1 - d : 0;
                w1[k] = hiInside ? d : 0;
            }
            return new Taps(i0, i1, w0, w1);
        }
    }
}
