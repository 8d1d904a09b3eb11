package styletransfer.caffe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.caffe.BlobProto;
import org.bytedeco.caffe.FloatBlob;
import org.bytedeco.caffe.FloatNet;
import org.bytedeco.caffe.NetParameter;
import org.bytedeco.caffe.global.caffe;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import styletransfer.SharedData;
import styletransfer.model.LayerWeight;
import styletransfer.model.ModelCatalog;
import styletransfer.model.ModelSpec;

/** The shipped models/ as Caffe parses them, against the reference's prototxts and DeepScale's SqueezeNet. */
class NetDescriptionModelsTest {
    static final ModelCatalog CATALOG = new ModelCatalog(Path.of("models"));

    static Stream<String> referenceModels() {
        return Stream.of("googlenet", "vgg16", "vgg19", "caffenet");
    }

    /** One construction per net: VGG19 at 224x224 allocates about 600 MB. */
    @ParameterizedTest
    @MethodSource("referenceModels")
    void equivalentToTheReferencePrototxt(String name) {
        ModelSpec spec = CATALOG.resolve(name);
        Path reference = SharedData.require("reference/models/" + name + "/" + spec.prototxt().getFileName());
        NetDescription ours = NetDescription.parse(spec.prototxt());
        NetDescription theirs = NetDescription.parse(reference);

        assertEquals(theirs.forceBackward(), ours.forceBackward());
        assertEquals(theirs.layers().size(), ours.layers().size(), "layer count");
        for (int i = 0; i < ours.layers().size(); i++) {
            assertEquals(theirs.layers().get(i), ours.layers().get(i), name + " layer " + i);
        }
        assertEquals(List.copyOf(theirs.blobShapes().keySet()), List.copyOf(ours.blobShapes().keySet()));
        for (String blob : ours.blobShapes().keySet()) {
            assertArrayEquals(theirs.blobShapes().get(blob), ours.blobShapes().get(blob), name + " blob " + blob);
        }
        assertEquals(shapes(theirs.paramShapes()), shapes(ours.paramShapes()));
    }

    @Test
    void everyShippedNetFollowsTheReferencesConventions() {
        for (String name : CATALOG.names()) {
            NetDescription net = NetDescription.parse(CATALOG.resolve(name).prototxt());
            assertTrue(net.forceBackward(), name + ": force_backward");
            for (NetLayer l : net.layers()) {
                String where = name + " " + l.name();
                assertFalse(l.type().equals("InnerProduct") || l.type().equals("Softmax"), where + ": classifier");
                if (l.type().equals("Pooling")) {
                    assertTrue(l.parameters().contains("pool: AVE"), where + ": " + l.parameters());
                }
                if (l.type().equals("ReLU") || l.type().equals("Dropout")) {
                    assertEquals(l.bottoms(), l.tops(), where + " is in place");
                } else if (!l.type().equals("Input")) {
                    assertEquals(List.of(l.name()), l.tops(), where + " is named after its top");
                }
            }
            if (name.equals("googlenet")) {
                assertTrue(net.layers().stream().noneMatch(l -> l.type().equals("LRN")), "no LRN in GoogLeNet");
            }
        }
    }

    @Test
    void everyWeightedBlobOfModelJsonExistsInItsNet() {
        for (String name : CATALOG.names()) {
            ModelSpec spec = CATALOG.resolve(name);
            NetDescription net = NetDescription.parse(spec.prototxt());
            for (LayerWeight w : concat(spec.content(), spec.style())) {
                assertTrue(net.blobShapes().containsKey(w.blob()), name + ": no blob " + w.blob());
            }
        }
    }

