package styletransfer.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether two runs agree, judged by what can agree after a run of their length.
 *
 * <p>L-BFGS-B amplifies float rounding: a different OpenBLAS thread count, Caffe kernel or order of sums moves the
 * last digits of one gradient, and the two trajectories part. Measured on SqueezeNet at {@code -l 256}:
 * style.py against itself with 1 and 2 OpenBLAS threads (starry_night on nanjing) is above 45 dB after 20-25
 * iterations but 24.3 dB PSNR and SSIM 0.850 after 512, its final losses 7.3e-4 apart; ours with 1 and 2 threads
 * (coffee on chelsea) has losses within 1.5e-3 for 10 iterations, then up to 2% apart between iterations 15 and 60
 * (one run a few iterations ahead of the other) while its pixels stay above 35 dB (SSIM 0.97) to iteration 50,
 * and 27 dB after 300.
 *
 * <p>So: the first {@link Tolerances#earlyIterations()} iterations of the traces, where the runs still coincide,
 * are always held to {@link Tolerances#maxLossDiff()}: they check the objective, its gradient and the optimizer's
 * first steps. A short run (up to {@link Tolerances#shortRun()} iterations) is judged by its pixels as well; a long
 * one by its final loss instead, which both runs approach however their paths differ: within
 * {@link Tolerances#maxFinalLossDiff()}, or within how much the loss still fell over the last
 * {@link #LAG_FRACTION} of the run (the runs are then at most that many iterations apart).
 */
public final class Agreement {
    /** The share of a run by which two runs on different paths may be ahead of each other at the end. */
    public static final double LAG_FRACTION = 0.05;

    private Agreement() {}

    /**
     * @param shortRun         the longest run judged by its pixels; a longer one is judged by its final loss
     * @param earlyIterations  the iterations from the start at which the traces are held to {@code maxLossDiff}
     * @param maxLossDiff      largest relative loss difference at any of the early iterations
     * @param maxFinalLossDiff largest relative difference of the final losses of a long run (more when the loss
     *                         still fell faster than that at the end: see the class comment)
     */
    public record Tolerances(double minPsnr, double minSsim, int maxPixelDiff, double maxLossDiff,
                             double maxFinalLossDiff, int shortRun, int earlyIterations) {}

    /** What a verdict rests on. */
    public enum Criterion {
        /** Images without traces: the run's length is unknown, pixels are all there is. */
        PIXELS("pixels"),
        /** A short run with images and traces: pixels and the early trace. */
        PIXELS_AND_TRACE("pixels+trace"),
        /** A long run, or traces alone: the early trace and the final loss; pixels are shown, not judged. */
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

    /**
     * The figures of the traces that a verdict may use.
     *
     * @param all       over every common iteration (shown, not judged)
     * @param early     over the common iterations up to {@code earlyLast}
     * @param last      the last iteration both traces have, where the final losses are compared
     * @param finalSlack how much the loss fell, relatively, over the last {@link #LAG_FRACTION} of the run (the
     *                   larger of the two traces)
     */
    public record TraceFigures(LossTrace.Difference all, LossTrace.Difference early, int earlyLast,
                               int lastA, int lastB, int last, double finalA, double finalB, double finalSlack) {
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

    /** The traces' figures: every common iteration, the early ones, and the final losses. */
    public static TraceFigures figures(LossTrace a, LossTrace b, Tolerances t) {
        LossTrace.Difference all = a.compare(b);
        List<Integer> common = a.losses().keySet().stream().filter(b.losses()::containsKey).toList();
        int first = common.get(0);
        int last = common.get(common.size() - 1);
        // Traces of a whole run start at iteration 0 (scipy's verbose log) or 1 (ours): its first iterations are
        // those numbered up to earlyIterations; a trace that starts later (a resumed run) counts from its start.
        int earlyLast = first <= 1 ? Math.max(first, t.earlyIterations()) : first + t.earlyIterations();
        LossTrace.Difference early = a.compare(b, earlyLast);
        int back = Math.max(first, last - Math.max(2, (int) Math.round(LAG_FRACTION * last)));
        double slack = Math.max(fall(a, back, last), fall(b, back, last));
        return new TraceFigures(all, early, earlyLast, a.lastIteration(), b.lastIteration(), last,
                a.losses().get(last), b.losses().get(last), slack);
    }

    /** How much the loss fell from iteration {@code from} (or the first after it) to {@code to}, relatively. */
    private static double fall(LossTrace t, int from, int to) {
        Double start = t.losses().entrySet().stream().filter(e -> e.getKey() >= from).findFirst()
                .map(java.util.Map.Entry::getValue).orElse(null);
        double end = t.losses().get(to);
        if (start == null || !Double.isFinite(start) || !Double.isFinite(end) || start <= end) {
            return 0;
        }
        return LossTrace.relative(start, end);
    }

    /** The final-loss limit of a long run: the tolerance, or the loss's own fall over the run's last stretch. */
    public static double finalLimit(TraceFigures f, Tolerances t) {
        return Math.max(t.maxFinalLossDiff(), f.finalSlack());
    }

    /**
     * The verdict on images ({@code pixels} null when only traces are compared) and traces ({@code traces} null when
     * only images are); at least one of them is given.
     */
    public static Verdict judge(ImageMetrics.Result pixels, TraceFigures traces, Tolerances t) {
        if (pixels == null && traces == null) {
            throw new IllegalArgumentException("nothing to judge");
        }
        boolean longRun = traces != null && (pixels == null || traces.runIterations() > t.shortRun());
        Criterion criterion = traces == null ? Criterion.PIXELS
                : longRun ? Criterion.LOSSES : Criterion.PIXELS_AND_TRACE;
        List<Check> checks = new ArrayList<>();
        if (pixels != null) {
            boolean judged = !longRun;
            checks.add(new Check(PSNR, judged, pixels.psnr() >= t.minPsnr()));
            checks.add(new Check(SSIM, judged, pixels.ssim() >= t.minSsim()));
            checks.add(new Check(PIXEL, judged, pixels.maxDifference() <= t.maxPixelDiff()));
        }
        if (traces != null) {
            checks.add(new Check(LOSS, true, traces.early().largest() <= t.maxLossDiff()));
            checks.add(new Check(FINAL, longRun, traces.finalDifference() <= finalLimit(traces, t)));
        }
        boolean ok = checks.stream().allMatch(c -> !c.judged() || c.ok());
        return new Verdict(criterion, traces == null ? -1 : traces.runIterations(), ok, checks,
                reason(criterion, pixels != null, traces, t));
    }

    private static String reason(Criterion c, boolean images, TraceFigures traces, Tolerances t) {
        return switch (c) {
            case PIXELS -> "judged by pixels, which is right for runs of up to " + t.shortRun() + " iterations; after"
                    + " a longer run float rounding alone moves the pixels, so give both loss traces (--traces)"
                    + " to judge it by its losses";
            case PIXELS_AND_TRACE -> run(traces) + ", judged by pixels and the losses of iterations up to "
                    + traces.earlyLast();
            case LOSSES -> run(traces) + ", judged by its losses: iterations up to " + traces.earlyLast()
                    + " and the final loss" + (images ? "; pixels are not judged after more than " + t.shortRun()
                    + " iterations, where float rounding alone makes two runs differ" : "");
        };
    }

    private static String run(TraceFigures traces) {
        return String.format(Locale.ROOT, "a %d-iteration run", traces.runIterations());
    }
}
