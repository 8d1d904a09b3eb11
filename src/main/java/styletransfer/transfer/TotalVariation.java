package styletransfer.transfer;

/**
 * A smoothness term on the image itself: {@code weight/2 * sum over channels and pixels of (right - here)^2 +
 * (below - here)^2}, in the preprocessed image's units (0..255). It damps the high-frequency noise that the
 * style term alone leaves, as in Johnson's and Mahendran-Vedaldi's formulations.
 */
public record TotalVariation(double weight, int height, int width) {
    public TotalVariation {
        if (!(weight >= 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("TV weight must be a finite number >= 0: " + weight);
        }
    }

    /** Adds the term's gradient at x (3xHxW, channel-major) into grad and returns the term's value. */
    public double addTo(double[] x, double[] grad) {
        if (weight == 0) {
            return 0;
        }
        double sum = 0;
        int plane = height * width;
        for (int c = 0; c < 3; c++) {
            int base = c * plane;
            for (int y = 0; y < height; y++) {
                for (int xx = 0; xx < width; xx++) {
                    int i = base + y * width + xx;
                    if (xx + 1 < width) {
                        double d = x[i + 1] - x[i];
                        sum += d * d;
                        grad[i + 1] += weight * d;
                        grad[i] -= weight * d;
                    }
                    if (y + 1 < height) {
                        double d = x[i + width] - x[i];
                        sum += d * d;
                        grad[i + width] += weight * d;
                        grad[i] -= weight * d;
                    }
                }
            }
        }
        return weight / 2 * sum;
    }
}
