package styletransfer.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import styletransfer.BadInputException;
import styletransfer.image.Image;

/** PSNR, SSIM and largest difference against scikit-image 0.19 (src/test/python/compare_fixtures.py). */
class ImageMetricsTest {

    @TestFactory
    List<DynamicTest> agreesWithScikitImage() throws IOException {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/styletransfer/compare/image_metrics.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                int h = c.get("height").asInt();
                int w = c.get("width").asInt();
                ImageMetrics.Result r = ImageMetrics.compare(image(h, w, c.get("a")), image(h, w, c.get("b")));
                if (c.get("psnr").isTextual()) {
                    assertEquals(Double.POSITIVE_INFINITY, r.psnr());
                } else {
                    assertEquals(c.get("psnr").asDouble(), r.psnr(), 1e-9);
                }
                assertEquals(c.get("ssim").asDouble(), r.ssim(), 1e-12);
                assertEquals(c.get("max_diff").asInt(), r.maxDifference());
            }));
        }
        assertFalse(tests.isEmpty());
        return tests;
    }

    @Test
    void identicalImagesHaveInfinitePsnrAndSsimOne() {
        Image a = gradient(20, 30, 0);
        ImageMetrics.Result r = ImageMetrics.compare(a, gradient(20, 30, 0));
        assertEquals(Double.POSITIVE_INFINITY, r.psnr());
        assertEquals(1.0, r.ssim(), 1e-15);
        assertEquals(0, r.maxDifference());
    }

    @Test
    void onePixelChangedIsFoundWhereItIs() {
        Image a = gradient(20, 30, 0);
        double[] rgb = gradient(20, 30, 0).rgb();
        int row = 12;
        int col = 17;
        rgb[(row * 30 + col) * 3 + 1] = 1.0 - rgb[(row * 30 + col) * 3 + 1];
        ImageMetrics.Result r = ImageMetrics.compare(a, new Image(20, 30, rgb));
        assertEquals(row, r.row());
        assertEquals(col, r.column());
        assertEquals(1, r.channel());
        assertTrue(r.psnr() > 30 && r.psnr() < 60, "one changed value of 1800 is a high but finite PSNR: " + r.psnr());
        assertTrue(r.ssim() < 1 && r.ssim() > 0.8, String.valueOf(r.ssim()));
    }

    @Test
    void differentSizesAreBadInput() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> ImageMetrics.compare(gradient(20, 30, 0), gradient(30, 20, 0)));
        assertTrue(e.getMessage().contains("20x30 and 30x20"), e.getMessage());
    }

    @Test
    void imagesSmallerThanTheWindowAreBadInput() {
        assertThrows(BadInputException.class, () -> ImageMetrics.compare(gradient(10, 30, 0), gradient(10, 30, 0)));
    }

    @Test
    void reflectRepeatsTheEdgeSample() {
        assertEquals(0, ImageMetrics.reflect(-1, 5));
        assertEquals(1, ImageMetrics.reflect(-2, 5));
        assertEquals(4, ImageMetrics.reflect(5, 5));
        assertEquals(3, ImageMetrics.reflect(6, 5));
        assertEquals(1, ImageMetrics.reflect(-3, 2)); // wider than the image: b a | a b | b a
        assertEquals(0, ImageMetrics.reflect(-4, 2));
    }

    /** 8-bit values v stored as the reader does: v / 255 rounded to float32. */
    private static Image image(int h, int w, JsonNode values) {
        double[] rgb = new double[3 * h * w];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (float) (values.get(i).asInt() / 255.0);
        }
        return new Image(h, w, rgb);
    }

    private static Image gradient(int h, int w, int offset) {
        double[] rgb = new double[3 * h * w];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (float) (((i * 7 + offset) % 256) / 255.0);
        }
        return new Image(h, w, rgb);
    }
}
