package styletransfer.caffe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Gram matrix by ssyrk and its mirrored triangle. */
class FeatureMathTest {
    @Test
    void gramIsExactlySymmetricAndWithinFloatRoundingOfTheExactProducts() {
        // Sizes across the mirror's 64-row bands, and a 1 x 1.
        for (int[] shape : new int[][] {{1, 5}, {63, 40}, {64, 33}, {130, 57}, {200, 3}}) {
            int n = shape[0];
            int m = shape[1];
            Random r = new Random(n);
            float[] f = new float[n * m];
            for (int k = 0; k < f.length; k++) {
                f[k] = r.nextBoolean() ? 0f : r.nextFloat() * 10;
            }
            try (OwnedFloats fv = OwnedFloats.of(f); OwnedFloats g = OwnedFloats.allocate((long) n * n)) {
                FloatBuffer gb = g.buffer();
                for (int k = 0; k < n * n; k++) {
                    gb.put(k, Float.NaN); // what the lower triangle held before must not survive
                }
                FeatureMath.gram(fv, n, m, g);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        double exact = 0;
                        double magnitude = 0;
                        for (int k = 0; k < m; k++) {
                            exact += (double) f[i * m + k] * f[j * m + k];
                            magnitude += Math.abs((double) f[i * m + k] * f[j * m + k]);
                        }
                        assertEquals(exact, gb.get(i * n + j), 1e-6 * magnitude + 1e-30, "G[" + i + "][" + j + "]");
                        assertEquals(Float.floatToRawIntBits(gb.get(j * n + i)), Float.floatToRawIntBits(gb.get(i * n + j)),
                                "G[" + i + "][" + j + "] mirrored");
                    }
                }
            }
        }
    }
}
