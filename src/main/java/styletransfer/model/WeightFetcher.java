package styletransfer.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import styletransfer.BadInputException;
import styletransfer.RunFailedException;

/**
 * Downloads a model's weights from its {@code weightsUrl} when the file is missing, trying its URLs (mirrors) in
 * order until one gives a complete file with the right SHA-1. The bytes go to
 * {@code <weights>.part} while their SHA-1 is computed; only a complete file whose SHA-1 matches {@code weightsSha1}
 * (when given) is moved to the final name, so a failed or corrupt download never looks like valid weights.
 *
 * <p>Several processes may share one model folder (tasks of a cluster job on a shared filesystem): a download holds
 * an exclusive lock on {@code <weights>.lock} next to the target, so only one process downloads while the others
 * wait and then take the file it moved into place (its SHA-1 checked). The lock is the operating system's
 * (fcntl), released when its process ends, however it ends; the empty lock file stays.
 *
 * <p>Weights already present are checked against {@code weightsSha1}: {@link #check} always reads the whole file
 * (fetch-models); {@link #ensureWeights} (every run) reads it once and then trusts a stamp,
 * {@code <weights>.verified}, holding the SHA-1 with the file's size and modification time, so a 528 MiB VGG is not
 * hashed again at every start, while a file replaced or truncated since (new size or time) is checked again.
 */
public final class WeightFetcher {
    private static final int BUFFER = 1 << 16;

    /** How often a process waiting for another one's download looks at the lock again. */
    private static final long LOCK_POLL_MILLIS = 200;

    /** Receives download progress; the command line maps it to a progress bar. */
    public interface ProgressSink {
        ProgressSink NONE = new ProgressSink() {};

        /** Another process is downloading to {@code target} (it holds {@code lock}); this one waits for it. */
        default void waiting(Path target, Path lock) {}

        /** @param totalBytes the announced size, or -1 when the server does not say */
        default void started(URI url, Path target, long totalBytes) {}

        /** Called after each chunk with the number of bytes received so far. */
        default void progressed(long bytesSoFar) {}

        default void finished(long totalBytes) {}

        /** The download from {@code url} failed (said in {@code reason}); the next URL is tried. */
        default void failedOver(URI url, String reason, URI next) {}
    }

    private final Duration connectTimeout;
    private final Duration readTimeout;

    public WeightFetcher() {
        this(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** @param readTimeout longest silence tolerated while waiting for bytes, so a stalled server fails */
    public WeightFetcher(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /**
     * Downloads the weights if their file does not exist yet; when it does, checks it against the model's SHA-1
     * (once per size and modification time, see the stamp above). Returns their path.
     *
     * @throws WeightsMismatchException when the file present has another SHA-1
     */
    public Path ensureWeights(ModelSpec spec, ProgressSink sink) {
        if (Files.isRegularFile(spec.weights())) {
            if (spec.weightsSha1().isPresent() && !stampMatches(spec)) {
                check(spec);
            }
            return spec.weights();
        }
        if (spec.weightsUrls().isEmpty()) {
            throw new BadInputException("weights of model " + spec.name() + " not found and there is no weightsUrl"
                    + " to download them from; put the weights file at " + spec.weights());
        }
        return fetch(spec, sink, false);
    }

    /**
     * Reads the whole weights file present and compares its SHA-1 with the model's; on a match records the stamp
     * that lets {@link #ensureWeights} skip the next read.
     *
     * @return the file's SHA-1, or empty when the model gives none to compare with (the file is then not read)
     * @throws WeightsMismatchException when the SHA-1 differs
     */
    public static Optional<String> check(ModelSpec spec) {
        if (spec.weightsSha1().isEmpty()) {
            return Optional.empty();
        }
        Path file = spec.weights();
        String expected = spec.weightsSha1().get();
        Stamp before = Stamp.of(file, expected);
        String actual = sha1(file);
        if (!actual.equals(expected)) {
            throw new WeightsMismatchException(spec.name(), file, expected, actual);
        }
        if (before != null) {
            before.write(stampFile(file));
        }
        return Optional.of(actual);
    }

    private static boolean stampMatches(ModelSpec spec) {
        Stamp now = Stamp.of(spec.weights(), spec.weightsSha1().orElseThrow());
        try {
            return now != null && now.line().equals(Files.readString(stampFile(spec.weights())).strip());
        } catch (IOException e) {
            return false;
        }
    }

    private static Path stampFile(Path weights) {
        return weights.resolveSibling(weights.getFileName() + ".verified");
    }

    /** What a verified file was: its SHA-1, size and modification time. */
    private record Stamp(String sha1, long size, long modifiedMillis) {
        static Stamp of(Path file, String sha1) {
            try {
                return new Stamp(sha1, Files.size(file), Files.getLastModifiedTime(file).toMillis());
            } catch (IOException e) {
                return null;
            }
        }

        String line() {
            return sha1 + " " + size + " " + modifiedMillis;
        }

        /** Best effort: in a read-only model folder every run reads the file instead. */
        void write(Path stamp) {
            Path tmp = stamp.resolveSibling(stamp.getFileName() + "." + ProcessHandle.current().pid());
            try {
                Files.writeString(tmp, line() + "\n");
                moveIntoPlace(tmp, stamp);
            } catch (IOException e) {
                deleteQuietly(tmp);
            }
        }
    }

    /**
     * Downloads the weights from the spec's URLs, replacing any file already there; but when another process was
     * downloading them at the same time, this one waits and takes its file instead of downloading again.
     */
    public Path fetch(ModelSpec spec, ProgressSink sink) {
        return fetch(spec, sink, true);
    }

    private Path fetch(ModelSpec spec, ProgressSink sink, boolean replace) {
        if (spec.weightsUrls().isEmpty()) {
            throw new BadInputException("model " + spec.name() + " has no weightsUrl in its model.json; put the"
                    + " weights file at " + spec.weights() + " by hand");
        }
        Path target = spec.weights().toAbsolutePath();
        Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new RunFailedException("cannot create the model folder " + target.getParent() + " ("
                    + describe(e) + ")", e);
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             Held held = lock(channel, target, lockFile, sink)) {
            // Whoever held the lock before us may have finished the file: take it rather than download it again.
            if ((held.waited() || !replace) && Files.isRegularFile(target)
                    && spec.weightsSha1().map(s -> s.equals(sha1(target))).orElse(true)) {
                return target;
            }
            return download(spec, target, sink);
        } catch (IOException e) {
            throw new RunFailedException("cannot lock " + lockFile + " to download the weights of model "
                    + spec.name() + " (" + describe(e) + "); download " + spec.weightsUrls().get(0)
                    + " by hand and put it at " + target, e);
        }
    }

    /** The lock on the lock file, and whether another process had it first. */
    private record Held(FileLock lock, boolean waited) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            lock.release();
        }
    }

