package styletransfer.caffe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.caffe.NetParameter;
import org.bytedeco.javacpp.PointerScope;

/**
 * The prototxt's layers as Caffe parses them, and every blob's shape at input 1x3x{@code height}x{@code width}
 * as computed in Java ({@link ShapeCheck}), without building the net: no weights, no blob memory. A blob of a
 * layer type that is not modelled has no entry.
 */
public record ShapedNet(List<NetLayer> layers, Map<String, long[]> blobShapes) {
    public ShapedNet {
        layers = List.copyOf(layers);
        blobShapes = Collections.unmodifiableMap(new LinkedHashMap<>(blobShapes));
    }

    /** The prototxt's layers and blob shapes at that input size; the prototxt is checked as for a run. */
    public static ShapedNet at(Path prototxt, int height, int width) {
        try (PointerScope scope = new PointerScope()) {
            NetParameter param = NetFiles.readPrototxt(prototxt);
            List<NetLayer> layers = new ArrayList<>();
            Map<String, long[]> shapes = ShapeCheck.shapesAt(prototxt.toString(), param, height, width);
            Map<String, long[]> ordered = new LinkedHashMap<>();
            for (int i = 0; i < param.layer_size(); i++) {
                NetLayer l = NetLayer.of(param.layer(i));
                layers.add(l);
                for (String top : l.tops()) {
                    if (shapes.containsKey(top)) {
                        ordered.putIfAbsent(top, shapes.get(top).clone());
                    }
                }
            }
            return new ShapedNet(layers, ordered);
        }
    }
}
