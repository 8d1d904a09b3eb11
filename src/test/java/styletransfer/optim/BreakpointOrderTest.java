package styletransfer.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Cauchy point's breakpoints passed in sorted order (BreakpointOrder) against the original's
 * heap: the same breakpoints in the same order, and whole runs with many breakpoints per iteration
 * and with deliberate ties bit for bit equal to the runs that always use the heap.
 */
class BreakpointOrderTest {

    /** The original's sequence: pass 0 takes ibkmin; at pass 1 the last entry moves into its slot. */
    private static List<double[]> heapSequence(double[] bp, int nbreak, int ibkmin, int passes) {
        double[] h = bp.clone();
        List<double[]> out = new ArrayList<>();
        for (int pass = 1; pass <= passes; pass++) {
            int nleft = nbreak - pass;
            if (pass == 1 && ibkmin != nbreak) {
                h[2 * ibkmin] = h[2 * nbreak];
                h[2 * ibkmin + 1] = h[2 * nbreak + 1];
            }
            BreakpointOrder.heapSelect(nleft, h, pass - 1);
            out.add(new double[] {h[2 * nleft], h[2 * nleft + 1]});
        }
        return out;
    }

    /** size breakpoints with random, almost surely distinct t; entry k's variable is k. */
    private static double[] distinctBreakpoints(int size, long seed) {
        Random rnd = new Random(seed);
        double[] bp = new double[2 * size];
        for (int k = 0; k < size; k++) {
            bp[2 * k] = rnd.nextDouble();
            bp[2 * k + 1] = k;
        }
        return bp;
    }

    /** One Cauchy step of order over a copy of bp, passing as many breakpoints as expected lists, each the heap's. */
    private static void walkAsTheHeap(BreakpointOrder order, double[] bp, int nbreak, int ibkmin,
                                      List<double[]> expected) {
        order.begin(bp.clone(), nbreak, ibkmin);
        for (int pass = 1; pass <= expected.size(); pass++) {
            assertEquals(expected.get(pass - 1)[0], order.t(pass), 0.0, "pass " + pass);
            assertEquals((int) expected.get(pass - 1)[1], order.variable(pass), "pass " + pass);
        }
        order.end(expected.size());
    }

    private static int firstLeast(double[] bp, int nbreak) {
        int ibkmin = 0;
        double bkmin = 0.0;
        for (int k = 0; k <= nbreak; k++) {
            if (k == 0 || bp[2 * k] < bkmin) {
                bkmin = bp[2 * k];
                ibkmin = k;
            }
        }
        return ibkmin;
    }

    @Test
    void givesTheHeapsOrderWithAndWithoutTies() {
        Random rnd = new Random(11);
        BreakpointOrder order = new BreakpointOrder(false);
        int[] sizes = {1, 2, 3, 10, 100, 2047, 2049, 5000, 60_000};
        for (int round = 0; round < 60; round++) {
            int size = sizes[round % sizes.length];
            int kind = round % 4; // distinct, a few values, ties only far out, a NaN
            double[] bp = new double[2 * size];
            for (int k = 0; k < size; k++) {
                double t = switch (kind) {
                    case 0 -> rnd.nextDouble();
                    case 1 -> rnd.nextInt(7) * 0.25;
                    case 2 -> k % 5 == 0 ? 0.75 : rnd.nextDouble() * 0.5;
                    default -> rnd.nextDouble();
                };
                bp[2 * k] = t;
                bp[2 * k + 1] = k * 3 + 1;
            }
            if (kind == 3) {
                bp[2 * rnd.nextInt(size)] = Double.NaN;
            }
            int nbreak = size - 1;
            int ibkmin = firstLeast(bp, nbreak);
            int passes = Math.min(nbreak, 1 + rnd.nextInt(Math.max(1, Math.min(nbreak, 3000))));
            List<double[]> expected = heapSequence(bp, nbreak, ibkmin, passes);
            double[] mine = bp.clone();
            order.begin(mine, nbreak, ibkmin);
            for (int pass = 1; pass <= passes; pass++) {
                double t = order.t(pass);
                assertEquals(Double.doubleToRawLongBits(expected.get(pass - 1)[0]), Double.doubleToRawLongBits(t),
                        "round " + round + " pass " + pass);
                if (pass == passes && round % 2 == 0) {
                    break; // the walk stopped before passing it: its variable is not asked for
                }
                assertEquals((int) expected.get(pass - 1)[1], order.variable(pass), "round " + round + " pass " + pass);
            }
            order.end(passes);
        }
        assertTrue(order.fallbacks() > 0, "ties made it fall back to the heap");
        assertTrue(order.fallbacks() < order.steps(), "without ties it walks the sorted selection");
    }

