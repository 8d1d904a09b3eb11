package styletransfer.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import styletransfer.BadInputException;
import styletransfer.SharedData;
import styletransfer.image.ImageReader;
import styletransfer.model.ModelCatalog;
import styletransfer.model.ModelSpec;
import styletransfer.transfer.StyleTransfer;

/** A job's work for balancing shards, from image headers and the prototxt, without building a net. */
class WorkEstimateTest {
    private final ModelCatalog catalog = new ModelCatalog(Path.of("models"));

    @Test
    void inputSideOfEveryWayAPrototxtDeclaresIt() {
        assertEquals(227, WorkEstimate.inputSide(catalog.resolve("squeezenet").prototxt())); // input_shape
        assertEquals(224, WorkEstimate.inputSide(catalog.resolve("vgg19").prototxt()));
        assertEquals(227, WorkEstimate.inputSide(SharedData.squeezenetDir().resolve("deploy.prototxt"))); // Input layer
        assertEquals(WorkEstimate.DEFAULT_INPUT_SIDE, WorkEstimate.inputSide(Path.of("no/such.prototxt")));
    }

    @Test
    void contentPixelsAtTheWorkingSizeTimesIterationsPlusTheStyleOnce() {
        Path content = SharedData.referenceImage("content/nanjing.jpg");
        Path style = SharedData.referenceImage("style/starry_night.jpg");
        ImageReader.Dimensions c = ImageReader.dimensions(content);
        ImageReader.Dimensions s = ImageReader.dimensions(style);
        assertEquals(c.height(), ImageReader.read(content).height());
        assertEquals(c.width(), ImageReader.read(content).width());
        WorkEstimate estimate = new WorkEstimate(o -> catalog.resolve(o.model()));

        for (int iterations : new int[] {1, 50}) {
            JobOptions o = new JobOptions("squeezenet", null, "1e4", iterations, 64, "content", 1L);
            StyleTransfer.Sizes sizes = StyleTransfer.sizes(new int[] {1, 3, 227, 227}, s.height(), s.width(),
                    c.height(), c.width(), 64);
            long expected = (long) sizes.contentHeight() * sizes.contentWidth() * iterations
                    + (long) sizes.styleHeight() * sizes.styleWidth();
            assertEquals(expected, estimate.of(new Job(1, content, style, Path.of("o.png"), o)));
            assertEquals(227, sizes.contentHeight(), "at -l 64 the shorter side is raised to the net's 227");
        }
        // A missing image counts as a square of the length (the job fails later, when it runs); a bad model is bad input.
        JobOptions o = new JobOptions("squeezenet", null, "1e4", 2, 300, "content", 1L);
        assertTrue(estimate.of(new Job(2, Path.of("missing.jpg"), style, Path.of("p.png"), o)) > 0);
        JobOptions typo = new JobOptions("squeezenetz", null, "1e4", 2, 300, "content", 1L);
        BadInputException e = assertThrows(BadInputException.class,
                () -> estimate.of(new Job(3, Path.of("missing.jpg"), style, Path.of("p.png"), typo)));
        assertTrue(e.getMessage().startsWith("job 3: "), e.getMessage());
    }
}
