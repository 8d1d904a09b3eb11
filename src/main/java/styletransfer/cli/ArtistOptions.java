package styletransfer.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;
import styletransfer.BadInputException;
import styletransfer.model.LayerWeight;
import styletransfer.transfer.Controls;

/** The artist controls of the command line; every one is off unless given, so default runs stay the reference's. */
final class ArtistOptions {
    @Option(names = "--style-blend", paramLabel = "W", split = ",",
            description = "One weight per style image of -s a,b,...; normalised to sum 1.")
    List<Double> styleBlend;

    @Option(names = "--original-colors", description = "Keep the content's colours: transfer on luminance (YIQ), "
            + "then put the content's chrominance back.")
    boolean originalColors;

    @Option(names = "--tv-weight", paramLabel = "W", defaultValue = "0",
            description = "Total-variation smoothness weight (0: none). Try 1e-3 to 1e-1. Default: ${DEFAULT-VALUE}.")
    double tvWeight;

    @Option(names = "--style-scale", paramLabel = "S", defaultValue = "1.2",
            description = "Size of the style image relative to its fitted scale. Default: ${DEFAULT-VALUE}.")
    double styleScale;

    @Option(names = "--content-layers", paramLabel = "NAME:W,...", description = "Content layers for this run, "
            + "replacing the model's (e.g. conv4_2:1).")
    String contentLayers;

    @Option(names = "--style-layers", paramLabel = "NAME:W,...", description = "Style layers for this run, replacing "
            + "the model's (e.g. conv1_1:0.5,conv2_1:0.5).")
    String styleLayers;

    @Option(names = "--save-every", paramLabel = "N", defaultValue = "0",
            description = "Write NAME-iterK.ext every N iterations (0: never). Default: ${DEFAULT-VALUE}.")
    int saveEvery;

    @Option(names = "--print-every", paramLabel = "N", defaultValue = "0",
            description = "Print iteration, loss and its parts (content, style per layer, tv) every N iterations.")
    int printEvery;

    @Option(names = "--scales", paramLabel = "L", split = ",",
            description = "Coarse to fine: run at each -l in turn, each starting from the previous result upscaled; "
                    + "-n is per scale unless --iters-per-scale.")
    List<Double> scales;

    @Option(names = "--iters-per-scale", paramLabel = "N", split = ",", description = "Iterations per scale.")
    List<Integer> itersPerScale;

    @Option(names = "--optimizer", paramLabel = "lbfgs|adam", defaultValue = "lbfgs",
            description = "L-BFGS-B (the reference's) or Adam (less memory at high resolution). Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--learning-rate", paramLabel = "R", defaultValue = "10",
            description = "Adam's step size in pixel units (0..255). Default: ${DEFAULT-VALUE}.")
    double learningRate;

    /** The controls as the run takes them, checked; {@code iterations} is -n, each scale's unless --iters-per-scale. */
    Controls parse(int styleCount, int iterations, boolean checkpointing) {
        Controls c = Controls.reference();
        if (!(styleScale > 0) || !Double.isFinite(styleScale)) {
            throw new BadInputException("--style-scale must be a positive number, got " + styleScale);
        }
        c = c.withStyleScale(styleScale);
        if (styleBlend != null || styleCount > 1) {
            if (styleBlend == null || styleBlend.size() != styleCount) {
                throw new BadInputException("--style-blend needs one weight per style image: " + styleCount
                        + " image(s), " + (styleBlend == null ? 0 : styleBlend.size()) + " weight(s)");
            }
            double sum = 0;
            for (double w : styleBlend) {
                if (!(w >= 0) || !Double.isFinite(w)) {
                    throw new BadInputException("--style-blend weights must be finite numbers >= 0, got " + styleBlend);
                }
                sum += w;
            }
            if (sum <= 0) {
                throw new BadInputException("--style-blend weights must not all be 0");
            }
            double[] blend = new double[styleCount];
            for (int i = 0; i < blend.length; i++) {
                blend[i] = styleBlend.get(i) / sum;
            }
            c = c.withStyleBlend(blend);
        }
        if (!(tvWeight >= 0) || !Double.isFinite(tvWeight)) {
            throw new BadInputException("--tv-weight must be a finite number >= 0, got " + tvWeight);
        }
        c = c.withTvWeight(tvWeight).withOriginalColors(originalColors);
        switch (optimizer.toLowerCase(Locale.ROOT)) {
            case "lbfgs", "l-bfgs-b", "lbfgsb" -> { }
            case "adam" -> {
                if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                    throw new BadInputException("--learning-rate must be a positive number, got " + learningRate);
                }
                c = c.withOptimizer(Controls.Optimizer.ADAM, learningRate);
            }
            default -> throw new BadInputException("--optimizer must be lbfgs or adam, got '" + optimizer + "'");
        }
        if (saveEvery < 0 || printEvery < 0) {
            throw new BadInputException("--save-every and --print-every must be 0 (never) or more");
        }
        List<Double> sc = scales == null ? List.of() : List.copyOf(scales);
        if (itersPerScale != null && sc.isEmpty()) {
            throw new BadInputException("--iters-per-scale needs --scales");
        }
        for (double s : sc) {
            if (!(s >= 1) || !Double.isFinite(s)) {
                throw new BadInputException("--scales must be pixel lengths >= 1, got " + scales);
            }
        }
        List<Controls.Scale> steps = new ArrayList<>();
        if (!sc.isEmpty()) {
            if (itersPerScale != null) {
                if (itersPerScale.size() != sc.size()) {
                    throw new BadInputException("--iters-per-scale needs one count per scale: " + sc.size()
                            + " scale(s), " + itersPerScale.size() + " count(s)");
                }
                for (int n : itersPerScale) {
                    if (n < 1) {
                        throw new BadInputException("--iters-per-scale counts must be at least 1, got " + itersPerScale);
                    }
                }
            }
            for (int i = 0; i < sc.size(); i++) {
                steps.add(new Controls.Scale(sc.get(i), itersPerScale != null ? itersPerScale.get(i) : iterations));
            }
            if (checkpointing) {
                throw new BadInputException("--scales cannot be combined with --checkpoint-every or --resume");
            }
        }
        return c.withLayers(layers(contentLayers, "--content-layers"), layers(styleLayers, "--style-layers"))
                .withScales(steps);
    }

    /** Parses {@code name:weight,...}; null when the option is absent. */
    static List<LayerWeight> layers(String spec, String option) {
        if (spec == null) {
            return null;
        }
        List<LayerWeight> out = new ArrayList<>();
        for (String item : spec.split(",")) {
            String t = item.trim();
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || colon == t.length() - 1) {
                throw new BadInputException(option + " items must be NAME:WEIGHT, got '" + t + "'");
            }
            double w;
            try {
                w = Double.parseDouble(t.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new BadInputException(option + ": weight of '" + t.substring(0, colon) + "' is not a number");
            }
            if (!Double.isFinite(w) || w < 0) {
                throw new BadInputException(option + ": weight of '" + t.substring(0, colon) + "' must be >= 0");
            }
            out.add(new LayerWeight(t.substring(0, colon), w));
        }
        return out;
    }
}
