package styletransfer.transfer;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * One weighted layer's loss and its gradient with respect to the layer's features F (N channels x M positions),
 * in the reference's float32 arithmetic. The gradient is added into {@code diff} where F &gt; 0: the backward pass
 * starts below the blob's in-place ReLU, so the mask plays the ReLU's part.
 */
final class LayerLoss {
    private LayerLoss() {}

    /**
     * Style: {@code weight * ratio * c/4 * |G - A|^2} with G = F F^T and c = 1/(N^2 M^2); gradient
     * {@code weight * ratio * c * (G - A) F}. {@code gram} (N x N) and {@code grad} (N x M) are scratch buffers.
     */
    static double style(FloatPointer f, int n, int m, FloatBuffer target, double weight, double ratio,
                        FloatPointer gram, FloatPointer grad, FloatBuffer diff) {
        FeatureMath.gram(f, n, m, gram);
        FloatBuffer e = FeatureMath.view(gram, (long) n * n);
        double sum = 0;
        for (int k = 0; k < n * n; k++) {
            float d = e.get(k) - target.get(k);
            e.put(k, d);
            sum += (double) d * d;
        }
        double c = 1.0 / ((double) n * n * (double) m * m);
        FeatureMath.times(gram, f, n, m, grad);
        long size = (long) n * m;
        FloatBuffer eg = FeatureMath.view(grad, size);
        FloatBuffer fv = FeatureMath.view(f, size);
        // numpy's order: (c * (E F)) masked, then * weight, then * ratio, each rounded to float32.
        float c32 = (float) c;
        float w32 = (float) weight;
        float r32 = (float) ratio;
        for (int k = 0; k < size; k++) {
            if (fv.get(k) > 0) {
                diff.put(k, diff.get(k) + (c32 * eg.get(k)) * w32 * r32);
            }
        }
        return weight * ratio * c / 4 * sum;
    }

    /** Content: {@code weight/2 * |F - P|^2}, gradient {@code weight * (F - P)}. */
    static double content(FloatPointer f, int size, FloatBuffer target, double weight, FloatBuffer diff) {
        FloatBuffer fv = FeatureMath.view(f, size);
        float w32 = (float) weight;
        double sum = 0;
        for (int k = 0; k < size; k++) {
            float fk = fv.get(k);
            float d = fk - target.get(k);
            sum += (double) d * d;
            if (fk > 0) {
                diff.put(k, diff.get(k) + w32 * d);
            }
        }
        return weight * sum / 2;
    }
}
