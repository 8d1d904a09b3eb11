package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TotalVariationTest {
    @Test
    void gradientMatchesCentralDifferences() {
        int h = 5;
        int w = 7;
        TotalVariation tv = new TotalVariation(0.3, h, w);
        Random rnd = new Random(3);
        double[] x = new double[3 * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble() * 255 - 120;
        }
        double[] g = new double[x.length];
        tv.addTo(x, g);
        double eps = 1e-4;
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            x[i] = xi + eps;
            double fp = tv.addTo(x, new double[x.length]);
            x[i] = xi - eps;
            double fm = tv.addTo(x, new double[x.length]);
            x[i] = xi;
            double fd = (fp - fm) / (2 * eps);
            assertEquals(fd, g[i], 1e-6 * Math.max(1, Math.abs(fd)), "coordinate " + i);
        }
    }

    @Test
    void aConstantImageHasNoVariationAndAStepCostsItsSquare() {
        double[] flat = new double[3 * 2 * 2];
        java.util.Arrays.fill(flat, 42);
        assertEquals(0, new TotalVariation(1, 2, 2).addTo(flat, new double[flat.length]));
        // One channel, 1x2: a step of 10 between the two pixels costs weight/2 * 100.
        double[] step = {0, 10, 0, 0, 0, 0};
        assertEquals(0.5 * 2 * 100, new TotalVariation(2, 1, 2).addTo(step, new double[step.length]), 1e-12);
    }
}
