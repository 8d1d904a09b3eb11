package styletransfer.caffe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.caffe.LayerParameter;
import org.bytedeco.caffe.NetParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import styletransfer.BadInputException;
import styletransfer.model.ModelCatalog;

/**
 * Every shipped net is built with Caffe's own pooling, so a GPU computes the CPU's features (cuDNN's AVE pooling
 * divides edge windows differently); on the CPU every layer is Caffe's own, so the GPU build never needs a device
 * for a CPU net; convolutions on a GPU are cuDNN's unless Caffe's are chosen.
 */
class LayerEnginesTest {
    static final ModelCatalog CATALOG = new ModelCatalog(Path.of("models"));

    static Stream<String> shippedNets() {
        return CATALOG.names().stream();
    }

    @Test
    void everyModelFolderIsTested() {
        assertEquals(5, CATALOG.names().size(), "models/: " + CATALOG.names());
    }

    @ParameterizedTest
    @MethodSource("shippedNets")
    void aNetOnTheCpuIsBuiltWithCaffesOwnLayersOnly(String name) {
        try (CaffeNet net = CaffeNet.openWithRandomWeights(CATALOG.resolve(name).prototxt(), Device.CPU, 1)) {
            Map<String, String> engines = net.engines();
            long pools = net.layerNames().stream().filter(l -> typeOf(net, l).equals("Pooling")).count();
            assertFalse(pools == 0, name + " has pooling layers");
            for (String layer : net.layerNames()) {
                if (typeOf(net, layer).equals("Pooling")) {
                    assertEquals("CAFFE", engines.get(layer), name + " " + layer);
                }
            }
            engines.forEach((layer, engine) -> assertEquals("CAFFE", engine, name + " " + layer));
        }
    }

    @ParameterizedTest
    @MethodSource("shippedNets")
    void onAGpuPoolingIsCaffesAndConvolutionCudnnsUnlessChosen(String name) {
        for (ConvolutionEngine convolution : ConvolutionEngine.values()) {
            try (NetParameter param = NetFiles.readPrototxt(CATALOG.resolve(name).prototxt())) {
                LayerEngines.choose(param, Device.gpu(0), convolution);
                int pools = 0;
                for (int i = 0; i < param.layer_size(); i++) {
                    LayerParameter l = param.layer(i);
                    String where = name + " " + NetFiles.text(l.name()) + " with " + convolution;
                    switch (NetFiles.text(l.type())) {
                        case "Pooling" -> {
                            pools++;
                            assertEquals(1, l.pooling_param().engine(), where); // CAFFE
                        }
                        case "Convolution" -> assertEquals(convolution == ConvolutionEngine.CAFFE ? 1 : 0,
                                l.convolution_param().engine(), where);
                        case "ReLU" -> assertEquals(0, l.relu_param().engine(), where); // cuDNN's: exact
                        default -> { }
                    }
                }
                assertFalse(pools == 0, name);
            }
        }
    }

    @Test
    void theSettingAcceptsCudnnOrCaffe() {
        assertEquals(ConvolutionEngine.CAFFE, ConvolutionEngine.parse(" Caffe "));
        assertEquals(ConvolutionEngine.CUDNN, ConvolutionEngine.parse("cudnn"));
        assertEquals(ConvolutionEngine.CUDNN, ConvolutionEngine.parse(null));
        BadInputException e = assertThrows(BadInputException.class, () -> ConvolutionEngine.parse("fast"));
        assertEquals("gpu.convolution (styletransfer.gpu.convolution) is 'fast'; it must be cudnn or caffe",
                e.getMessage());
    }

    private static String typeOf(CaffeNet net, String layer) {
        return net.layerType(net.layerIndex(layer));
    }
}
