package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.SharedData;
import styletransfer.image.ImageReader;

/**
 * {@code style-transfer batch} end to end on SqueezeNet, tiny (-l 64 -n 2): two contents x two styles on two
 * CPU workers, and a batch killed with SIGKILL that a second run completes.
 */
class BatchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void twoContentsTimesTwoStylesOnTwoWorkers() throws IOException {
        Cli.Output run = Cli.capture(batchArgs("--workers", "2", "--log-format", "json"));
        assertEquals(Main.OK, run.exit(), run.err());

        List<JsonNode> lines = jsonLines(run.out());
        assertEquals(4, lines.size(), run.out());
        Set<String> outputs = new HashSet<>();
        for (JsonNode r : lines) {
            assertEquals("ok", r.get("status").asText(), r.toString());
            assertEquals("squeezenet", r.get("model").asText());
            assertEquals(2, r.get("iterations").asInt());
            assertTrue(r.get("evaluations").asInt() >= 2, r.toString());
            assertTrue(r.get("final_loss").asDouble() > 0, r.toString());
            assertTrue(r.get("error").isNull());
            outputs.add(r.get("output").asText());
            assertEquals(Path.of(r.get("output").asText()).getFileName().toString(),
                    stem(r.get("content").asText()) + "-" + stem(r.get("style").asText()) + ".png");
            assertTrue(ImageReader.read(Path.of(r.get("output").asText())).width() > 0);
        }
        assertEquals(4, outputs.size());

        // Every log line is JSON too; each of the two workers loaded the model once and ran jobs.
        List<JsonNode> log = jsonLines(run.err());
        Set<String> loaders = new HashSet<>();
        for (JsonNode l : log) {
            assertTrue(l.has("time") && l.has("level") && l.has("job") && l.has("message"), l.toString());
            if (l.get("message").asText().startsWith("loaded model")) {
                assertTrue(loaders.add(l.get("worker").asText()), "a worker loaded its model twice: " + run.err());
            }
        }
        assertEquals(Set.of("worker 1 (CPU)", "worker 2 (CPU)"), loaders, run.err());

