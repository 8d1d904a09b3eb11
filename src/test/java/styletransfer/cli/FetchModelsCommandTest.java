package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fetch-models}: what it says for present weights, an empty models folder and an unreachable server. */
class FetchModelsCommandTest {
    @TempDir
    Path models;

    private Path model(String name, String url) throws IOException {
        Path folder = Files.createDirectories(models.resolve(name));
        Files.writeString(folder.resolve("model.json"), """
                {"prototxt": "deploy.prototxt", "weights": "net.caffemodel", "weightsUrl": "%s",
                 "mean": [1, 2, 3], "content": {"conv2": 1}, "style": {"conv1": 1}}""".formatted(url));
        Files.writeString(folder.resolve("deploy.prototxt"), "name: \"net\"\n");
        return folder;
    }

    @Test
    void presentWeightsAreLeftAlone() throws IOException {
        Path folder = model("MyNet", "http://127.0.0.1:9/never-asked");
        Files.write(folder.resolve("net.caffemodel"), new byte[] {1, 2, 3});

        Cli.Result r = Cli.run("fetch-models", "--models-dir", models.toString());

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("Model MyNet: weights present at " + folder.resolve("net.caffemodel")), r.err());
    }

    @Test
    void aFolderWithoutModelsIsAnError() {
        Cli.run("fetch-models", "--models-dir", models.resolve("absent").toString())
                .assertError(2, "no models to fetch", "absent");
        Cli.run("fetch-models", "--models-dir", models.toString()).assertError(2, "no models to fetch");
    }

    @Test
    void anUnreachableServerIsOneErrorLineAndNoFile() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path folder = model("net", "http://127.0.0.1:" + closedPort + "/net.caffemodel");

        Cli.run("fetch-models", "--models-dir", models.toString()).assertError(1, "download");

        assertTrue(Files.notExists(folder.resolve("net.caffemodel")));
    }
}
