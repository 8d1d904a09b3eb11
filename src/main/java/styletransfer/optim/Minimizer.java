package styletransfer.optim;

/** A bound-constrained minimiser: L-BFGS-B (the reference's) or Adam (less memory at high resolution). */
@FunctionalInterface
public interface Minimizer {
    /**
     * Minimises f from x0 inside [lower, upper] (infinite bounds: unbounded), calling the listener once per
     * iteration; a listener may end the run early by throwing {@link StopRequested}.
     */
    Result minimize(DifferentiableFunction f, double[] x0, double[] lower, double[] upper,
                           IterationListener listener);

    static Minimizer lbfgsb(LbfgsB.Options options) {
        return lbfgsb(options, null);
    }

    /** L-BFGS-B accumulating the time of each of its sections into sections (if not null). */
    static Minimizer lbfgsb(LbfgsB.Options options, SectionTimes sections) {
        return (f, x0, lower, upper, listener) -> LbfgsB.minimize(f, x0, lower, upper, options, listener, sections);
    }
}
