package styletransfer.optim;

@FunctionalInterface
public interface DifferentiableFunction {
    /** Returns f(x) and writes the gradient into gradient (same length as x). */
    double valueAndGradient(double[] x, double[] gradient);
}
