package styletransfer.caffe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.caffe.FloatNet;
import org.bytedeco.caffe.NetParameter;
import org.bytedeco.caffe.global.caffe;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.BadInputException;

/** NetDescription on small nets written here; the shipped models are in NetDescriptionModelsTest. */
class NetDescriptionTest {
    @TempDir
    Path tmp;

    static final String TINY = """
            name: "tiny"
            force_backward: true
            input: "data"
            input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }
            layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                    convolution_param { num_output: 4 kernel_size: 3 } }
            layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
            layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1"
                    pooling_param { pool: AVE kernel_size: 2 stride: 2 } }
            """;

    @Test
    void describesLayersBlobsAndParameters() throws IOException {
        NetDescription net = NetDescription.parse(write("tiny.prototxt", TINY));
        assertTrue(net.forceBackward());
        // Caffe turns the legacy input fields into an Input layer named "input"
        assertEquals(List.of("input", "conv1", "relu1", "pool1"), net.layers().stream().map(l -> l.name()).toList());
        NetLayer conv = net.layers().get(1);
        assertEquals("Convolution", conv.type());
        assertEquals(List.of("data"), conv.bottoms());
        assertEquals(List.of("conv1"), conv.tops());
        assertTrue(conv.parameters().contains("num_output: 4"), conv.parameters());
        assertFalse(conv.parameters().contains("name:"), conv.parameters());

        assertEquals(List.of("data", "conv1", "pool1"), List.copyOf(net.blobShapes().keySet()));
        assertArrayEquals(new int[] {1, 3, 8, 8}, net.blobShapes().get("data"));
        assertArrayEquals(new int[] {1, 4, 8 - 3 + 1, 8 - 3 + 1}, net.blobShapes().get("conv1"));
        assertArrayEquals(new int[] {1, 4, 3, 3}, net.blobShapes().get("pool1")); // ceil((6 - 2) / 2) + 1

        List<int[]> convParams = net.paramShapes().get("conv1");
        assertEquals(2, convParams.size()); // weights and bias
        assertArrayEquals(new int[] {4, 3, 3, 3}, convParams.get(0));
        assertArrayEquals(new int[] {4}, convParams.get(1));
        assertEquals(List.of(), net.paramShapes().get("relu1"));
    }

    @Test
    void sameSettingsGiveTheSameParameterTextWhateverTheLayout() throws IOException {
        String reordered = TINY.replace("convolution_param { num_output: 4 kernel_size: 3 }",
                "convolution_param {\n  kernel_size: 3\n  num_output: 4\n}");
        assertEquals(NetDescription.parse(write("a.prototxt", TINY)).layers(),
                NetDescription.parse(write("b.prototxt", reordered)).layers());
        String changed = TINY.replace("num_output: 4", "num_output: 5");
        assertFalse(NetDescription.parse(write("a.prototxt", TINY)).layers()
                .equals(NetDescription.parse(write("c.prototxt", changed)).layers()));
    }

    @Test
    void knowsCaffesLayerTypes() {
        assertTrue(NetFiles.knownLayerTypes().containsAll(
                List.of("Input", "Convolution", "ReLU", "Pooling", "LRN", "Concat", "Dropout", "Softmax")));
        assertFalse(NetFiles.knownLayerTypes().contains("Bogus"));
    }

    @Test
    void badPrototxtsAreBadInputNotACrash() throws IOException {
        assertBad("absent.prototxt", null, "not found");
        assertBad("syntax.prototxt", TINY.replace("num_output: 4 kernel_size", "num_output: 4 kernel_size:: "),
                "not a valid Caffe prototxt");
        assertBad("type.prototxt", TINY.replace("\"ReLU\"", "\"Bogus\""), "unknown type \"Bogus\"");
        assertBad("bottom.prototxt", TINY.replace("bottom: \"conv1\" top: \"pool1\"", "bottom: \"conv9\" top: \"pool1\""),
                "reads blob \"conv9\", which no layer above produces");
        assertBad("top.prototxt", TINY.replace("top: \"pool1\"", "top: \"data\""), "writes blob \"data\"");
        assertBad("conv.prototxt", TINY.replace("num_output: 4 ", ""), "needs convolution_param { num_output");
        assertBad("kernel.prototxt", TINY.replace("kernel_size: 3 ", ""), "kernel_size");
        assertBad("pool.prototxt", TINY.replace("kernel_size: 2 ", ""), "needs pooling_param");
        assertBad("input.prototxt", TINY.replace("input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }", ""),
                "need as many input_shape");
        assertBad("dims.prototxt", TINY.replace("dim: 1 dim: 3", "dim: 0 dim: 3"), "must be positive");
    }

