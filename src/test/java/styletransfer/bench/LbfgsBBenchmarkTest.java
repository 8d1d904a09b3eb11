package styletransfer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The benchmark prints f as Python's {@code %.17g} does, so equal results look equal in its output. */
class LbfgsBBenchmarkTest {
    @Test
    void printsTheExactValueToSeventeenDigitsAsPythonDoes() {
        // Python: '%.17g' % 82859.543537295467 == '82859.543537295467'; Java's %.17g gives ...295470.
        assertEquals("82859.543537295467", LbfgsBBenchmark.seventeenDigits(82859.543537295467));
        assertEquals("0.10000000000000001", LbfgsBBenchmark.seventeenDigits(0.1));
        assertEquals("NaN", LbfgsBBenchmark.seventeenDigits(Double.NaN));
    }
}
