package styletransfer.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class CaffeTransformTest {
    /** Written by src/test/python/transform_fixtures.py, replaying Caffe's Transformer in numpy. */
    private static final JsonNode FIXTURES = Fixtures.load("transform_fixtures.json");
    private static final CaffeTransform ILSVRC = new CaffeTransform(Fixtures.doubles(FIXTURES.get("meanBgr")));

    @Test
    void preprocessMatchesCaffeInSinglePrecision() {
        JsonNode c = FIXTURES.get("preprocess");
        Image image = new Image(c.get("height").asInt(), c.get("width").asInt(), Fixtures.doubles(c.get("rgb")));
        // Exact: the same float32 roundings in the same order.
        assertArrayEquals(Fixtures.floats(c.get("chw")), ILSVRC.preprocess(image));
    }

    @Test
    void deprocessOfTheDataBlobMatchesCaffeInSinglePrecision() {
        JsonNode c = FIXTURES.get("deprocess");
        Image image = ILSVRC.deprocess(Fixtures.floats(c.get("chw")), c.get("height").asInt(), c.get("width").asInt());
        assertArrayEquals(Fixtures.doubles(c.get("rgb")), image.rgb());
    }

    @Test
    void layoutIsChannelMajorBlueFirst() {
        // One row of two pixels: pure red, then pure blue; a zero mean leaves just the layout and the scale.
        Image redThenBlue = new Image(1, 2, new double[] {1, 0, 0, 0, 0, 1});
        float[] chw = new CaffeTransform(new double[] {0, 0, 0}).preprocess(redThenBlue);
        assertArrayEquals(new float[] {0, 255, 0, 0, 255, 0}, chw);
    }

    @Test
    void meanIsSubtractedPerChannel() {
        Image black = new Image(1, 1, new double[] {0, 0, 0});
        float[] chw = new CaffeTransform(new double[] {10, 20, 30}).preprocess(black);
        assertArrayEquals(new float[] {-10, -20, -30}, chw);
    }

    @Test
    void roundTripsWithinSinglePrecision() {
        Image image = RescaleTest.ramp(5, 7);
        float[] chw = ILSVRC.preprocess(image);
        RescaleTest.assertClose(image, ILSVRC.deprocess(chw, 5, 7), 1e-6);

        double[] asDoubles = new double[chw.length];
        for (int i = 0; i < chw.length; i++) {
            asDoubles[i] = chw[i];
        }
        RescaleTest.assertClose(image, ILSVRC.deprocess(asDoubles, 5, 7), 1e-6);
    }

    @Test
    void doubleDeprocessKeepsDoublePrecisionAndDoesNotClip() {
        // Just outside the bounds: deprocess reports what is there, saving clips later.
        double[] chw = {-104.0069879317889 - 2.55, 255 - 116.66876761696767 + 2.55, 0};
        Image image = ILSVRC.deprocess(chw, 1, 1);
        assertEquals(122.6789143406786 / 255, image.get(0, 0, 0), 1e-15);
        assertEquals(1.01, image.get(0, 0, 1), 1e-14);
        assertEquals(-0.01, image.get(0, 0, 2), 1e-14);
    }

    @Test
    void meanIsCopiedAndChecked() {
        double[] mean = {1, 2, 3};
        CaffeTransform transform = new CaffeTransform(mean);
        mean[0] = 99;
        transform.meanBgr()[1] = 99;
        assertArrayEquals(new double[] {1, 2, 3}, transform.meanBgr());
        assertThrows(IllegalArgumentException.class, () -> new CaffeTransform(new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> transform.deprocess(new float[5], 1, 2));
    }
}
