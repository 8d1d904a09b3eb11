package styletransfer.bench;

import java.nio.file.Path;
import java.util.Locale;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.Device;
import styletransfer.image.Image;
import styletransfer.image.ImageReader;
import styletransfer.image.Rescale;
import styletransfer.model.ModelSpec;
import styletransfer.transfer.LossLayerTimes;

/**
 * The host loss per weighted layer (bench/loss-layers.sh): for each style layer the Gram by ssyrk and (G - A) F
 * by sgemm with their GFLOP/s, the element passes (the style term less the two), and each content term; then the
 * whole loss per evaluation and the machine's sgemm and memory rates. Nets without weights get the benchmark's
 * seeded random ones; bench's images, scaled to the given length.
 */
public final class LossLayersBenchmark {
    private LossLayersBenchmark() {}

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 4) {
            System.err.println("usage: LossLayersBenchmark NET [LENGTH [REPETITIONS [WEIGHTS]]]");
            System.exit(2);
        }
        ModelSpec model = ModelSpec.load(Path.of("models", args[0]));
        int length = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        boolean random = args.length < 4;
        if (!random) {
            model = model.withWeights(Path.of(args[3]));
        }
        Image style = scaled(ImageReader.read(Path.of("images/style/hubble_deep_field.jpg")), length);
        Image content = scaled(ImageReader.read(Path.of("images/content/rocket.jpg")), length);
        LossLayerTimes.Result r;
        try (CaffeNet net = BenchCase.open(model, random, Device.CPU)) {
            r = LossLayerTimes.measure(net, model, style, content, repetitions);
        }
        System.out.printf(Locale.ROOT, "%s -l %d (%s weights), %dx%d, fastest of %d, ms:%n", model.name(), length,
                random ? "random" : "real", content.height(), content.width(), repetitions);
        System.out.printf(Locale.ROOT, "%-22s %5s %7s | %7s %7s | %7s %7s | %8s | %8s%n", "layer", "N", "M",
                "gram", "GFLOP/s", "(G-A)F", "GFLOP/s", "elements", "content");
        double gram = 0;
        double times = 0;
        double elements = 0;
        double content2 = 0;
        for (LossLayerTimes.Row row : r.rows()) {
            double n = row.channels();
            double m = row.positions();
            gram += row.gram();
            times += row.times();
            elements += row.elements();
            content2 += row.contentTerm();
            System.out.printf(Locale.ROOT, "%-22s %5d %7d | %7s %7s | %7s %7s | %8s | %8s%n", row.blob(),
                    row.channels(), row.positions(), ms(row.style(), row.gram()),
                    rate(row.style(), n * (n + 1) * m, row.gram()), ms(row.style(), row.times()),
                    rate(row.style(), 2 * n * n * m, row.times()), ms(row.style(), row.elements()),
                    ms(row.content(), row.contentTerm()));
        }
        System.out.printf(Locale.ROOT, "%-36s | %7.2f %7s | %7.2f %7s | %8.2f | %8.2f%n", "sum of the fastest", gram * 1e3,
                "", times * 1e3, "", elements * 1e3, content2 * 1e3);
        System.out.printf(Locale.ROOT, "whole loss per evaluation: median %.2f ms, fastest %.2f ms%n", r.median() * 1e3,
                r.fastest() * 1e3);
        MachineRates rates = MachineRates.measure();
        System.out.printf(Locale.ROOT, "machine: sgemm %.0f GFLOP/s (1024^3), memory %.1f GB/s%n", rates.sgemmGflops(),
                rates.bandwidthGBps());
    }

    private static Image scaled(Image image, int length) {
        return Rescale.rescale(image, (double) length / Math.max(image.height(), image.width()));
    }

    private static String ms(boolean present, double seconds) {
        return present ? String.format(Locale.ROOT, "%.3f", seconds * 1e3) : "-";
    }

    private static String rate(boolean present, double flops, double seconds) {
        return present ? String.format(Locale.ROOT, "%.0f", flops / seconds / 1e9) : "-";
    }
}