    /**
     * Waits for the exclusive lock, polling rather than blocking so that another thread of this JVM holding it
     * (which Java reports as an {@link OverlappingFileLockException}) is waited for the same way.
     */
    private static Held lock(FileChannel channel, Path target, Path lockFile, ProgressSink sink) throws IOException {
        boolean waited = false;
        while (true) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock != null) {
                return new Held(lock, waited);
            }
            if (!waited) {
                sink.waiting(target, lockFile);
                waited = true;
            }
            try {
                Thread.sleep(LOCK_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the lock", e);
            }
        }
    }

    /**
     * The download itself, under the lock: from each URL in turn into {@code .part}, checked, then renamed. When
     * every URL fails, the error says what each one did and where to put a file fetched by hand.
     */
    private Path download(ModelSpec spec, Path target, ProgressSink sink) {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        List<URI> urls = spec.weightsUrls();
        List<String> failures = new ArrayList<>();
        IOException lastCause = null;
        for (int i = 0; i < urls.size(); i++) {
            URI url = urls.get(i);
            String failure;
            try {
                String sha1 = download(url, part, target, sink);
                if (spec.weightsSha1().isEmpty() || spec.weightsSha1().get().equals(sha1)) {
                    return moveDownload(part, target);
                }
                failure = "download of " + url + " has SHA-1 " + sha1 + ", expected " + spec.weightsSha1().get()
                        + " (corrupt or changed upstream)";
            } catch (IOException e) {
                lastCause = e;
                failure = "download of " + url + " failed (" + describe(e) + ")";
            } catch (RuntimeException e) {
                deleteQuietly(part);
                throw e;
            }
            deleteQuietly(part);
            failures.add(failure);
            if (i + 1 < urls.size()) {
                sink.failedOver(url, failure, urls.get(i + 1));
            }
        }
        throw new RunFailedException(String.join("; ", failures) + "; nothing was saved: download "
                + (urls.size() == 1 ? "it" : "it from one of these URLs") + " by hand and put it at " + target,
                lastCause);
    }

    private static Path moveDownload(Path part, Path target) {
        try {
            moveIntoPlace(part, target);
        } catch (IOException e) {
            deleteQuietly(part);
            throw new RunFailedException("cannot move " + part + " to " + target + " (" + describe(e) + ")", e);
        }
        return target;
    }

    /** Streams {@code url} into {@code part}; returns the SHA-1 of the bytes written. */
    private String download(URI url, Path part, Path target, ProgressSink sink) throws IOException {
        URLConnection c = url.toURL().openConnection();
        if (!(c instanceof HttpURLConnection http)) {
            throw new IOException("not an HTTP URL");
        }
        http.setConnectTimeout((int) connectTimeout.toMillis());
        http.setReadTimeout((int) readTimeout.toMillis());
        http.setInstanceFollowRedirects(true);
        try {
            int status = http.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException("HTTP " + status
                        + (http.getResponseMessage() == null ? "" : " " + http.getResponseMessage()));
            }
            long total = http.getContentLengthLong();
            MessageDigest sha1 = sha1Digest();
            long received = 0;
            sink.started(url, target, total);
            try (InputStream in = http.getInputStream(); OutputStream out = Files.newOutputStream(part)) {
                byte[] buf = new byte[BUFFER];
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    sha1.update(buf, 0, n);
                    received += n;
                    sink.progressed(received);
                }
            }
            if (total >= 0 && received != total) {
                throw new IOException("connection closed after " + received + " of " + total + " bytes");
            }
            sink.finished(received);
            return HexFormat.of().formatHex(sha1.digest());
        } finally {
            http.disconnect();
        }
    }

    /** Lower-case hex SHA-1 of a file, e.g. to check weights that are already present. */
    public static String sha1(Path file) {
        MessageDigest sha1 = sha1Digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[BUFFER];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha1.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new RunFailedException("cannot read " + file + " (" + describe(e) + ")", e);
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    private static MessageDigest sha1Digest() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-1", e);
        }
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Best effort: the .part name already says the file is incomplete.
        }
    }

    private static String describe(IOException e) {
        String what;
        if (e instanceof ConnectException) {
            what = "cannot connect: " + e.getMessage();
        } else if (e instanceof UnknownHostException) {
            what = "unknown host " + e.getMessage() + ", no network?";
        } else if (e instanceof SocketTimeoutException) {
            what = "timed out: " + e.getMessage();
        } else {
            what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return what.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
