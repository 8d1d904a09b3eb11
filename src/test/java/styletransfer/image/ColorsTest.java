package styletransfer.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ColorsTest {
    /** Mid-range colours, so that recombining never leaves [0, 1] (where the result is clipped). */
    private static Image random(int h, int w, long seed) {
        Random r = new Random(seed);
        double[] rgb = new double[h * w * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = 0.4 + 0.2 * r.nextDouble();
        }
        return new Image(h, w, rgb);
    }

    @Test
    void anImageRecombinedWithItsOwnColoursIsItself() {
        Image content = random(4, 6, 1);
        assertArrayEquals(content.rgb(), Colors.withColorsOf(content, content).rgb(), 1e-12);
    }

    @Test
    void theResultHasThePaintedLuminanceAndTheContentsChrominance() {
        Image content = random(5, 3, 2);
        Image painted = random(5, 3, 3);
        Image out = Colors.withColorsOf(painted, content);
        assertArrayEquals(Colors.luminance(painted), Colors.luminance(out), 1e-9);
        assertArrayEquals(Colors.chrominance(content), Colors.chrominance(out), 1e-9);
    }

    @Test
    void matchedLuminanceTakesTheContentsMeanAndSpread() {
        Image style = random(8, 8, 4);
        Image content = random(6, 5, 5);
        double[] y = Colors.luminance(Colors.matchedLuminance(style, content));
        double[] yc = Colors.luminance(content);
        assertEquals(mean(yc), mean(y), 1e-12);
        assertEquals(std(yc), std(y), 1e-12);
    }

    private static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElseThrow();
    }

    private static double std(double[] v) {
        double m = mean(v);
        return Math.sqrt(java.util.Arrays.stream(v).map(d -> (d - m) * (d - m)).sum() / v.length);
    }
}
