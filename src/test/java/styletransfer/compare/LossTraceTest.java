package styletransfer.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import styletransfer.BadInputException;

/** Reading losses from the three kinds of trace, and their largest relative difference. */
class LossTraceTest {

    @Test
    void readsOurTraceJsonLines() {
        LossTrace t = LossTrace.parse(List.of(
                "{\"iter\":1,\"loss\":1.5e6,\"pgnorm\":3.0,\"seconds\":0.2}",
                "{\"iter\":2,\"loss\":1.25e6,\"pgnorm\":2.0,\"seconds\":0.4}"), "ours");
        assertEquals(Map.of(1, 1.5e6, 2, 1.25e6), t.losses());
    }

    @Test
    void readsPairsAndIgnoresOtherText() {
        LossTrace t = LossTrace.parse(List.of("# iteration loss", "1 100.0", "2,\t90.5", "", "Optimizing: 50%", "3\t8.1e1"),
                "pairs");
        assertEquals(Map.of(1, 100.0, 2, 90.5, 3, 81.0), t.losses());
    }

    @Test
    void readsLbfgsbVerboseLinesWithFortranExponents() {
        LossTrace t = LossTrace.parse(List.of(
                "RUNNING THE L-BFGS-B CODE",
                "At iterate    0    f=  2.50000D+07    |proj g|=  1.00000D+03",
                "At iterate    1    f=  1.20000D+07    |proj g|=  9.00000D+02",
                "At iterate     2    f= 1.00000000e+07    |proj g|= 8.0e+02    0.4s"), "verbose");
        assertEquals(Map.of(0, 2.5e7, 1, 1.2e7, 2, 1.0e7), t.losses());
    }

    @Test
    void largestRelativeDifferenceOverCommonIterations() {
        LossTrace a = LossTrace.parse(List.of("1 100", "2 50", "3 10"), "a");
        LossTrace b = LossTrace.parse(List.of("1 100", "2 49", "3 11", "4 9"), "b");
        LossTrace.Difference d = a.compare(b);
        assertEquals(1.0 / 11, d.largest(), 1e-15); // |10 - 11| / 11 beats |50 - 49| / 50
        assertEquals(3, d.iteration());
        assertEquals(3, d.common());
        assertEquals(0, d.onlyFirst());
        assertEquals(1, d.onlySecond());
    }

    @Test
    void nanOnOneSideIsTheLargestDifference() {
        assertEquals(1, LossTrace.relative(Double.NaN, 3), 0);
        assertEquals(0, LossTrace.relative(0, 0), 0);
    }

    @Test
    void aFileWithoutLossesOrWithoutCommonIterationsIsBadInput() {
        assertThrows(BadInputException.class, () -> LossTrace.parse(List.of("hello", "world"), "text"));
        LossTrace a = LossTrace.parse(List.of("1 1"), "a");
        LossTrace b = LossTrace.parse(List.of("2 1"), "b");
        assertThrows(BadInputException.class, () -> a.compare(b));
    }
}
