package styletransfer.transfer;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import styletransfer.caffe.BlobFloats;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.FeatureMath;
import styletransfer.caffe.OwnedFloats;

/**
 * What the image is pulled towards: the Gram matrices of the style image at the style layers (unnormalised, as
 * the reference keeps them) and the feature matrices of the content image at the content layers.
 */
public final class Targets implements AutoCloseable {
    private final Map<String, OwnedFloats> grams = new HashMap<>();
    private final Map<String, OwnedFloats> features = new HashMap<>();

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
                        OwnedFloats target = t.grams.computeIfAbsent(l.blob(), b -> OwnedFloats.allocate(nn));
                        try (OwnedFloats g = OwnedFloats.allocate(nn)) {
                            FeatureMath.gram(net.data(l.blob()), l.channels(), l.positions(), g);
                            FloatBuffer src = g.buffer(nn);
                            FloatBuffer dst = target.buffer();
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
                    BlobFloats data = net.data(l.blob());
                    OwnedFloats f = OwnedFloats.allocate(l.size());
                    t.features.put(l.blob(), f);
                    f.copyFrom(data, l.size());
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
        return grams.get(blob).buffer();
    }

    FloatBuffer features(String blob) {
        return features.get(blob).buffer();
    }

    @Override
    public void close() {
        grams.values().forEach(OwnedFloats::close);
        features.values().forEach(OwnedFloats::close);
        grams.clear();
        features.clear();
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
