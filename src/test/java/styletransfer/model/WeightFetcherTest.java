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
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.BadInputException;
import styletransfer.RunFailedException;
import styletransfer.cli.Main;

/** Downloads from a server on 127.0.0.1 only: tests never reach the internet. */
class WeightFetcherTest {
    @TempDir
    Path tmp;
    HttpServer server;
    byte[] payload;
    String payloadSha1;
    final AtomicInteger requests = new AtomicInteger();
    final WeightFetcher fetcher = new WeightFetcher(Duration.ofSeconds(5), Duration.ofSeconds(5));

    @BeforeEach
    void startServer() throws Exception {
        payload = new byte[300_000]; // several buffers, so progress is reported more than once
        new Random(1).nextBytes(payload);
        payloadSha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(payload));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/w.caffemodel", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, payload.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(payload);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void downloadsVerifiesAndMovesIntoPlace() throws IOException {
        ModelSpec spec = spec(url("/w.caffemodel"), Optional.of(payloadSha1));
        Recorder progress = new Recorder();
        Path got = fetcher.ensureWeights(spec, progress);
        assertEquals(spec.weights(), got);
        assertArrayEquals(payload, Files.readAllBytes(got));
        assertFalse(Files.exists(part(spec)));
        assertEquals(payload.length, progress.total);
        assertTrue(progress.updates.size() > 1, "progress reported per chunk");
        assertEquals(payload.length, (long) progress.updates.get(progress.updates.size() - 1));
        assertEquals(payload.length, progress.finished);

