package styletransfer.caffe;

import static org.bytedeco.caffe.global.caffe.ReadProtoFromBinaryFile;
import static org.bytedeco.caffe.global.caffe.ReadProtoFromTextFile;
import static org.bytedeco.caffe.global.caffe.UpgradeNetAsNeeded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bytedeco.caffe.BlobShape;
import org.bytedeco.caffe.ConvolutionParameter;
import org.bytedeco.caffe.FloatLayerRegistry;
import org.bytedeco.caffe.InputParameter;
import org.bytedeco.caffe.LayerParameter;
import org.bytedeco.caffe.NetParameter;
import org.bytedeco.caffe.PoolingParameter;
import org.bytedeco.caffe.StringVector;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import styletransfer.BadInputException;

/**
 * The readers of Caffe's files: a deploy prototxt and a caffemodel, each read with protobuf's non-fatal parser and
 * upgraded from legacy formats as Caffe's own loader does.
 *
 * <p>Caffe reports most mistakes with a CHECK failure, which aborts the whole JVM. The prototxt reader checks what
 * it can beforehand (missing files, syntax, unknown layer types, undefined bottoms, clashing tops, required
 * parameters of convolution, pooling and input layers) and turns it into a {@link BadInputException}. Blob shapes
 * are checked beforehand too ({@link ShapeCheck}) for the layer types our nets use; nets with other layer types can
 * still reach a CHECK. Caffemodels are compared with the net by {@link WeightCheck}.
 */
final class NetFiles {
    private NetFiles() {}

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

    /** A protobuf string field as Java text: JavaCPP gives null for an empty string (e.g. {@code type: ""}). */
    static String text(BytePointer p) {
        return p == null ? "" : p.getString();
    }

    /** Layer type names registered in this Caffe build (Caffe 1.0 has about 60). */
    static Set<String> knownLayerTypes() {
        try (PointerScope scope = new PointerScope()) {
            StringVector types = FloatLayerRegistry.LayerTypeList();
            Set<String> known = new TreeSet<>();
            for (long i = 0; i < types.size(); i++) {
                known.add(types.get(i).getString());
            }
            return Collections.unmodifiableSet(known);
        }
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
            String name = NetFiles.text(l.name());
            String type = NetFiles.text(l.type());
            String where = prototxt + ": layer \"" + name + "\"";
            if (!known.contains(type)) {
                throw new BadInputException(where + " has unknown type \"" + type + "\"; use a Caffe 1.0 layer type"
                        + " (e.g. Convolution, ReLU, Pooling, Concat, LRN, Dropout)");
            }
            List<String> bottoms = new ArrayList<>();
            for (int j = 0; j < l.bottom_size(); j++) {
                String b = NetFiles.text(l.bottom(j));
                if (!produced.contains(b)) {
                    throw new BadInputException(where + " reads blob \"" + b + "\", which no layer above produces;"
                            + " fix its bottom");
                }
                bottoms.add(b);
            }
            for (int j = 0; j < l.top_size(); j++) {
                String t = NetFiles.text(l.top(j));
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
}
