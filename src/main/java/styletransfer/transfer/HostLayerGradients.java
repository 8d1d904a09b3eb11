package styletransfer.transfer;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import styletransfer.caffe.CaffeNet;

/** The weighted layers' losses and gradients in host memory, in the reference's float32 arithmetic (OpenBLAS). */
final class HostLayerGradients implements LayerGradients {
    private final CaffeNet net;
    private final Targets targets;
    private final double ratio;
    // Scratch per style layer, allocated once: N x N for G - A, N x M for (G - A) F.
    private final List<FloatPointer> gramBuffers = new ArrayList<>();
    private final List<FloatPointer> gradBuffers = new ArrayList<>();

    HostLayerGradients(CaffeNet net, LayerPlan plan, Targets targets, double ratio) {
        this.net = net;
        this.targets = targets;
        this.ratio = ratio;
        for (WeightedLayer l : plan.layers()) {
            gramBuffers.add(l.style() ? new FloatPointer((long) l.channels() * l.channels()) : null);
            gradBuffers.add(l.style() ? new FloatPointer((long) l.size()) : null);
        }
    }

    @Override
    public void clearDiff(WeightedLayer layer) {
        FloatBuffer diff = FeatureMath.view(net.diff(layer.blob()), layer.size());
        for (int i = 0; i < diff.capacity(); i++) {
            diff.put(i, 0f);
        }
    }

    @Override
    public double addStyle(int index, WeightedLayer l) {
        return LayerLoss.style(net.data(l.blob()), l.channels(), l.positions(), targets.gram(l.blob()),
                l.styleWeight(), ratio, gramBuffers.get(index), gradBuffers.get(index), diff(l));
    }

    @Override
    public double addContent(int index, WeightedLayer l) {
        return LayerLoss.content(net.data(l.blob()), l.size(), targets.features(l.blob()), l.contentWeight(), diff(l));
    }

    private FloatBuffer diff(WeightedLayer l) {
        return FeatureMath.view(net.diff(l.blob()), l.size());
    }

    @Override
    public void close() {
        for (FloatPointer p : gramBuffers) {
            if (p != null) {
                p.close();
            }
        }
        for (FloatPointer p : gradBuffers) {
            if (p != null) {
                p.close();
            }
        }
    }
}
