package styletransfer.transfer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import styletransfer.BadInputException;
import styletransfer.caffe.CaffeNet;
import styletransfer.model.LayerWeight;

/**
 * The weighted layers in the net's blob order (shallowest first), as the reference orders them, and the Caffe
 * layer ranges that one evaluation runs under a {@link Schedule}.
 */
public final class LayerPlan {
    private final List<WeightedLayer> layers;
    private final int[] producer;   // index of the layer named like the blob (where backward starts)
    private final int[] lastWriter; // last layer writing the blob (its in-place ReLU)
    private final int layerCount;

    private LayerPlan(List<WeightedLayer> layers, int[] producer, int[] lastWriter, int layerCount) {
        this.layers = List.copyOf(layers);
        this.producer = producer;
        this.lastWriter = lastWriter;
        this.layerCount = layerCount;
    }

    /** Orders the content and style blobs by the net's blob order; every name must be a blob and a layer. */
    public static LayerPlan of(CaffeNet net, List<LayerWeight> content, List<LayerWeight> style) {
        if (style.isEmpty() && content.isEmpty()) {
            throw new BadInputException("no content or style layers are given");
        }
        Map<String, Double> c = weights(content, "content");
        Map<String, Double> s = weights(style, "style");
        for (String name : concat(c.keySet(), s.keySet())) {
            if (!net.blobNames().contains(name) || !net.layerNames().contains(name)) {
                throw new BadInputException("layer '" + name + "' is not in the net (a weighted layer must be a blob "
                        + "and the layer of the same name); the net's blobs include " + preview(net.blobNames()));
            }
        }
        List<WeightedLayer> ordered = new ArrayList<>();
        for (String blob : net.blobNames()) {
            if (c.containsKey(blob) || s.containsKey(blob)) {
                ordered.add(new WeightedLayer(blob, c.containsKey(blob), c.getOrDefault(blob, 0.0),
                        s.containsKey(blob), s.getOrDefault(blob, 0.0), 0, 0));
            }
        }
        int[] producer = new int[ordered.size()];
        int[] lastWriter = new int[ordered.size()];
        for (int i = 0; i < ordered.size(); i++) {
            producer[i] = net.layerIndex(ordered.get(i).blob());
            lastWriter[i] = net.lastWriterOf(ordered.get(i).blob());
        }
        return new LayerPlan(ordered, producer, lastWriter, net.layerNames().size());
    }

    private static Map<String, Double> weights(List<LayerWeight> list, String role) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (LayerWeight w : list) {
            if (!Double.isFinite(w.weight())) {
                throw new BadInputException(role + " weight of layer '" + w.blob() + "' is not a finite number");
            }
            if (m.put(w.blob(), w.weight()) != null) {
                throw new BadInputException(role + " layer '" + w.blob() + "' is given twice");
            }
        }
        return m;
    }

    private static List<String> concat(java.util.Collection<String> a, java.util.Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String preview(List<String> names) {
        return names.size() <= 8 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 8)) + ", ... (" + names.size() + " in all)";
    }

    /** Shallowest first. */
    public List<WeightedLayer> layers() {
        return layers;
    }

    /** The last layer a forward pass must run. */
    public int forwardEnd(Schedule schedule) {
        return schedule == Schedule.REFERENCE ? layerCount - 1 : lastWriter[layers.size() - 1];
    }

    /** First (highest) layer of the backward range that starts at weighted layer i. */
    public int backwardFrom(int i) {
        return producer[i];
    }

    /** Last (lowest) layer of the backward range that starts at weighted layer i, inclusive. */
    public int backwardTo(int i, Schedule schedule) {
        if (i == 0) {
            // Down to the data blob; layer 0 is the Input layer, whose backward does nothing.
            return schedule == Schedule.REFERENCE ? 0 : 1;
        }
        // The reference runs the next weighted layer's producer here and again in the next range.
        return schedule == Schedule.REFERENCE ? producer[i - 1] : producer[i - 1] + 1;
    }

    /** The same layers with their feature-matrix sizes read from the net at its current input size. */
    public LayerPlan sizedFor(CaffeNet net) {
        List<WeightedLayer> sized = new ArrayList<>();
        for (WeightedLayer l : layers) {
            int[] shape = net.shape(l.blob());
            int positions = 1;
            for (int a = 2; a < shape.length; a++) {
                positions *= shape[a];
            }
            sized.add(l.resized(shape[1], positions));
        }
        return new LayerPlan(sized, producer, lastWriter, layerCount);
    }
}
