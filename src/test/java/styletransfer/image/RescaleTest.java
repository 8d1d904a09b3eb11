package styletransfer.image;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import styletransfer.SharedData;

class RescaleTest {
    /** Written by src/test/python/rescale_fixtures.py from scikit-image, replaying 0.13's rescale/resize. */
    private static final String FIXTURES = "rescale_fixtures.json";

    @TestFactory
    Stream<DynamicTest> matchesScikitImage013() {
        JsonNode root = Fixtures.load(FIXTURES);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            Image input = new Image(c.get("height").asInt(), c.get("width").asInt(), Fixtures.doubles(c.get("input")));
            Image expected = new Image(c.get("outHeight").asInt(), c.get("outWidth").asInt(), Fixtures.doubles(c.get("output")));
            String kind = c.get("kind").asText();
            String label = kind + " " + c.get("name").asText() + (c.has("scale") ? " by " + c.get("scale").asDouble() : "");
            tests.add(DynamicTest.dynamicTest(label, () -> {
                Image actual = kind.equals("rescale")
                        ? Rescale.rescale(input, c.get("scale").asDouble())
                        : Rescale.resize(input, expected.height(), expected.width());
                assertClose(expected, actual, 1e-12);
            }));
        }
        assertTrue(tests.size() >= 30, "fixture file has only " + tests.size() + " cases");
        return tests.stream();
    }

    /**
     * The digests start, as the reference does, from caffe.io.load_image's float32 samples (v / 255 rounded to
     * float32), which 0.13's warp then rescales in float64; ImageReader gives the same float32 values.
     */
    @TestFactory
    Stream<DynamicTest> photosAtTheWorkingSizeMatchScikitImage013() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Fixtures.load(FIXTURES).get("photos")) {
            tests.add(DynamicTest.dynamicTest(c.get("file").asText(), () -> {
                Image photo = ImageReader.read(SharedData.require(c.get("file").asText()));
                Image scaled = Rescale.rescale(photo, c.get("scale").asDouble());
                assertEquals(c.get("outHeight").asInt(), scaled.height());
                assertEquals(c.get("outWidth").asInt(), scaled.width());
                double[] rgb = scaled.rgb();
                int[] indices = Fixtures.ints(c.get("indices"));
                double[] values = Fixtures.doubles(c.get("values"));
                for (int k = 0; k < indices.length; k++) {
                    assertEquals(values[k], rgb[indices[k]], 1e-12, "value at index " + indices[k]);
                }
                double sum = 0;
                for (double v : rgb) {
                    sum += v;
                }
                assertEquals(c.get("sum").asDouble(), sum, 1e-12 * rgb.length);
            }));
        }
        return tests.stream();
    }

    @Test
    void outputSizeRoundsHalfToEvenAsNumpyRound() {
        Image image = filled(13, 17, 0.5);
        // 13 * 0.5 = 6.5 -> 6 and 17 * 0.5 = 8.5 -> 8, as np.round does (Math.round would give 7 and 9).
        Image half = Rescale.rescale(image, 0.5);
        assertEquals(6, half.height());
        assertEquals(8, half.width());
        Image up = Rescale.rescale(filled(3, 5, 0.5), 2.5); // 7.5 -> 8, 12.5 -> 12
        assertEquals(8, up.height());
        assertEquals(12, up.width());
    }

    @Test
    void edgeSamplesFadeTowardsZeroButAreClippedToTheInputRange() {
        // Upscaling a constant image: edge samples take a tap outside the image (worth 0), so they fall below
        // the constant before clipping raises them back to the input's minimum.
        Image constant = filled(4, 4, 0.6);
        Image up = Rescale.rescale(constant, 2.0);
        for (double v : up.rgb()) {
            assertEquals(0.6, v, 0.0);
        }
        // With a 0 in the input the minimum is 0, so the fade at the border stays visible: the first
        // sample sits at -0.25 and blends the pixel with a 0 outside.
        double[] rgb = new double[2 * 2 * 3];
        java.util.Arrays.fill(rgb, 0.8);
        rgb[(1 * 2 + 1) * 3] = 0.0; // red of the bottom-right pixel
        Image up2 = Rescale.rescale(new Image(2, 2, rgb), 2.0);
        assertEquals(0.75 * 0.75 * 0.8, up2.get(0, 0, 1), 1e-15);
    }

    @Test
    void clipsToTheRangeOverAllChannelsNotPerChannel() {
        // Red is 0.2 everywhere, green 0.9: the border fade of red (towards 0) is clipped at the overall
        // minimum 0.2, and green keeps values below 0.9 though they are under green's own minimum.
        double[] rgb = new double[3 * 3 * 3];
        for (int p = 0; p < 9; p++) {
            rgb[p * 3] = 0.2;
            rgb[p * 3 + 1] = 0.9;
            rgb[p * 3 + 2] = 0.5;
        }
        Image up = Rescale.rescale(new Image(3, 3, rgb), 2.0);
        assertEquals(0.2, up.get(0, 0, 0), 0.0);
        assertEquals(0.9 * 0.75 * 0.75, up.get(0, 0, 1), 1e-15);
        assertEquals(0.9, up.get(2, 2, 1), 1e-15);
    }

    @Test
    void resizeToTheSameSizeIsTheIdentity() {
        Image image = ramp(5, 7);
        assertEquals(image, Rescale.resize(image, 5, 7));
    }

    @Test
    void refusesScalesThatLeaveNoPixels() {
        Image image = filled(1, 9, 0.5);
        assertThrows(IllegalArgumentException.class, () -> Rescale.rescale(image, 0.3)); // 0.3 rows -> 0
        assertThrows(IllegalArgumentException.class, () -> Rescale.rescale(image, 0));
        assertThrows(IllegalArgumentException.class, () -> Rescale.rescale(image, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Rescale.resize(image, 0, 3));
    }

    @Test
    void referenceSamplesGetTheSpecifiedSizes() {
        Image content = ImageReader.read(SharedData.referenceImage("content/nanjing.jpg"));
        Image style = ImageReader.read(SharedData.referenceImage("style/starry_night.jpg"));
        assertAll(
                () -> assertEquals(List.of(427, 640), List.of(content.height(), content.width())),
                () -> assertEquals(List.of(448, 576), List.of(style.height(), style.width())));
        // The reference's sizing: longest side 512, shortest at least the net's 224; the style gets 1.2x.
        Image scaledContent = Rescale.rescale(content, workingScale(content, 512, 224));
        Image scaledStyle = Rescale.rescale(style, 1.2 * workingScale(style, 512, 224));
        assertEquals(List.of(342, 512), List.of(scaledContent.height(), scaledContent.width()));
        assertEquals(List.of(478, 614), List.of(scaledStyle.height(), scaledStyle.width()));
        for (double v : scaledStyle.rgb()) {
            assertTrue(v >= 0 && v <= 1);
        }
    }

    @Test
    void fourKPhotoShrinksQuickly() {
        Image big = ramp(3000, 4000);
        long start = System.nanoTime();
        Image small = Rescale.rescale(big, 512.0 / 4000);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(384, small.height());
        assertEquals(512, small.width());
        // Generous bound for a shared 2-core machine; a per-pixel-allocating version takes seconds.
        assertTrue(millis < 2000, "rescale of 4000x3000 took " + millis + " ms");
    }

    private static double workingScale(Image image, double length, double netSide) {
        return Math.max(length / Math.max(image.height(), image.width()),
                netSide / Math.min(image.height(), image.width()));
    }

    static Image filled(int h, int w, double value) {
        double[] rgb = new double[h * w * 3];
        java.util.Arrays.fill(rgb, value);
        return new Image(h, w, rgb);
    }

    static Image ramp(int h, int w) {
        double[] rgb = new double[h * w * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (i % 1000) / 999.0;
        }
        return new Image(h, w, rgb);
    }

    static void assertClose(Image expected, Image actual, double tolerance) {
        assertEquals(expected.height(), actual.height(), "height");
        assertEquals(expected.width(), actual.width(), "width");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.rgb().length; i++) {
            double d = Math.abs(expected.rgb()[i] - actual.rgb()[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        assertTrue(worst <= tolerance, "largest difference " + worst + " at index " + at);
    }
}
