package styletransfer.caffe;

import static org.bytedeco.caffe.global.caffe.ReadProtoFromBinaryFile;
import static org.bytedeco.caffe.global.caffe.ReadProtoFromTextFile;
import static org.bytedeco.caffe.global.caffe.TEST;
import static org.bytedeco.caffe.global.caffe.UpgradeNetAsNeeded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bytedeco.caffe.BlobProto;
import org.bytedeco.caffe.BlobShape;
import org.bytedeco.caffe.ConvolutionParameter;
import org.bytedeco.caffe.FloatBlob;
import org.bytedeco.caffe.FloatBlobSharedVector;
import org.bytedeco.caffe.FloatLayerRegistry;
import org.bytedeco.caffe.FloatLayerSharedVector;
import org.bytedeco.caffe.FloatNet;
import org.bytedeco.caffe.InputParameter;
import org.bytedeco.caffe.LayerParameter;
import org.bytedeco.caffe.NetParameter;
import org.bytedeco.caffe.PoolingParameter;
import org.bytedeco.caffe.StringVector;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import styletransfer.BadInputException;

/**
 * What Caffe makes of a deploy prototxt: its layers as parsed (after Caffe's upgrade of legacy formats, so
 * {@code input}/{@code input_shape} appear as an {@code Input} layer named "input"), every blob's shape and every
 * layer's learnable parameter shapes in a TEST-phase net.
 *
 * <p>Caffe reports most mistakes with a CHECK failure, which aborts the whole JVM. This class checks what it can
 * beforehand (missing files, syntax, unknown layer types, undefined bottoms, clashing tops, required parameters of
 * convolution, pooling and input layers, caffemodel layers against the net) and turns it into a
 * {@link BadInputException} or a list of {@link WeightMismatch}es. Blob shapes are computed beforehand too
 * ({@link ShapeCheck}) for the layer types our nets use; nets with other layer types can still reach a CHECK.
 *
 * @param layers      in prototxt order
 * @param blobShapes  every blob of the net, in Caffe's blob order, including the split blobs Caffe inserts where a
 *                    blob feeds several layers
 * @param paramShapes learnable parameter shapes of every layer of the built net, in net order (an empty list for
 *                    layers without parameters)
 */
