package styletransfer.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether two runs agree, judged by what can agree after a run of their length.
 *
 * <p>L-BFGS-B amplifies float rounding: a different OpenBLAS thread count, Caffe kernel or order of sums moves the
 * last digits of one gradient, and after some tens of iterations the two trajectories part. Measured on SqueezeNet
 * (starry_night on nanjing, {@code -l 256}): style.py against itself with 1 and 2 OpenBLAS threads is above 45 dB
 * after 20-25 iterations, but only 24.3 dB PSNR and SSIM 0.850 after 512, while the final losses still agree to
 * 7.3e-4. So a short run is judged by its pixels (and its loss trace, when given), a long one by its losses: the
 * trace over the first {@link Tolerances#shortRun()} iterations, where the trajectories still coincide, and the
 * final loss, which both runs approach however their paths differ.
 */
public final class Agreement {
    private Agreement() {}

    /**
     * @param shortRun         the longest run judged by its pixels; longer runs are judged by their losses, and the
     *                         first {@code shortRun} iterations of their traces
     * @param maxLossDiff      largest relative loss difference at any judged iteration of the traces
     * @param maxFinalLossDiff largest relative difference of the final losses of a long run
     */
    public record Tolerances(double minPsnr, double minSsim, int maxPixelDiff, double maxLossDiff,
                             double maxFinalLossDiff, int shortRun) {}

    /** What a verdict rests on. */
    public enum Criterion {
        /** Images without traces: the run's length is unknown, pixels are all there is. */
        PIXELS("pixels"),
        /** A short run with images and traces. */
        PIXELS_AND_TRACE("pixels+trace"),
        /** A short run's traces alone: every common iteration. */
        TRACE("trace"),
        /** A long run: the early trace and the final loss; pixels are shown, not judged. */
        LOSSES("losses");

        private final String key;

        Criterion(String key) {
            this.key = key;
        }

        /** The name in compare's JSON. */
        public String key() {
            return key;
        }
    }

    /** The figures of the traces that a verdict may use. */
    public record TraceFigures(LossTrace.Difference all, LossTrace.Difference early, int earlyLast,
                               int lastA, int lastB, double finalA, double finalB) {
        public double finalDifference() {
            return LossTrace.relative(finalA, finalB);
        }

        /** The run's length: the longer of the two traces. */
        public int runIterations() {
            return Math.max(lastA, lastB);
        }
    }

    /** One figure against its limit; {@code judged} false when the criterion only shows it. */
    public record Check(String name, boolean judged, boolean ok) {}

    /**
     * @param runIterations the run's length from the traces, or -1 when no trace was given
     */
    public record Verdict(Criterion criterion, int runIterations, boolean ok, List<Check> checks, String reason) {
        public Verdict {
            checks = List.copyOf(checks);
        }

        /** Whether the named check counted, and passed. */
        public boolean judged(String name) {
            return checks.stream().anyMatch(c -> c.name().equals(name) && c.judged());
        }

        public boolean passed(String name) {
            return checks.stream().anyMatch(c -> c.name().equals(name) && c.judged() && c.ok());
        }

        /** The closing line: the verdict, the run's length and what it was judged by. */
        public String line() {
            return (ok ? "within tolerance" : "NOT within tolerance") + " (" + reason + ")";
        }
    }

    public static final String PSNR = "psnr";
    public static final String SSIM = "ssim";
    public static final String PIXEL = "max_pixel_diff";
    public static final String LOSS = "max_loss_diff";
    public static final String FINAL = "final_loss_diff";

    /** The traces' figures for {@code t}'s judging: every common iteration, and those up to the short run. */
    public static TraceFigures figures(LossTrace a, LossTrace b, Tolerances t) {
        LossTrace.Difference all = a.compare(b);
        int firstCommon = a.losses().keySet().stream().filter(b.losses()::containsKey).findFirst().orElseThrow();
        int earlyLast = Math.max(t.shortRun(), firstCommon);
        LossTrace.Difference early = a.compare(b, earlyLast);
        return new TraceFigures(all, early, earlyLast, a.lastIteration(), b.lastIteration(), a.finalLoss(),
                b.finalLoss());
    }

    /**
     * The verdict on images ({@code pixels} null when only traces are compared) and traces ({@code traces} null when
     * only images are); at least one of them is given.
     */
    public static Verdict judge(ImageMetrics.Result pixels, TraceFigures traces, Tolerances t) {
        if (pixels == null && traces == null) {
            throw new IllegalArgumentException("nothing to judge");
        }
        boolean longRun = traces != null && traces.runIterations() > t.shortRun();
        Criterion criterion = traces == null ? Criterion.PIXELS
                : longRun ? Criterion.LOSSES : pixels == null ? Criterion.TRACE : Criterion.PIXELS_AND_TRACE;
        List<Check> checks = new ArrayList<>();
        if (pixels != null) {
            boolean judged = !longRun;
            checks.add(new Check(PSNR, judged, pixels.psnr() >= t.minPsnr()));
            checks.add(new Check(SSIM, judged, pixels.ssim() >= t.minSsim()));
            checks.add(new Check(PIXEL, judged, pixels.maxDifference() <= t.maxPixelDiff()));
        }
        if (traces != null) {
            LossTrace.Difference d = longRun ? traces.early() : traces.all();
            checks.add(new Check(LOSS, true, d.largest() <= t.maxLossDiff()));
            checks.add(new Check(FINAL, longRun, traces.finalDifference() <= t.maxFinalLossDiff()));
        }
        boolean ok = checks.stream().allMatch(c -> !c.judged() || c.ok());
        return new Verdict(criterion, traces == null ? -1 : traces.runIterations(), ok, checks,
                reason(criterion, traces, t));
    }

    private static String reason(Criterion c, TraceFigures traces, Tolerances t) {
        return switch (c) {
            case PIXELS -> "judged by pixels, which is right for runs of up to " + t.shortRun() + " iterations; after"
                    + " a longer run float rounding alone moves the pixels, so give both loss traces (--traces)"
                    + " to judge it by its losses";
            case PIXELS_AND_TRACE -> run(traces) + ", judged by pixels and the loss at every common iteration";
            case TRACE -> run(traces) + ", judged by the loss at every common iteration";
            case LOSSES -> run(traces) + ", judged by its losses: iterations up to " + traces.earlyLast()
                    + " and the final loss; pixels are not judged after more than " + t.shortRun()
                    + " iterations, where float rounding alone makes two runs differ";
        };
    }

    private static String run(TraceFigures traces) {
        return String.format(Locale.ROOT, "a %d-iteration run", traces.runIterations());
    }
}
