package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.SharedData;
import styletransfer.image.ImageReader;

/**
 * What a cluster does to a batch's jobs, on real SqueezeNet runs (-l 64): SIGKILL in the middle of a job, SIGTERM
 * (Slurm's pre-emption signal) with checkpoints, and a full disk under one job's output or checkpoint.
 */
class BatchFaultsTest {
    @TempDir
    Path dir;

    /** Job 1 is long enough to be interrupted; job 2 comes after it on the single worker. */
    private Path manifest(int iterations) throws IOException {
        return Files.write(dir.resolve("jobs.jsonl"), List.of(
                job(Cli.nanjing(), Cli.starryNight(), dir.resolve("out/long.png"), iterations),
                job(SharedData.referenceImage("content/sanfrancisco.jpg"), Cli.starryNight(), dir.resolve("out/short.png"), 2)));
    }

    private static String job(Path content, Path style, Path output, int iterations) {
        return "{\"content\": \"" + content + "\", \"style\": \"" + style + "\", \"output\": \"" + output
                + "\", \"num-iters\": " + iterations + "}";
    }

    private List<String> args(Path manifest, String... more) {
        List<String> args = new ArrayList<>(List.of("batch", manifest.toString(), "-m", "squeezenet", "--weights",
                SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel").toString(), "-l", "64", "-g", "-1",
                "--seed", "1"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void sigkillInTheMiddleOfAJobLeavesNoPartialFileAndARerunGoesOnFromTheCheckpoint() throws Exception {
        Path manifest = manifest(20);
        Child child = Child.start(dir, args(manifest, "--checkpoint-every", "2"));
        Path state = dir.resolve("out/long.png.checkpoint/state.json");
        child.awaitFile(state);
        child.process.destroyForcibly(); // SIGKILL: no handler runs, nothing is reported
        assertTrue(child.process.waitFor(30, TimeUnit.SECONDS));

        assertTrue(Files.notExists(dir.resolve("out/long.png")), "an unfinished job has no output");
        assertNoTemporaryFiles();
        Cli.Output rerun = Cli.capture(args(manifest, "--checkpoint-every", "2"));
        assertEquals(Main.OK, rerun.exit(), rerun.err());
        List<JsonNode> lines = BatchCommandTest.jsonLines(rerun.out());
        assertEquals(List.of("ok", "ok"), lines.stream().map(l -> l.get("status").asText()).toList(), rerun.out());
        JsonNode first = lines.stream().filter(l -> l.get("job").asInt() == 1).findFirst().orElseThrow();
        assertEquals(20, first.get("iterations").asInt(), "counted from the start of the job");
        assertTrue(rerun.err().matches("(?s).*job 1: resuming from its checkpoint at iteration ([2468]|1[02468]) .*"),
                rerun.err());
        assertEquals(227, ImageReader.read(dir.resolve("out/long.png")).height());
        assertTrue(Files.notExists(dir.resolve("out/long.png.checkpoint")), "removed once the output is written");
        assertNoTemporaryFiles();
    }

    @Test
    void sigtermStopsTheRunningJobReportsItStoppedAndARerunFinishesItFromItsCheckpoint() throws Exception {
        Path manifest = manifest(20);
        Child child = Child.start(dir, args(manifest, "--checkpoint-every", "2"));
        child.awaitFile(dir.resolve("out/long.png.checkpoint/state.json"));
        new ProcessBuilder("kill", "-TERM", Long.toString(child.process.pid())).inheritIO().start().waitFor();
        assertTrue(child.process.waitFor(60, TimeUnit.SECONDS), "stopped within the minute after SIGTERM");

        assertEquals(143, child.process.exitValue(), child.err());
        List<JsonNode> lines = BatchCommandTest.jsonLines(child.out());
        assertEquals(2, lines.size(), child.out());
        JsonNode running = lines.get(0);
        JsonNode notStarted = lines.get(1);
        assertEquals(1, running.get("job").asInt());
        assertEquals("stopped", running.get("status").asText(), running.toString());
        int stoppedAt = running.get("iterations").asInt();
        assertTrue(stoppedAt >= 2 && stoppedAt < 20, running.toString());
        assertEquals("0/1", running.get("shard").asText());
        assertEquals(2, notStarted.get("job").asInt());
        assertEquals("stopped", notStarted.get("status").asText(), notStarted.toString());
        assertEquals(0, notStarted.get("iterations").asInt());
        assertTrue(child.err().contains("job 1: stopped by SIGTERM after " + stoppedAt + " iterations"), child.err());
        assertTrue(child.err().contains("2 stopped by SIGTERM (run again to finish them)"), child.err());
        assertTrue(Files.notExists(dir.resolve("out/long.png")), "a stopped job writes no output: it is not done");
        assertTrue(Files.notExists(dir.resolve("out/short.png")));
        assertNoTemporaryFiles();

        // The requeued task: the same command. Job 1 goes on from its last checkpoint (an even iteration <= stoppedAt).
        Cli.Output rerun = Cli.capture(args(manifest, "--checkpoint-every", "2"));
        assertEquals(Main.OK, rerun.exit(), rerun.err());
        assertEquals(List.of("ok", "ok"), BatchCommandTest.jsonLines(rerun.out()).stream()
                .map(l -> l.get("status").asText()).toList(), rerun.out());
        int resumedAt = stoppedAt - stoppedAt % 2;
        assertTrue(rerun.err().contains("job 1: resuming from its checkpoint at iteration " + resumedAt + " "),
                resumedAt + ": " + rerun.err());
        assertTrue(Files.exists(dir.resolve("out/long.png")) && Files.exists(dir.resolve("out/short.png")));
    }

    /** A 64 KiB tmpfs holds job 1's output (or its checkpoint) and cannot take it; job 2 writes elsewhere. */
    @Test
    void aFullDiskFailsTheJobWritingThereAloneWithOneClearErrorAndNoPartialFile() throws Exception {
        Path full = Files.createDirectories(dir.resolve("full"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", full.toString())
                .redirectErrorStream(true).start();
        String why = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assumeTrue(mount.waitFor() == 0, "cannot mount a small tmpfs here (" + why + "); the full-disk test needs root");
        try {
            Path manifest = Files.write(dir.resolve("jobs.jsonl"), List.of(
                    job(Cli.nanjing(), Cli.starryNight(), full.resolve("a.png"), 2),
                    job(SharedData.referenceImage("content/sanfrancisco.jpg"), Cli.starryNight(), dir.resolve("b.png"), 2)));

            Cli.Output output = Cli.capture(args(manifest));
            assertOneFailureOnTheFullDisk(output, "Cannot save image to " + full.resolve("a.png"));

            Files.delete(dir.resolve("b.png"));
            Cli.Output checkpoint = Cli.capture(args(manifest, "--checkpoint-every", "1"));
            assertOneFailureOnTheFullDisk(checkpoint, "cannot save the job's checkpoint");
            assertTrue(Files.notExists(dir.resolve("b.png.checkpoint")), "job 2's checkpoint went with its output");
        } finally {
            new ProcessBuilder("umount", full.toString()).inheritIO().start().waitFor();
        }
    }

    private void assertOneFailureOnTheFullDisk(Cli.Output run, String what) throws IOException {
        assertEquals(Main.FAILED, run.exit(), run.err());
        List<JsonNode> lines = BatchCommandTest.jsonLines(run.out());
        JsonNode a = lines.stream().filter(l -> l.get("job").asInt() == 1).findFirst().orElseThrow();
        JsonNode b = lines.stream().filter(l -> l.get("job").asInt() == 2).findFirst().orElseThrow();
        assertEquals("failed", a.get("status").asText(), a.toString());
        assertTrue(a.get("error").asText().contains(what) && a.get("error").asText().contains("No space left on device"),
                a.toString());
        assertEquals("ok", b.get("status").asText(), "the other job goes on: " + b);
        List<String> errors = run.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(1, errors.size(), run.err());
        assertTrue(errors.get(0).startsWith("error: job 1: "), errors.get(0));
        try (Stream<Path> left = Files.list(dir.resolve("full"))) {
            assertEquals(List.of(), left.toList(), "nothing partial on the full disk");
        }
        assertEquals(227, ImageReader.read(dir.resolve("b.png")).height());
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> temporary = files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            assertEquals(List.of(), temporary);
        }
    }

    /** The program in a JVM of its own, so that it can be signalled and killed. */
    record Child(Process process, Path stdout, Path stderr) {
        static Child start(Path dir, List<String> args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            command.addAll(args);
            Path out = dir.resolve("child.out");
            Path err = dir.resolve("child.err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("GLOG_minloglevel", "2");
            return new Child(pb.start(), out, err);
        }

        void awaitFile(Path file) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(file)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new AssertionError(file + " did not appear: " + err());
                }
                Thread.sleep(50);
            }
        }

        String out() throws IOException {
            return Files.readString(stdout);
        }

        String err() throws IOException {
            return Files.readString(stderr);
        }
    }
}
