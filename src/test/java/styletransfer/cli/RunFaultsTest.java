package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults during a run: signals, a NaN, and long runs continued from a checkpoint. */
class RunFaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sigintStopsAfterTheCurrentIterationAndSavesTheImage() throws Exception {
        stoppedBySignal("INT", 130);
    }

    @Test
    void sigtermDoesTheSameWithExitCode143() throws Exception {
        stoppedBySignal("TERM", 143);
    }

    private void stoppedBySignal(String signal, int expectedExit) throws Exception {
        Path out = dir.resolve("stopped.jpg");
        Path trace = dir.resolve("trace.jsonl");
        Path err = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(Cli.squeezenet(Cli.starryNight(), Cli.nanjing(), out, "-n=1000", "-l=128",
                "--trace=" + trace, "--json"));
        Path stdout = dir.resolve("stdout.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(err.toFile()).redirectOutput(stdout.toFile());
        pb.environment().put("GLOG_minloglevel", "2");
        Process child = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!(Files.exists(trace) && Files.size(trace) > 0)) {
                assertTrue(child.isAlive(), () -> "the run ended early: " + read(err));
                assertTrue(System.nanoTime() < deadline, "no iteration within 90 s");
                Thread.sleep(100);
            }
            new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).inheritIO().start().waitFor();
            assertTrue(child.waitFor(90, TimeUnit.SECONDS), "did not stop after SIG" + signal);
        } finally {
            child.destroyForcibly();
        }
        String stderr = read(err);
        assertEquals(expectedExit, child.exitValue(), stderr);
        assertTrue(stderr.contains("Stopped by SIG" + signal + " after "), stderr);
        assertTrue(stderr.contains("saved to " + out), stderr);
        BufferedImage image = ImageIO.read(out.toFile());
        assertNotNull(image, "the output decodes");
        assertEquals(227, image.getHeight(), "nanjing at -l 128: its height is raised to SqueezeNet's 227");
        int iterations = Files.readAllLines(trace).size();
        assertTrue(iterations >= 1 && iterations < 1000, "stopped early, after " + iterations + " iterations");
        // --json: the stopped run's line, saying so.
        JsonNode line = JSON.readTree(Files.readString(stdout));
        assertEquals("stopped", line.get("status").asText(), line.toString());
        assertEquals(iterations, line.get("iterations").asInt(), line.toString());
        assertTrue(line.get("error").asText().contains("stopped by SIG" + signal), line.toString());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void sigintDuringSetUpStopsBeforeTheFirstIterationAndWritesNothing() throws Exception {
        Path out = dir.resolve("never.jpg");
        Path trace = dir.resolve("trace.jsonl");
        Path err = dir.resolve("stderr.txt");
        Path stdout = dir.resolve("stdout.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(Cli.squeezenet(Cli.starryNight(), Cli.nanjing(), out, "-n=1000", "-l=512",
                "--trace=" + trace, "--json"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(stdout.toFile());
        pb.environment().put("GLOG_minloglevel", "2");
        Process child = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            // The handlers are in place from the first line on; the images, the model and the targets follow.
            while (!read(err).contains("Starting style transfer.")) {
                assertTrue(child.isAlive(), () -> "the run ended early: " + read(err));
                assertTrue(System.nanoTime() < deadline, "no start within 90 s");
                Thread.sleep(20);
            }
            new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start().waitFor();
            assertTrue(child.waitFor(90, TimeUnit.SECONDS), "did not stop after SIGINT");
        } finally {
            child.destroyForcibly();
        }
        String stderr = read(err);
        assertEquals(130, child.exitValue(), stderr);
        assertTrue(stderr.contains("Stopped by SIGINT during set-up"), stderr);
        assertTrue(stderr.contains("nothing was written"), stderr);
        assertTrue(Files.notExists(out), "no output");
        assertTrue(Files.notExists(trace) || Files.readAllLines(trace).isEmpty(), "no iteration ran");
        JsonNode line = JSON.readTree(Files.readString(stdout));
        assertEquals("stopped", line.get("status").asText(), line.toString());
        assertEquals(0, line.get("iterations").asInt(), line.toString());
    }

    @Test
    void aRatioThatOverflowsFloat32StopsWithTheLastFiniteImage() throws IOException {
        Path out = Files.writeString(dir.resolve("nan.jpg"), "earlier");
        // 1e300 is a finite double but infinite as the float32 the gradient is computed in.
        Cli.Result r = Cli.run(Cli.squeezenet(Cli.starryNight(), Cli.nanjing(), out, "-r=1e300", "-n=5"));
        r.assertError(1, "broke down", "NaN", "last finite image", "smaller -r");
        BufferedImage image = ImageIO.read(out.toFile());
        assertNotNull(image, "replaced whole by a decodable image");
        assertEquals(227, image.getHeight()); // nanjing is landscape: its height goes to 227
    }

    @Test
    void checkpointThenResumeContinuesTheRun() throws IOException {
        Path out = dir.resolve("long.jpg");
        Path first = dir.resolve("first.jsonl");
        Cli.Result a = Cli.run(Cli.squeezenet(Cli.starryNight(), Cli.nanjing(), out, "-n=4",
                "--checkpoint-every=2", "--trace=" + first, "--seed=1"));
        assertEquals(0, a.exitCode(), a.err());
        Path folder = dir.resolve("long.jpg.checkpoint");
        JsonNode state = JSON.readTree(folder.resolve("state.json").toFile());
        assertEquals(4, state.get("iterations").asInt());
        List<String> firstLines = Files.readAllLines(first);
        double lossAt4 = JSON.readTree(firstLines.get(3)).get("loss").asDouble();
        assertEquals(lossAt4, state.get("loss").asDouble());
        long pixels = (long) state.get("height").asInt() * state.get("width").asInt();
        assertEquals(3 * pixels * Float.BYTES, Files.size(folder.resolve("x-4.f32")));
        try (var files = Files.list(folder)) {
            assertEquals(2, files.count(), "the iterate of iteration 2 was replaced by that of 4");
        }

        Path second = dir.resolve("second.jsonl");
        Cli.Result b = Cli.run(Cli.squeezenet(Cli.starryNight(), Cli.nanjing(), out, "-n=6", "--resume",
                "--trace=" + second, "--seed=1"));
        assertEquals(0, b.exitCode(), b.err());
        assertTrue(b.err().contains("Resuming from iteration 4"), b.err());
        assertTrue(b.err().contains("Ran 6 iterations"), b.err());
        List<String> lines = Files.readAllLines(second);
        assertEquals(2, lines.size(), "only iterations 5 and 6 were run");
        JsonNode fifth = JSON.readTree(lines.get(0));
        JsonNode sixth = JSON.readTree(lines.get(1));
        assertEquals(5, fifth.get("iter").asInt());
        assertEquals(6, sixth.get("iter").asInt());
        assertTrue(fifth.get("loss").asDouble() < lossAt4, "falls from the checkpoint: " + lines + " vs " + lossAt4);
        assertTrue(sixth.get("loss").asDouble() < fifth.get("loss").asDouble());
        assertNotNull(ImageIO.read(out.toFile()));

        // A resume must repeat the settings, and have iterations left to do.
        Cli.run(Cli.squeezenet(Cli.starryNight(), Cli.nanjing(), out, "-n=8", "--resume", "-r=1e3"))
                .assertError(2, "--resume", "ratio");
        // The resumed run made no checkpoint of its own: the saved one still holds 4 iterations. Resuming it at
        // -n 4 is a finished run: exit 0, the output left as it is, the checkpoint kept (and said so).
        byte[] painted = Files.readAllBytes(out);
        Cli.Result finished = Cli.run(Cli.squeezenet(Cli.starryNight(), Cli.nanjing(), out, "-n=4", "--resume"));
        assertEquals(0, finished.exitCode(), finished.err());
        assertTrue(finished.err().contains("already has 4 iterations"), finished.err());
        assertTrue(finished.err().contains("nothing to do"), finished.err());
        assertEquals(java.util.Arrays.toString(painted), java.util.Arrays.toString(Files.readAllBytes(out)));
        // Its output gone, the finished run writes it from the checkpoint (at iteration 4, as the state was).
        Files.delete(out);
        Cli.Output rewritten = Cli.capture(Cli.squeezenet(Cli.starryNight(), Cli.nanjing(), out, "-n=3", "--resume",
                "--json"));
        assertEquals(0, rewritten.exit(), rewritten.err());
        assertTrue(rewritten.err().contains("writing its picture to " + out), rewritten.err());
        assertTrue(rewritten.err().contains("is kept: --resume with a larger -n"), rewritten.err());
        BufferedImage again = ImageIO.read(out.toFile());
        assertEquals(227, again.getHeight());
        JsonNode line = JSON.readTree(rewritten.out());
        assertEquals("ok", line.get("status").asText(), rewritten.out());
        assertEquals(4, line.get("iterations").asInt(), rewritten.out());
        assertTrue(Files.isDirectory(folder), "the checkpoint stays");
        Cli.run(Cli.squeezenet(Cli.starryNight(), Cli.nanjing(), dir.resolve("other.jpg"), "-n=6", "--resume"))
                .assertError(2, "no checkpoint");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
