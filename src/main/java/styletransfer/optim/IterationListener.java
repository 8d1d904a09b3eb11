package styletransfer.optim;

/**
 * Told about every completed iteration, exactly when scipy calls its {@code callback}.
 *
 * <p>{@code x} is the optimizer's own array: read it (or copy it) during the call, never
 * modify or keep it. To end the run early, throw {@link StopRequested}; the run
 * then returns this iterate, as scipy does when a callback raises {@code StopIteration}.
 */
@FunctionalInterface
public interface IterationListener {
    void iteration(int k, double[] x, double f);

    /**
     * As {@link #iteration(int, double[], double)}, from an optimizer that already has the
     * max-norm of the projected gradient at x (L-BFGS-B computes it for its stopping test), so
     * a listener that reports it need not compute it again. By default the norm is ignored.
     */
    default void iteration(int k, double[] x, double f, double projectedGradientNorm) {
        iteration(k, x, f);
    }
}