    @Test
    void squeezenetIsDeepScalesNetWithAveragePoolingCutAfterItsDeepestWeightedBlob() {
        ModelSpec spec = CATALOG.resolve("squeezenet");
        NetDescription ours = NetDescription.parse(spec.prototxt());
        NetDescription deepScale = NetDescription.parse(SharedData.squeezenetDir().resolve("deploy.prototxt"));
        Map<String, NetLayer> theirs = new LinkedHashMap<>();
        deepScale.layers().forEach(l -> theirs.put(l.name(), l));

        for (NetLayer l : ours.layers()) {
            if (l.type().equals("Input")) {
                continue; // theirs is an Input layer named "data" with batch 10
            }
            NetLayer t = theirs.get(l.name());
            assertNotNull(t, "DeepScale has no layer " + l.name());
            NetLayer averaged = new NetLayer(t.name(), t.type(), t.bottoms(), t.tops(),
                    t.parameters().replace("pool: MAX", "pool: AVE"));
            assertEquals(averaged, l);
        }
        for (Map.Entry<String, int[]> e : ours.blobShapes().entrySet()) {
            int[] mine = e.getValue();
            int[] deep = deepScale.blobShapes().get(e.getKey());
            assertEquals(1, mine[0], "batch 1");
            assertArrayEquals(Arrays.copyOfRange(deep, 1, deep.length), Arrays.copyOfRange(mine, 1, mine.length),
                    e.getKey());
        }
        assertArrayEquals(new int[] {1, 3, 227, 227}, ours.blobShapes().get("data"));

        // cut right after the deepest blob model.json weights
        List<String> blobs = List.copyOf(ours.blobShapes().keySet());
        int deepest = concat(spec.content(), spec.style()).stream().mapToInt(w -> blobs.indexOf(w.blob())).max()
                .orElseThrow();
        assertEquals(blobs.get(blobs.size() - 1), blobs.get(deepest));
        NetLayer last = ours.layers().get(ours.layers().size() - 1);
        assertEquals(blobs.get(deepest), last.name());
    }

    @Test
    void squeezenetWeightsFitAndLoadByLayerName() {
        Path prototxt = CATALOG.resolve("squeezenet").prototxt();
        Path caffemodel = SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel");
        assertEquals(List.of(), NetDescription.parse(prototxt).checkWeights(caffemodel));

        // Loading for real: conv1's weights in the net are the caffemodel's, not the random initialisation.
        try (PointerScope scope = new PointerScope()) {
            NetParameter p = NetFiles.readPrototxt(prototxt);
            p.mutable_state().set_phase(caffe.TEST);
            FloatNet net = new FloatNet(p);
            net.CopyTrainedLayersFromBinaryProto(caffemodel.toString());
            FloatBlob conv1 = net.layer_by_name("conv1").blobs().get(0);
            FloatPointer loaded = conv1.cpu_data();

            NetParameter weights = new NetParameter();
            assertTrue(caffe.ReadProtoFromBinaryFile(caffemodel.toString(), weights));
            BlobProto stored = null;
            for (int i = 0; i < weights.layer_size(); i++) {
                if (weights.layer(i).name().getString().equals("conv1")) {
                    stored = weights.layer(i).blobs(0);
                }
            }
            assertNotNull(stored);
            assertEquals(stored.data_size(), conv1.count());
            for (int i = 0; i < conv1.count(); i += 97) {
                assertEquals(stored.data(i), loaded.get(i), "conv1 weight " + i);
            }
        }
    }

    @Test
    void aCaffemodelOfAnotherNetIsReportedNotLoaded() {
        Path caffemodel = SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel");
        List<WeightMismatch> m =
                NetDescription.parse(CATALOG.resolve("caffenet").prototxt()).checkWeights(caffemodel);
        List<String> layers = m.stream().map(WeightMismatch::layer).distinct().toList();
        // both nets have a conv1 (of other shapes); conv2..conv5 exist only in CaffeNet
        assertEquals(List.of("conv1", "conv2", "conv3", "conv4", "conv5"), layers);
        assertTrue(m.get(0).problem().contains("the net expects [96, 3, 11, 11]"), m.toString());
        assertTrue(m.get(m.size() - 1).problem().contains("missing"), m.toString());
    }

    private static List<LayerWeight> concat(List<LayerWeight> a, List<LayerWeight> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private static Map<String, List<List<Integer>>> shapes(Map<String, List<int[]>> params) {
        Map<String, List<List<Integer>>> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.stream().map(s -> Arrays.stream(s).boxed().toList()).toList()));
        return out;
    }
}
