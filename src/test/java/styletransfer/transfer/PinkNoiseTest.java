package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PinkNoiseTest {
    @Test
    void matchesNumpyForTheSameDraws() throws IOException {
        JsonNode fixture;
        try (InputStream in = getClass().getResourceAsStream("pink_noise.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        for (JsonNode c : fixture.get("cases")) {
            double[] got = PinkNoise.image(c.get("height").asInt(), c.get("width").asInt(), c.get("exponent").asInt(),
                    doubles(c.get("a")), doubles(c.get("b")));
            assertArrayEquals(doubles(c.get("expected")), got, 1e-12, "case " + c.get("height") + "x" + c.get("width"));
        }
    }

    @Test
    void isSeedableAndSpansZeroToOne() {
        double[] a = PinkNoise.image(16, 12, -1, new Random(7));
        double[] b = PinkNoise.image(16, 12, -1, new Random(7));
        double[] c = PinkNoise.image(16, 12, -1, new Random(8));
        assertArrayEquals(a, b);
        assertNotEquals(Arrays.toString(a), Arrays.toString(c));
        assertEquals(0.0, Arrays.stream(a).min().orElseThrow());
        assertEquals(1.0, Arrays.stream(a).max().orElseThrow());
    }

    private static double[] doubles(JsonNode array) {
        double[] d = new double[array.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = array.get(i).asDouble();
        }
        return d;
    }
}
