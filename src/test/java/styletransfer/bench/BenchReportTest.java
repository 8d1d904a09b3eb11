package styletransfer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import styletransfer.optim.SectionTimes.Section;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    private static CaseResult result(String schedule, int length, int h, int w, double seconds, double forward,
                                     double backward, long peakMiB) {
        return new CaseResult("googlenet", schedule, length, h, w, 5, seconds, forward, 0.1, backward, 0.15, 0.002,
                peakMiB << 20, 30);
    }

    private static String print(List<CaseResult> results) {
        StringWriter text = new StringWriter();
        BenchReport.print(results, 2 / 3.0, new PrintWriter(text, true));
        return text.toString();
    }

    @Test
    void printsTheWholeIterationRatioAndCaffesShareOfIt() {
        String out = print(List.of(result("minimal", 512, 342, 512, 1.0, 0.3, 0.4, 900),
                result("reference", 512, 342, 512, 1.6, 0.3, 1.1, 1000)));

        assertTrue(out.contains("googlenet -l 512: minimal / reference seconds per iteration = 1.000 / 1.600 = 0.63; "
                + "peak memory 900 / 1000 MiB"), out);
        assertTrue(out.contains("googlenet -l 512: Caffe's forward + backward alone: minimal / reference = 0.700 / "
                + "1.400 = 0.50"), out);
    }

    @Test
    void printsEachPartsDistanceFromItsLimit() {
        CaseResult.Limits limits = new CaseResult.Limits(0.010, 0.020, 40, 120);
        Map<Section, Double> sections = new EnumMap<>(Section.class);
        for (Section s : Section.values()) {
            sections.put(s, 0.001 * (s.ordinal() + 1));
        }
        CaseResult r = new CaseResult("squeezenet", "minimal", 512, 342, 512, 5, 0.25, 0.04, 0.05, 0.05, 0.03, 0.001,
                600L << 20, 7, limits, sections);
        String out = print(List.of(r));

        assertTrue(out.contains("  3.0      2.5"), out);
        assertTrue(out.contains("squeezenet -l 512 minimal: optimizer 30.0 ms, limit 10.0 ms (3.0x); gram+loss 50.0 ms, "
                + "limit 20.0 ms (2.5x); memory 40.0 GB/s, sgemm 120 GFLOP/s measured in the case"), out);
        assertTrue(out.contains("  the optimizer by section, ms per iteration: cauchyScan 1.0, cauchyProduct 2.0, "
                + "cauchyWalk 3.0, freev 4.0, formk 5.0, cmprlb 6.0, subsm 7.0, lineSearch 8.0, update 9.0, other 10.0"),
                out);
    }

    @Test
    void sectionMediansAreTheMeasuredIterationsDifferences() {
        // Totals after iterations 1..4, one warm-up: the measured iterations 2..4 took 3, 5 and 4 ms in the walk.
        List<Map<Section, Long>> totals = List.of(totals(10), totals(13), totals(18), totals(22));
        Map<Section, Double> medians = BenchCase.sectionMedians(totals, 1);
        assertEquals(0.004, medians.get(Section.CAUCHY_WALK), 1e-12);
        assertEquals(0.0, medians.get(Section.FORM_K), 0.0);
        assertNull(BenchCase.sectionMedians(List.of(totals(0), totals(0)), 1), "nothing measured: no sections");
    }

    private static Map<Section, Long> totals(long walkMillis) {
        Map<Section, Long> m = new EnumMap<>(Section.class);
        for (Section s : Section.values()) {
            m.put(s, s == Section.CAUCHY_WALK ? walkMillis * 1_000_000 : 0L);
        }
        return m;
    }

    @Test
    void fitsHowTimeGrowsWithPixels() {
        // Time proportional to pixels: exponent 1.
        String out = print(List.of(result("minimal", 256, 100, 150, 0.5, 0.1, 0.1, 400),
                result("minimal", 512, 200, 300, 2.0, 0.1, 0.1, 700),
                result("minimal", 1024, 400, 600, 8.0, 0.1, 0.1, 1900)));

        assertTrue(out.contains("googlenet   time per iteration grows as pixels^1.00"), out);
    }
}
