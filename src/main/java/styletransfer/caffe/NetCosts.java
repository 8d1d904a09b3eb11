package styletransfer.caffe;

import org.bytedeco.caffe.FloatBlob;
import org.bytedeco.caffe.FloatLayer;
import org.bytedeco.caffe.FloatNet;

/** What a net costs at its current shape: the work of a pass and the memory of its blobs, weights and workspaces. */
public final class NetCosts {
    private NetCosts() {}

    /**
     * Multiply-add work of the convolution and inner-product layers in [from, to] for one forward pass at the
     * current shape, counted as 2 FLOPs per multiply-add: for each output value, one MAC per weight of its filter.
     * A backward pass costs the same again for the data gradient and again for the weight gradient.
     */
    public static double forwardFlops(CaffeNet caffeNet, int from, int to) {
        FloatNet net = caffeNet.nativeNet();
        double flops = 0;
        for (int i = from; i <= to; i++) {
            FloatLayer layer = net.layers().get(i);
            String type = NetFiles.text(layer.type());
            if ((type.equals("Convolution") || type.equals("InnerProduct") || type.equals("Deconvolution"))
                    && layer.blobs().size() > 0) {
                FloatBlob weights = layer.blobs().get(0);
                double perOutput = (double) weights.count() / weights.shape(0);
                long outputs = net.top_vecs().get(i).get(0).count();
                flops += 2 * perOutput * outputs;
            }
        }
        return flops;
    }


    /** Bytes of all blobs (data and diff) and weights at the current shape: the net's share of memory. */
    public static long memoryBytes(CaffeNet caffeNet) {
        FloatNet net = caffeNet.nativeNet();
        long floats = 0;
        for (String b : caffeNet.blobNames()) {
            floats += 2L * caffeNet.blob(b).count();
        }
        for (long i = 0; i < net.params().size(); i++) {
            floats += 2L * net.params().get(i).count();
        }
        return floats * Float.BYTES;
    }

    /**
     * Floats of the im2col buffers of the convolutions at the current shape: Caffe keeps one per layer that is
     * not a plain 1x1 convolution, sized kernel volume x output positions, allocated on the first pass.
     */
    public static long convolutionWorkspaceFloats(CaffeNet caffeNet) {
        FloatNet net = caffeNet.nativeNet();
        long floats = 0;
        for (long i = 0; i < net.layers().size(); i++) {
            FloatLayer layer = net.layers().get(i);
            String type = NetFiles.text(layer.type());
            if ((type.equals("Convolution") || type.equals("Deconvolution")) && layer.blobs().size() > 0) {
                FloatBlob w = layer.blobs().get(0);
                if (w.num_axes() == 4 && w.shape(2) * w.shape(3) == 1) {
                    continue;
                }
                FloatBlob top = net.top_vecs().get(i).get(0);
                long positions = top.count() / Math.max(1, (long) top.shape(0) * top.shape(1));
                floats += (w.count() / Math.max(1, w.shape(0))) * positions;
            }
        }
        return floats;
    }
}
