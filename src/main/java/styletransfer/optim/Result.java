package styletransfer.optim;

/**
 * What a {@link Minimizer} returns, as scipy's {@code x, fun, nit, nfev, status, message}. As in scipy, after an
 * abnormal line search termination of L-BFGS-B {@code x} is the last iterate while {@code f} is the value at the
 * last point evaluated.
 */
public record Result(double[] x, double f, int iterations, int evaluations, Status status, String message) {
}
