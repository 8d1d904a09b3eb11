package styletransfer.caffe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.caffe.BlobProto;
import org.bytedeco.caffe.FloatBlob;
import org.bytedeco.caffe.FloatLayer;
import org.bytedeco.caffe.FloatLayerRegistry;
import org.bytedeco.caffe.FloatNet;
import org.bytedeco.caffe.LayerParameter;
import org.bytedeco.caffe.NetParameter;
import org.bytedeco.caffe.StringVector;
import styletransfer.BadInputException;

/**
 * Checks that Caffe would otherwise make with a fatal CHECK (killing the JVM): layer types that are not
 * registered, bottoms that nothing produces, weights whose blobs do not fit the net.
 */
final class NetChecks {
    private NetChecks() {}

    static Set<String> registeredLayerTypes() {
        Set<String> types = new HashSet<>();
        StringVector list = FloatLayerRegistry.LayerTypeList();
        for (long i = 0; i < list.size(); i++) {
            types.add(list.get(i).getString());
        }
        return types;
    }

    /** Throws {@link BadInputException} naming the first structural problem of an (upgraded) net definition. */
    static void validateStructure(NetParameter param, Path source) {
        if (param.layer_size() == 0) {
            throw new BadInputException("prototxt " + source + " defines no layers");
        }
        Set<String> known = registeredLayerTypes();
        Set<String> produced = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < param.layer_size(); i++) {
            LayerParameter layer = param.layer(i);
            String name = layer.name().getString();
            String type = layer.type().getString();
            if (!known.contains(type)) {
                throw new BadInputException("prototxt " + source + ": layer '" + name + "' has unknown type '"
                        + type + "' (Caffe 1.0 knows " + known.size() + " types, e.g. Convolution, Pooling, ReLU)");
            }
            if (!names.add(name)) {
                throw new BadInputException("prototxt " + source + ": two layers are named '" + name + "'");
            }
            for (int b = 0; b < layer.bottom_size(); b++) {
                String bottom = layer.bottom(b).getString();
                if (!produced.contains(bottom)) {
                    throw new BadInputException("prototxt " + source + ": layer '" + name + "' reads blob '"
                            + bottom + "' that no earlier layer produces");
                }
            }
            for (int t = 0; t < layer.top_size(); t++) {
                produced.add(layer.top(t).getString());
            }
        }
    }

    /**
     * What keeps {@code CopyTrainedLayersFrom} from aborting: every layer of the net that has weights must be
     * found by name in the trained net, with the same number of blobs of the same shapes.
     */
    static List<String> weightMismatches(FloatNet net, NetParameter trained) {
        Map<String, LayerParameter> source = new HashMap<>();
        for (int i = 0; i < trained.layer_size(); i++) {
            source.put(trained.layer(i).name().getString(), trained.layer(i));
        }
        List<String> problems = new ArrayList<>();
        for (long i = 0; i < net.layers().size(); i++) {
            FloatLayer layer = net.layers().get(i);
            String name = net.layer_names().get(i).getString();
            long blobs = layer.blobs().size();
            LayerParameter src = source.get(name);
            if (src == null) {
                if (blobs > 0) {
                    problems.add("layer '" + name + "' has no weights in the file");
                }
                continue;
            }
            if (src.blobs_size() != blobs) {
                problems.add("layer '" + name + "' has " + src.blobs_size() + " weight blobs in the file, the net needs " + blobs);
                continue;
            }
            for (int b = 0; b < blobs; b++) {
                int[] want = shapeOf(layer.blobs().get(b));
                int[] have = shapeOf(src.blobs(b));
                if (!shapesEqual(want, have)) {
                    problems.add("layer '" + name + "' blob " + b + " has shape " + java.util.Arrays.toString(have)
                            + " in the file, the net needs " + java.util.Arrays.toString(want));
                }
            }
        }
        return problems;
    }

    private static int[] shapeOf(FloatBlob blob) {
        int[] s = new int[blob.num_axes()];
        for (int i = 0; i < s.length; i++) {
            s[i] = blob.shape(i);
        }
        return s;
    }

    /** A stored blob's shape: the {@code shape} field, or the legacy num/channels/height/width quadruple. */
    private static int[] shapeOf(BlobProto proto) {
        if (proto.has_shape()) {
            int[] s = new int[proto.shape().dim_size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = (int) proto.shape().dim(i);
            }
            return s;
        }
        return new int[] {proto.num(), proto.channels(), proto.height(), proto.width()};
    }

    /** Caffe's Blob::ShapeEquals: legacy 4-d shapes match a blob of up to 4 axes padded with leading 1s. */
    private static boolean shapesEqual(int[] blob, int[] stored) {
        if (stored.length == blob.length) {
            return java.util.Arrays.equals(blob, stored);
        }
        if (stored.length != 4 || blob.length > 4) {
            return false;
        }
        int[] padded = new int[4];
        java.util.Arrays.fill(padded, 1);
        System.arraycopy(blob, 0, padded, 4 - blob.length, blob.length);
        return java.util.Arrays.equals(padded, stored);
    }
}
