package styletransfer.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The emulated OpenBLAS kernels against the values scipy's OpenBLAS returned
 * (openblas_kernels.json from src/test/python/lbfgsb_fixtures.py): all must agree bit for bit.
 */
class BlasTest {
    private static JsonNode fixture;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = BlasTest.class.getResourceAsStream("/styletransfer/optim/openblas_kernels.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
    }

    /** The formula of kernel_vector in lbfgsb_fixtures.py. */
    static double[] vector(int n, int salt) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = ((((long) i * 7919 + salt * 104729L) % 2003) - 1001) / 997.0 * Math.scalb(1.0, i % 9 - 4);
        }
        return v;
    }

    static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }

    @Test
    void dotMatchesOpenblasWithOneAndTwoThreads() {
        JsonNode lengths = fixture.get("dotLengths");
        for (String threads : new String[] {"1", "2"}) {
            for (int k = 0; k < lengths.size(); k++) {
                int n = lengths.get(k).asInt();
                double expected = fixture.get("dot").get(threads).get(k).asDouble();
                double actual = Blas.dot(n, vector(n, 1), 0, vector(n, 2), 0, Integer.parseInt(threads));
                assertEquals(expected, actual, 0.0, "ddot n=" + n + " threads=" + threads);
            }
        }
    }

    @Test
    void manyDotsInOneSweepEqualSingleDots() {
        for (int n : new int[] {5, 16, 2047, 2048, 4113, 10000, 10001, 50003}) {
            double[] x = vector(n, 6);
            double[] ys = new double[3 * n];
            for (int j = 0; j < 3; j++) {
                System.arraycopy(vector(n, 7 + j), 0, ys, j * n, n);
            }
            int[] offsets = {2 * n, 0, n};
            for (int threads = 1; threads <= 3; threads++) {
                double[] out = new double[3];
                Blas.dots(n, x, ys, offsets, 3, out, threads);
                for (int j = 0; j < 3; j++) {
                    assertEquals(Blas.dot(n, x, 0, ys, offsets[j], threads), out[j], 0.0,
                            "n=" + n + " threads=" + threads + " column " + j);
                }
            }
        }
    }

    @Test
    void dotOnTwoThreadsEqualsTheSequentialOne() {
        try (HelperThread helper = new HelperThread("blas-test")) {
            for (int n : new int[] {5, 10000, 10001, 10017, 50003, 200001}) {
                double[] x = vector(n, 4);
                double[] y = vector(n, 5);
                for (int threads = 1; threads <= 4; threads++) {
                    double expected = Blas.dot(n, x, 0, y, 0, threads);
                    assertEquals(expected, Blas.dot(n, x, 0, y, 0, threads, helper), 0.0,
                            "n=" + n + " threads=" + threads);
                    assertEquals(expected, Blas.dot(n, x, 0, y, 0, threads, Blas.SEQUENTIAL), 0.0,
                            "n=" + n + " threads=" + threads);
                }
            }
        }
    }

    @Test
    void nrm2OnTwoThreadsEqualsTheSequentialOneAlsoWithNanOrInfinity() {
        try (HelperThread helper = new HelperThread("blas-test")) {
            int n = 100003;
            double[] x = vector(n, 8);
            assertEquals(Blas.nrm2(n, x), Blas.nrm2(n, x, helper), 0.0);
            for (double special : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                for (int at : new int[] {0, 2, 7, n - 1}) {
                    double[] v = x.clone();
                    v[at] = special;
                    double plain = 0.0;
                    for (double e : v) {
                        plain += e * e;
                    }
                    assertEquals(Math.sqrt(plain), Blas.nrm2(n, v, helper), 0.0, special + " at " + at);
                    assertEquals(Math.sqrt(plain), Blas.nrm2(n, v), 0.0, special + " at " + at);
                }
            }
        }
    }

    @Test
    void nrm2MatchesOpenblasX87Kernel() {
        JsonNode lengths = fixture.get("dotLengths");
        for (int k = 0; k < lengths.size(); k++) {
            int n = lengths.get(k).asInt();
            assertEquals(fixture.get("nrm2").get(k).asDouble(), Blas.nrm2(n, vector(n, 3)), 0.0, "dnrm2 n=" + n);
        }
        for (JsonNode c : fixture.get("nrm2Special")) {
            double[] x = doubles(c.get("x"));
            assertEquals(c.get("value").asDouble(), Blas.nrm2(x.length, x), 0.0, "dnrm2 of " + c.get("x"));
        }
    }

    @Test
    void axpyFusesLikeOpenblas() {
        for (JsonNode c : fixture.get("axpy")) {
            int n = c.get("n").asInt();
            double[] y = vector(n, 5);
            Blas.axpy(n, c.get("alpha").asDouble(), vector(n, 4), 0, y, 0);
            assertArrayEquals(doubles(c.get("y")), y, 0.0, "daxpy n=" + n);
        }
    }

    @Test
    void choleskyMatchesDpotrf() {
        for (JsonNode c : fixture.get("potrf")) {
            int n = c.get("n").asInt();
            double[] a = doubles(c.get("a"));
            assertEquals(0, Dense.choleskyUpper(a, 0, n, n));
            for (int j = 0; j < n; j++) {
                for (int i = j + 1; i < n; i++) {
                    a[i + n * j] = 0.0;
                }
            }
            assertArrayEquals(doubles(c.get("u")), a, 0.0, "dpotrf n=" + n);
        }
    }

    @Test
    void triangularSolvesMatchDtrtrs() {
        for (JsonNode c : fixture.get("trsv")) {
            int n = c.get("n").asInt();
            double[] b = doubles(c.get("b"));
            Dense.solveUpper(doubles(c.get("u")), 0, n, n, c.get("transpose").asBoolean(), b, 0, n, 1);
            assertArrayEquals(doubles(c.get("x")), b, 0.0, "dtrtrs n=" + n);
        }
        for (JsonNode c : fixture.get("trsm")) {
            int n = c.get("n").asInt();
            double[] b = doubles(c.get("b"));
            Dense.solveUpper(doubles(c.get("u")), 0, n, n, true, b, 0, n, 3);
            assertArrayEquals(doubles(c.get("x")), b, 0.0, "dtrtrs (3 right-hand sides) n=" + n);
        }
    }
}
