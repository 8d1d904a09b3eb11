package styletransfer.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import styletransfer.caffe.CaffeNet;

/**
 * Seconds per layer of Caffe's forward pass and of its backward pass with data gradients only (the minimal
 * schedule's work), measured one layer at a time: where a pass spends its time, and how much of it is in layers
 * that Caffe runs on one thread (pooling, ReLU, concatenation) while its convolutions use all OpenBLAS threads.
 */
public final class LayerTimes {
    private LayerTimes() {}

    /** One layer's mean seconds per pass. */
    public record Layer(String name, String type, double forward, double backward) {}

    /**
     * Times layers 0..last of a net already shaped for its input, with weight gradients off and a random image,
     * after one warm-up pass: the mean over {@code repeats} passes, each layer run on its own.
     */
    public static List<Layer> measure(CaffeNet net, int last, int repeats) {
        float[] input = new float[net.count(CaffeNet.INPUT)];
        Random random = new Random(1);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) (random.nextDouble() * 255 - 120);
        }
        net.setInput(input);
        net.forwardTo(last);
        net.backward(last, 1);
        double[] forward = new double[last + 1];
        double[] backward = new double[last + 1];
        // On a GPU a layer call only queues kernels: each is timed from an idle device until it has finished.
        net.synchronize();
        for (int r = 0; r < repeats; r++) {
            for (int i = 0; i <= last; i++) {
                long t = System.nanoTime();
                net.forward(i, i);
                net.synchronize();
                forward[i] += (System.nanoTime() - t) / 1e9 / repeats;
            }
            for (int i = last; i >= 1; i--) {
                long t = System.nanoTime();
                net.backward(i, i);
                net.synchronize();
                backward[i] += (System.nanoTime() - t) / 1e9 / repeats;
            }
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            layers.add(new Layer(net.layerNames().get(i), net.layerType(i), forward[i], backward[i]));
        }
        return layers;
    }

    /** Totals by layer type (largest first), then the {@code top} most expensive layers. */
    public static void print(List<Layer> layers, int top, PrintWriter out) {
        double forward = layers.stream().mapToDouble(Layer::forward).sum();
        double backward = layers.stream().mapToDouble(Layer::backward).sum();
        Map<String, double[]> byType = new LinkedHashMap<>();
        for (Layer l : layers) {
            double[] t = byType.computeIfAbsent(l.type(), k -> new double[2]);
            t[0] += l.forward();
            t[1] += l.backward();
        }
        out.printf(Locale.ROOT, "%-14s %9s %9s %7s%n", "layer type", "forward", "backward", "share");
        byType.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -(e.getValue()[0]
                        + e.getValue()[1])))
                .forEach(e -> out.printf(Locale.ROOT, "%-14s %9.4f %9.4f %6.1f%%%n", e.getKey(), e.getValue()[0],
                        e.getValue()[1], 100 * (e.getValue()[0] + e.getValue()[1]) / (forward + backward)));
        out.printf(Locale.ROOT, "%-14s %9.4f %9.4f%n%n", "all", forward, backward);
        out.printf(Locale.ROOT, "%-32s %-12s %9s %9s%n", "layer", "type", "forward", "backward");
        layers.stream().sorted(Comparator.comparingDouble(l -> -(l.forward() + l.backward()))).limit(top)
                .forEach(l -> out.printf(Locale.ROOT, "%-32s %-12s %9.4f %9.4f%n", l.name(), l.type(), l.forward(),
                        l.backward()));
    }
}
