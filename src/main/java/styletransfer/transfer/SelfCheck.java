package styletransfer.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.Device;
import styletransfer.image.Image;
import styletransfer.model.LayerWeight;
import styletransfer.model.ModelSpec;
import styletransfer.optim.DifferentiableFunction;

/**
 * The numerical checks of {@code style-transfer selftest}, on a net small enough to check in seconds and needing no
 * downloaded weights: two 3x3 convolutions with ReLUs and an average pooling between them (the layer types of the
 * shipped nets' first layers), written here, with seeded random weights. Its gradient is compared with central
 * finite differences of the loss, and a device's loss and gradient with the CPU's.
 */
public final class SelfCheck {
    private SelfCheck() {}

    /** Side of the tiny net's square input. */
    public static final int SIZE = 32;

    private static final String PROTOTXT = """
            name: "selftest"
            force_backward: true
            input: "data"
            input_shape { dim: 1 dim: 3 dim: %d dim: %d }
            layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                    convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }
            layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
            layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1"
                    pooling_param { pool: AVE kernel_size: 2 stride: 2 } }
            layer { name: "conv2" type: "Convolution" bottom: "pool1" top: "conv2"
                    convolution_param { num_output: 16 kernel_size: 3 pad: 1 } }
            layer { name: "relu2" type: "ReLU" bottom: "conv2" top: "conv2" }
            """.formatted(SIZE, SIZE);

    static final List<LayerWeight> CONTENT = List.of(new LayerWeight("conv2", 1));
    static final List<LayerWeight> STYLE = List.of(new LayerWeight("conv1", 0.5), new LayerWeight("conv2", 0.5));
    private static final double[] MEAN = {104.0, 117.0, 123.0};
    private static final long WEIGHT_SEED = 7;

