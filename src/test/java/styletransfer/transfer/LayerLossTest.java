package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;
import styletransfer.caffe.OwnedFloats;

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
            try (OwnedFloats f = floats(c.get("f"));
                 OwnedFloats a = floats(c.get("gram_target"));
                 OwnedFloats p = floats(c.get("content_target"));
                 OwnedFloats diff = floats(c.get("diff0"));
                 OwnedFloats gram = OwnedFloats.allocate((long) n * n);
                 OwnedFloats grad = OwnedFloats.allocate((long) n * m)) {
                double style = LayerLoss.style(f, n, m, a.buffer((long) n * n), w,
                        c.get("ratio").asDouble(), gram, grad, diff.buffer((long) n * m));
                assertEquals(c.get("style_loss").asDouble(), style, 1e-5 * c.get("style_loss").asDouble(), "style loss");
                assertClose(c.get("style_diff"), diff.buffer((long) n * m), "style gradient");

                try (OwnedFloats diff2 = floats(c.get("diff0"))) {
                    double content = LayerLoss.content(f, n * m, p.buffer((long) n * m), w,
                            diff2.buffer((long) n * m));
                    assertEquals(c.get("content_loss").asDouble(), content, 1e-5 * c.get("content_loss").asDouble());
                    assertClose(c.get("content_diff"), diff2.buffer((long) n * m), "content gradient");
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

    private static OwnedFloats floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return OwnedFloats.of(v);
    }
}
