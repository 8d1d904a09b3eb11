package styletransfer.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract of LbfgsB beyond replaying scipy: arguments, early stop, edge cases. */
class LbfgsBApiTest {
    static final double INF = Double.POSITIVE_INFINITY;

    /** f = sum h_i (x_i - c_i)^2 / 2: its box-constrained minimizer is clip(c, lower, upper). */
    static DifferentiableFunction separableQuadratic(double[] h, double[] c) {
        return (x, g) -> {
            double f = 0.0;
            for (int i = 0; i < x.length; i++) {
                double r = x[i] - c[i];
                g[i] = h[i] * r;
                f += 0.5 * h[i] * r * r;
            }
            return f;
        };
    }

    @Test
    void findsTheClippedMinimizerOfASeparableQuadratic() {
        double[] h = {1.0, 2.0, 3.0, 4.0, 5.0};
        double[] c = {-3.0, 0.5, 2.0, -0.25, 7.0};
        double[] lower = {-1.0, -INF, -1.0, 0.0, -INF};
        double[] upper = {1.0, INF, 1.0, INF, 6.0};
        Result r = LbfgsB.minimize(separableQuadratic(h, c), new double[5], lower, upper,
                LbfgsB.Options.defaults(), null);
        assertEquals(Status.CONVERGED, r.status());
        assertArrayEquals(new double[] {-1.0, 0.5, 1.0, 0.0, 6.0}, r.x(), 1e-6);
    }

    @Test
    void defaultsAreScipys() {
        assertEquals(new LbfgsB.Options(10, 2.220446049250313e-09, 1e-05, 15000, 15000, 20),
                LbfgsB.Options.defaults());
    }

    @Test
    void leavesTheStartPointAloneAndClipsItIntoTheBox() {
        double[] x0 = {5.0, -5.0};
        double[] copy = x0.clone();
        List<double[]> evaluatedAt = new ArrayList<>();
        DifferentiableFunction f = (x, g) -> {
            evaluatedAt.add(x.clone());
            return TestProblems.rosenbrock(x, g);
        };
        LbfgsB.minimize(f, x0, new double[] {-2.0, -2.0}, new double[] {2.0, 2.0},
                LbfgsB.Options.defaults().withMaxIterations(1), null);
        assertArrayEquals(copy, x0);
        assertArrayEquals(new double[] {2.0, -2.0}, evaluatedAt.get(0));
    }

    @Test
    void listenerCanStopTheRunAndKeepTheIterate() {
        List<double[]> seen = new ArrayList<>();
        double[] x0 = new double[20];
        Arrays.fill(x0, -1.0);
        double[] lower = new double[20];
        double[] upper = new double[20];
        Arrays.fill(lower, -INF);
        Arrays.fill(upper, INF);
        Result r = LbfgsB.minimize(TestProblems::rosenbrock, x0, lower, upper, LbfgsB.Options.defaults(),
                (k, x, f) -> {
                    seen.add(x.clone());
                    if (k == 3) {
                        throw new StopRequested();
                    }
                });
        assertEquals(Status.STOPPED, r.status());
        assertEquals(3, r.iterations());
        assertEquals(3, seen.size());
        assertArrayEquals(seen.get(2), r.x());
        assertEquals(TestProblems.rosenbrock(r.x(), new double[20]), r.f());
    }

    @Test
    void allVariablesFixedMeansOneEvaluation() {
        double[] bound = {0.5, -0.5};
        Result r = LbfgsB.minimize(TestProblems::rosenbrock, new double[] {3.0, 3.0}, bound, bound,
                LbfgsB.Options.defaults(), null);
        assertArrayEquals(bound, r.x());
        assertEquals(1, r.evaluations());
        assertEquals(0, r.iterations());
        assertEquals("All independent variables were fixed by bounds.", r.message());
    }

