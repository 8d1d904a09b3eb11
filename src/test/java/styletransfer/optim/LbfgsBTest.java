package styletransfer.optim;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Replays scipy's L-BFGS-B runs (see src/test/python/lbfgsb_fixtures.py) and compares. */
class LbfgsBTest {
    /**
     * Relative agreement demanded of f and x after every iteration of a fixture recorded with other OpenBLAS
     * kernels than the emulated ones; with the emulated ones (all shipped fixtures) they must be equal.
     */
    static final double TOL = 1e-10;

    /**
     * Long runs in Rosenbrock's curved valley amplify a last-bit difference by orders of
     * magnitude within some tens of iterations: scipy's own trajectory there is not stable
     * under rounding. LbfgsB rounds like the OpenBLAS kernels scipy uses on Haswell/Zen CPUs
     * (see Blas, Dense), so fixtures recorded with those kernels are matched in full. Fixtures
     * recorded with other kernels (python3 src/test/python/lbfgsb_fixtures.py run on another
     * CPU) are matched in full only on the well-conditioned runs; for these runs only the given
     * number of leading iterations must agree to TOL, then the end result is bounded.
     */
    static final Map<String, Integer> SENSITIVE = Map.of(
            "rosen2_free", 25,
            "rosen10_free", 30,
            "rosen100_free", 30,
            "rosen10_start_outside", 30,
            "rosen100_m3_ftol", 30);

    /** The OpenBLAS kernel sets whose rounding LbfgsB reproduces. */
    static final Set<String> EMULATED_CORES = Set.of("Haswell", "Zen");

    static String[] fixtures() {
        return ScipyFixture.NAMES;
    }

    /** What the listener saw: f and x after each iteration. */
    record Iterate(double f, double[] x) {
    }

    static double maxRelDiff(double[] actual, double[] expected) {
        double scale = 1.0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double diff = 0.0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
        }
        return diff / scale;
    }

    static double relDiff(double actual, double expected) {
        return Math.abs(actual - expected) / Math.max(1.0, Math.abs(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void reproducesScipy(String name) {
        ScipyFixture fx = ScipyFixture.load(name);
        List<Iterate> seen = new ArrayList<>();
        Result result = LbfgsB.minimize(fx.function(), fx.x0(), fx.lower(), fx.upper(), fx.options(),
                (k, x, f) -> {
                    assertEquals(seen.size() + 1, k, "iteration numbers count from 1");
                    seen.add(new Iterate(f, x.clone()));
                    if (k == fx.stopAfter()) {
                        throw new StopRequested();
                    }
                });

        double worst = 0.0;
        int worstAt = -1;
        int firstOff = -1;
        boolean emulated = EMULATED_CORES.contains(fx.openblasCore());
        double tol = emulated ? 0.0 : TOL;
        int tracked = emulated ? Integer.MAX_VALUE : SENSITIVE.getOrDefault(name, Integer.MAX_VALUE);
        int n = Math.min(tracked, Math.min(seen.size(), fx.iterations().size()));
        for (int k = 0; k < n; k++) {
            ScipyFixture.ScipyIterate expected = fx.iterations().get(k);
            Iterate actual = seen.get(k);
            double dx;
            if (expected.x() != null) {
                dx = maxRelDiff(actual.x(), expected.x());
            } else {
                double[] sampled = new double[fx.sample().length];
                for (int i = 0; i < sampled.length; i++) {
                    sampled[i] = actual.x()[fx.sample()[i]];
                }
                dx = Math.max(maxRelDiff(sampled, expected.xSample()),
                        relDiff(Math.sqrt(Blas.dot(actual.x().length, actual.x(), actual.x())), expected.xNorm()));
            }
            double d = Math.max(dx, relDiff(actual.f(), expected.f()));
            if (d > tol && firstOff < 0) {
                firstOff = k + 1;
            }
            if (d > worst) {
                worst = d;
                worstAt = k + 1;
            }
        }
        double finalX = maxRelDiff(result.x(), fx.result().x());
        double finalF = relDiff(result.f(), fx.result().f());
        double worstDiff = worst;
        int worstIteration = worstAt;
        System.out.printf("%-26s nit %d/%d nfev %d/%d first off %d worst %.2e at %d final x %.2e f %.2e %s%n", name,
                result.iterations(), fx.result().nit(), result.evaluations(), fx.result().nfev(), firstOff, worst, worstAt,
                finalX, finalF, result.message());
        if (tracked == Integer.MAX_VALUE) {
            assertAll(
                    () -> assertEquals(fx.result().nit(), result.iterations(), "nit"),
                    () -> assertEquals(fx.result().nfev(), result.evaluations(), "nfev"),
                    () -> assertEquals(fx.result().status(), statusCode(result.status()), "status"),
                    () -> assertEquals(fx.result().message(), result.message(), "message"),
                    () -> assertEquals(fx.iterations().size(), seen.size(), "listener calls"),
                    () -> assertTrue(worstDiff <= tol, "iterate " + worstIteration + " differs by " + worstDiff),
                    () -> assertTrue(finalX <= tol, "final x differs by " + finalX),
                    () -> assertTrue(finalF <= tol, "final f differs by " + finalF));
        } else {
            assertAll(
                    () -> assertTrue(seen.size() >= tracked, "ran at least " + tracked + " iterations"),
                    () -> assertTrue(worstDiff <= tol, "iterate " + worstIteration + " differs by " + worstDiff),
                    () -> assertEquals(fx.result().status(), statusCode(result.status()), "status"),
                    () -> assertEquals(fx.result().message(), result.message(), "message"),
                    () -> assertEquals(fx.result().nit(), result.iterations(), 0.1 * fx.result().nit(), "nit"),
                    () -> assertEquals(fx.result().nfev(), result.evaluations(), 0.1 * fx.result().nfev(), "nfev"),
                    () -> assertTrue(finalX <= 1e-4, "final x differs by " + finalX),
                    () -> assertTrue(finalF <= 1e-8, "final f differs by " + finalF));
        }
    }

    static int statusCode(Status status) {
        return switch (status) {
            case CONVERGED -> 0;
            case LIMIT_REACHED -> 1;
            case ABNORMAL -> 2;
            case STOPPED -> 99;
        };
    }
}
