package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import styletransfer.SharedData;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.Device;
import styletransfer.image.CaffeTransform;
import styletransfer.image.Image;
import styletransfer.model.LayerWeight;
import styletransfer.model.ModelSpec;
import styletransfer.optim.Status;

/** A run stopped from outside, or broken by a NaN, ends with the last accepted iterate as its picture. */
class StyleTransferFaultsTest {
    private static final double[] MEAN = {104.0, 116.7, 122.7};
    private static final List<LayerWeight> CONTENT = List.of(new LayerWeight("fire3/concat", 1.0));
    private static final List<LayerWeight> STYLE = List.of(new LayerWeight("conv1", 0.5),
            new LayerWeight("fire2/concat", 0.5));

    private static CaffeNet squeezenet() {
        Path dir = SharedData.squeezenetDir();
        return CaffeNet.open(TestNets.squeezenetPrototxt(dir), dir.resolve("squeezenet_v1.1.caffemodel"), Device.CPU);
    }

    private static Image randomImage(Random rnd, int h, int w) {
        double[] rgb = new double[3 * h * w];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (float) rnd.nextDouble();
        }
        return new Image(h, w, rgb);
    }

    /** SqueezeNet's files with this test's mean and layers. */
    private static ModelSpec model() {
        Path dir = SharedData.squeezenetDir();
        return new ModelSpec("squeezenet", dir, TestNets.squeezenetPrototxt(dir),
                dir.resolve("squeezenet_v1.1.caffemodel"), MEAN, CONTENT, STYLE, Optional.empty(), Optional.empty());
    }

    private static Request request(Image style, Image content, double ratio, int iterations) {
        Settings settings = Settings.reference().withRatio(ratio).withIterations(iterations).withLength(64)
                .withSeed(1L);
        return new Request(model(), style, content, settings, null);
    }

    @Test
    void aStopRequestedDuringSetUpEndsTheRunBeforeItsFirstEvaluation(@org.junit.jupiter.api.io.TempDir Path dir) {
        Random rnd = new Random(2);
        Image style = randomImage(rnd, 30, 40);
        Image content = randomImage(rnd, 30, 40);
        StopRequest stop = new StopRequest();
        List<Integer> iterations = new ArrayList<>();
        Path output = dir.resolve("never.png");
        try (CaffeNet net = squeezenet()) {
            // Raised while the run starts (a Ctrl-C during set-up): no iteration, no evaluation, no picture.
            Progress progress = new Progress() {
                @Override
                public void started(Start start) {
                    stop.raise("test");
                }

                @Override
                public void iteration(int k, double loss, double pg, LossParts parts) {
                    iterations.add(k);
                }
            };
            Request base = request(style, content, 1e4, 50);
            Request request = new Request(base.model(), base.styles(), base.content(), base.settings(), output, null);
            StyleTransfer.Outcome outcome = StyleTransfer.run(net, request,
                    Hooks.none().withStop(stop).withProgress(progress));
            assertEquals(StyleTransfer.Ending.STOPPED, outcome.ending());
            assertEquals(0, outcome.iterations());
            assertEquals(0, outcome.evaluations());
            assertEquals(null, outcome.image());
            assertEquals(List.of(), iterations);
            assertTrue(java.nio.file.Files.notExists(output), "nothing written");
        }
    }

    @Test
    void aStopRequestEndsTheRunWithTheAcceptedIterate() {
        Random rnd = new Random(1);
        Image style = randomImage(rnd, 30, 40);
        Image content = randomImage(rnd, 30, 40);
        StopRequest stop = new StopRequest();
        List<double[]> iterates = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        // The checkpoints see each accepted iterate; the stop is raised during iteration 2.
        Hooks.Checkpoints recorder = (state, picture) -> {
            iterates.add(state.x().clone());
            counts.add(state.iterations());
            if (state.iterations() == 2) {
                stop.raise("test");
            }
        };
        try (CaffeNet net = squeezenet()) {
            StyleTransfer.Outcome outcome = StyleTransfer.run(net, request(style, content, 1e4, 50),
                    Hooks.none().withStop(stop).withCheckpoints(1, recorder));
            assertEquals(StyleTransfer.Ending.STOPPED, outcome.ending());
            assertEquals(Status.STOPPED, outcome.status());
            assertEquals(2, outcome.iterations());
            assertEquals(List.of(1, 2), counts);
            Image expected = new CaffeTransform(MEAN).deprocess(iterates.get(1), outcome.image().height(),
                    outcome.image().width());
            assertArrayEquals(expected.rgb(), outcome.image().rgb(), "the picture is the accepted iterate");
        }
    }

    @Test
    void aRatioThatOverflowsFloat32IsCaughtByTheObjective() {
        Random rnd = new Random(2);
        try (CaffeNet net = squeezenet()) {
            LayerPlan plan = LayerPlan.of(net, CONTENT, STYLE);
            Targets.Input style = TestNets.randomInput(rnd, 50, 60);
            Targets.Input content = TestNets.randomInput(rnd, 40, 48);
            try (Targets targets = Targets.compute(net, plan, style, content, Schedule.MINIMAL);
                 Objective f = new Objective(net, plan.sizedFor(net), targets, 1e300, Schedule.MINIMAL,
                         new PhaseTimes())) {
                double[] x = new double[content.chw().length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = content.chw()[i] + 10;
                }
                NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                        () -> f.valueAndGradient(x, new double[x.length]));
                assertTrue(e.getMessage().contains("float32 overflow"), e.getMessage());
            }
        }
    }

    @Test
    void aNanRunKeepsTheStartWhenNoIterationSucceeded() {
        Random rnd = new Random(3);
        Image style = randomImage(rnd, 30, 40);
        Image content = randomImage(rnd, 30, 40);
        try (CaffeNet net = squeezenet()) {
            StyleTransfer.Outcome outcome = StyleTransfer.run(net, request(style, content, 1e300, 5), Hooks.none());
            assertEquals(StyleTransfer.Ending.NON_FINITE, outcome.ending());
            assertEquals(0, outcome.iterations());
            assertNotNull(outcome.message());
            for (double v : outcome.image().rgb()) {
                assertTrue(Double.isFinite(v));
            }
        }
    }
}
