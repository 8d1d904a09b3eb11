package styletransfer.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a verdict rests on for a run of a given length: pixels and the early trace for a short run, the early trace
 * and the final loss for a long one, with the figures measured in issue 14 (style.py against itself, 1 vs 2
 * OpenBLAS threads, SqueezeNet -l 256 -n 512: 24.3 dB, SSIM 0.850, final losses 7.3e-4 apart).
 */
class AgreementTest {
    static final Agreement.Tolerances DEFAULTS = new Agreement.Tolerances(30, 0.95, 255, 0.01, 0.005, 50, 10);
    /** The pixels of two perfect ports after 512 iterations. */
    static final ImageMetrics.Result PARTED = new ImageMetrics.Result(256, 256, 24.3, 0.850, 120, 0, 0, 0);
    static final ImageMetrics.Result CLOSE = new ImageMetrics.Result(256, 256, 47.0, 0.999, 3, 0, 0, 0);

    @Test
    void aPerfectPortPassesAfterADefaultLengthRunWhenItsTracesAreGiven() {
        LossTrace a = trace(512, 0, 0);
        LossTrace b = trace(512, 1e-7, 7.3e-4);
        Agreement.Verdict v = Agreement.judge(PARTED, Agreement.figures(a, b, DEFAULTS), DEFAULTS);
        assertTrue(v.ok(), v.line());
        assertEquals(Agreement.Criterion.LOSSES, v.criterion());
        assertEquals(512, v.runIterations());
        assertFalse(v.judged(Agreement.PSNR), "pixels are shown, not judged");
        assertTrue(v.judged(Agreement.FINAL));
        assertTrue(v.line().startsWith("within tolerance (a 512-iteration run, judged by its losses"), v.line());
    }

    @Test
    void theSamePixelsWithoutTracesAreJudgedByPixelsAndSaySo() {
        Agreement.Verdict v = Agreement.judge(PARTED, null, DEFAULTS);
        assertFalse(v.ok());
        assertEquals(Agreement.Criterion.PIXELS, v.criterion());
        assertEquals(-1, v.runIterations());
        assertTrue(v.line().startsWith("NOT within tolerance (judged by pixels") && v.line().contains("--traces"),
                v.line());
    }

    @Test
    void aLongRunFailsOnItsFinalLossOrItsEarlyTrace() {
        LossTrace a = trace(512, 0, 0);
        Agreement.Verdict finalOff = Agreement.judge(PARTED, Agreement.figures(a, trace(512, 0, 0.02), DEFAULTS),
                DEFAULTS);
        assertFalse(finalOff.ok());
        assertFalse(finalOff.passed(Agreement.FINAL));
        assertTrue(finalOff.passed(Agreement.LOSS));

        Agreement.Verdict earlyOff = Agreement.judge(PARTED, Agreement.figures(a, trace(512, 0.03, 0), DEFAULTS),
                DEFAULTS);
        assertFalse(earlyOff.ok());
        assertFalse(earlyOff.passed(Agreement.LOSS));
    }

    @Test
    void midRunLossDifferencesWhereTheTrajectoriesHavePartedAreNotJudged() {
        LossTrace a = trace(512, 0, 0);
        List<String> lines = new ArrayList<>();
        for (int k = 0; k <= 512; k++) {
            double off = k > 15 && k < 60 ? 0.02 : 0; // measured: one run a few iterations ahead of the other
            lines.add(k + " " + loss(k) * (1 + off));
        }
        LossTrace b = LossTrace.parse(lines, "b");
        Agreement.TraceFigures f = Agreement.figures(a, b, DEFAULTS);
        assertTrue(f.all().largest() > 0.019, "over every iteration it differs");
        assertTrue(Agreement.judge(null, f, DEFAULTS).ok());
        assertEquals(10, f.earlyLast());
    }

    @Test
    void theFinalLossMayDifferByWhatTheLossStillFellAtTheEndOfAShorterLongRun() {
        // 60 iterations: the loss falls by about 5% over the last 3 (5% of the run); B is 2% behind at the end
        LossTrace a = trace(60, 0, 0);
        LossTrace b = trace(60, 0, 0.02);
        Agreement.TraceFigures f = Agreement.figures(a, b, DEFAULTS);
        assertEquals(60, f.last());
        assertEquals(LossTrace.relative(loss(57), loss(60)), f.finalSlack(), 1e-12);
        assertTrue(Agreement.judge(PARTED, f, DEFAULTS).ok());
        // after 512 iterations the loss hardly moves any more: the same 2% is a real difference
        assertFalse(Agreement.judge(PARTED, Agreement.figures(trace(512, 0, 0), trace(512, 0, 0.02), DEFAULTS),
                DEFAULTS).ok());
    }

    @Test
    void aShortRunIsJudgedByPixelsAndItsEarlyTrace() {
        LossTrace a = trace(25, 0, 0);
        Agreement.Verdict v = Agreement.judge(CLOSE, Agreement.figures(a, trace(25, 1e-6, 0.01), DEFAULTS), DEFAULTS);
        assertTrue(v.ok(), v.line());
        assertEquals(Agreement.Criterion.PIXELS_AND_TRACE, v.criterion());
        assertTrue(v.judged(Agreement.PSNR) && !v.judged(Agreement.FINAL));
        assertFalse(Agreement.judge(PARTED, Agreement.figures(a, trace(25, 0, 0), DEFAULTS), DEFAULTS).ok(),
                "24 dB after 25 iterations is a real difference");
        assertFalse(Agreement.judge(CLOSE, Agreement.figures(a, trace(25, 0.02, 0), DEFAULTS), DEFAULTS).ok(),
                "2% in the first 10 iterations is a real difference");
        Agreement.Verdict traces = Agreement.judge(null, Agreement.figures(a, trace(25, 0, 0), DEFAULTS), DEFAULTS);
        assertEquals(Agreement.Criterion.LOSSES, traces.criterion(), "traces alone are judged by their losses");
        assertTrue(traces.ok());
    }

    @Test
    void tracesThatStartLateHaveTheirEarlyWindowFromTheirFirstCommonIteration() {
        LossTrace a = LossTrace.parse(List.of("100 5", "101 4", "700 1"), "a");
        LossTrace b = LossTrace.parse(List.of("100 5", "101 4", "700 1.001"), "b");
        Agreement.TraceFigures f = Agreement.figures(a, b, DEFAULTS);
        assertEquals(110, f.earlyLast());
        assertEquals(2, f.early().common());
        assertTrue(Agreement.judge(null, f, DEFAULTS).ok());
    }

    /** A loss curve shaped like a run's: a fast fall, then flat (5% over iterations 57-60, 1e-6 at 512). */
    static double loss(int k) {
        return 1e6 * (1 + 9 * Math.exp(-k / 40.0));
    }

    /** Losses 0..n with relative offsets: {@code early} over the first 10 iterations, {@code last} at the end. */
    static LossTrace trace(int n, double early, double last) {
        List<String> lines = new ArrayList<>();
        for (int k = 0; k <= n; k++) {
            double off = k <= 10 ? early : k == n ? last : 0;
            lines.add(k + " " + loss(k) * (1 + off));
        }
        return LossTrace.parse(lines, "trace");
    }
}
