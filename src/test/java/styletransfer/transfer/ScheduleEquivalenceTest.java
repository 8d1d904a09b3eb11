package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.Device;
import styletransfer.image.Image;
import styletransfer.image.ImageReader;
import styletransfer.model.ModelCatalog;
import styletransfer.model.ModelSpec;

/**
 * The minimal schedule (forward only to the deepest weighted blob, no weight gradients, no repeated backward layers)
 * gives the reference schedule's result: the same loss at every iteration and the same picture.
 */
class ScheduleEquivalenceTest {
    @Test
    void googlenetGivesTheSameLossesAndImageUnderBothSchedules() {
        ModelSpec googlenet = new ModelCatalog(Path.of("models")).resolve("googlenet");
        Image style = ImageReader.read(Path.of("images/style/hubble_deep_field.jpg"));
        Image content = ImageReader.read(Path.of("images/content/rocket.jpg"));

        Run reference = run(googlenet, style, content, Schedule.REFERENCE);
        Run minimal = run(googlenet, style, content, Schedule.MINIMAL);

        assertEquals(20, reference.losses.size());
        assertEquals(reference.losses.size(), minimal.losses.size());
        for (int i = 0; i < reference.losses.size(); i++) {
            double a = reference.losses.get(i);
            double b = minimal.losses.get(i);
            assertTrue(Math.abs(a - b) <= 1e-6 * Math.abs(a), "iteration " + (i + 1) + ": " + a + " vs " + b);
        }
        assertTrue(reference.losses.get(19) < reference.losses.get(0));
        assertEquals(reference.image.height(), minimal.image.height());
        assertArrayEquals(reference.image.rgb(), minimal.image.rgb(), 1e-6);
    }

    private record Run(List<Double> losses, Image image) {}

    private static Run run(ModelSpec model, Image style, Image content, Schedule schedule) {
        try (CaffeNet net = CaffeNet.openWithRandomWeights(model.prototxt(), Device.CPU, 7)) {
            List<Double> losses = new ArrayList<>();
            StyleTransfer.Settings settings = new StyleTransfer.Settings(1e4, 20, 256, new InitMode.Content(), 1,
                    schedule, model.meanBgr(), model.content(), model.style());
            StyleTransfer.Outcome out = StyleTransfer.run(net, style, content, settings,
                    (k, loss, pg, parts) -> losses.add(loss));
            return new Run(losses, out.image());
        }
    }
}
