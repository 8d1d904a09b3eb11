package styletransfer.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the deploy prototxts shipped under {@code models/} from the published architectures, adapted as the
 * reference adapted them for style transfer: {@code force_backward: true} (the gradient must reach the image), every
 * pooling AVE (smoother gradients than MAX), no LRN in GoogLeNet, the classifier cut off, the input declared with
 * {@code input}/{@code input_shape}, in-place ReLUs, and each layer named after its top blob.
 *
 * <p>Run after changing it, from the project root:
 * {@code mvn -q test-compile && java -cp target/test-classes styletransfer.model.PrototxtGenerator models};
 * {@code ShippedModelsTest} fails while the committed files differ from what this writes.
 */
public final class PrototxtGenerator {
    /**
     * SqueezeNet is cut after this fire module, the deepest one model.json uses (fire7/concat). To weight a deeper
     * blob, raise it (at most 9), regenerate, and edit models/squeezenet/model.json.
     */
    static final int SQUEEZENET_LAST_FIRE = 7;

    private PrototxtGenerator() {}

    public static void main(String[] args) throws IOException {
        Path modelsDir = Path.of(args.length > 0 ? args[0] : "models");
        for (Map.Entry<String, String> e : all().entrySet()) {
            Path file = modelsDir.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            System.out.println("wrote " + file);
        }
    }

