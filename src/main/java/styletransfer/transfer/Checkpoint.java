package styletransfer.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import styletransfer.RunFailedException;

/**
 * A run's state on disk, beside its output: {@code <output>.checkpoint/} holds the iterate as raw little-endian
 * float32 values ({@code x-<iterations>.f32}, channel-major BGR minus the mean, exactly what the net sees) and
 * {@code state.json} with the run's settings, its working size, the iterations done and the loss there.
 *
 * <p>Each file appears atomically (temporary file, then rename); the iterate is written before the state that
 * names it, so an interrupted save leaves the previous checkpoint usable. The optimizer's memory (L-BFGS-B's
 * correction pairs) is not saved: a resumed run restarts it from the saved iterate.
 */
public final class Checkpoint {
    static final String STATE = "state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The settings a resume must repeat exactly, as the caller typed them (the ratio as its string, as the output
     * name has it; images as absolute paths, several styles joined by commas).
     */
    public record RunKey(String style, String content, String model, String init, String ratio, double length) {
        Map<String, Object> asMap() {
            return Map.of("style", style, "content", content, "model", model, "init", init, "ratio", ratio,
                    "length", length);
        }
    }

    /** A saved state: the iterate {@code x} of a {@code height x width} run after {@code iterations}, and its loss. */
    public record Saved(int iterations, double loss, int height, int width, double[] x) {}

    private Checkpoint() {}

    /** {@code <output>.checkpoint/}, beside the output. */
    public static Path folderFor(Path output) {
        Path abs = output.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".checkpoint");
    }

    /** Whether {@code folder} holds a checkpoint (its state file). */
    public static boolean exists(Path folder) {
        return Files.isRegularFile(folder.resolve(STATE));
    }

    /** Saves the state after {@code iterations}, replacing the previous one. */
    public static void save(Path folder, RunKey key, int iterations, double loss, int height, int width, double[] x) {
        try {
            Files.createDirectories(folder);
            ByteBuffer bytes = ByteBuffer.allocate(x.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : x) {
                bytes.putFloat((float) v); // the net sees float32: this is the exact iterate it works on
            }
            String name = "x-" + iterations + ".f32";
            writeAtomically(folder.resolve(name), bytes.array());
            ObjectNode state = JSON.createObjectNode();
            key.asMap().forEach((k, v) -> state.putPOJO(k, v));
            state.put("iterations", iterations);
            state.put("loss", loss);
            state.put("height", height);
            state.put("width", width);
            state.put("x", name);
            try {
                writeAtomically(folder.resolve(STATE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
            } catch (IOException e) {
                Files.deleteIfExists(folder.resolve(name)); // no state names it: the previous checkpoint stands
                throw e;
            }
            try (DirectoryStream<Path> old = Files.newDirectoryStream(folder, "x-*.f32")) {
                for (Path p : old) {
                    if (!p.getFileName().toString().equals(name)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new RunFailedException("cannot write checkpoint in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Loads the checkpoint and checks that it belongs to a run with the same settings. */
    public static Saved load(Path folder, RunKey key) {
        Path statePath = folder.resolve(STATE);
        if (!Files.isRegularFile(statePath)) {
            throw new CheckpointException(CheckpointException.Problem.MISSING, "no checkpoint at " + folder);
        }
        try {
            JsonNode state = JSON.readTree(statePath.toFile());
            for (Map.Entry<String, Object> e : key.asMap().entrySet()) {
                JsonNode saved = state.get(e.getKey());
                boolean same = saved != null && (e.getValue() instanceof Double d
                        ? saved.isNumber() && saved.asDouble() == d : saved.asText().equals(e.getValue()));
                if (!same) {
                    throw new CheckpointException(CheckpointException.Problem.OTHER_SETTINGS,
                            "the checkpoint in " + folder + " was made with " + e.getKey() + " " + saved
                                    + ", this run has " + e.getValue());
                }
            }
            int iterations = required(state, "iterations", folder).asInt();
            int height = required(state, "height", folder).asInt();
            int width = required(state, "width", folder).asInt();
            double loss = required(state, "loss", folder).asDouble();
            Path xPath = folder.resolve(required(state, "x", folder).asText()).normalize();
            if (!xPath.getParent().equals(folder.toAbsolutePath().normalize()) || !Files.isRegularFile(xPath)) {
                throw damaged(folder, "the checkpoint in " + folder + " names a missing iterate "
                        + xPath.getFileName());
            }
            long expected = 3L * height * width * Float.BYTES;
            if (height <= 0 || width <= 0 || iterations < 0 || Files.size(xPath) != expected) {
                throw damaged(folder, "the checkpoint in " + folder + " is damaged (" + xPath + " should hold "
                        + expected + " bytes)");
            }
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(xPath)).order(ByteOrder.LITTLE_ENDIAN);
            double[] x = new double[3 * height * width];
            for (int i = 0; i < x.length; i++) {
                x[i] = bytes.getFloat();
            }
            return new Saved(iterations, loss, height, width, x);
        } catch (IOException e) {
            throw new CheckpointException(CheckpointException.Problem.DAMAGED, "cannot read the checkpoint in "
                    + folder + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Refuses to continue {@code saved} in a run at the content size of {@code sizes}: it must be of that size. A
     * state that already has the run's iterations is the finished run ({@link StyleTransfer#run} paints it as it
     * is). The one check of a resume, made by the run.
     */
    static void checkResumable(Saved saved, StyleTransfer.Sizes sizes, int iterations) {
        if (saved.height() != sizes.contentHeight() || saved.width() != sizes.contentWidth()) {
            throw new CheckpointException(CheckpointException.Problem.OTHER_SIZE, "the checkpoint is "
                    + saved.height() + "x" + saved.width() + ", this run works at " + sizes.contentHeight() + "x"
                    + sizes.contentWidth());
        }
    }

    private static JsonNode required(JsonNode state, String field, Path folder) {
        JsonNode v = state.get(field);
        if (v == null) {
            throw damaged(folder, "the checkpoint in " + folder + " lacks '" + field + "'");
        }
        return v;
    }

    private static CheckpointException damaged(Path folder, String message) {
        return new CheckpointException(CheckpointException.Problem.DAMAGED, message);
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    channel.write(b);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