    @Test
    void aWalkPastAnEighthButUnderAQuarterOfTheBreakpointsStaysOnTheSortedOrder() {
        // 800,000 distinct breakpoints; the previous step passed 1,000, this one passes 150,000 (3/16 of them): the
        // selection grows past its first guesses without giving up, and the order is still the heap's.
        double[] bp = distinctBreakpoints(800_000, 3);
        int nbreak = bp.length / 2 - 1;
        int ibkmin = firstLeast(bp, nbreak);
        BreakpointOrder order = new BreakpointOrder(false);
        walkAsTheHeap(order, bp, nbreak, ibkmin, heapSequence(bp, nbreak, ibkmin, 1000));
        walkAsTheHeap(order, bp, nbreak, ibkmin, heapSequence(bp, nbreak, ibkmin, 150_000));
        assertEquals(0, order.heapSteps(), "no step went to the heap");
    }

    @Test
    void withRoomLentAWalkPastNearlyAllBreakpointsStaysOnTheSortedOrder() {
        // A run's first step passes nearly every breakpoint: more than the order keeps of its own, so without room
        // it goes to the heap, with room (the solver lends r and indx2) it sorts them all.
        int size = 300_000;
        double[] bp = distinctBreakpoints(size, 4);
        int nbreak = size - 1;
        int ibkmin = firstLeast(bp, nbreak);
        List<double[]> expected = heapSequence(bp, nbreak, ibkmin, nbreak - 10);
        for (boolean room : new boolean[] {false, true}) {
            BreakpointOrder order = new BreakpointOrder(false);
            if (room) {
                order.lendRoom(new double[size], new int[size]);
            }
            walkAsTheHeap(order, bp, nbreak, ibkmin, expected);
            assertEquals(room ? 0 : 1, order.heapSteps(), room ? "sorted throughout" : "on the heap past its own limit");
        }
    }

    /**
     * f = sum h_i (x_i - c_i)^2 / 2 + q (x_i - c_i)^4 + (sum a_i x_i)^2 / 2: coupled, so that L-BFGS-B's
     * corrections matter, and with bounds [lo_i, hi_i] that most minimizers lie outside of.
     */
    private record Problem(double[] h, double[] c, double[] a, double[] q, double k, int groupSize, double[] x0,
                           double[] lower, double[] upper) implements DifferentiableFunction {
        @Override
        public double valueAndGradient(double[] x, double[] g) {
            double s = 0.0;
            for (int i = 0; i < x.length; i++) {
                s += a[i] * x[i];
            }
            double f = 0.5 * s * s;
            for (int i = 0; i < x.length; i++) {
                double r = x[i] - c[i];
                double r2 = r * r;
                f += 0.5 * h[i] * r2 + q[i] * r2 * r2;
                g[i] = h[i] * r + 4.0 * q[i] * r2 * r + s * a[i];
            }
            // Smoothness between neighbouring groups (as between an image's pixels).
            for (int i = groupSize; i < x.length; i++) {
                double e = x[i] - x[i - groupSize];
                f += 0.5 * k * e * e;
                g[i] += k * e;
                g[i - groupSize] -= k * e;
            }
            return f;
        }
    }

