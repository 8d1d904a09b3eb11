package styletransfer.optim;

import java.util.Objects;

/**
 * L-BFGS-B 3.0 (Byrd, Lu, Nocedal, Zhu; with the Morales-Nocedal 2011 subspace step) driven
 * the way {@code scipy.optimize.minimize(method="L-BFGS-B")} drives it, so that iterates,
 * iteration and evaluation counts, status and message agree with scipy 1.15+.
 *
 * <p>Usage: {@code LbfgsB.minimize(f, x0, lower, upper, LbfgsB.Options.defaults(), null)}.
 * Infinite bounds mean "unbounded on that side". See the package documentation for details.
 */
public final class LbfgsB {
    private LbfgsB() {
    }

    /** Machine epsilon as L-BFGS-B 3.0 uses it (np.finfo(float).eps). */
    static final double EPS = 2.220446049250313e-16;

    /**
     * scipy's options of the same names: maxcor, ftol, gtol, maxiter, maxfun, maxls.
     * The relative-reduction test uses factr = ftol / eps, as scipy does.
     *
     * <p>{@code openblasThreads} only matters for n > 10000: OpenBLAS then splits each ddot
     * over its threads, which changes the rounding of the sums. Give the thread count scipy's
     * OpenBLAS ran with (by default the number of CPUs, or OPENBLAS_NUM_THREADS) to reproduce
     * such a run bit for bit; 1 (the default here) is the single-threaded order.
     */
    public record Options(int maxCorrections, double ftol, double gtol, int maxIterations,
                          int maxEvaluations, int maxLineSearch, int openblasThreads) {
        public Options {
            if (maxCorrections <= 0) {
                throw new IllegalArgumentException("maxCorrections must be positive");
            }
            if (!(ftol >= 0.0) || !(gtol >= 0.0)) {
                throw new IllegalArgumentException("ftol and gtol must be >= 0");
            }
            if (maxLineSearch <= 0) {
                throw new IllegalArgumentException("maxls must be positive.");
            }
            if (openblasThreads <= 0) {
                throw new IllegalArgumentException("openblasThreads must be positive");
            }
        }

        /** The six scipy options, with the single-threaded summation order. */
        public Options(int maxCorrections, double ftol, double gtol, int maxIterations, int maxEvaluations,
                       int maxLineSearch) {
            this(maxCorrections, ftol, gtol, maxIterations, maxEvaluations, maxLineSearch, 1);
        }

        /** scipy's defaults. */
        public static Options defaults() {
            return new Options(10, 2.220446049250313e-09, 1e-05, 15000, 15000, 20);
        }

        public Options withMaxIterations(int maxIterations) {
            return new Options(maxCorrections, ftol, gtol, maxIterations, maxEvaluations, maxLineSearch,
                    openblasThreads);
        }

        public Options withMaxEvaluations(int maxEvaluations) {
            return new Options(maxCorrections, ftol, gtol, maxIterations, maxEvaluations, maxLineSearch,
                    openblasThreads);
        }

        public Options withOpenblasThreads(int openblasThreads) {
            return new Options(maxCorrections, ftol, gtol, maxIterations, maxEvaluations, maxLineSearch,
                    openblasThreads);
        }
    }

    static final String CONV_GRAD = "CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL";
    static final String CONV_F = "CONVERGENCE: RELATIVE REDUCTION OF F <= FACTR*EPSMCH";
    static final String STOP_EVALS = "STOP: TOTAL NO. OF F,G EVALUATIONS EXCEEDS LIMIT";
    static final String STOP_ITERS = "STOP: TOTAL NO. OF ITERATIONS REACHED LIMIT";
    /** minimize's wording, which replaces the driver's "STOP: CALLBACK REQUESTED HALT". */
    static final String STOP_CALLBACK = "`callback` raised `StopIteration`.";
    static final String ALL_FIXED = "All independent variables were fixed by bounds.";
    static final String ABNORMAL = "ABNORMAL: ";

    public static Result minimize(DifferentiableFunction f, double[] x0, double[] lower, double[] upper,
                                  Options options, IterationListener listener) {
        return minimize(f, x0, lower, upper, options, listener, (SectionTimes) null);
    }

    /** As above, accumulating the time of each section of the optimizer's iterations into sections (if not null). */
    public static Result minimize(DifferentiableFunction f, double[] x0, double[] lower, double[] upper,
                                  Options options, IterationListener listener, SectionTimes sections) {
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(options, "options");
        int n = x0.length;
        if (n == 0) {
            throw new IllegalArgumentException("x0 is empty");
        }
        if (lower.length != n || upper.length != n) {
            throw new IllegalArgumentException("length of x0 != length of bounds");
        }
        for (int i = 0; i < n; i++) {
            if (lower[i] > upper[i]) {
                throw new IllegalArgumentException(
                        "LBFGSB - one of the lower bounds is greater than an upper bound.");
            }
        }
        boolean allFixed = true;
        for (int i = 0; i < n && allFixed; i++) {
            allFixed = lower[i] == upper[i];
        }
        if (allFixed) {
            // minimize does not start L-BFGS-B at all then; it evaluates f once at the bounds.
            double[] x = lower.clone();
            double fx = f.valueAndGradient(x, new double[n]);
            return new Result(x, fx, 0, 1, Status.CONVERGED, ALL_FIXED);
        }
        return new Solver(f, x0, lower, upper, options, listener, Solver.worthParallel(n), false, sections).run();
    }

    /**
     * As the public minimize, with the choice of a second thread made by the caller (tests use
     * it to check that both ways give identical results).
     */
    static Result minimize(DifferentiableFunction f, double[] x0, double[] lower, double[] upper,
                           Options options, IterationListener listener, boolean parallel) {
        return new Solver(f, x0, lower, upper, options, listener, parallel).run();
    }
}
