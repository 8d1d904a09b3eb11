package styletransfer.bench;

/**
 * One benchmark case's figures. Seconds are medians over the measured iterations; the phase seconds are
 * per-iteration medians of each phase, so they need not add up exactly to {@code secondsPerIteration}.
 */
public record CaseResult(String net, String schedule, int length, int height, int width, int iterations,
                         double secondsPerIteration, double forward, double gramLoss, double backward,
                         double optimizer, double copies, long peakRssBytes, double gflopPerIteration) {
    public double gflops() {
        return gflopPerIteration / secondsPerIteration;
    }

    public long pixels() {
        return (long) height * width;
    }
}
