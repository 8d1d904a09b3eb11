package styletransfer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import styletransfer.SharedData;

/** The model folders under models/ as the run will see them. Caffe-level checks are in NetDescriptionModelsTest. */
class ShippedModelsTest {
    static final Path MODELS = Path.of("models");
    final ModelCatalog catalog = new ModelCatalog(MODELS);

    @Test
    void everyModelIsListedAndLoads() {
        assertEquals(List.of("caffenet", "googlenet", "squeezenet", "vgg16", "vgg19"), catalog.names());
        for (String name : catalog.names()) {
            ModelSpec spec = catalog.resolve(name);
            assertTrue(Files.isRegularFile(spec.prototxt()), spec.prototxt().toString());
            assertTrue(spec.weightsUrl().isPresent(), name + " has a download URL");
        }
    }

    @Test
    void committedPrototxtsAreTheGeneratorsOutput() throws IOException {
        for (Map.Entry<String, String> e : PrototxtGenerator.all().entrySet()) {
            assertEquals(e.getValue(), Files.readString(MODELS.resolve(e.getKey())),
                    e.getKey() + " is stale: rerun PrototxtGenerator (see models/README.md)");
        }
    }

    @Test
    void prototxtsAreOurOwnFilesNotCopies() throws IOException {
        Map<String, String> reference = Map.of(
                "googlenet/deploy.prototxt", "googlenet/deploy.prototxt",
                "vgg16/VGG_ILSVRC_16_layers_deploy.prototxt", "vgg16/VGG_ILSVRC_16_layers_deploy.prototxt",
                "vgg19/VGG_ILSVRC_19_layers_deploy.prototxt", "vgg19/VGG_ILSVRC_19_layers_deploy.prototxt",
                "caffenet/deploy.prototxt", "caffenet/deploy.prototxt");
        for (Map.Entry<String, String> e : reference.entrySet()) {
            Path theirs = SharedData.require("reference/models/" + e.getValue());
            assertNotEquals(WeightFetcher.sha1(theirs), WeightFetcher.sha1(MODELS.resolve(e.getKey())), e.getKey());
        }
    }

    @Test
    void referenceModelsUseTheSpecsLayersAndMean() {
        // style.py's GOOGLENET_WEIGHTS (chosen in StyleTransfer.__init__), and ilsvrc_2012_mean.npy reduced per
        // channel as its load_model does: np.load(mean_file).mean(1).mean(1)
        double[] mean = {104.0069879317889, 116.66876761696767, 122.6789143406786};
        ModelSpec g = catalog.resolve("googlenet");
        assertEquals(List.of(new LayerWeight("conv2/3x3", 2e-4), new LayerWeight("inception_3a/output", 1 - 2e-4)),
                g.content());
        assertEquals(styleOf("conv1/7x7_s2", "conv2/3x3", "inception_3a/output", "inception_4a/output",
                "inception_5a/output"), g.style());
        assertEquals(g.directory().resolve("bvlc_googlenet.caffemodel"), g.weights());
        assertEquals(Optional.of("405fc5acd08a3bb12de8ee5e23a96bec22f08204"), g.weightsSha1());

        for (String vgg : List.of("vgg16", "vgg19")) {
            ModelSpec v = catalog.resolve(vgg);
            assertEquals(List.of(new LayerWeight("conv4_2", 1)), v.content());
            assertEquals(styleOf("conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1"), v.style());
            String layers = "VGG_ILSVRC_" + vgg.substring(3) + "_layers";
            assertEquals(v.directory().resolve(layers + ".caffemodel"), v.weights());
            assertEquals(v.directory().resolve(layers + "_deploy.prototxt"), v.prototxt());
            assertEquals(Optional.of(URI.create(
                    "http://www.robots.ox.ac.uk/~vgg/software/very_deep/caffe/" + layers + ".caffemodel")),
                    v.weightsUrl());
            assertEquals(Optional.empty(), v.weightsSha1());
        }

        ModelSpec c = catalog.resolve("caffenet");
        assertEquals(List.of(new LayerWeight("conv4", 1)), c.content());
        assertEquals(styleOf("conv1", "conv2", "conv3", "conv4", "conv5"), c.style());
        assertEquals(Optional.of("4c8d77deb20ea792f84eb5e6d0a11ca0a8660a46"), c.weightsSha1());

        for (String name : catalog.names()) {
            assertArrayEquals(mean, catalog.resolve(name).meanBgr(), 0.0, name);
        }
    }

    @Test
    void squeezenetSha1IsThatOfTheSharedWeights() {
        Path shared = SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel");
        ModelSpec s = catalog.resolve("squeezenet");
        assertEquals(Optional.of(WeightFetcher.sha1(shared)), s.weightsSha1());
        assertEquals("squeezenet_v1.1.caffemodel", s.weights().getFileName().toString());
    }

    private static List<LayerWeight> styleOf(String... blobs) {
        return java.util.Arrays.stream(blobs).map(b -> new LayerWeight(b, 0.2)).toList();
    }
}
