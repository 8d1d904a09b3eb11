package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import styletransfer.SharedData;

/** {@code bench} end to end on a small case, and its refusals. */
class BenchCommandTest {
    @Test
    void printsTheTableAndTheScheduleRatiosForASmallCase() {
        String weights = SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel").toString();
        PrintStream saved = System.out;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Cli.Result r;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            r = Cli.run("bench", "--nets", "squeezenet", "--lengths", "96", "--compare", "squeezenet:96",
                    "--squeezenet-weights", weights, "--threads", "1");
        } finally {
            System.setOut(saved);
        }
        String out = stdout.toString(StandardCharsets.UTF_8);
        saved.print(out);

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(out.contains("device: CPU"), out);
        // As in the reference, the shorter side is at least the net's input size (227 for SqueezeNet): 227x340.
        assertTrue(out.lines().anyMatch(l -> l.matches("squeezenet +minimal +96 +227x340 .*")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("squeezenet +reference +96 +227x340 .*")), out);
        assertTrue(out.contains("squeezenet -l 96: minimal / reference seconds per iteration = "), out);
        assertTrue(out.contains("squeezenet -l 96: Caffe's forward + backward alone: minimal / reference = "), out);
    }

    @Test
    void refusesTooFewIterationsAndAGpuTheBuildLacks() {
        Cli.run("bench", "--iterations", "4").assertError(2, "--iterations must be at least 5");
        if (!styletransfer.caffe.Devices.gpuBuild()) {
            Cli.run("bench", "-g", "0").assertError(2, "-g 0", "CPU build");
        }
    }
}
