package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import styletransfer.transfer.Checkpoint;
import styletransfer.transfer.Progress;
import styletransfer.transfer.StyleTransfer;

/** What a script sees on stderr without a terminal: plain progress lines, on a clock the test moves. */
class ProgressReporterTest {
    private static final long SECOND = 1_000_000_000L;
    private static final StyleTransfer.Sizes SIZES = new StyleTransfer.Sizes(64, 64, 77, 77);

    private final AtomicLong clock = new AtomicLong(1000 * SECOND);
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private ProgressReporter reporter(int iterations) {
        return new ProgressReporter(new PrintStream(buffer, true, StandardCharsets.UTF_8), iterations, false, false,
                null, 0, null, clock::get);
    }

    private List<String> lines() {
        return buffer.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aLineAtEveryTenthOfTheRun() {
        try (ProgressReporter r = reporter(100)) {
            r.started(new Progress.Start(SIZES, null));
            for (int k = 1; k <= 100; k++) {
                clock.addAndGet(SECOND / 10); // 0.1 s per iteration: the 30 s never pass
                r.iteration(k, 1e8 / k, 1, null);
            }
        }
        List<String> lines = lines();
        assertEquals(10, lines.size(), String.join("\n", lines));
        assertEquals("Iteration 10 of 100 (10%): loss 1.0000e+07, 1s elapsed, ETA 9s", lines.get(0));
        assertEquals("Iteration 100 of 100 (100%): loss 1.0000e+06, 10s elapsed, ETA 0s", lines.get(9));
    }

    @Test
    void aLineAtLeastEvery30SecondsOfASlowRun() {
        try (ProgressReporter r = reporter(1000)) {
            r.started(new Progress.Start(SIZES, null));
            clock.addAndGet(31 * SECOND);
            r.iteration(1, 5e7, 1, null); // one slow iteration: 31 s since the start
            clock.addAndGet(10 * SECOND);
            r.iteration(2, 4e7, 1, null); // 10 s later: not yet
            clock.addAndGet(25 * SECOND);
            r.iteration(3, 3e7, 1, null); // 35 s after the last line
        }
        List<String> lines = lines();
        assertEquals(2, lines.size(), String.join("\n", lines));
        assertEquals("Iteration 1 of 1000 (0%): loss 5.0000e+07, 31s elapsed, ETA 8h 36m", lines.get(0));
        assertTrue(lines.get(1).startsWith("Iteration 3 of 1000 (0%): loss 3.0000e+07, 1m 06s elapsed, ETA "),
                lines.get(1));
    }

    @Test
    void aResumedRunCountsItsETAFromWhereItContinued() {
        try (ProgressReporter r = reporter(100)) {
            r.started(new Progress.Start(SIZES, new Checkpoint.Saved(50, 1, 64, 64, new double[3 * 64 * 64])));
            clock.addAndGet(10 * SECOND);
            r.iteration(60, 1e6, 1, null); // 10 iterations in 10 s, 40 to go
        }
        assertEquals(List.of("Iteration 60 of 100 (60%): loss 1.0000e+06, 10s elapsed, ETA 40s"), lines());
    }

    @Test
    void noPlainLinesBesideTheBarOrTheVerboseLines() {
        try (ProgressReporter r = new ProgressReporter(new PrintStream(buffer, true, StandardCharsets.UTF_8), 10,
                true, true, null, 0, null, clock::get)) {
            r.started(new Progress.Start(SIZES, null));
            r.iteration(1, 1, 1, null);
        }
        assertEquals(1, lines().size());
        assertTrue(lines().get(0).startsWith("At iterate"), lines().get(0));
    }
}