    @Test
    void aSecondThreadChangesNothing() {
        int n = Solver.PARALLEL_MIN_N + 3;
        double[] lower = new double[n];
        double[] upper = new double[n];
        Arrays.fill(lower, -1.0);
        Arrays.fill(upper, 1.0);
        for (int i = 0; i < n; i += 7) {
            upper[i] = INF; // a few one-sided variables
        }
        LbfgsB.Options options = LbfgsB.Options.defaults().withMaxIterations(15).withOpenblasThreads(2);
        List<Double> fSequential = new ArrayList<>();
        List<Double> fParallel = new ArrayList<>();
        Result sequential = LbfgsB.minimize(TestProblems.quadratic(n, 5), new double[n], lower, upper,
                options, (k, x, f) -> fSequential.add(f), false);
        Result parallel = LbfgsB.minimize(TestProblems.quadratic(n, 5), new double[n], lower, upper,
                options, (k, x, f) -> fParallel.add(f), true);
        assertEquals(fSequential, fParallel);
        assertArrayEquals(sequential.x(), parallel.x());
        assertEquals(sequential.iterations(), parallel.iterations());
        assertEquals(sequential.evaluations(), parallel.evaluations());
        assertEquals(sequential.message(), parallel.message());
    }

    /**
     * A coupled, non-quadratic objective on [0, 1]^n whose unconstrained minimizer lies outside
     * the box for about half the variables (as the pixels of a style transfer run into 0 and
     * 255): f = sum a_i (x_i - c_i)^2 / 2 + w sum (x_{i+1} - x_i)^2 / 2 + q sum x_i^4 / 4.
     */
    static DifferentiableFunction coupledBoxProblem(int n) {
        double[] a = new double[n];
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = 1.0 + (i * 7 % 13) / 4.0;
            c[i] = 0.5 + 1.2 * Math.sin(i * 0.0137) + 0.6 * Math.cos(i * 0.291);
        }
        double w = 2.0;
        double q = 0.3;
        return (x, g) -> {
            double f = 0.0;
            for (int i = 0; i < n; i++) {
                double r = x[i] - c[i];
                double x3 = x[i] * x[i] * x[i];
                f += 0.5 * a[i] * r * r + 0.25 * q * x3 * x[i];
                g[i] = a[i] * r + q * x3;
            }
            for (int i = 0; i + 1 < n; i++) {
                double dx = x[i + 1] - x[i];
                f += 0.5 * w * dx * dx;
                g[i] -= w * dx;
                g[i + 1] += w * dx;
            }
            return f;
        };
    }

    @Test
    void aSecondThreadChangesNothingWhileVariablesEnterAndLeaveTheBounds() {
        int n = Solver.PARALLEL_MIN_N + 50_001;
        double[] lower = new double[n];
        double[] upper = new double[n];
        double[] x0 = new double[n];
        Arrays.fill(upper, 1.0);
        for (int i = 0; i < n; i++) {
            x0[i] = 0.5 + 0.45 * Math.cos(i * 0.37);
        }
        // m = 8 as the style transfer uses; scipy's ftol and gtol.
        LbfgsB.Options d = LbfgsB.Options.defaults();
        LbfgsB.Options options = new LbfgsB.Options(8, d.ftol(), d.gtol(), 30, d.maxEvaluations(),
                d.maxLineSearch(), 2);
        List<Double> fSequential = new ArrayList<>();
        List<Double> fParallel = new ArrayList<>();
        List<double[]> xSequential = new ArrayList<>();
        Result sequential = LbfgsB.minimize(coupledBoxProblem(n), x0, lower, upper, options,
                (k, x, f) -> {
                    fSequential.add(f);
                    xSequential.add(x.clone());
                }, false);
        List<double[]> xParallel = new ArrayList<>();
        Result parallel = LbfgsB.minimize(coupledBoxProblem(n), x0, lower, upper, options,
                (k, x, f) -> {
                    fParallel.add(f);
                    xParallel.add(x.clone());
                }, true);
        assertEquals(fSequential, fParallel);
        assertEquals(xSequential.size(), xParallel.size());
        for (int k = 0; k < xSequential.size(); k++) {
            assertArrayEquals(xSequential.get(k), xParallel.get(k), "iterate " + (k + 1));
        }
        assertArrayEquals(sequential.x(), parallel.x());
        assertEquals(sequential.iterations(), parallel.iterations());
        assertEquals(sequential.evaluations(), parallel.evaluations());
        assertEquals(sequential.message(), parallel.message());

        // The run did what it is meant to exercise: many variables at their bounds, and many
        // arriving at and leaving them between iterates.
        int mostAtBounds = 0;
        int mostArrived = 0;
        int mostLeft = 0;
        for (int k = 0; k < xSequential.size(); k++) {
            double[] now = xSequential.get(k);
            double[] before = k == 0 ? x0 : xSequential.get(k - 1);
            int atBounds = 0;
            int arrived = 0;
            int left = 0;
            for (int i = 0; i < n; i++) {
                boolean bNow = now[i] == 0.0 || now[i] == 1.0;
                boolean bBefore = before[i] == 0.0 || before[i] == 1.0;
                atBounds += bNow ? 1 : 0;
                arrived += bNow && !bBefore ? 1 : 0;
                left += !bNow && bBefore ? 1 : 0;
            }
            mostAtBounds = Math.max(mostAtBounds, atBounds);
            mostArrived = Math.max(mostArrived, arrived);
            mostLeft = Math.max(mostLeft, left);
        }
        org.junit.jupiter.api.Assertions.assertTrue(mostAtBounds > n / 4, "at bounds: " + mostAtBounds);
        org.junit.jupiter.api.Assertions.assertTrue(mostArrived > 1000, "arrived: " + mostArrived);
        org.junit.jupiter.api.Assertions.assertTrue(mostLeft > 1000, "left: " + mostLeft);
    }

    /** projgr as the original writes it: the reference for the norm handed to listeners. */
    static double referenceProjectedGradientNorm(double[] x, double[] g, double[] lower, double[] upper) {
        double norm = 0.0;
        for (int i = 0; i < x.length; i++) {
            double gi = g[i];
            if (gi != gi) {
                return gi;
            }
            boolean hasLower = !Double.isInfinite(lower[i]);
            boolean hasUpper = !Double.isInfinite(upper[i]);
            if (hasLower || hasUpper) {
                if (gi < 0.0) {
                    if (hasUpper) {
                        gi = Solver.fmax(x[i] - upper[i], gi);
                    }
                } else if (hasLower) {
                    gi = Solver.fmin(x[i] - lower[i], gi);
                }
            }
            norm = Solver.fmax(norm, Math.abs(gi));
        }
        return norm;
    }

    @Test
    void theProjectedGradientNormHandedToListenersIsProjgrs() {
        for (int n : new int[] {3001, Solver.PARALLEL_MIN_N + 7}) {
            double[] lower = new double[n];
            double[] upper = new double[n];
            double[] x0 = new double[n];
            for (int i = 0; i < n; i++) {
                upper[i] = 1.0;
                x0[i] = 0.5 + 0.45 * Math.cos(i * 0.37);
                switch (i % 5) {
                    case 1 -> upper[i] = INF;
                    case 2 -> lower[i] = -INF;
                    case 3 -> {
                        lower[i] = -INF;
                        upper[i] = INF;
                    }
                    case 4 -> {
                        lower[i] = 0.25; // fixed
                        upper[i] = 0.25;
                    }
                    default -> { }
                }
            }
            DifferentiableFunction base = coupledBoxProblem(n);
            double[] lastG = new double[n];
            DifferentiableFunction f = (x, g) -> {
                double v = base.valueAndGradient(x, g);
                for (int i = 0; i < n; i += 11) {
                    g[i] = i % 2 == 0 ? 0.0 : -0.0; // zero gradients of both signs
                }
                System.arraycopy(g, 0, lastG, 0, n);
                return v;
            };
            int[] calls = {0};
            LbfgsB.Options d = LbfgsB.Options.defaults();
            LbfgsB.Options options = new LbfgsB.Options(8, d.ftol(), d.gtol(), 12, d.maxEvaluations(),
                    d.maxLineSearch(), 2);
            LbfgsB.minimize(f, x0, lower, upper, options, new IterationListener() {
                @Override
                public void iteration(int k, double[] x, double fx) {
                }

                @Override
                public void iteration(int k, double[] x, double fx, double pgNorm) {
                    calls[0]++;
                    assertEquals(referenceProjectedGradientNorm(x, lastG, lower, upper), pgNorm, 0.0,
                            "n=" + n + " iteration " + k);
                }
            }, n >= Solver.PARALLEL_MIN_N);
            org.junit.jupiter.api.Assertions.assertTrue(calls[0] > 3, "iterations: " + calls[0]);
        }
    }

    /** lnsrlb's step bound as the original writes it. */
    static double referenceStepBound(double[] d, double[] x, double[] l, double[] u, byte[] nbd, double stpmx) {
        for (int i = 0; i < d.length; i++) {
            double a1 = d[i];
            if (nbd[i] != 0) {
                if (a1 < 0.0 && nbd[i] <= 2) {
                    double a2 = l[i] - x[i];
                    if (a2 >= 0.0) {
                        stpmx = 0.0;
                    } else if (a1 * stpmx < a2) {
                        stpmx = a2 / a1;
                    }
                } else if (a1 > 0.0 && nbd[i] >= 2) {
                    double a2 = u[i] - x[i];
                    if (a2 <= 0.0) {
                        stpmx = 0.0;
                    } else if (a1 * stpmx > a2) {
                        stpmx = a2 / a1;
                    }
                }
            }
        }
        return stpmx;
    }

    @Test
    void theStepBoundEqualsTheOriginalLoop() {
        java.util.Random random = new java.util.Random(11);
        double[] specials = {0.0, -0.0, Double.NaN, INF, -INF, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, -1e300};
        for (int round = 0; round < 3000; round++) {
            int n = 1 + random.nextInt(12);
            double[] d = new double[n];
            double[] x = new double[n];
            double[] l = new double[n];
            double[] u = new double[n];
            byte[] nbd = new byte[n];
            for (int i = 0; i < n; i++) {
                nbd[i] = (byte) (random.nextInt(6) < 3 ? 2 : random.nextInt(4));
                l[i] = random.nextInt(4) == 0 ? 0.0 : -random.nextDouble();
                u[i] = random.nextInt(4) == 0 ? 1.0 : 1.0 + random.nextDouble();
                x[i] = switch (random.nextInt(5)) {
                    case 0 -> l[i];
                    case 1 -> u[i];
                    case 2 -> l[i] - random.nextDouble(); // outside, as the original allows
                    default -> l[i] + (u[i] - l[i]) * random.nextDouble();
                };
                d[i] = random.nextInt(4) == 0 ? specials[random.nextInt(specials.length)]
                        : random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3);
            }
            double start = random.nextInt(5) == 0 ? 1.0 : 1.0e10;
            double expected = referenceStepBound(d, x, l, u, nbd, start);
            double actual = Solver.stepBound(n, d, x, l, u, nbd, start);
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                    "round " + round + ": " + expected + " vs " + actual);
        }
    }

    @Test
    void rejectsInvalidArguments() {
        double[] two = {0.0, 0.0};
        assertThrows(IllegalArgumentException.class, () -> LbfgsB.minimize(TestProblems::rosenbrock, two,
                new double[] {1.0, 0.0}, new double[] {0.0, 1.0}, LbfgsB.Options.defaults(), null));
        assertThrows(IllegalArgumentException.class, () -> LbfgsB.minimize(TestProblems::rosenbrock, two,
                new double[] {0.0}, new double[] {1.0}, LbfgsB.Options.defaults(), null));
        assertThrows(IllegalArgumentException.class, () -> new LbfgsB.Options(10, 1e-9, 1e-5, 100, 100, 0));
        assertThrows(IllegalArgumentException.class, () -> new LbfgsB.Options(0, 1e-9, 1e-5, 100, 100, 20));
    }
}
