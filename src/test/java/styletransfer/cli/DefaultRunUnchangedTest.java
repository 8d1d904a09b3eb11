package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.SharedData;

/**
 * Every artist control is off by default, so a default run follows the reference exactly: its loss trace equals
 * the one recorded before the controls existed (same machine kind, same OpenBLAS thread count).
 */
class DefaultRunUnchangedTest {
    @TempDir
    Path tmp;

    @Test
    void aDefaultRunReproducesTheRecordedTrace() throws IOException {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("default_run_trace.json")) {
            golden = new ObjectMapper().readTree(in);
        }
        Path trace = tmp.resolve("trace.jsonl");
        Cli.Output r = Cli.capture(
                "-s", SharedData.referenceImage("style/starry_night.jpg").toString(),
                "-c", SharedData.referenceImage("content/nanjing.jpg").toString(),
                "-m", "squeezenet", "--weights",
                SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel").toString(),
                "-n", "8", "-l", "64", "--threads", "2", "-o", tmp.resolve("out.png").toString(),
                "--trace", trace.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(trace);
        assertEquals(golden.get("losses").size(), lines.size());
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            double want = golden.get("losses").get(i).asDouble();
            double got = json.readTree(lines.get(i)).get("loss").asDouble();
            // Bit-identical on the machine that recorded it; 1e-5 leaves room for another CPU's OpenBLAS kernels
            // (summation order), while any change to what a default run computes moves the loss far more.
            assertEquals(want, got, 1e-5 * want, "iteration " + (i + 1));
        }
    }
}
