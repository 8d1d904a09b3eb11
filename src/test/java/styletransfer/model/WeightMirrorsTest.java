package styletransfer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.BadInputException;
import styletransfer.RunFailedException;

/**
 * Several download URLs tried in order, each download checked against the one SHA-1, and weights already present
 * checked against it too. Two servers on 127.0.0.1: {@code broken} answers 404 (or wrong bytes), {@code mirror}
 * serves the file.
 */
class WeightMirrorsTest {
    @TempDir
    Path tmp;
    HttpServer broken;
    HttpServer mirror;
    byte[] payload;
    String payloadSha1;
    final AtomicInteger brokenRequests = new AtomicInteger();
    final AtomicInteger mirrorRequests = new AtomicInteger();
    final WeightFetcher fetcher = new WeightFetcher(Duration.ofSeconds(5), Duration.ofSeconds(5));

    @BeforeEach
    void startServers() throws Exception {
        payload = new byte[200_000];
        new Random(3).nextBytes(payload);
        payloadSha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(payload));
        broken = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        broken.createContext("/", exchange -> {
            brokenRequests.incrementAndGet();
            if (exchange.getRequestURI().getPath().equals("/wrong-bytes")) {
                exchange.sendResponseHeaders(200, 3);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(new byte[] {1, 2, 3});
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
            }
        });
        mirror = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mirror.createContext("/w.caffemodel", exchange -> {
            mirrorRequests.incrementAndGet();
            exchange.sendResponseHeaders(200, payload.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(payload);
            }
        });
        broken.start();
        mirror.start();
    }

    @AfterEach
    void stopServers() {
        broken.stop(0);
        mirror.stop(0);
    }

    @Test
    void modelJsonMayListSeveralUrlsOrOne() throws IOException {
        ModelSpec several = ModelSpec.load(folder("\"weightsUrl\": [\"http://a.example/w\", \"https://b.example/w\"]"));
        assertEquals(List.of(URI.create("http://a.example/w"), URI.create("https://b.example/w")), several.weightsUrls());
        assertEquals(Optional.of(URI.create("http://a.example/w")), several.weightsUrl());
        ModelSpec one = ModelSpec.load(folder("\"weightsUrl\": \"http://a.example/w\""));
        assertEquals(List.of(URI.create("http://a.example/w")), one.weightsUrls());
    }

    @Test
    void badUrlListsAreOneLineErrors() throws IOException {
        for (String[] c : new String[][] {
                {"\"weightsUrl\": []", "empty array"},
                {"\"weightsUrl\": [\"http://a.example/w\", 3]", "must hold non-empty strings, found number 3"},
                {"\"weightsUrl\": [\"ftp://a.example/w\"]", "must be an http:// or https:// URL"},
                {"\"weightsUrl\": [\"http://a.example/w\", \"http://a.example/w\"]", "lists http://a.example/w twice"},
                {"\"weightsUrl\": 7", "a URL or an array of URLs"}}) {
            Path dir = folder(c[0]);
            BadInputException e = assertThrows(BadInputException.class, () -> ModelSpec.load(dir), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void aFailingFirstUrlFallsBackToTheNext() throws IOException {
        List<String> said = new ArrayList<>();
        ModelSpec spec = spec(List.of(brokenUrl("/absent"), mirrorUrl()), Optional.of(payloadSha1));
        Path got = fetcher.ensureWeights(spec, new WeightFetcher.ProgressSink() {
            @Override
            public void failedOver(URI url, String reason, URI next) {
                said.add(url + " | " + reason + " | " + next);
            }
        });
        assertArrayEquals(payload, Files.readAllBytes(got));
        assertEquals(1, brokenRequests.get());
        assertEquals(1, mirrorRequests.get());
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).startsWith(brokenUrl("/absent") + " | download of " + brokenUrl("/absent")
                + " failed (HTTP 404") && said.get(0).endsWith(" | " + mirrorUrl()), said.get(0));
    }

    @Test
    void aMirrorWithOtherBytesIsNotTakenAndTheNextIsTried() throws IOException {
        ModelSpec spec = spec(List.of(brokenUrl("/wrong-bytes"), mirrorUrl()), Optional.of(payloadSha1));
        assertArrayEquals(payload, Files.readAllBytes(fetcher.fetch(spec, WeightFetcher.ProgressSink.NONE)));
        assertEquals(1, mirrorRequests.get());
    }

    @Test
    void whenEveryUrlFailsTheErrorNamesEachAndWhereToPutTheFile() {
        URI absent = brokenUrl("/absent");
        URI wrong = brokenUrl("/wrong-bytes");
        ModelSpec spec = spec(List.of(absent, wrong), Optional.of(payloadSha1));
        RunFailedException e = assertThrows(RunFailedException.class,
                () -> fetcher.ensureWeights(spec, WeightFetcher.ProgressSink.NONE));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.contains("download of " + absent + " failed (HTTP 404"), m);
        assertTrue(m.contains("download of " + wrong + " has SHA-1 "), m);
        assertTrue(m.contains("expected " + payloadSha1), m);
        assertTrue(m.endsWith("download it from one of these URLs by hand and put it at " + spec.weights()), m);
        assertFalse(Files.exists(spec.weights()));
        assertFalse(Files.exists(spec.weights().resolveSibling("w.caffemodel.part")));
    }

    @Test
    void aTruncatedFilePresentIsFoundAndNotDownloadedOver() throws IOException {
        ModelSpec spec = spec(List.of(mirrorUrl()), Optional.of(payloadSha1));
        Files.createDirectories(spec.weights().getParent());
        Files.write(spec.weights(), java.util.Arrays.copyOf(payload, 1000));
        WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                () -> fetcher.ensureWeights(spec, WeightFetcher.ProgressSink.NONE));
        assertEquals(payloadSha1, e.expected());
        assertEquals(WeightFetcher.sha1(spec.weights()), e.actual());
        assertTrue(e.getMessage().contains(spec.weights().toString()), e.getMessage());
        assertEquals(0, mirrorRequests.get(), "a run does not replace a file on its own");
        assertThrows(WeightsMismatchException.class, () -> WeightFetcher.check(spec));
    }

    /**
     * A run reads a present file once and then trusts the stamp for that size and time; a file changed since (other
     * time) is read again. The stamp is shown to be used by changing the bytes while keeping size and time.
     */
    @Test
    void aVerifiedFileIsReadOncePerSizeAndTime() throws IOException {
        ModelSpec spec = spec(List.of(mirrorUrl()), Optional.of(payloadSha1));
        fetcher.ensureWeights(spec, WeightFetcher.ProgressSink.NONE); // downloads
        fetcher.ensureWeights(spec, WeightFetcher.ProgressSink.NONE); // reads it, leaves the stamp
        Path stamp = spec.weights().resolveSibling("w.caffemodel.verified");
        assertTrue(Files.readString(stamp).startsWith(payloadSha1 + " " + payload.length + " "), Files.readString(stamp));

        FileTime time = Files.getLastModifiedTime(spec.weights());
        byte[] changed = payload.clone();
        changed[5] ^= 1;
        Files.write(spec.weights(), changed);
        Files.setLastModifiedTime(spec.weights(), time);
        fetcher.ensureWeights(spec, WeightFetcher.ProgressSink.NONE); // same size and time: not read

        Files.setLastModifiedTime(spec.weights(), FileTime.fromMillis(time.toMillis() + 2000));
        assertThrows(WeightsMismatchException.class, () -> fetcher.ensureWeights(spec, WeightFetcher.ProgressSink.NONE));
        assertThrows(WeightsMismatchException.class, () -> WeightFetcher.check(spec), "check always reads the file");
        assertEquals(1, mirrorRequests.get());
    }

    private Path folder(String urlEntry) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "m");
        Files.writeString(dir.resolve("model.json"), """
                {"prototxt": "deploy.prototxt", "weights": "w.caffemodel", %s,
                 "mean": [1, 2, 3], "content": {}, "style": {"conv1": 1}}""".formatted(urlEntry));
        Files.writeString(dir.resolve("deploy.prototxt"), "name: \"net\"\n");
        return dir;
    }

    private URI brokenUrl(String path) {
        return URI.create("http://127.0.0.1:" + broken.getAddress().getPort() + path);
    }

    private URI mirrorUrl() {
        return URI.create("http://127.0.0.1:" + mirror.getAddress().getPort() + "/w.caffemodel");
    }

    private ModelSpec spec(List<URI> urls, Optional<String> sha1) {
        Path dir = tmp.resolve("m");
        return new ModelSpec("m", dir, dir.resolve("net.prototxt"), dir.resolve("w.caffemodel"),
                new double[] {1, 2, 3}, List.of(), List.of(new LayerWeight("conv1", 1)), urls, sha1);
    }
}