    @Test
    void weightsSavedFromTheSameNetMatch() throws IOException {
        Path prototxt = write("tiny.prototxt", TINY);
        Path model = saveWeights(prototxt, false);
        assertEquals(List.of(), NetDescription.parse(prototxt).checkWeights(model));
    }

    @Test
    void weightMismatchesAreListedPerLayer() throws IOException {
        Path model = saveWeights(write("tiny.prototxt", TINY), false);

        List<WeightMismatch> wider = NetDescription.parse(
                write("wider.prototxt", TINY.replace("num_output: 4", "num_output: 5"))).checkWeights(model);
        assertEquals(2, wider.size(), wider.toString()); // weights and bias
        assertEquals("conv1", wider.get(0).layer());
        assertTrue(wider.get(1).problem().contains("blob 1 has shape [4]"), wider.toString());
        assertTrue(wider.get(0).problem().contains("shape [4, 3, 3, 3] in the caffemodel, the net expects [5, 3, 3, 3]"),
                wider.toString());

        List<WeightMismatch> renamed = NetDescription.parse(write("renamed.prototxt",
                TINY.replace("name: \"conv1\"", "name: \"conv1b\""))).checkWeights(model);
        assertEquals(List.of(new WeightMismatch("conv1b",
                "missing from the caffemodel (would keep random weights)")), renamed);

        List<WeightMismatch> noBias = NetDescription.parse(write("nobias.prototxt",
                TINY.replace("kernel_size: 3 }", "kernel_size: 3 bias_term: false }"))).checkWeights(model);
        assertEquals(List.of(new WeightMismatch("conv1", "the caffemodel has 2 blobs, the net expects 1")),
                noBias);
    }

    @Test
    void blobsWithoutValuesAreReported() throws IOException {
        Path prototxt = write("tiny.prototxt", TINY);
        List<WeightMismatch> m = NetDescription.parse(prototxt).checkWeights(saveWeights(prototxt, true));
        assertEquals(2, m.size(), m.toString());
        assertTrue(m.get(0).problem().contains("holds 0 values, its shape [4, 3, 3, 3] needs 108"), m.toString());
    }

    @Test
    void aFileThatIsNoCaffemodelIsBadInput() throws IOException {
        NetDescription net = NetDescription.parse(write("tiny.prototxt", TINY));
        // wire type 7 does not exist, so no protobuf message starts with this byte
        Path garbage = Files.write(tmp.resolve("garbage.caffemodel"), new byte[] {0x0f, 1, 2, 3});
        BadInputException e = assertThrows(BadInputException.class, () -> net.checkWeights(garbage));
        assertTrue(e.getMessage().contains("not a Caffe caffemodel"), e.getMessage());
        assertThrows(BadInputException.class, () -> net.checkWeights(tmp.resolve("absent.caffemodel")));
    }

    /** Builds the net and saves its (random) weights as a caffemodel, optionally stripping the values. */
    private Path saveWeights(Path prototxt, boolean dropValues) {
        Path out = tmp.resolve(prototxt.getFileName() + (dropValues ? ".empty" : "") + ".caffemodel");
        try (PointerScope scope = new PointerScope()) {
            NetParameter p = NetFiles.readPrototxt(prototxt);
            p.mutable_state().set_phase(caffe.TEST);
            FloatNet net = new FloatNet(p);
            NetParameter weights = new NetParameter();
            net.ToProto(weights, false);
            if (dropValues) {
                for (int i = 0; i < weights.layer_size(); i++) {
                    for (int j = 0; j < weights.layer(i).blobs_size(); j++) {
                        weights.mutable_layer(i).mutable_blobs(j).clear_data();
                    }
                }
            }
            caffe.WriteProtoToBinaryFile(weights, out.toString());
        }
        return out;
    }

    private void assertBad(String name, String text, String expected) throws IOException {
        Path p = text == null ? tmp.resolve(name) : write(name, text);
        BadInputException e = assertThrows(BadInputException.class, () -> NetDescription.parse(p));
        assertTrue(e.getMessage().contains(expected), () -> "lacks \"" + expected + "\": " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }
}
