package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.SharedData;

/** A single run with --json prints the same result line as a batch job, on stdout; logs stay on stderr. */
class SingleRunJsonTest {
    @TempDir
    Path dir;

    @Test
    void printsOneResultLine() throws Exception {
        Path output = dir.resolve("single.png");
        Cli.Output run = Cli.capture(List.of(
                "-s", SharedData.referenceImage("style/starry_night.jpg").toString(),
                "-c", SharedData.referenceImage("content/nanjing.jpg").toString(),
                "-m", "squeezenet", "--weights",
                SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel").toString(),
                "-g", "-1", "-n", "2", "-l", "64", "-o", output.toString(), "--json"));
        assertEquals(Main.OK, run.exit(), run.err());
        List<JsonNode> lines = BatchCommandTest.jsonLines(run.out());
        assertEquals(1, lines.size(), run.out());
        JsonNode r = lines.get(0);
        assertEquals("ok", r.get("status").asText());
        assertEquals(output.toString(), r.get("output").asText());
        assertEquals(2, r.get("iterations").asInt());
        assertTrue(r.get("final_loss").asDouble() > 0);
        assertTrue(run.err().contains("Output saved to"), run.err());
    }

    @Test
    void aFailedRunPrintsItsLineToo() throws Exception {
        Path missing = dir.resolve("missing.jpg");
        Cli.Output run = Cli.capture("-s", "images/style/coffee.png", "-c", missing.toString(), "-m", "squeezenet",
                "-g", "-1", "-o", dir.resolve("out.png").toString(), "--json");
        assertEquals(Main.BAD_INPUT, run.exit(), run.err());
        List<JsonNode> lines = BatchCommandTest.jsonLines(run.out());
        assertEquals(1, lines.size(), run.out());
        JsonNode r = lines.get(0);
        assertEquals("failed", r.get("status").asText());
        assertTrue(r.get("error").asText().contains("no such file"), r.toString());
        assertEquals(dir.resolve("out.png").toString(), r.get("output").asText());
        assertEquals(0, r.get("iterations").asInt());
        assertTrue(r.get("final_loss").isNull());
        // The error line on stderr says the same.
        assertTrue(run.err().contains("error: " + r.get("error").asText()), run.err());
    }
}