public record NetDescription(List<Layer> layers, Map<String, int[]> blobShapes, boolean forceBackward,
                             Map<String, List<int[]>> paramShapes) {

    /**
     * @param parameters the layer's protobuf text without name, type, bottom and top, as protobuf prints it:
     *                   fields in declaration order, so two layers with the same settings give the same text
     */
    public record Layer(String name, String type, List<String> bottoms, List<String> tops, String parameters) {
        public Layer {
            bottoms = List.copyOf(bottoms);
            tops = List.copyOf(tops);
        }
    }

    /** A caffemodel layer that Caffe would refuse (a CHECK failure) or silently leave with random weights. */
    public record WeightMismatch(String layer, String problem) {
        @Override
        public String toString() {
            return layer + ": " + problem;
        }
    }

    public NetDescription {
        layers = List.copyOf(layers);
        blobShapes = Collections.unmodifiableMap(new LinkedHashMap<>(blobShapes));
        paramShapes = Collections.unmodifiableMap(new LinkedHashMap<>(paramShapes));
    }

    /** Parses and builds the net in TEST phase (weights random-initialised, not loaded). */
    public static NetDescription parse(Path prototxt) {
        try (PointerScope scope = new PointerScope()) {
            NetParameter param = readPrototxt(prototxt);
            List<Layer> layers = new ArrayList<>();
            for (int i = 0; i < param.layer_size(); i++) {
                layers.add(describe(param.layer(i)));
            }
            param.mutable_state().set_phase(TEST);
            // Built on the CPU: in the GPU build, cuDNN layers would need a device even to be constructed.
            LayerEngines.choose(param, Device.CPU, ConvolutionEngine.CAFFE);
            FloatNet net = new FloatNet(param);
            Map<String, int[]> blobShapes = new LinkedHashMap<>();
            StringVector names = net.blob_names();
            for (long i = 0; i < names.size(); i++) {
                // By index: a name with bytes that are not UTF-8 does not survive the round trip through String.
                blobShapes.put(names.get(i).getString(), shapeOf(net.blobs().get(i)));
            }
            return new NetDescription(layers, blobShapes, param.force_backward(), paramShapes(net));
        }
    }

    /**
     * The prototxt's layers as Caffe parses them, and every blob's shape at input 1x3x{@code height}x{@code width}
     * as computed in Java ({@link ShapeCheck}), without building the net: no weights, no blob memory. A blob of a
     * layer type that is not modelled has no entry.
     */
    public record Shaped(List<Layer> layers, Map<String, long[]> blobShapes) {
        public Shaped {
            layers = List.copyOf(layers);
            blobShapes = Collections.unmodifiableMap(new LinkedHashMap<>(blobShapes));
        }
    }

    /** See {@link Shaped}; the prototxt is checked as for a run. */
    public static Shaped shapedAt(Path prototxt, int height, int width) {
        try (PointerScope scope = new PointerScope()) {
            NetParameter param = readPrototxt(prototxt);
            List<Layer> layers = new ArrayList<>();
            Map<String, long[]> shapes = ShapeCheck.shapesAt(prototxt.toString(), param, height, width);
            Map<String, long[]> ordered = new LinkedHashMap<>();
            for (int i = 0; i < param.layer_size(); i++) {
                Layer l = describe(param.layer(i));
                layers.add(l);
                for (String top : l.tops()) {
                    if (shapes.containsKey(top)) {
                        ordered.putIfAbsent(top, shapes.get(top).clone());
                    }
                }
            }
            return new Shaped(layers, ordered);
        }
    }

    /**
     * Reads a prototxt with protobuf's non-fatal parser, upgrades legacy formats as Caffe's own loader does, and
     * makes the checks Caffe would otherwise make with a fatal CHECK. The caller owns the result.
     */
    static NetParameter readPrototxt(Path prototxt) {
        requireFile(prototxt, "prototxt");
        String file = prototxt.toAbsolutePath().toString();
        NetParameter param = new NetParameter();
        try {
            if (!ReadProtoFromTextFile(file, param)) {
                throw new BadInputException(prototxt + ": not a valid Caffe prototxt (the protobuf parser printed the"
                        + " line and column above); fix its syntax");
            }
            checkLegacyInputs(prototxt, param);
            if (!UpgradeNetAsNeeded(file, param)) {
                throw new BadInputException(prototxt + ": Caffe could not upgrade this legacy net definition;"
                        + " rewrite it in the current layer { } format");
            }
            checkBuildable(prototxt, param);
            return param;
        } catch (RuntimeException e) {
            param.close();
            throw e;
        }
    }

    /** Reads a caffemodel with protobuf's non-fatal parser and upgrades legacy formats. The caller owns it. */
    static NetParameter readCaffemodel(Path caffemodel) {
        requireFile(caffemodel, "caffemodel");
        String file = caffemodel.toAbsolutePath().toString();
        NetParameter weights = new NetParameter();
        try {
            if (!ReadProtoFromBinaryFile(file, weights)) {
                throw new BadInputException(caffemodel + ": not a Caffe caffemodel (binary NetParameter); check the"
                        + " file, or delete it and download it again");
            }
            if (!UpgradeNetAsNeeded(file, weights)) {
                throw new BadInputException(caffemodel + ": Caffe could not upgrade this legacy caffemodel");
            }
            return weights;
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

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

    /**
     * Compares a caffemodel with this net the way Caffe's CopyTrainedLayersFrom will: by layer name, blob count,
     * blob shape and number of values. An empty list means the weights load; caffemodel layers the net does not have
     * are ignored, as Caffe ignores them.
     */
    public List<WeightMismatch> checkWeights(Path caffemodel) {
        try (PointerScope scope = new PointerScope()) {
            return compare(readCaffemodel(caffemodel), paramShapes);
        }
    }

    /** The mismatches between trained weights and a net's parameter shapes (see {@link #checkWeights}). */
    static List<WeightMismatch> compare(NetParameter weights, Map<String, List<int[]>> paramShapes) {
        Map<String, List<SourceBlob>> source = new HashMap<>();
        for (int i = 0; i < weights.layer_size(); i++) {
            LayerParameter layer = weights.layer(i);
            List<SourceBlob> blobs = new ArrayList<>();
            for (int j = 0; j < layer.blobs_size(); j++) {
                blobs.add(SourceBlob.of(layer.blobs(j)));
            }
            source.put(NetDescription.text(layer.name()), blobs); // a later layer of the same name wins, as in Caffe
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

    /** A protobuf string field as Java text: JavaCPP gives null for an empty string (e.g. {@code type: ""}). */
    static String text(BytePointer p) {
        return p == null ? "" : p.getString();
    }

    /** Layer type names registered in this Caffe build (Caffe 1.0 has about 60). */
    public static Set<String> knownLayerTypes() {
        try (PointerScope scope = new PointerScope()) {
            StringVector types = FloatLayerRegistry.LayerTypeList();
            Set<String> known = new TreeSet<>();
            for (long i = 0; i < types.size(); i++) {
                known.add(types.get(i).getString());
            }
            return Collections.unmodifiableSet(known);
        }
    }

    private static Layer describe(LayerParameter l) {
        List<String> bottoms = new ArrayList<>();
        for (int i = 0; i < l.bottom_size(); i++) {
            bottoms.add(NetDescription.text(l.bottom(i)));
        }
        List<String> tops = new ArrayList<>();
        for (int i = 0; i < l.top_size(); i++) {
            tops.add(NetDescription.text(l.top(i)));
        }
        LayerParameter rest = new LayerParameter(l);
        rest.clear_name();
        rest.clear_type();
        rest.clear_bottom();
        rest.clear_top();
        BytePointer text = rest.DebugString(); // JavaCPP gives null for an empty string, e.g. a plain ReLU
        return new Layer(NetDescription.text(l.name()), NetDescription.text(l.type()), bottoms, tops,
                text == null ? "" : text.getString());
    }

    /** UpgradeNetInput indexes input_shape/input_dim by input number without checking their count. */
    private static void checkLegacyInputs(Path prototxt, NetParameter p) {
        int inputs = p.input_size();
        if (inputs == 0) {
            return;
        }
        boolean shapes = p.input_shape_size() == inputs;
        boolean dims = p.input_shape_size() == 0 && p.input_dim_size() == 4 * inputs;
        if (!shapes && !dims) {
            throw new BadInputException(prototxt + ": " + inputs + " input(s) need as many input_shape { dim: ... }"
                    + " entries (or 4 input_dim each); found " + p.input_shape_size() + " input_shape and "
                    + p.input_dim_size() + " input_dim");
        }
    }

    /** The checks Caffe would otherwise make with a fatal CHECK while building the net. */
    private static void checkBuildable(Path prototxt, NetParameter p) {
        Set<String> known = knownLayerTypes();
        Set<String> produced = new HashSet<>();
        for (int i = 0; i < p.layer_size(); i++) {
            LayerParameter l = p.layer(i);
            String name = NetDescription.text(l.name());
            String type = NetDescription.text(l.type());
            String where = prototxt + ": layer \"" + name + "\"";
            if (!known.contains(type)) {
                throw new BadInputException(where + " has unknown type \"" + type + "\"; use a Caffe 1.0 layer type"
                        + " (e.g. Convolution, ReLU, Pooling, Concat, LRN, Dropout)");
            }
            List<String> bottoms = new ArrayList<>();
            for (int j = 0; j < l.bottom_size(); j++) {
                String b = NetDescription.text(l.bottom(j));
                if (!produced.contains(b)) {
                    throw new BadInputException(where + " reads blob \"" + b + "\", which no layer above produces;"
                            + " fix its bottom");
                }
                bottoms.add(b);
            }
            for (int j = 0; j < l.top_size(); j++) {
                String t = NetDescription.text(l.top(j));
                if (produced.contains(t) && !bottoms.contains(t)) {
                    throw new BadInputException(where + " writes blob \"" + t + "\", which a layer above already"
                            + " produces; rename its top");
                }
                produced.add(t);
            }
            switch (type) {
                case "Convolution", "Deconvolution" -> checkConvolution(where, l.convolution_param());
                case "Pooling" -> checkPooling(where, l.pooling_param());
                case "Input" -> checkInput(where, l.input_param(), l.top_size());
                default -> { }
            }
        }
        ShapeCheck.check(prototxt, p);
    }

    private static void checkConvolution(String where, ConvolutionParameter c) {
        if (!c.has_num_output() || c.num_output() <= 0) {
            throw new BadInputException(where + " needs convolution_param { num_output: N } with N > 0");
        }
        if (c.kernel_size_size() == 0 && !(c.has_kernel_h() && c.has_kernel_w())) {
            throw new BadInputException(where + " needs convolution_param { kernel_size: K }");
        }
        if (c.group() <= 0 || c.num_output() % c.group() != 0) {
            throw new BadInputException(where + ": num_output " + c.num_output() + " must be a multiple of group "
                    + c.group());
        }
    }

    private static void checkPooling(String where, PoolingParameter pp) {
        if (!pp.global_pooling() && !pp.has_kernel_size() && !(pp.has_kernel_h() && pp.has_kernel_w())) {
            throw new BadInputException(where + " needs pooling_param { kernel_size: K } or global_pooling: true");
        }
    }

    private static void checkInput(String where, InputParameter in, int tops) {
        int shapes = in.shape_size();
        if (shapes == 0 || (shapes != 1 && shapes != tops)) {
            throw new BadInputException(where + " needs one input shape (or one per top), found " + shapes);
        }
        for (int i = 0; i < shapes; i++) {
            BlobShape s = in.shape(i);
            for (int d = 0; d < s.dim_size(); d++) {
                if (s.dim(d) <= 0) {
                    throw new BadInputException(where + ": input dimensions must be positive, found " + s.dim(d));
                }
            }
        }
    }

    private static void requireFile(Path path, String what) {
        // Caffe's readers CHECK that the file opens, which would abort the JVM.
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new BadInputException(what + " " + path + " not found or not readable; check the path");
        }
    }

    private static int[] shapeOf(FloatBlob blob) {
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

    @Override
    public String toString() {
        return "NetDescription[" + layers.size() + " layers, " + blobShapes.size() + " blobs]";
    }
}
