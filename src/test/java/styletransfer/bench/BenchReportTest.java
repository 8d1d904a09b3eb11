package styletransfer.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
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
        CaseResult r = new CaseResult("squeezenet", "minimal", 512, 342, 512, 5, 0.25, 0.04, 0.05, 0.05, 0.03, 0.001,
                600L << 20, 7, limits);
        String out = print(List.of(r));

        assertTrue(out.contains("  3.0      2.5"), out);
        assertTrue(out.contains("squeezenet -l 512 minimal: optimizer 30.0 ms, limit 10.0 ms (3.0x); gram+loss 50.0 ms, "
                + "limit 20.0 ms (2.5x); memory 40.0 GB/s, sgemm 120 GFLOP/s measured in the case"), out);
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