    /**
     * n variables in groups of groupSize, a fraction of the groups with their minimizer outside the box,
     * neighbouring groups pulled together with weight smooth (which keeps variables leaving and reaching
     * their bounds, as pixels do). The members of a group are one variable scaled by 1, 2, 1/2 and 4
     * (bounds, minimizer, start and the terms of f scaled to match): powers of two scale without rounding,
     * so the members' breakpoints have equal t in every iteration while their corrections differ, and
     * the order in which ties are passed changes the iterates.
     */
    private static Problem problem(int n, int groupSize, double outside, double smooth, long seed) {
        Random rnd = new Random(seed);
        double[] scales = {1.0, 2.0, 0.5, 4.0};
        double[] h = new double[n];
        double[] c = new double[n];
        double[] a = new double[n];
        double[] q = new double[n];
        double[] x0 = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        for (int i = 0; i < n; i += groupSize) {
            double hi = 0.5 + rnd.nextDouble();
            double ci = rnd.nextDouble() < outside
                    ? (rnd.nextBoolean() ? -1.0 - rnd.nextDouble() : 2.0 + rnd.nextDouble())
                    : rnd.nextDouble();
            double ai = (rnd.nextDouble() - 0.5) * 2e-3;
            double xi = rnd.nextDouble();
            for (int k = i; k < Math.min(n, i + groupSize); k++) {
                double scale = scales[(k - i) % scales.length];
                h[k] = hi;
                c[k] = scale * ci;
                a[k] = scale * ai;
                q[k] = 0.05 / (scale * scale);
                x0[k] = scale * xi;
                lower[k] = 0.0;
                upper[k] = scale;
            }
        }
        return new Problem(h, c, a, q, smooth, groupSize, x0, lower, upper);
    }

    private record Run(Result result, List<Long> trace, BreakpointOrder order) {
    }

    /** A run with the f and a digest of x's bits after every iteration. */
    private static Run run(Problem p, boolean parallel, boolean heapOrder) {
        List<Long> trace = new ArrayList<>();
        LbfgsB.Options opt = new LbfgsB.Options(8, 0.0, 0.0, 25, 1000, 20);
        IterationListener listener = new IterationListener() {
            @Override
            public void iteration(int k, double[] x, double f) {
                throw new AssertionError("the solver hands over the projected-gradient norm");
            }

            @Override
            public void iteration(int k, double[] x, double f, double pgNorm) {
                long digest = 1;
                for (double xi : x) {
                    digest = 31 * digest + Double.doubleToRawLongBits(xi);
                }
                trace.add(Double.doubleToRawLongBits(f));
                trace.add(digest);
                trace.add(Double.doubleToRawLongBits(pgNorm));
            }
        };
        Solver solver = new Solver(p, p.x0(), p.lower(), p.upper(), opt, listener, parallel, heapOrder, null);
        return new Run(solver.run(), trace, solver.breakpointOrder());
    }

    private static void assertSameRun(Run expected, Run actual) {
        assertEquals(expected.trace(), actual.trace());
        assertArrayEquals(expected.result().x(), actual.result().x());
        assertEquals(Double.doubleToRawLongBits(expected.result().f()),
                Double.doubleToRawLongBits(actual.result().f()));
        assertEquals(expected.result().message(), actual.result().message());
    }

    @Test
    void runsWithMostVariablesEndingAtBoundsEqualTheHeapRuns() {
        Problem p = problem(Solver.PARALLEL_MIN_N + 20_011, 1, 0.9, 10.0, 5);
        Run heap = run(p, false, true);
        Run sortedSequential = run(p, false, false);
        Run sortedParallel = run(p, true, false);
        assertSameRun(heap, sortedSequential);
        assertSameRun(heap, sortedParallel);
        assertEquals(3 * 25, heap.trace().size(), "ran all 25 iterations");
        BreakpointOrder order = sortedParallel.order();
        assertTrue(order.steps() >= 15, "passed breakpoints beyond the first in most steps: " + order.steps());
        assertTrue(order.passed() >= 100_000, "passed many breakpoints: " + order.passed());
    }

    @Test
    void runsWithTiedBreakpointsEqualTheHeapRuns() {
        Problem p = problem(Solver.PARALLEL_MIN_N + 4_000, 8, 0.7, 10.0, 6);
        Run heap = run(p, false, true);
        Run sortedSequential = run(p, false, false);
        Run sortedParallel = run(p, true, false);
        assertSameRun(heap, sortedSequential);
        assertSameRun(heap, sortedParallel);
        assertTrue(sortedParallel.order().fallbacks() > 0, "ties sent it back to the heap");
    }
}
