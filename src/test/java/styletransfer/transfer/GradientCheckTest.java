package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.Device;
import styletransfer.image.Image;
import styletransfer.image.ImageReader;
import styletransfer.model.ModelCatalog;
import styletransfer.model.ModelSpec;

/** One evaluation at the start point, and the comparison that the device check (and selftest -g N) uses. */
class GradientCheckTest {
    @Test
    void theCpuEvaluatedTwiceAgreesExactlyAndTheGradientIsReal() {
        GradientCheck.Evaluation a = googlenetAtStart(Schedule.MINIMAL);
        GradientCheck.Evaluation b = googlenetAtStart(Schedule.REFERENCE);

        GradientCheck.Comparison c = GradientCheck.compare(a, b);
        assertTrue(c.within(1e-6), "both schedules compute the same gradient: " + c);
        assertTrue(a.loss() > 0 && Double.isFinite(a.loss()));
        long nonzero = java.util.Arrays.stream(a.gradient()).filter(g -> g != 0).count();
        assertTrue(nonzero > a.gradient().length / 2, nonzero + " of " + a.gradient().length + " nonzero");
        assertEquals(3 * 224 * 336, a.gradient().length, "the rocket at -l 256, its short side raised to 224");
    }

    @Test
    void aDifferenceInTheGradientIsSeenEvenWhenTheLossAgrees() {
        double[] r = {1, -2, 3, 0};
        double[] g = {1, -2, 3.003, 0};
        GradientCheck.Comparison c = GradientCheck.compare(new GradientCheck.Evaluation(10, r),
                new GradientCheck.Evaluation(10, g));
        assertEquals(0, c.loss());
        assertEquals(0.003 / Math.sqrt(14), c.gradient(), 1e-12);
        assertEquals(0.001, c.largest(), 1e-12);
        assertTrue(c.within(1.1e-3));
        assertFalse(c.within(1e-4));
    }

    /** GoogLeNet with TestNets' seeded random weights, the rocket in the style of the deep-field photo at -l 256. */
    static GradientCheck.Evaluation googlenetAtStart(Schedule schedule) {
        return googlenetAtStart(Device.CPU, schedule);
    }

    static GradientCheck.Evaluation googlenetAtStart(Device device, Schedule schedule) {
        ModelSpec model = new ModelCatalog(Path.of("models")).resolve("googlenet");
        Image style = ImageReader.read(Path.of("images/style/hubble_deep_field.jpg"));
        Image content = ImageReader.read(Path.of("images/content/rocket.jpg"));
        try (CaffeNet net = CaffeNet.openWithRandomWeights(model.prototxt(), device, 7)) {
            Settings settings = Settings.reference().withIterations(1).withLength(256).withSeed(1L)
                    .withSchedule(schedule);
            return GradientCheck.atStart(net, new Request(model, style, content, settings, null));
        }
    }
}
