package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.SharedData;
import styletransfer.image.Image;
import styletransfer.image.ImageReader;
import styletransfer.image.OutputNames;

/** The main job end to end on SqueezeNet and the reference's sample images. */
class TransferCommandTest {
    @TempDir
    Path tmp;

    @Test
    void shortRunWritesTheImageAndTheLossFalls() throws Exception {
        Path style = SharedData.referenceImage("style/starry_night.jpg");
        Path content = SharedData.referenceImage("content/nanjing.jpg");
        Path weights = SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel");
        Path out = tmp.resolve("nested/out.png");
        Path trace = tmp.resolve("trace.jsonl");

        Cli.Output r = Cli.capture("-s", style.toString(), "-c", content.toString(), "-m", "squeezenet", "--weights",
                weights.toString(), "-n", "6", "-l", "256", "-g", "-1", "-o", out.toString(), "--trace", trace.toString());

        assertEquals(0, r.exit(), r.err());
        List<String> logs = r.err().lines().filter(l -> !l.startsWith("Optimizing")).toList();
        assertEquals("Starting style transfer.", logs.get(0));
        assertEquals("Running net on CPU.", logs.get(1));
        assertEquals("Successfully loaded images.", logs.get(2));
        assertEquals("Successfully loaded model squeezenet.", logs.get(3));
        assertTrue(logs.get(4).matches("Ran 6 iterations in \\d+s\\."), logs.get(4));
        assertEquals("Output saved to " + out + ".", logs.get(5));

        // nanjing is 640x427; SqueezeNet's input is 227 square, so the shortest side is kept at 227.
        double scale = Math.max(256.0 / 640, 227.0 / 427);
        Image painted = ImageReader.read(out);
        assertEquals(Math.rint(427 * scale), painted.height());
        assertEquals(Math.rint(640 * scale), painted.width());

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(trace)) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertEquals(6, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i + 1, lines.get(i).get("iter").asInt());
            assertTrue(lines.get(i).get("pgnorm").asDouble() > 0);
        }
        for (int i = 1; i < lines.size(); i++) {
            assertTrue(lines.get(i).get("loss").asDouble() < lines.get(i - 1).get("loss").asDouble(),
                    "loss must fall at every L-BFGS-B iteration: " + lines);
        }
    }

    @Test
    void defaultOutputNameFollowsTheReference() {
        assertEquals(Path.of("outputs", "nanjing-starry_night-googlenet-content-1e4-20.jpg"),
                OutputNames.defaultOutput(Path.of("images/content/nanjing.jpg"), Path.of("images/style/starry_night.jpg"),
                        "googlenet", "content", "1e4", 20));
        assertEquals(Path.of("outputs", "a.b-c-vgg16--1-1e5-512.jpg"),
                OutputNames.defaultOutput(Path.of("x/a.b.png"), Path.of("c"), "vgg16", "-1", "1e5", 512));
    }

    @Test
    void aBadRatioIsOneLineAndExitCodeTwo() {
        Cli.Output r = Cli.capture("-s", "a.jpg", "-c", "b.jpg", "-r", "lots");
        assertEquals(2, r.exit());
        assertEquals(List.of("error: -r 'lots' is not a number: give the style-to-content ratio, e.g. 1e4"),
                r.err().lines().toList());
    }

    @Test
    void helpDocumentsTheDifferencesFromTheReference() {
        Cli.Output r = Cli.capture("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("-m defaults to googlenet"), r.out());
        assertTrue(r.out().contains("--schedule"), r.out());
    }
}
