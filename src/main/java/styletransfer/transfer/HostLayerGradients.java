package styletransfer.transfer;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.OwnedFloats;
import styletransfer.optim.HelperThread;

/** The weighted layers' losses and gradients in host memory, in the reference's float32 arithmetic (OpenBLAS). */
final class HostLayerGradients implements LayerGradients {
    private final CaffeNet net;
    private final Targets targets;
    private final double ratio;
    // Scratch per style layer, allocated once: N x N for G - A, N x M for (G - A) F.
    private final List<OwnedFloats> gramBuffers = new ArrayList<>();
    private final List<OwnedFloats> gradBuffers = new ArrayList<>();
    /**
     * A second thread for the element-wise Java work (OpenBLAS's threads idle between its calls), or null on one
     * CPU. It never calls into Caffe: it only reads and writes the blobs' host buffers that this thread hands it.
     */
    private final HelperThread helper;
    private final LayerLoss.Pair pair;
    // The element passes' chunk arrays: the first for this thread, the second for the helper.
    private final LayerLoss.Scratch scratchA = new LayerLoss.Scratch();
    private final LayerLoss.Scratch scratchB = new LayerLoss.Scratch();

    HostLayerGradients(CaffeNet net, LayerPlan plan, Targets targets, double ratio) {
        this.net = net;
        this.targets = targets;
        this.ratio = ratio;
        if (Runtime.getRuntime().availableProcessors() > 1) {
            helper = new HelperThread("loss-helper");
            pair = helper::run;
        } else {
            helper = null;
            pair = LayerLoss.Pair.SEQUENTIAL;
        }
        try {
            for (WeightedLayer l : plan.layers()) {
                gramBuffers.add(l.style() ? OwnedFloats.allocate((long) l.channels() * l.channels()) : null);
                gradBuffers.add(l.style() ? OwnedFloats.allocate(l.size()) : null);
            }
        } catch (RuntimeException | Error e) {
            close(); // what was allocated before the failure, and the helper thread
            throw e;
        }
    }

    @Override
    public void clearDiff(WeightedLayer layer) {
        net.diff(layer.blob()).zero(layer.size());
    }

    @Override
    public double addStyle(int index, WeightedLayer l) {
        return LayerLoss.style(net.data(l.blob()), l.channels(), l.positions(), targets.gram(l.blob()),
                l.styleWeight(), ratio, gramBuffers.get(index), gradBuffers.get(index), diff(l), pair, scratchA,
                scratchB);
    }

    @Override
    public double addContent(int index, WeightedLayer l) {
        return LayerLoss.content(net.data(l.blob()), l.size(), targets.features(l.blob()), l.contentWeight(), diff(l),
                pair, scratchA, scratchB);
    }

    private FloatBuffer diff(WeightedLayer l) {
        return net.diff(l.blob()).buffer(l.size());
    }

    @Override
    public void close() {
        if (helper != null) {
            helper.close();
        }
        for (OwnedFloats p : gramBuffers) {
            if (p != null) {
                p.close();
            }
        }
        for (OwnedFloats p : gradBuffers) {
            if (p != null) {
                p.close();
            }
        }
    }
}
