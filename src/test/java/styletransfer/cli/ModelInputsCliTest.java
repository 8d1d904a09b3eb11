package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.SharedData;

/**
 * Broken model folders and weight files, through the command line: each ends with one error line naming the
 * file and the fix, exit code 2 (or 1 for a failed download), the JVM alive and the earlier output intact.
 */
class ModelInputsCliTest {
    @TempDir
    Path dir;

    private static final byte[] EARLIER = {42, 42, 42};

    private static String modelJson(String style) {
        return """
                {"prototxt": "deploy.prototxt", "weights": "net.caffemodel",
                 "mean": [104.0, 116.7, 122.7],
                 "content": {"fire5/concat": 1}, "style": %s}""".formatted(style);
    }

    private static final String STYLE = "{\"conv1\": 0.5, \"fire3/concat\": 0.5}";

    /** A model folder with SqueezeNet's prototxt (optionally edited) and the given weights (null: none). */
    private Path model(String name, String json, String prototxtFrom, String prototxtTo, byte[] weights)
            throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Path shared = SharedData.squeezenetDir();
        String prototxt = Files.readString(shared.resolve("deploy.prototxt"));
        if (prototxtFrom != null) {
            assertTrue(prototxt.contains(prototxtFrom), prototxtFrom);
            prototxt = prototxt.replaceFirst(java.util.regex.Pattern.quote(prototxtFrom), prototxtTo);
        }
        Files.writeString(folder.resolve("deploy.prototxt"), prototxt);
        if (json != null) {
            Files.writeString(folder.resolve("model.json"), json);
        }
        if (weights != null) {
            Files.write(folder.resolve("net.caffemodel"), weights);
        }
        return folder;
    }

    private static byte[] realWeights() throws IOException {
        return Files.readAllBytes(SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel"));
    }

    private Cli.Result run(String model) throws IOException {
        Path out = Files.write(dir.resolve("out.jpg"), EARLIER);
        List<String> args = List.of("-s", Cli.starryNight().toString(), "-c", Cli.nanjing().toString(),
                "-m", model, "-g", "-1", "-n", "1", "-l", "64", "-o", out.toString());
        Cli.Result r = Cli.run(args);
        assertArrayEquals(EARLIER, Files.readAllBytes(out), "the earlier output is untouched");
        return r;
    }

    @Test
    void unknownModelName() throws IOException {
        run("nosuchnet").assertError(2, "nosuchnet");
    }

    @Test
    void folderWithoutModelJson() throws IOException {
        Path folder = model("bare", null, null, null, realWeights());
        run(folder.toString()).assertError(2, "model.json");
    }

    @Test
    void invalidJson() throws IOException {
        Path folder = model("badjson", "{\"prototxt\": \"deploy.prototxt\",, }", null, null, realWeights());
        run(folder.toString()).assertError(2, "model.json");
    }

    @Test
    void missingKeys() throws IOException {
        Path folder = model("nostyle", "{\"prototxt\": \"deploy.prototxt\", \"weights\": \"net.caffemodel\","
                + " \"mean\": [1, 2, 3], \"content\": {}}", null, null, realWeights());
        run(folder.toString()).assertError(2, "style");
    }

    @Test
    void aLayerTheNetDoesNotHave() throws IOException {
        Path folder = model("nolayer", modelJson("{\"conv99\": 1}"), null, null, realWeights());
        run(folder.toString()).assertError(2, "conv99");
    }

    @Test
    void prototxtSyntaxError() throws IOException {
        Path folder = model("syntax", modelJson(STYLE), "num_output: 64", "num_output: 64 }}", realWeights());
        run(folder.toString()).assertError(2, "deploy.prototxt", "syntax");
    }

    @Test
    void unknownLayerType() throws IOException {
        Path folder = model("type", modelJson(STYLE), "type: \"Pooling\"", "type: \"Poolin\"", realWeights());
        run(folder.toString()).assertError(2, "unknown type", "Poolin");
    }

    @Test
    void concatOfMismatchedShapesIsCaughtBeforeCaffe() throws IOException {
        // fire2/expand3x3 without its padding is 2 pixels smaller than fire2/expand1x1: Caffe would abort.
        Path folder = model("concat", modelJson(STYLE), "pad: 1", "pad: 0", realWeights());
        run(folder.toString()).assertError(2, "concatenates", "fire2/concat");
    }

    @Test
    void zeroStrideIsCaughtBeforeCaffe() throws IOException {
        Path folder = model("stride", modelJson(STYLE), "stride: 2", "stride: 0", realWeights());
        run(folder.toString()).assertError(2, "conv1", "stride must be positive");
    }

    @Test
    void emptyTruncatedAndRandomCaffemodels() throws IOException {
        byte[] real = realWeights();
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        int i = 0;
        for (byte[] weights : List.of(new byte[0], Arrays.copyOf(real, real.length / 3), random)) {
            Path folder = model("weights" + i++, modelJson(STYLE), null, null, weights);
            String line = run(folder.toString()).assertError(2, "net.caffemodel");
            assertTrue(line.contains("not a Caffe caffemodel") || line.contains("do not fit"), line);
        }
    }

    @Test
    void caffemodelOfAnotherNet() throws IOException {
        Path folder = model("other", modelJson(STYLE), "num_output: 64", "num_output: 32", realWeights());
        run(folder.toString()).assertError(2, "do not fit", "conv1");
    }

    @Test
    void missingWeightsWithoutNetworkNameTheUrlAndThePath() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "http://127.0.0.1:" + port + "/x.caffemodel";
        Path folder = model("offline", modelJson(STYLE).replace("\"mean\"", "\"weightsUrl\": \"" + url + "\", \"mean\""),
                null, null, null);
        run(folder.toString()).assertError(1, url, folder.resolve("net.caffemodel").toString());
        assertTrue(Files.notExists(folder.resolve("net.caffemodel")) && Files.notExists(
                folder.resolve("net.caffemodel.part")), "no partial weights left");
    }
}
