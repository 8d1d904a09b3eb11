package styletransfer.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** One scipy run recorded by src/test/python/lbfgsb_fixtures.py. */
record ScipyFixture(String name, String openblasCore, DifferentiableFunction function, double[] x0, double[] lower,
                    double[] upper, LbfgsB.Options options, int stopAfter, int[] sample,
                    List<ScipyIterate> iterations, ScipyResult result) {

    /** f and x after one iteration; x is either complete or given at the sample indices. */
    record ScipyIterate(double f, double[] x, double[] xSample, double xNorm) {
    }

    record ScipyResult(int nit, int nfev, int status, String message, double f, double[] x) {
    }

    static final String[] NAMES = {
        "rosen2_free", "rosen2_box", "rosen10_free", "rosen10_box", "rosen100_free",
        "rosen100_mixed", "beale_free", "beale_box", "rosen10_start_outside", "quad10000_box",
        "quad50_most_active", "rosen100_maxiter", "rosen10_maxfun", "rosen2_gtol_at_start",
        "quad100_gtol_loose", "rosen100_maxls1", "rosen10_box_maxls1", "rosen100_mixed_maxls2",
        "rosen100_callback_stop", "rosen100_m3_ftol", "rosen2_maxls2_restart",
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    static ScipyFixture load(String name) {
        String resource = "/styletransfer/optim/" + name + ".json";
        try (InputStream in = ScipyFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + resource
                        + " (run python3 src/test/python/lbfgsb_fixtures.py)");
            }
            return parse(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ScipyFixture parse(JsonNode root) {
        JsonNode o = root.get("options");
        LbfgsB.Options options = new LbfgsB.Options(o.get("maxcor").asInt(), o.get("ftol").asDouble(),
                o.get("gtol").asDouble(), o.get("maxiter").asInt(), o.get("maxfun").asInt(),
                o.get("maxls").asInt());
        List<ScipyIterate> iterations = new ArrayList<>();
        for (JsonNode it : root.get("iterations")) {
            iterations.add(new ScipyIterate(it.get("f").asDouble(), doubles(it.get("x"), 0),
                    doubles(it.get("xSample"), 0),
                    it.has("xNorm") ? it.get("xNorm").asDouble() : Double.NaN));
        }
        JsonNode r = root.get("result");
        ScipyResult result = new ScipyResult(r.get("nit").asInt(), r.get("nfev").asInt(),
                r.get("status").asInt(), r.get("message").asText(), r.get("f").asDouble(),
                doubles(r.get("x"), 0));
        JsonNode sampleNode = root.get("sample");
        int[] sample = null;
        if (sampleNode != null && !sampleNode.isNull()) {
            sample = new int[sampleNode.size()];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = sampleNode.get(i).asInt();
            }
        }
        JsonNode stop = root.get("stopAfter");
        JsonNode core = root.get("openblasCore");
        return new ScipyFixture(root.get("name").asText(), core == null || core.isNull() ? "unknown" : core.asText(),
                TestProblems.fromFixture(root.get("problem")),
                doubles(root.get("x0"), 0), doubles(root.get("lower"), Double.NEGATIVE_INFINITY),
                doubles(root.get("upper"), Double.POSITIVE_INFINITY), options,
                stop == null || stop.isNull() ? 0 : stop.asInt(), sample, iterations, result);
    }

    /** A JSON array of numbers, with null standing for the given infinity. */
    private static double[] doubles(JsonNode array, double nullValue) {
        if (array == null || array.isNull()) {
            return null;
        }
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = array.get(i);
            values[i] = v.isNull() ? nullValue : v.asDouble();
        }
        return values;
    }
}
