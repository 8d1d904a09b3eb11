package styletransfer.caffe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.caffe.BlobProto;
import org.bytedeco.caffe.BlobShape;
import org.bytedeco.caffe.FloatBlob;
import org.bytedeco.caffe.FloatBlobSharedVector;
import org.bytedeco.caffe.FloatLayerSharedVector;
import org.bytedeco.caffe.FloatNet;
import org.bytedeco.caffe.LayerParameter;
import org.bytedeco.caffe.NetParameter;
import org.bytedeco.caffe.StringVector;

/**
 * Trained weights against a net, compared the way Caffe's CopyTrainedLayersFrom will: by layer name, blob count,
 * blob shape and number of values, so that a caffemodel that does not fit is reported instead of a CHECK failure
 * that aborts the JVM (or layers silently left with random weights).
 */
final class WeightCheck {
    private WeightCheck() {}

    /** Learnable parameter shapes of every layer of a built net, in net order. */
    static Map<String, List<int[]>> paramShapes(FloatNet net) {
        Map<String, List<int[]>> paramShapes = new LinkedHashMap<>();
        StringVector layerNames = net.layer_names();
        FloatLayerSharedVector netLayers = net.layers();
        for (long i = 0; i < layerNames.size(); i++) {
            FloatBlobSharedVector blobs = netLayers.get(i).blobs();
            List<int[]> shapes = new ArrayList<>();
            for (long j = 0; j < blobs.size(); j++) {
                shapes.add(shapeOf(blobs.get(j)));
            }
            paramShapes.put(layerNames.get(i).getString(), shapes);
        }
        return paramShapes;
    }

    /** The mismatches between trained weights and a net's parameter shapes (see {@link NetDescription#checkWeights}). */
    static List<WeightMismatch> compare(NetParameter weights, Map<String, List<int[]>> paramShapes) {
        Map<String, List<SourceBlob>> source = new HashMap<>();
        for (int i = 0; i < weights.layer_size(); i++) {
            LayerParameter layer = weights.layer(i);
            List<SourceBlob> blobs = new ArrayList<>();
            for (int j = 0; j < layer.blobs_size(); j++) {
                blobs.add(SourceBlob.of(layer.blobs(j)));
            }
            source.put(NetFiles.text(layer.name()), blobs); // a later layer of the same name wins, as in Caffe
        }
        List<WeightMismatch> mismatches = new ArrayList<>();
        for (Map.Entry<String, List<int[]>> e : paramShapes.entrySet()) {
            String layer = e.getKey();
            List<int[]> target = e.getValue();
            List<SourceBlob> blobs = source.get(layer);
            if (blobs == null) {
                if (!target.isEmpty()) {
                    mismatches.add(new WeightMismatch(layer, "missing from the caffemodel (would keep random"
                            + " weights)"));
                }
                continue;
            }
            if (blobs.size() != target.size()) {
                mismatches.add(new WeightMismatch(layer, "the caffemodel has " + blobs.size()
                        + " blobs, the net expects " + target.size()));
                continue;
            }
            for (int j = 0; j < target.size(); j++) {
                SourceBlob b = blobs.get(j);
                int[] want = target.get(j);
                if (!b.matches(want)) {
                    mismatches.add(new WeightMismatch(layer, "blob " + j + " has shape " + b.describe()
                            + " in the caffemodel, the net expects " + Arrays.toString(want)));
                } else if (b.values() != count(want)) {
                    mismatches.add(new WeightMismatch(layer, "blob " + j + " holds " + b.values()
                            + " values, its shape " + Arrays.toString(want) + " needs " + count(want)));
                }
            }
        }
        return mismatches;
    }

    /** A blob's shape. */
    static int[] shapeOf(FloatBlob blob) {
        int[] shape = new int[blob.num_axes()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = blob.shape(i);
        }
        return shape;
    }

    private static long count(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** A caffemodel blob's declared shape: either an N-d shape or Caffe's legacy num/channels/height/width. */
    private record SourceBlob(int[] shape, boolean legacy, long values) {
        static SourceBlob of(BlobProto b) {
            long values = Math.max(b.data_size(), b.double_data_size());
            if (b.has_num() || b.has_channels() || b.has_height() || b.has_width()) {
                return new SourceBlob(new int[] {b.num(), b.channels(), b.height(), b.width()}, true, values);
            }
            BlobShape s = b.shape();
            int[] dims = new int[s.dim_size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = (int) s.dim(i);
            }
            return new SourceBlob(dims, false, values);
        }

        /** Blob::ShapeEquals: legacy shapes compare with the target padded to 4 axes by leading 1s. */
        boolean matches(int[] target) {
            if (!legacy) {
                return Arrays.equals(shape, target);
            }
            if (target.length > 4) {
                return false;
            }
            int[] padded = new int[4];
            Arrays.fill(padded, 1);
            System.arraycopy(target, 0, padded, 4 - target.length, target.length);
            return Arrays.equals(shape, padded);
        }

        String describe() {
            return (legacy ? "(num, channels, height, width) " : "") + Arrays.toString(shape);
        }
    }
}
