package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.SharedData;

/** {@code bench} end to end on a small case, and its refusals. */
class BenchCommandTest {
    @Test
    void printsTheTableAndTheScheduleRatiosForASmallCase() {
        String weights = SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel").toString();
        Cli.Output r = Cli.capture("bench", "--nets", "squeezenet", "--lengths", "96", "--compare", "squeezenet:96",
                "--squeezenet-weights", weights, "--threads", "1");
        String out = r.out();

        assertEquals(0, r.exit(), r.err());
        assertTrue(out.contains("device: CPU"), out);
        // As in the reference, the shorter side is at least the net's input size (227 for SqueezeNet): 227x340.
        assertTrue(out.lines().anyMatch(l -> l.matches("squeezenet +minimal +96 +227x340 .*")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("squeezenet +reference +96 +227x340 .*")), out);
        assertTrue(out.contains("squeezenet -l 96: minimal / reference seconds per iteration = "), out);
        assertTrue(out.contains("squeezenet -l 96: Caffe's forward + backward alone: minimal / reference = "), out);
    }

    @Test
    void layersTimesEachLayerOfOnePass() {
        String weights = SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel").toString();
        Cli.Output r = Cli.capture("bench", "--layers", "squeezenet:96", "--squeezenet-weights", weights,
                "--threads", "1");
        String out = r.out();

        assertEquals(0, r.exit(), r.err());
        assertTrue(out.startsWith("squeezenet -l 96 (227x340), CPU"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("Convolution +\\d\\.\\d{4} +\\d\\.\\d{4} +\\d+\\.\\d%")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("all +\\d\\.\\d{4} +\\d\\.\\d{4}")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("conv1 ")), out);
        Cli.run("bench", "--layers", "squeezenet:0").assertError(2, "--layers must be NET:LENGTH");
        Cli.run("bench", "--layers", "squeezenet").assertError(2, "--layers must be NET:LENGTH");
    }

    @Test
    void checksEveryOptionBeforeTheFirstCaseStarts() {
        Cli.run("bench", "--iterations", "4").assertError(2, "--iterations must be at least 5");
        Cli.run("bench", "--warmup", "0").assertError(2, "--warmup must be at least 1");
        Cli.run("bench", "--lengths", "256,0").assertError(2, "--lengths must be positive", "0");
        Cli.run("bench", "--threads", "-2").assertError(2, "--threads must be 0 (all cores) or more");
        Cli.run("bench", "--nets", "squeezenet,nosuchnet").assertError(2, "unknown model \"nosuchnet\"");
        Cli.run("bench", "--compare", "googlenet:333").assertError(2, "--compare googlenet:333", "--lengths");
        Cli.run("bench", "--nets", "squeezenet", "--squeezenet-weights", "/nonexistent/w.caffemodel")
                .assertError(2, "--squeezenet-weights /nonexistent/w.caffemodel: no such file");
        if (!styletransfer.caffe.Devices.gpuBuild()) {
            Cli.run("bench", "-g", "0").assertError(2, "-g 0", "CPU build");
            Cli.run("bench", "--gpu-id", "0").assertError(2, "-g 0", "CPU build");
        }
    }

    @Test
    void helpStatesTheIterationsMinimumAndTheUsualGpuOption() {
        String help = Main.commandLine().getSubcommands().get("bench").getUsageMessage();
        assertTrue(help.contains("at least 5"), help);
        assertTrue(help.contains("-g, --gpu, --gpu-id=ID"), help);
    }

    @Test
    void aCaseThatFailsInItsOwnJvmIsOneErrorLineNamingTheCase(@TempDir Path dir) throws IOException {
        Path garbage = Files.write(dir.resolve("garbage.caffemodel"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

        Cli.run("bench", "--nets", "squeezenet", "--lengths", "96", "--squeezenet-weights", garbage.toString())
                .assertError(1, "bench case squeezenet:96:minimal failed", "not a Caffe caffemodel");
    }
}
