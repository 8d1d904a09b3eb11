package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

/** The per-layer loss and gradient against numpy running the reference's formulas in float32. */
class LayerLossTest {
    @Test
    void styleAndContentTermsMatchNumpy() throws IOException {
        JsonNode fixture;
        try (InputStream in = getClass().getResourceAsStream("layer_loss.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        for (JsonNode c : fixture.get("cases")) {
            int n = c.get("n").asInt();
            int m = c.get("m").asInt();
            double w = c.get("weight").asDouble();
            try (FloatPointer f = floats(c.get("f"));
                 FloatPointer a = floats(c.get("gram_target"));
                 FloatPointer p = floats(c.get("content_target"));
                 FloatPointer diff = floats(c.get("diff0"));
                 FloatPointer gram = new FloatPointer((long) n * n);
                 FloatPointer grad = new FloatPointer((long) n * m)) {
                double style = LayerLoss.style(f, n, m, FeatureMath.view(a, (long) n * n), w,
                        c.get("ratio").asDouble(), gram, grad, FeatureMath.view(diff, (long) n * m));
                assertEquals(c.get("style_loss").asDouble(), style, 1e-5 * c.get("style_loss").asDouble(), "style loss");
                assertClose(c.get("style_diff"), FeatureMath.view(diff, (long) n * m), "style gradient");

                try (FloatPointer diff2 = floats(c.get("diff0"))) {
                    double content = LayerLoss.content(f, n * m, FeatureMath.view(p, (long) n * m), w,
                            FeatureMath.view(diff2, (long) n * m));
                    assertEquals(c.get("content_loss").asDouble(), content, 1e-5 * c.get("content_loss").asDouble());
                    assertClose(c.get("content_diff"), FeatureMath.view(diff2, (long) n * m), "content gradient");
                }
            }
        }
    }

    private static void assertClose(JsonNode want, FloatBuffer got, String what) {
        double scale = 0;
        for (JsonNode v : want) {
            scale = Math.max(scale, Math.abs(v.asDouble()));
        }
        for (int k = 0; k < want.size(); k++) {
            // float32 sums in a different order (numpy's BLAS vs OpenBLAS): agreement to a few float32 ulps.
            assertEquals(want.get(k).asDouble(), got.get(k), 1e-6 * scale, what + " element " + k);
        }
    }

    private static FloatPointer floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return new FloatPointer(v);
    }
}
