package styletransfer.optim;

/**
 * Adam (Kingma and Ba, 2015) with the box constraints kept by projection after every step. It needs four vectors
 * of the problem's size where L-BFGS-B with m corrections needs about 2m + 5, which is what makes very large
 * images affordable. Each iteration is one evaluation (plus the one at the start).
 */
public final class Adam implements Minimizer {
    /** Step size and iteration limit; the moment decay rates and epsilon as the paper recommends. */
    public record Options(double learningRate, int maxIterations, double beta1, double beta2, double epsilon) {
        public Options {
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be a positive finite number: " + learningRate);
            }
            if (maxIterations < 0) {
                throw new IllegalArgumentException("maxIterations must be >= 0");
            }
        }

        public static Options of(double learningRate, int maxIterations) {
            return new Options(learningRate, maxIterations, 0.9, 0.999, 1e-8);
        }
    }

    static final String DONE = "STOP: TOTAL NO. OF ITERATIONS REACHED LIMIT";
    static final String STOPPED = "`callback` raised `StopIteration`.";

    private final Options options;

    public Adam(Options options) {
        this.options = options;
    }

    @Override
    public Result minimize(DifferentiableFunction f, double[] x0, double[] lower, double[] upper,
                                  IterationListener listener) {
        int n = x0.length;
        double[] x = x0.clone();
        project(x, lower, upper);
        double[] g = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        double fx = f.valueAndGradient(x, g);
        int evaluations = 1;
        double b1 = options.beta1();
        double b2 = options.beta2();
        double b1t = 1;
        double b2t = 1;
        for (int k = 1; k <= options.maxIterations(); k++) {
            b1t *= b1;
            b2t *= b2;
            double step = options.learningRate() * Math.sqrt(1 - b2t) / (1 - b1t);
            for (int i = 0; i < n; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double xi = x[i] - step * m[i] / (Math.sqrt(v[i]) + options.epsilon());
                x[i] = Math.min(upper[i], Math.max(lower[i], xi));
            }
            fx = f.valueAndGradient(x, g);
            evaluations++;
            if (listener != null) {
                try {
                    listener.iteration(k, x, fx);
                } catch (StopRequested stop) {
                    return new Result(x, fx, k, evaluations, Status.STOPPED, STOPPED);
                }
            }
        }
        return new Result(x, fx, options.maxIterations(), evaluations, Status.LIMIT_REACHED, DONE);
    }

    private static void project(double[] x, double[] lower, double[] upper) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(upper[i], Math.max(lower[i], x[i]));
        }
    }
}
