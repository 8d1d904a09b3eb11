package styletransfer.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import styletransfer.optim.SectionTimes.Section;

/** L-BFGS-B's time by section: its own work only, and the same iterates as without the clock. */
class SectionTimesTest {
    @Test
    void sectionsTakeTheOptimizersTimeButNotTheEvaluationsOrTheListeners() {
        int n = 20_000;
        DifferentiableFunction quadratic = TestProblems.quadratic(n, 3);
        long[] pauses = {0};
        DifferentiableFunction slow = (x, g) -> {
            pauses[0] += pause();
            return quadratic.valueAndGradient(x, g);
        };
        IterationListener listener = (k, x, f) -> pauses[0] += pause();
        double[] lower = new double[n];
        double[] upper = new double[n];
        Arrays.fill(lower, -0.5);
        Arrays.fill(upper, 0.5);
        double[] x0 = new double[n];
        Arrays.fill(x0, 0.25);
        LbfgsB.Options options = LbfgsB.Options.defaults().withMaxIterations(15);

        SectionTimes sections = new SectionTimes();
        long start = System.nanoTime();
        Result timed = LbfgsB.minimize(slow, x0, lower, upper, options, listener, sections);
        long wall = System.nanoTime() - start;
        Result plain = LbfgsB.minimize(quadratic, x0, lower, upper, options, null);

        assertArrayEquals(plain.x(), timed.x(), 0.0, "the clock does not change the iterates");
        long sum = 0;
        for (Section s : Section.values()) {
            assertTrue(sections.nanos(s) >= 0, s.key());
            sum += sections.nanos(s);
        }
        assertTrue(sum <= wall - pauses[0], "sections " + sum + " ns within the wall time " + wall
                + " ns less the pauses " + pauses[0] + " ns");
        for (Section s : new Section[] {Section.CAUCHY_SCAN, Section.CAUCHY_PRODUCT, Section.FREE_VARIABLES,
            Section.REDUCED_GRADIENT, Section.SUBSPACE, Section.LINE_SEARCH, Section.UPDATE}) {
            assertTrue(sections.nanos(s) > 0, s.key() + " was timed");
        }
    }

    /** Sleeps about 2 ms and returns how long it took. */
    private static long pause() {
        long t0 = System.nanoTime();
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return System.nanoTime() - t0;
    }
}
