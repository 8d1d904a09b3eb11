package styletransfer.bench;

import java.util.Map;
import styletransfer.optim.SectionTimes.Section;

/**
 * One benchmark case's figures. Seconds are medians over the measured iterations; the phase seconds are
 * per-iteration medians of each phase, so they need not add up exactly to {@code secondsPerIteration}. The
 * optimizer's sections (L-BFGS-B's own time by section, per-iteration medians) are null when not measured (Adam).
 */
public record CaseResult(String net, String schedule, int length, int height, int width, int iterations,
                         double secondsPerIteration, double forward, double gramLoss, double backward,
                         double optimizer, double copies, long peakRssBytes, double gflopPerIteration,
                         Limits limits, Map<Section, Double> optimizerSections) {
    /**
     * What the optimizer's and the loss's work per iteration would take at this machine's measured memory and sgemm
     * rates (see {@link MachineRates}); the loss's is NaN on a GPU, whose rates are not measured here.
     */
    public record Limits(double optimizerSeconds, double lossSeconds, double bandwidthGBps, double sgemmGflops) {}

    /** A result without limits (not measured). */
    public CaseResult(String net, String schedule, int length, int height, int width, int iterations,
                      double secondsPerIteration, double forward, double gramLoss, double backward, double optimizer,
                      double copies, long peakRssBytes, double gflopPerIteration) {
        this(net, schedule, length, height, width, iterations, secondsPerIteration, forward, gramLoss, backward,
                optimizer, copies, peakRssBytes, gflopPerIteration, null, null);
    }

    /** Measured optimizer time over its limit (NaN when unknown). */
    public double optimizerRatio() {
        return limits == null ? Double.NaN : optimizer / limits.optimizerSeconds();
    }

    /** Measured Gram + loss time over its limit (NaN when unknown). */
    public double lossRatio() {
        return limits == null ? Double.NaN : gramLoss / limits.lossSeconds();
    }

    public double gflops() {
        return gflopPerIteration / secondsPerIteration;
    }

    public long pixels() {
        return (long) height * width;
    }
}
