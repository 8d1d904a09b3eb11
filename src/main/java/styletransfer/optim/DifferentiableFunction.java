package styletransfer.optim;

/** An objective that the optimizer may evaluate at any point inside the box. */
@FunctionalInterface
public interface DifferentiableFunction {
    /** Returns f(x) and writes the gradient into gradient (same length as x). */
    double valueAndGradient(double[] x, double[] gradient);
}