        // present now: ensureWeights does not download again
        fetcher.ensureWeights(spec, WeightFetcher.ProgressSink.NONE);
        assertEquals(1, requests.get());
        assertEquals(payloadSha1, WeightFetcher.sha1(got));
    }

    /**
     * Two tasks of a cluster job share one model folder and both find the weights missing: two processes run
     * {@code fetch-models} at once. The server sends half the file and holds the rest until the second process says
     * it is waiting, so the two certainly overlap. One download, and both end with the verified file.
     */
    @Test
    void twoProcessesAtOnceDownloadOnceAndBothGetTheFile() throws Exception {
        SharedFolderRace race = new SharedFolderRace();
        race.awaitWaiter();
        race.release.countDown();
        race.awaitBoth();
        assertEquals(0, race.children[0].exitValue(), race.stderr(0));
        assertEquals(0, race.children[1].exitValue(), race.stderr(1));
        assertEquals(1, requests.get(), "one process downloaded, the other waited and took its file");
        race.assertVerifiedFileAndNothingElse();
        assertTrue(race.stderr(race.waiter).contains("weights saved to"), race.stderr(race.waiter));
    }

    /** The downloading process is killed (node lost): the waiting one takes the lock and downloads itself. */
    @Test
    void whenTheDownloaderIsKilledTheWaiterDownloads() throws Exception {
        SharedFolderRace race = new SharedFolderRace();
        race.awaitWaiter();
        race.children[1 - race.waiter].destroyForcibly(); // SIGKILL: its lock goes with it, its .part stays
        assertTrue(race.children[1 - race.waiter].waitFor(30, TimeUnit.SECONDS));
        race.release.countDown();
        race.awaitBoth();
        assertEquals(0, race.children[race.waiter].exitValue(), race.stderr(race.waiter));
        assertEquals(2, requests.get());
        race.assertVerifiedFileAndNothingElse();
    }

    /** A models folder with one model whose weights come slowly from the test server, and two fetch-models. */
    private final class SharedFolderRace {
        final CountDownLatch release = new CountDownLatch(1);
        final Path models = tmp.resolve("shared-models");
        final Path weights = models.resolve("m/w.caffemodel");
        final Process[] children = new Process[2];
        int waiter = -1;

        SharedFolderRace() throws IOException {
            server.createContext("/slow.caffemodel", exchange -> {
                boolean first = requests.incrementAndGet() == 1;
                exchange.sendResponseHeaders(200, payload.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(payload, 0, payload.length / 2);
                    out.flush();
                    if (first && !release.await(120, TimeUnit.SECONDS)) {
                        return;
                    }
                    out.write(payload, payload.length / 2, payload.length - payload.length / 2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Path folder = Files.createDirectories(models.resolve("m"));
            Files.writeString(folder.resolve("model.json"), """
                    {"prototxt": "deploy.prototxt", "weights": "w.caffemodel", "weightsUrl": "%s",
                     "weightsSha1": "%s", "mean": [1, 2, 3], "content": {"conv2": 1}, "style": {"conv1": 1}}"""
                    .formatted(url("/slow.caffemodel"), payloadSha1));
            Files.writeString(folder.resolve("deploy.prototxt"), "name: \"net\"\n");
            for (int i = 0; i < 2; i++) {
                children[i] = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                        "fetch-models", "--models-dir", models.toString(), "m")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(tmp.resolve("child" + i + ".err").toFile()).start();
            }
        }

        /** Until one child is downloading (half the file is on its way) and the other says it waits for it. */
        void awaitWaiter() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (waiter < 0 || !stderr(1 - waiter).contains("Downloading ")) {
                for (int i = 0; i < 2; i++) {
                    if (stderr(i).contains("Waiting for another process that is downloading " + weights)) {
                        waiter = i;
                    }
                }
                if (System.nanoTime() > deadline || !children[0].isAlive() || !children[1].isAlive()) {
                    children[0].destroyForcibly();
                    children[1].destroyForcibly();
                    throw new AssertionError("not one downloading and one waiting: " + stderr(0) + " / " + stderr(1));
                }
                Thread.sleep(50);
            }
        }

        void awaitBoth() throws InterruptedException {
            for (Process p : children) {
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("a fetch-models did not end");
                }
            }
        }

        void assertVerifiedFileAndNothingElse() throws IOException {
            assertArrayEquals(payload, Files.readAllBytes(weights));
            try (var files = Files.list(weights.getParent())) {
                assertEquals(List.of("deploy.prototxt", "model.json", "w.caffemodel", "w.caffemodel.lock"),
                        files.map(p -> p.getFileName().toString()).sorted().toList(), "no .part left");
            }
        }

        String stderr(int i) {
            try {
                Path f = tmp.resolve("child" + i + ".err");
                return Files.exists(f) ? Files.readString(f) : "";
            } catch (IOException e) {
                return e.toString();
            }
        }
    }

    @Test
    void aStalePartFileFromAKilledDownloadIsReplaced() throws IOException {
        ModelSpec spec = spec(url("/w.caffemodel"), Optional.of(payloadSha1));
        Files.createDirectories(part(spec).getParent());
        Files.write(part(spec), new byte[] {9, 9, 9});
        assertArrayEquals(payload, Files.readAllBytes(fetcher.ensureWeights(spec, WeightFetcher.ProgressSink.NONE)));
        assertFalse(Files.exists(part(spec)));
    }

    @Test
    void withoutSha1AnyCompleteDownloadIsKept() throws IOException {
        ModelSpec spec = spec(url("/w.caffemodel"), Optional.empty());
        assertArrayEquals(payload, Files.readAllBytes(fetcher.fetch(spec, WeightFetcher.ProgressSink.NONE)));
    }

    @Test
    void sha1MismatchLeavesNothingBehind() {
        ModelSpec spec = spec(url("/w.caffemodel"), Optional.of("0".repeat(40)));
        RunFailedException e = assertThrows(RunFailedException.class,
                () -> fetcher.ensureWeights(spec, WeightFetcher.ProgressSink.NONE));
        assertOneLine(e);
        assertTrue(e.getMessage().contains("SHA-1 " + payloadSha1 + ", expected " + "0".repeat(40)), e.getMessage());
        assertTrue(e.getMessage().contains(spec.weights().toString()), e.getMessage());
        assertFalse(Files.exists(spec.weights()));
        assertFalse(Files.exists(part(spec)));
    }

    @Test
    void httpErrorNamesUrlAndWhereToPutTheFile() {
        URI missing = url("/absent.caffemodel");
        ModelSpec spec = spec(missing, Optional.empty());
        RunFailedException e = assertThrows(RunFailedException.class,
                () -> fetcher.ensureWeights(spec, WeightFetcher.ProgressSink.NONE));
        assertOneLine(e);
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertTrue(e.getMessage().contains("put it at " + spec.weights()), e.getMessage());
        assertFalse(Files.exists(spec.weights()));
        assertFalse(Files.exists(part(spec)));
    }

    @Test
    void connectionRefusedNamesUrlAndWhereToPutTheFile() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // free once closed, so nothing listens there
        }
        URI url = URI.create("http://127.0.0.1:" + closedPort + "/w.caffemodel");
        ModelSpec spec = spec(url, Optional.of(payloadSha1));
        RunFailedException e = assertThrows(RunFailedException.class,
                () -> fetcher.ensureWeights(spec, WeightFetcher.ProgressSink.NONE));
        assertOneLine(e);
        assertTrue(e.getMessage().contains(url.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
        assertTrue(e.getMessage().contains("put it at " + spec.weights()), e.getMessage());
        assertFalse(Files.exists(part(spec)));
    }

    @Test
    void missingWeightsWithoutUrlAskForTheFile() {
        ModelSpec spec = spec(url("/w.caffemodel"), Optional.empty()).withWeights(tmp.resolve("mine.caffemodel"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> fetcher.ensureWeights(spec, WeightFetcher.ProgressSink.NONE));
        assertTrue(e.getMessage().contains("put the weights file at " + tmp.resolve("mine.caffemodel")),
                e.getMessage());
        assertEquals(0, requests.get());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private ModelSpec spec(URI url, Optional<String> sha1) {
        Path dir = tmp.resolve("m");
        return new ModelSpec("m", dir, dir.resolve("net.prototxt"), dir.resolve("sub/w.caffemodel"),
                new double[] {1, 2, 3}, List.of(), List.of(new LayerWeight("conv1", 1)), Optional.of(url), sha1);
    }

    private static Path part(ModelSpec spec) {
        return spec.weights().resolveSibling(spec.weights().getFileName() + ".part");
    }

    private static void assertOneLine(Exception e) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private static final class Recorder implements WeightFetcher.ProgressSink {
        long total = -2;
        long finished = -2;
        final List<Long> updates = new ArrayList<>();

        @Override
        public void started(URI url, Path target, long totalBytes) {
            total = totalBytes;
        }

        @Override
        public void progressed(long bytesSoFar) {
            updates.add(bytesSoFar);
        }

        @Override
        public void finished(long totalBytes) {
            finished = totalBytes;
        }
    }
}