    /**
     * What a finite-difference check found.
     *
     * @param compared coordinates whose derivative was compared
     * @param kinks    coordinates skipped because a ReLU switches within the step (no derivative to compare there)
     * @param worst    the largest relative difference between the gradient and the central difference
     */
    public record FiniteDifferences(int compared, int kinks, double worst) {
        /** At least half the coordinates compared, each within {@code tolerance}. */
        public boolean within(double tolerance) {
            return compared >= kinks && compared > 0 && worst <= tolerance;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "largest relative error %.1e over %d coordinates (%d on a ReLU kink"
                    + " skipped)", worst, compared, kinks);
        }
    }

    /**
     * Relative agreement required of the gradient with finite differences. The loss is summed in float32 (about
     * 6e-8 of a loss near 1e7), so a difference quotient is good to a few 1e-3 here (measured: at most 4.7e-3 over
     * 24 seeds); a broken gradient is off by far more.
     */
    public static final double FINITE_DIFFERENCE_TOLERANCE = 2e-2;
    /** Step per pixel value (0-255 scale): large against float32 rounding of the loss, small against curvature. */
    private static final double STEP = 0.5;

    /**
     * Compares {@code f}'s gradient at {@code x} with central differences of f at {@code coordinates} coordinates,
     * chosen at random among those whose derivative is at least 25% of the largest (small ones drown in float32
     * rounding). Where the one-sided slopes disagree by more than 1% a ReLU switches inside the step: that
     * coordinate is counted as a kink, not judged.
     */
    public static FiniteDifferences finiteDifferences(DifferentiableFunction f, double[] x, int coordinates,
                                                      Random rnd) {
        double[] g = new double[x.length];
        double f0 = f.valueAndGradient(x, g);
        double gmax = 0;
        for (double v : g) {
            gmax = Math.max(gmax, Math.abs(v));
        }
        List<Integer> picked = new ArrayList<>();
        for (int tries = 0; picked.size() < coordinates && tries < 100 * coordinates; tries++) {
            int i = rnd.nextInt(x.length);
            if (Math.abs(g[i]) >= 0.25 * gmax && gmax > 0 && !picked.contains(i)) {
                picked.add(i);
            }
        }
        double[] scratch = new double[x.length];
        double[] point = x.clone();
        double worst = 0;
        int kinks = 0;
        for (int i : picked) {
            point[i] = x[i] + STEP;
            double fp = f.valueAndGradient(point, scratch);
            point[i] = x[i] - STEP;
            double fm = f.valueAndGradient(point, scratch);
            point[i] = x[i];
            double forward = (fp - f0) / STEP;
            double backward = (f0 - fm) / STEP;
            if (Math.abs(forward - backward) > 0.01 * Math.abs(g[i])) {
                kinks++;
                continue;
            }
            double central = (fp - fm) / (2 * STEP);
            worst = Math.max(worst, Math.abs(central - g[i]) / Math.abs(g[i]));
        }
        return new FiniteDifferences(picked.size() - kinks, kinks, worst);
    }

    /** The tiny net with its seeded random weights on {@code device}: the same weights on every device. */
    public static CaffeNet openTinyNet(Device device) {
        Path prototxt;
        try {
            prototxt = Files.createTempFile("style-transfer-selftest", ".prototxt");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the self-test's net to the temporary folder", e);
        }
        try {
            Files.writeString(prototxt, PROTOTXT);
            return CaffeNet.openWithRandomWeights(prototxt, device, WEIGHT_SEED);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the self-test's net to " + prototxt, e);
        } finally {
            try {
                Files.deleteIfExists(prototxt);
            } catch (IOException ignored) {
                // a temporary file: the system cleans its folder
            }
        }
    }

    /**
     * The objective of a run on the tiny net (random style and content inputs, ratio 1e3, the minimal schedule)
     * and a start point near the content: what the gradient check differentiates.
     */
    public static final class TinyRun implements AutoCloseable {
        private final Targets targets;
        private final Objective objective;
        private final double[] start;

        public TinyRun(CaffeNet net, long seed) {
            Random rnd = new Random(seed);
            LayerPlan plan = LayerPlan.of(net, CONTENT, STYLE);
            net.disableWeightGradients();
            Targets.Input style = randomInput(rnd, SIZE, SIZE);
            Targets.Input content = randomInput(rnd, SIZE, SIZE);
            targets = Targets.compute(net, plan, style, content, Schedule.MINIMAL);
            try {
                objective = new Objective(net, plan.sizedFor(net), targets, 1e3, Schedule.MINIMAL, new PhaseTimes());
            } catch (RuntimeException e) {
                targets.close();
                throw e;
            }
            start = new double[content.chw().length];
            for (int i = 0; i < start.length; i++) {
                start[i] = content.chw()[i] + 20 * rnd.nextGaussian();
            }
        }

        public DifferentiableFunction objective() {
            return objective;
        }

        public double[] start() {
            return start.clone();
        }

        @Override
        public void close() {
            objective.close();
            targets.close();
        }
    }

    /** The tiny net's gradient on {@code device} against finite differences, at 24 coordinates. */
    public static FiniteDifferences gradientCheck(Device device) {
        try (CaffeNet net = openTinyNet(device); TinyRun run = new TinyRun(net, 42)) {
            return finiteDifferences(run.objective(), run.start(), 24, new Random(43));
        }
    }

    /**
     * One evaluation of loss and gradient at a run's start on {@code device} against the same on the CPU, with the
     * same weights and images: {@link GradientCheck}, the check of issue 12's device tests, as a command.
     */
    public static GradientCheck.Comparison deviceAgainstCpu(Device device) {
        Random rnd = new Random(11);
        Image style = randomImage(rnd);
        Image content = randomImage(rnd);
        Request request = new Request(tinyModel(), style, content,
                Settings.reference().withIterations(1).withLength(SIZE).withSeed(1L), null);
        GradientCheck.Evaluation cpu;
        try (CaffeNet net = openTinyNet(Device.CPU)) {
            cpu = GradientCheck.atStart(net, request);
        }
        try (CaffeNet net = openTinyNet(device)) {
            return GradientCheck.compare(cpu, GradientCheck.atStart(net, request));
        }
    }

    /** The tiny net's mean and layers as a model (its net is opened from {@link #PROTOTXT} by openTinyNet). */
    private static ModelSpec tinyModel() {
        return new ModelSpec("selftest", Path.of("."), Path.of("selftest.prototxt"), Path.of("random-weights"),
                MEAN, CONTENT, STYLE, Optional.empty(), Optional.empty());
    }

    private static Targets.Input randomInput(Random rnd, int h, int w) {
        float[] chw = new float[3 * h * w];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = (float) (rnd.nextDouble() * 255 - 120);
        }
        return new Targets.Input(chw, h, w);
    }

    private static Image randomImage(Random rnd) {
        double[] rgb = new double[3 * SIZE * SIZE];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = rnd.nextDouble();
        }
        return new Image(SIZE, SIZE, rgb);
    }
}