        Cli.Output again = Cli.capture(batchArgs("--quiet"));
        assertEquals(Main.OK, again.exit(), again.err());
        assertEquals("", again.err(), "--quiet: nothing on stderr when all is well");
        assertTrue(jsonLines(again.out()).stream().allMatch(r -> r.get("status").asText().equals("skipped")), again.out());
    }

    @Test
    void aFailedJobMakesTheExitCodeOne() throws IOException {
        Path manifest = Files.write(dir.resolve("jobs.jsonl"), List.of(
                "{\"content\": \"" + SharedData.referenceImage("content/nanjing.jpg") + "\", \"style\": \""
                        + SharedData.referenceImage("style/starry_night.jpg") + "\", \"output\": \"" + dir.resolve("ok.png") + "\"}",
                "{\"content\": \"" + dir.resolve("no-such.jpg") + "\", \"style\": \""
                        + SharedData.referenceImage("style/starry_night.jpg") + "\", \"output\": \"" + dir.resolve("bad.png") + "\"}"));
        Cli.Output run = Cli.capture(List.of("batch", manifest.toString(), "-m", "squeezenet", "--weights", weights(), "-l", "64",
                "-n", "2", "-g", "-1"));
        assertEquals(Main.FAILED, run.exit(), run.err());
        List<JsonNode> lines = jsonLines(run.out());
        assertEquals(List.of("ok", "failed"), lines.stream().map(r -> r.get("status").asText()).sorted((a, b) ->
                a.equals("ok") ? -1 : b.equals("ok") ? 1 : 0).toList());
        assertTrue(run.err().contains("error: job 2: "), run.err());
    }

    @Test
    void aJobTooLargeForMemoryFailsAloneWithTheNumbers() throws IOException {
        Path manifest = Files.write(dir.resolve("jobs.jsonl"), List.of(
                "{\"content\": \"" + SharedData.referenceImage("content/nanjing.jpg") + "\", \"style\": \""
                        + SharedData.referenceImage("style/starry_night.jpg") + "\", \"output\": \""
                        + dir.resolve("huge.png") + "\", \"length\": 60000}",
                "{\"content\": \"" + SharedData.referenceImage("content/nanjing.jpg") + "\", \"style\": \""
                        + SharedData.referenceImage("style/starry_night.jpg") + "\", \"output\": \""
                        + dir.resolve("small.png") + "\"}"));
        Cli.Output run = Cli.capture(List.of("batch", manifest.toString(), "-m", "squeezenet", "--weights", weights(), "-l", "64",
                "-n", "1", "-g", "-1"));

        assertEquals(Main.FAILED, run.exit(), run.err());
        assertTrue(run.err().contains("error: job 1: "), run.err());
        assertTrue(run.err().contains("of memory"), run.err());
        assertTrue(Files.notExists(dir.resolve("huge.png")));
        assertTrue(Files.exists(dir.resolve("small.png")));
    }

    @Test
    void badManifestIsExitCodeTwoBeforeAnythingRuns() throws IOException {
        Path manifest = Files.write(dir.resolve("jobs.csv"), List.of("content,style,num-iters", "a.jpg,b.jpg,many"));
        Cli.Output run = Cli.capture(List.of("batch", manifest.toString()));
        assertEquals(Main.BAD_INPUT, run.exit());
        assertTrue(run.err().startsWith("error: ") && run.err().contains("line 2"), run.err());
        assertEquals("", run.out());
    }

    /** Two tasks of an array, --shard 0/2 and 1/2: disjoint parts that together paint every job once. */
    @Test
    void shardsOfOneBatchAreDisjointAndTogetherDoEveryJob() throws IOException {
        Set<String> painted = new HashSet<>();
        for (int k = 0; k < 2; k++) {
            Cli.Output part = Cli.capture(batchArgs("--shard", k + "/2"));
            assertEquals(Main.OK, part.exit(), part.err());
            assertTrue(part.err().contains("shard " + k + "/2: 2 of 4 jobs"), part.err()); // equal work: 2 each
            for (JsonNode r : jsonLines(part.out())) {
                assertEquals("ok", r.get("status").asText(), r.toString());
                assertEquals(k + "/2", r.get("shard").asText());
                assertTrue(painted.add(r.get("output").asText()), "painted twice: " + r);
            }
        }
        assertEquals(4, painted.size());
        Cli.Output whole = Cli.capture(batchArgs());
        assertTrue(jsonLines(whole.out()).stream().allMatch(r -> r.get("status").asText().equals("skipped")
                && r.get("shard").asText().equals("0/1")), whole.out());
    }

    @Test
    void aBadShardIsOneErrorLineAndExitCodeTwo() {
        for (String bad : List.of("2/2", "1", "0/0", "a/4", "-1/3")) {
            Cli.Output run = Cli.capture(batchArgs("--shard", bad));
            assertEquals(Main.BAD_INPUT, run.exit(), bad + ": " + run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("error: --shard must be K/N"), run.err());
            assertEquals("", run.out());
        }
    }

    /** Outputs are checked on the whole manifest, so two jobs writing one file are refused in every shard. */
    @Test
    void twoJobsWritingOneFileAreRefusedWhicheverShardRuns() throws IOException {
        String line = "{\"content\": \"" + SharedData.referenceImage("content/nanjing.jpg") + "\", \"style\": \""
                + SharedData.referenceImage("style/starry_night.jpg") + "\", \"output\": \"" + dir.resolve("same.png") + "\"}";
        Path manifest = Files.write(dir.resolve("jobs.jsonl"), List.of(line, line.replace("nanjing", "sanfrancisco")));
        for (String shard : List.of("0/2", "1/2")) {
            Cli.Output run = Cli.capture(List.of("batch", manifest.toString(), "--shard", shard, "-m", "squeezenet"));
            assertEquals(Main.BAD_INPUT, run.exit(), run.err());
            assertTrue(run.err().startsWith("error: jobs 1 and 2 both write"), run.err());
        }
    }

    /** A real kill: the child is SIGKILLed after its first job; what it wrote is complete, a rerun does the rest. */
    @Test
    void aKilledBatchResumes() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(batchArgs());
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(dir.resolve("child.err").toFile());
        pb.environment().put("GLOG_minloglevel", "2");
        Process child = pb.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertTrue(first != null && first.contains("\"status\":\"ok\""), first + " / " + Files.readString(dir.resolve("child.err")));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        List<Path> done;
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            done = files.filter(p -> p.toString().endsWith(".png")).toList();
        }
        assertTrue(done.size() >= 1 && done.size() < 4, "killed after its first job: " + done);
        for (Path p : done) {
            assertTrue(ImageReader.read(p).height() > 0, p + " is a complete image");
        }

        Cli.Output rest = Cli.capture(batchArgs());
        assertEquals(Main.OK, rest.exit(), rest.err());
        List<JsonNode> lines = jsonLines(rest.out());
        assertEquals(done.size(), lines.stream().filter(r -> r.get("status").asText().equals("skipped")).count());
        assertEquals(4 - done.size(), lines.stream().filter(r -> r.get("status").asText().equals("ok")).count());
    }

    private List<String> batchArgs(String... more) {
        Path content = SharedData.referenceImage("content");
        List<String> args = new ArrayList<>(List.of("batch",
                "--contents", content + "/[ns]*.jpg", // nanjing, sanfrancisco
                "--styles", SharedData.referenceImage("style/starry_night.jpg").toString(),
                "--styles", SharedData.require("images-cc0/rocket.jpg").toString(),
                "--output-pattern", dir.resolve("out") + "/{content}-{style}.png",
                "-m", "squeezenet", "--weights", weights(), "-l", "64", "-n", "2", "-g", "-1"));
        args.addAll(List.of(more));
        return args;
    }

    private static String weights() {
        return SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel").toString();
    }

    static List<JsonNode> jsonLines(String text) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    private static String stem(String path) {
        String name = Path.of(path).getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }
}
