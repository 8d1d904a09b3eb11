package styletransfer.caffe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import styletransfer.BadInputException;
import styletransfer.SharedData;

/** Sizes Caffe would abort on are refused before it reshapes, and the net stays usable. */
class CaffeNetReshapeGuardTest {
    @Test
    void sizesCaffeCannotShapeAreRefusedAndTheNetKeepsWorking() {
        Path dir = SharedData.squeezenetDir();
        try (CaffeNet net = CaffeNet.open(dir.resolve("deploy.prototxt"), dir.resolve("squeezenet_v1.1.caffemodel"),
                Device.CPU)) {
            BadInputException tiny = assertThrows(BadInputException.class, () -> net.reshapeInput(2, 2));
            assertTrue(tiny.getMessage().contains("conv1") && tiny.getMessage().contains("2x2"), tiny.getMessage());
            BadInputException huge = assertThrows(BadInputException.class, () -> net.reshapeInput(40000, 40000));
            assertTrue(huge.getMessage().contains("2^31-1"), huge.getMessage());
            assertThrows(BadInputException.class, () -> net.reshapeInput(0, 10));

            net.reshapeInput(40, 48);
            assertEquals(48, net.shape(CaffeNet.INPUT)[3]);
            net.forwardAll(); // the refusals left nothing half-shaped
        }
    }
}
