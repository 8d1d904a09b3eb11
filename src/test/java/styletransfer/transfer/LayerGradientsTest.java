package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.FeatureMath;
import styletransfer.caffe.OwnedFloats;

/** How the device implementation is created, and how its losses are summed. */
class LayerGradientsTest {
    static final OutOfMemoryError NO_MEMORY = new OutOfMemoryError("Java heap space");

    /** Stands in for the device implementation, whose constructor fails with an Error. */
    static final class FailingGradients {
        FailingGradients(CaffeNet net, LayerPlan plan, Targets targets, double ratio) {
            throw NO_MEMORY;
        }
    }

    @Test
    void anErrorOfTheDeviceImplementationIsThrownAsItIs() {
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> LayerGradients.instantiate(
                FailingGradients.class.getName(), null, null, null, 1));
        assertSame(NO_MEMORY, e);
    }

    @Test
    void deviceLossesAreSummedInDoubleAsOnTheCpu() {
        // 1 followed by 2^24 values of 2^-12 (squares 2^-24): in float each square is lost against 1, in double
        // they add up to 1 more.
        int n = (1 << 24) + 1;
        try (OwnedFloats floats = OwnedFloats.allocate(n)) {
            FloatBuffer p = floats.buffer();
            p.put(0, 1f);
            for (int i = 1; i < n; i++) {
                p.put(i, 0x1p-12f);
            }
            float inFloat = 0;
            for (int i = 0; i < n; i++) {
                inFloat += p.get(i) * p.get(i);
            }
            assertNotEquals(2.0, inFloat, 0.5);
            assertEquals(2.0, FeatureMath.sumOfSquares(floats, n), 0);
        }
    }
}
