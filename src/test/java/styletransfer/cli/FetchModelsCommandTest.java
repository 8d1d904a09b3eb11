package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fetch-models}: what it says for present weights (checked against their SHA-1), an empty models folder, an
 * unreachable server, and several models of which some fail.
 */
class FetchModelsCommandTest {
    @TempDir
    Path models;

    private Path model(String name, String url) throws IOException {
        return model(name, url, "");
    }

    private Path model(String name, String url, String sha1) throws IOException {
        Path folder = Files.createDirectories(models.resolve(name));
        Files.writeString(folder.resolve("model.json"), """
                {"prototxt": "deploy.prototxt", "weights": "net.caffemodel", "weightsUrl": "%s",%s
                 "mean": [1, 2, 3], "content": {"conv2": 1}, "style": {"conv1": 1}}""".formatted(url,
                sha1.isEmpty() ? "" : " \"weightsSha1\": \"" + sha1 + "\","));
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
    void aTruncatedFilePresentIsAnErrorNamingBothSha1sAndWhatToDo() throws Exception {
        byte[] payload = payload();
        try (Server server = new Server(payload)) {
            Path folder = model("net", server.url(), sha1(payload));
            Files.write(folder.resolve("net.caffemodel"), Arrays.copyOf(payload, 100));

            String line = Cli.run("fetch-models", "--models-dir", models.toString())
                    .assertError(1, "SHA-1 " + sha1(Arrays.copyOf(payload, 100)), "expected " + sha1(payload),
                            folder.resolve("net.caffemodel").toString(), "fetch-models --force " + folder);
            assertTrue(line.contains("truncated or corrupt"), line);
            assertEquals(0, server.requests.get(), "without --force nothing is downloaded");

            Cli.Result forced = Cli.run("fetch-models", "--force", "--models-dir", models.toString());
            assertEquals(0, forced.exitCode(), forced.err());
            assertArrayEquals(payload, Files.readAllBytes(folder.resolve("net.caffemodel")));
            assertTrue(forced.err().contains("Downloaded 0.2 MiB in "), forced.err());
            assertFalse(forced.err().contains("?"), forced.err());

            Cli.Result checked = Cli.run("fetch-models", "--models-dir", models.toString());
            assertEquals(0, checked.exitCode(), checked.err());
            assertTrue(checked.err().contains("weights present at " + folder.resolve("net.caffemodel") + ", SHA-1 "
                    + sha1(payload) + " as expected."), checked.err());
            assertEquals(1, server.requests.get());
        }
    }

    @Test
    void withoutNamesEveryModelIsTriedAndEachReported() throws Exception {
        byte[] payload = payload();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Server server = new Server(payload)) {
            model("a-unreachable", "http://127.0.0.1:" + closedPort + "/net.caffemodel");
            Path corrupt = model("b-corrupt", server.url(), sha1(payload));
            Files.write(corrupt.resolve("net.caffemodel"), new byte[] {1});
            Path fine = model("c-fine", server.url(), sha1(payload));

            Cli.Result r = Cli.run("fetch-models", "--models-dir", models.toString());

            assertEquals(1, r.exitCode(), r.err());
            List<String> errors = r.errorLines();
            assertEquals(3, errors.size(), r.err());
            assertTrue(errors.get(0).startsWith("error: model a-unreachable: download of "), errors.get(0));
            assertTrue(errors.get(1).startsWith("error: model b-corrupt: the weights of model b-corrupt"), errors.get(1));
            assertEquals("error: 2 of 3 models failed (a-unreachable, b-corrupt); the others are ready", errors.get(2));
            assertTrue(r.err().contains("Model c-fine: weights saved to " + fine.resolve("net.caffemodel")), r.err());
            assertArrayEquals(payload, Files.readAllBytes(fine.resolve("net.caffemodel")));
        }
    }

    private static byte[] payload() {
        byte[] payload = new byte[200_000];
        new Random(5).nextBytes(payload);
        return payload;
    }

    private static String sha1(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    }

    /** Serves one file on 127.0.0.1, counting requests. */
    private static final class Server implements AutoCloseable {
        final HttpServer http;
        final AtomicInteger requests = new AtomicInteger();

        Server(byte[] payload) throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/net.caffemodel", exchange -> {
                requests.incrementAndGet();
                exchange.sendResponseHeaders(200, payload.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(payload);
                }
            });
            http.start();
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/net.caffemodel";
        }

        @Override
        public void close() {
            http.stop(0);
        }
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
