package styletransfer.optim;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The objectives of src/test/python/lbfgsb_fixtures.py, computed with the same operations in
 * the same order (left-to-right sums) so that both sides get bit-identical values.
 */
final class TestProblems {
    private TestProblems() {
    }

    static DifferentiableFunction fromFixture(JsonNode problem) {
        String type = problem.get("type").asText();
        return switch (type) {
            case "rosenbrock" -> TestProblems::rosenbrock;
            case "beale" -> TestProblems::beale;
            case "quadratic" -> quadratic(problem.get("n").asInt(), problem.get("k").asInt());
            default -> throw new IllegalArgumentException("unknown problem type " + type);
        };
    }

    static double rosenbrock(double[] x, double[] g) {
        int n = x.length;
        double f = 0.0;
        double previousA = 0.0;
        for (int i = 0; i < n - 1; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1.0 - x[i];
            f += 100.0 * (a * a) + b * b;
            double gi = -400.0 * x[i] * a - 2.0 * b;
            g[i] = i > 0 ? gi + 200.0 * previousA : gi;
            previousA = a;
        }
        g[n - 1] = 0.0 + 200.0 * previousA;
        return f;
    }

    static double beale(double[] x, double[] g) {
        double u = x[0];
        double v = x[1];
        double v2 = v * v;
        double v3 = v2 * v;
        double t1 = 1.5 - u + u * v;
        double t2 = 2.25 - u + u * v2;
        double t3 = 2.625 - u + u * v3;
        g[0] = 2.0 * t1 * (v - 1.0) + 2.0 * t2 * (v2 - 1.0) + 2.0 * t3 * (v3 - 1.0);
        g[1] = 2.0 * t1 * u + 2.0 * t2 * (2.0 * u * v) + 2.0 * t3 * (3.0 * u * v2);
        return t1 * t1 + t2 * t2 + t3 * t3;
    }

    /** f = x'(D + V V')x / 2 - b'x with the integer-formula D, V (n x k) and b of the fixtures. */
    static DifferentiableFunction quadratic(int n, int k) {
        double[] diag = new double[n];
        double[] v = new double[n * k];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            diag[i] = 1.0 + (i % 10) / 2.0;
            for (int j = 0; j < k; j++) {
                v[i * k + j] = ((((long) i * (j + 3) * 7919) % 1000) - 500) / 1000.0 / 10.0;
            }
            b[i] = ((((long) i * 104729) % 2001) - 1000) / 100.0;
        }
        double[] w = new double[k];
        return (x, g) -> {
            java.util.Arrays.fill(w, 0.0);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    w[j] += v[i * k + j] * x[i];
                }
            }
            double s1 = 0.0;
            double s3 = 0.0;
            for (int i = 0; i < n; i++) {
                s1 += diag[i] * x[i] * x[i];
                s3 += b[i] * x[i];
                double vw = 0.0;
                for (int j = 0; j < k; j++) {
                    vw += v[i * k + j] * w[j];
                }
                g[i] = diag[i] * x[i] + vw - b[i];
            }
            double s2 = 0.0;
            for (int j = 0; j < k; j++) {
                s2 += w[j] * w[j];
            }
            return 0.5 * s1 + 0.5 * s2 - s3;
        };
    }
}
