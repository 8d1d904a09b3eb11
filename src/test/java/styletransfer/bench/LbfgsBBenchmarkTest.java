package styletransfer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import styletransfer.optim.SectionTimes.Section;

/** The benchmark prints f as Python's {@code %.17g} does, so equal results look equal in its output. */
class LbfgsBBenchmarkTest {
    @Test
    void printsTheExactValueToSeventeenDigitsAsPythonDoes() {
        // Python: '%.17g' % 82859.543537295467 == '82859.543537295467'; Java's %.17g gives ...295470.
        assertEquals("82859.543537295467", LbfgsBBenchmark.seventeenDigits(82859.543537295467));
        assertEquals("0.10000000000000001", LbfgsBBenchmark.seventeenDigits(0.1));
        assertEquals("NaN", LbfgsBBenchmark.seventeenDigits(Double.NaN));
    }

    @Test
    void aJavaRunReportsItsTimeBySectionPerIteration() {
        LbfgsBBenchmark.Timing timing = LbfgsBBenchmark.time(20_000, 5, 8, 1);
        assertEquals(8, timing.iterations());
        assertEquals(Section.values().length, timing.sections().size(), "every section is reported");
        double sum = 0.0;
        for (Section s : Section.values()) {
            double seconds = timing.sections().get(s);
            assertTrue(seconds >= 0.0, s + " " + seconds);
            sum += seconds;
        }
        // The Cauchy step, formk and the update run in every iteration of this bounded problem.
        assertTrue(timing.sections().get(Section.CAUCHY_SCAN) > 0.0);
        assertTrue(timing.sections().get(Section.UPDATE) > 0.0);
        assertTrue(sum > 0.0);
    }
}
