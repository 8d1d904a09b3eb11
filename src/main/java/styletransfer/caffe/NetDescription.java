package styletransfer.caffe;

import static org.bytedeco.caffe.global.caffe.TEST;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.caffe.FloatNet;
import org.bytedeco.caffe.NetParameter;
import org.bytedeco.caffe.StringVector;
import org.bytedeco.javacpp.PointerScope;

/**
 * What Caffe makes of a deploy prototxt: its layers as parsed (after Caffe's upgrade of legacy formats, so
 * {@code input}/{@code input_shape} appear as an {@code Input} layer named "input"), every blob's shape and every
 * layer's learnable parameter shapes in a TEST-phase net.
 *
 * <p>For the tests of the Caffe boundary: the prototxt is read and checked by {@link NetFiles}, weights are
 * compared by {@link WeightCheck}. The command line's view of a net at a size is {@link ShapedNet}.
 *
 * @param layers      in prototxt order
 * @param blobShapes  every blob of the net, in Caffe's blob order, including the split blobs Caffe inserts where a
 *                    blob feeds several layers
 * @param paramShapes learnable parameter shapes of every layer of the built net, in net order (an empty list for
 *                    layers without parameters)
 */
record NetDescription(List<NetLayer> layers, Map<String, int[]> blobShapes, boolean forceBackward,
                      Map<String, List<int[]>> paramShapes) {

    public NetDescription {
        layers = List.copyOf(layers);
        blobShapes = Collections.unmodifiableMap(new LinkedHashMap<>(blobShapes));
        paramShapes = Collections.unmodifiableMap(new LinkedHashMap<>(paramShapes));
    }

    /** Parses and builds the net in TEST phase (weights random-initialised, not loaded). */
    static NetDescription parse(Path prototxt) {
        try (PointerScope scope = new PointerScope()) {
            NetParameter param = NetFiles.readPrototxt(prototxt);
            List<NetLayer> layers = new ArrayList<>();
            for (int i = 0; i < param.layer_size(); i++) {
                layers.add(NetLayer.of(param.layer(i)));
            }
            param.mutable_state().set_phase(TEST);
            // Built on the CPU: in the GPU build, cuDNN layers would need a device even to be constructed.
            LayerEngines.choose(param, Device.CPU, ConvolutionEngine.CAFFE);
            FloatNet net = new FloatNet(param);
            Map<String, int[]> blobShapes = new LinkedHashMap<>();
            StringVector names = net.blob_names();
            for (long i = 0; i < names.size(); i++) {
                // By index: a name with bytes that are not UTF-8 does not survive the round trip through String.
                blobShapes.put(names.get(i).getString(), WeightCheck.shapeOf(net.blobs().get(i)));
            }
            return new NetDescription(layers, blobShapes, param.force_backward(), WeightCheck.paramShapes(net));
        }
    }

    /**
     * Compares a caffemodel with this net the way Caffe's CopyTrainedLayersFrom will: by layer name, blob count,
     * blob shape and number of values. An empty list means the weights load; caffemodel layers the net does not have
     * are ignored, as Caffe ignores them.
     */
    List<WeightMismatch> checkWeights(Path caffemodel) {
        try (PointerScope scope = new PointerScope()) {
            return WeightCheck.compare(NetFiles.readCaffemodel(caffemodel), paramShapes);
        }
    }

    @Override
    public String toString() {
        return "NetDescription[" + layers.size() + " layers, " + blobShapes.size() + " blobs]";
    }
}
