package styletransfer.transfer;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import styletransfer.caffe.CaffeNet;

/**
 * What the image is pulled towards: the Gram matrices of the style image at the style layers (unnormalised, as
 * the reference keeps them) and the feature matrices of the content image at the content layers.
 */
public final class Targets implements AutoCloseable {
    private final Map<String, Matrix> grams = new HashMap<>();
    private final Map<String, Matrix> features = new HashMap<>();

    private Targets() {}

    /**
     * Runs the net on the style image and then on the content image (each given as preprocessed 3xHxW), leaving
     * the net shaped for the content image, as the reference does.
     */
    public static Targets compute(CaffeNet net, LayerPlan plan, Input style, Input content, Schedule schedule) {
        return compute(net, plan, List.of(style), new double[] {1}, content, schedule);
    }

    /**
     * As {@link #compute(CaffeNet, LayerPlan, Input, Input, Schedule)} with several style images whose Gram
     * matrices are mixed with the given weights (which must sum to 1).
     */
    public static Targets compute(CaffeNet net, LayerPlan plan, List<Input> styles, double[] blend, Input content,
                                  Schedule schedule) {
        if (styles.isEmpty() || styles.size() != blend.length) {
            throw new IllegalArgumentException(styles.size() + " style images but " + blend.length + " blend weights");
        }
        Targets t = new Targets();
        try {
            for (int s = 0; s < styles.size(); s++) {
                LayerPlan sized = forward(net, plan, styles.get(s), schedule);
                for (WeightedLayer l : sized.layers()) {
                    if (l.style()) {
                        long nn = (long) l.channels() * l.channels();
                        Matrix target = t.grams.computeIfAbsent(l.blob(), b -> new Matrix(new FloatPointer(nn), nn));
                        try (FloatPointer g = new FloatPointer(nn)) {
                            FeatureMath.gram(net.data(l.blob()), l.channels(), l.positions(), g);
                            FloatBuffer src = FeatureMath.view(g, nn);
                            FloatBuffer dst = target.view();
                            // One style image has weight 1, which leaves its Gram matrix exactly as computed.
                            for (int k = 0; k < nn; k++) {
                                dst.put(k, (s == 0 ? 0f : dst.get(k)) + (float) (blend[s] * src.get(k)));
                            }
                        }
                    }
                }
            }
            LayerPlan sized = forward(net, plan, content, schedule);
            for (WeightedLayer l : sized.layers()) {
                if (l.content()) {
                    FloatPointer f = new FloatPointer((long) l.size());
                    Pointer.memcpy(f, net.data(l.blob()), (long) l.size() * Float.BYTES);
                    t.features.put(l.blob(), new Matrix(f, l.size()));
                }
            }
            return t;
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    private static LayerPlan forward(CaffeNet net, LayerPlan plan, Input in, Schedule schedule) {
        net.reshapeInput(in.height(), in.width());
        net.setInput(in.chw());
        net.forwardTo(plan.forwardEnd(schedule));
        return plan.sizedFor(net);
    }

    FloatBuffer gram(String blob) {
        return grams.get(blob).view();
    }

    FloatBuffer features(String blob) {
        return features.get(blob).view();
    }

    @Override
    public void close() {
        grams.values().forEach(m -> m.data().close());
        features.values().forEach(m -> m.data().close());
        grams.clear();
        features.clear();
    }

    /** A native float matrix and its element count. */
    private record Matrix(FloatPointer data, long size) {
        FloatBuffer view() {
            return FeatureMath.view(data, size);
        }
    }

    /** A preprocessed image: 3xHxW, BGR, mean subtracted. */
    public record Input(float[] chw, int height, int width) {
        public Input {
            if (chw.length != 3 * height * width) {
                throw new IllegalArgumentException("expected 3x" + height + "x" + width + " values, got " + chw.length);
            }
        }
    }
}