    /** Path under models/ to prototxt text, for every shipped model. */
    static Map<String, String> all() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("googlenet/deploy.prototxt", googlenet());
        files.put("vgg16/VGG_ILSVRC_16_layers_deploy.prototxt", vgg(16, new int[] {2, 2, 3, 3, 3}));
        files.put("vgg19/VGG_ILSVRC_19_layers_deploy.prototxt", vgg(19, new int[] {2, 2, 4, 4, 4}));
        files.put("caffenet/deploy.prototxt", caffenet());
        files.put("squeezenet/deploy.prototxt", squeezenet(SQUEEZENET_LAST_FIRE));
        return files;
    }

    /** BVLC GoogLeNet (Szegedy et al. 2014) up to pool5 and its dropout, as the reference keeps it. */
    static String googlenet() {
        Net n = new Net("GoogleNet", "BVLC GoogLeNet", 1, 3, 224, 224);
        // BVLC's file spells out "stride: 1" on the layers up to inception_3a's 5x5_reduce; kept so the parsed
        // parameters compare equal to the reference's.
        String x = n.conv("conv1/7x7_s2", "data", 64, 7, 3, 2, "conv1/relu_7x7");
        x = n.avePool("pool1/3x3_s2", x, 3, 2, 0);
        x = n.conv("conv2/3x3_reduce", x, 64, 1, 0, 1, "conv2/relu_3x3_reduce");
        x = n.conv("conv2/3x3", x, 192, 3, 1, 1, "conv2/relu_3x3");
        x = n.avePool("pool2/3x3_s2", x, 3, 2, 0);
        x = inception(n, "inception_3a", x, 64, 96, 128, 16, 32, 32, true);
        x = inception(n, "inception_3b", x, 128, 128, 192, 32, 96, 64, false);
        x = n.avePool("pool3/3x3_s2", x, 3, 2, 0);
        x = inception(n, "inception_4a", x, 192, 96, 208, 16, 48, 64, false);
        x = inception(n, "inception_4b", x, 160, 112, 224, 24, 64, 64, false);
        x = inception(n, "inception_4c", x, 128, 128, 256, 24, 64, 64, false);
        x = inception(n, "inception_4d", x, 112, 144, 288, 32, 64, 64, false);
        x = inception(n, "inception_4e", x, 256, 160, 320, 32, 128, 128, false);
        x = n.avePool("pool4/3x3_s2", x, 3, 2, 0);
        x = inception(n, "inception_5a", x, 256, 160, 320, 32, 128, 128, false);
        x = inception(n, "inception_5b", x, 384, 192, 384, 48, 128, 128, false);
        x = n.avePool("pool5/7x7_s1", x, 7, 0, 0);
        n.layer("pool5/drop_7x7_s1", "Dropout", List.of(x), x, "dropout_param { dropout_ratio: 0.4 }");
        return n.text();
    }

    private static String inception(Net n, String p, String in, int n1x1, int n3x3r, int n3x3, int n5x5r, int n5x5,
                                    int poolProj, boolean bvlcStride1) {
        int s = bvlcStride1 ? 1 : 0;
        String b1 = n.conv(p + "/1x1", in, n1x1, 1, 0, s, p + "/relu_1x1");
        String r3 = n.conv(p + "/3x3_reduce", in, n3x3r, 1, 0, s, p + "/relu_3x3_reduce");
        String b3 = n.conv(p + "/3x3", r3, n3x3, 3, 1, s, p + "/relu_3x3");
        String r5 = n.conv(p + "/5x5_reduce", in, n5x5r, 1, 0, s, p + "/relu_5x5_reduce");
        String b5 = n.conv(p + "/5x5", r5, n5x5, 5, 2, 0, p + "/relu_5x5");
        String pool = n.avePool(p + "/pool", in, 3, 0, 1);
        String bp = n.conv(p + "/pool_proj", pool, poolProj, 1, 0, 0, p + "/relu_pool_proj");
        return n.concat(p + "/output", List.of(b1, b3, b5, bp));
    }

    /** VGG very deep nets (Simonyan and Zisserman 2014): blocks of 3x3 convolutions, cut after pool5. */
    static String vgg(int depth, int[] convsPerBlock) {
        Net n = new Net("VGG_ILSVRC_" + depth + "_layers", "VGG ILSVRC " + depth + " layers", 1, 3, 224, 224);
        int[] widths = {64, 128, 256, 512, 512};
        String x = "data";
        for (int b = 1; b <= convsPerBlock.length; b++) {
            for (int i = 1; i <= convsPerBlock[b - 1]; i++) {
                x = n.conv("conv" + b + "_" + i, x, widths[b - 1], 3, 1, 0, "relu" + b + "_" + i);
            }
            x = n.avePool("pool" + b, x, 2, 2, 0);
        }
        return n.text();
    }

    /** BVLC reference CaffeNet (AlexNet variant with pooling before LRN), cut after pool5; batch 10 as BVLC's. */
    static String caffenet() {
        Net n = new Net("CaffeNet", "BVLC reference CaffeNet", 10, 3, 227, 227);
        String x = n.conv("conv1", "data", 96, 11, 0, 4, 1, "relu1");
        x = n.avePool("pool1", x, 3, 2, 0);
        x = n.lrn("norm1", x);
        x = n.conv("conv2", x, 256, 5, 2, 0, 2, "relu2");
        x = n.avePool("pool2", x, 3, 2, 0);
        x = n.lrn("norm2", x);
        x = n.conv("conv3", x, 384, 3, 1, 0, 1, "relu3");
        x = n.conv("conv4", x, 384, 3, 1, 0, 2, "relu4");
        x = n.conv("conv5", x, 256, 3, 1, 0, 2, "relu5");
        n.avePool("pool5", x, 3, 2, 0);
        return n.text();
    }

    /**
     * DeepScale's SqueezeNet v1.1 (Iandola et al. 2016) with its layer names, which the caffemodel's weights are
     * matched by, cut after fire module {@code lastFire}.
     */
    static String squeezenet(int lastFire) {
        Net n = new Net("SqueezeNet_v1.1", "DeepScale SqueezeNet v1.1, up to fire" + lastFire, 1, 3, 227, 227);
        String x = n.conv("conv1", "data", 64, 3, 0, 2, "relu_conv1");
        int[] squeeze = {0, 0, 16, 16, 32, 32, 48, 48, 64, 64};
        for (int f = 2; f <= lastFire; f++) {
            if (f == 2 || f == 4 || f == 6) { // v1.1 pools after conv1, fire3 and fire5
                x = n.avePool("pool" + (f - 1), x, 3, 2, 0);
            }
            String p = "fire" + f;
            String s = n.conv(p + "/squeeze1x1", x, squeeze[f], 1, 0, 0, p + "/relu_squeeze1x1");
            String e1 = n.conv(p + "/expand1x1", s, 4 * squeeze[f], 1, 0, 0, p + "/relu_expand1x1");
            String e3 = n.conv(p + "/expand3x3", s, 4 * squeeze[f], 3, 1, 0, p + "/relu_expand3x3");
            x = n.concat(p + "/concat", List.of(e1, e3));
        }
        return n.text();
    }

    /** Accumulates prototxt text in this generator's own layout: one line per parameter message. */
    private static final class Net {
        private final StringBuilder out = new StringBuilder();
        private final List<String> blobs = new ArrayList<>();

        Net(String name, String description, int... inputShape) {
            out.append("# ").append(description).append(", adapted for style transfer.\n")
                    .append("# Generated by src/test/java/styletransfer/model/PrototxtGenerator.java; edit that.\n")
                    .append("name: \"").append(name).append("\"\n")
                    .append("force_backward: true\n")
                    .append("input: \"data\"\n")
                    .append("input_shape {");
            for (int d : inputShape) {
                out.append(" dim: ").append(d);
            }
            out.append(" }\n");
            blobs.add("data");
        }

        void layer(String name, String type, List<String> bottoms, String top, String params) {
            for (String b : bottoms) {
                if (!blobs.contains(b)) {
                    throw new IllegalStateException(name + ": bottom " + b + " is not produced above");
                }
            }
            out.append("\nlayer {\n  name: \"").append(name).append("\"\n  type: \"").append(type).append("\"\n");
            for (String b : bottoms) {
                out.append("  bottom: \"").append(b).append("\"\n");
            }
            out.append("  top: \"").append(top).append("\"\n");
            if (params != null) {
                out.append("  ").append(params).append('\n');
            }
            out.append("}\n");
            blobs.add(top);
        }

        /** Convolution followed by its in-place ReLU; pad 0 and stride 0 leave the field out. */
        String conv(String name, String bottom, int numOutput, int kernel, int pad, int stride, String relu) {
            return conv(name, bottom, numOutput, kernel, pad, stride, 1, relu);
        }

        String conv(String name, String bottom, int numOutput, int kernel, int pad, int stride, int group,
                    String relu) {
            StringBuilder p = new StringBuilder("convolution_param { num_output: ").append(numOutput);
            if (pad > 0) {
                p.append(" pad: ").append(pad);
            }
            p.append(" kernel_size: ").append(kernel);
            if (stride > 0) {
                p.append(" stride: ").append(stride);
            }
            if (group > 1) {
                p.append(" group: ").append(group);
            }
            layer(name, "Convolution", List.of(bottom), name, p.append(" }").toString());
            layer(relu, "ReLU", List.of(name), name, null);
            return name;
        }

        String avePool(String name, String bottom, int kernel, int stride, int pad) {
            StringBuilder p = new StringBuilder("pooling_param { pool: AVE kernel_size: ").append(kernel);
            if (stride > 0) {
                p.append(" stride: ").append(stride);
            }
            if (pad > 0) {
                p.append(" pad: ").append(pad);
            }
            layer(name, "Pooling", List.of(bottom), name, p.append(" }").toString());
            return name;
        }

        String lrn(String name, String bottom) {
            layer(name, "LRN", List.of(bottom), name, "lrn_param { local_size: 5 alpha: 0.0001 beta: 0.75 }");
            return name;
        }

        String concat(String name, List<String> bottoms) {
            layer(name, "Concat", bottoms, name, null);
            return name;
        }

        String text() {
            return out.toString();
        }
    }
}
