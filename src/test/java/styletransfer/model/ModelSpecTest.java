package styletransfer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static styletransfer.model.NpyTest.assertBad;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSpecTest {
    @TempDir
    Path tmp;

    private static final String VALID = """
            {
              "prototxt": "net.prototxt",
              "weights": "net.caffemodel",
              "mean": [104.5, 116.25, 122.75],
              "content": {"conv4": 1.0, "conv2": 2e-4},
              "style": {"conv5": 0.2, "conv1": 0.2, "conv3": 0.6},
              "weightsUrl": "https://example.org/net.caffemodel",
              "weightsSha1": "405FC5ACD08A3BB12DE8EE5E23A96BEC22F08204"
            }
            """;

    @Test
    void loadsAValidFolder() throws IOException {
        Path dir = folder("mynet", VALID);
        ModelSpec spec = ModelSpec.load(dir);
        assertEquals("mynet", spec.name());
        assertEquals(dir.toAbsolutePath(), spec.directory());
        assertEquals(dir.resolve("net.prototxt"), spec.prototxt());
        assertEquals(dir.resolve("net.caffemodel"), spec.weights()); // need not exist: downloaded on first use
        assertArrayEquals(new double[] {104.5, 116.25, 122.75}, spec.meanBgr());
        // file order, not alphabetical: the run relies on it
        assertEquals(List.of(new LayerWeight("conv4", 1.0), new LayerWeight("conv2", 2e-4)), spec.content());
        assertEquals(List.of("conv5", "conv1", "conv3"), spec.style().stream().map(LayerWeight::blob).toList());
        assertEquals(Optional.of(URI.create("https://example.org/net.caffemodel")), spec.weightsUrl());
        assertEquals(Optional.of("405fc5acd08a3bb12de8ee5e23a96bec22f08204"), spec.weightsSha1());
    }

    @Test
    void optionalKeysMayBeOmittedAndContentMayBeEmpty() throws IOException {
        ModelSpec spec = ModelSpec.load(folder("m", """
                {"prototxt": "net.prototxt", "weights": "w.caffemodel", "mean": [1, 2, 3],
                 "content": {}, "style": {"conv1": 1}, "description": "texture only"}"""));
        assertEquals(List.of(), spec.content());
        assertEquals(Optional.empty(), spec.weightsUrl());
        assertEquals(Optional.empty(), spec.weightsSha1());
    }

    @Test
    void meanFromAnNpyFileIsReducedPerChannel() throws IOException {
        Path dir = folder("m", VALID.replace("[104.5, 116.25, 122.75]", "\"mean.npy\""));
        // 3x2x2, f8: channel c holds c*10 + {1, 2, 3, 6}, whose mean is c*10 + 3
        double[] values = {1, 2, 3, 6, 11, 12, 13, 16, 21, 22, 23, 26};
        Files.write(dir.resolve("mean.npy"), npyF8("(3, 2, 2)", values));
        assertArrayEquals(new double[] {3, 13, 23}, ModelSpec.load(dir).meanBgr());
    }

    @Test
    void withWeightsReplacesThePathAndForgetsTheDownload() throws IOException {
        ModelSpec spec = ModelSpec.load(folder("m", VALID));
        ModelSpec other = spec.withWeights(tmp.resolve("elsewhere/mine.caffemodel"));
        assertEquals(tmp.resolve("elsewhere/mine.caffemodel").toAbsolutePath(), other.weights());
        assertEquals(spec.prototxt(), other.prototxt());
        assertEquals(spec.style(), other.style());
        assertEquals(Optional.empty(), other.weightsUrl());
        assertEquals(Optional.empty(), other.weightsSha1());
    }

    @Test
    void folderErrors() throws IOException {
        assertBad(() -> ModelSpec.load(tmp.resolve("nowhere")), "does not exist");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertBad(() -> ModelSpec.load(empty), "holds no model.json");
    }

    @Test
    void invalidJsonNamesLineAndColumn() throws IOException {
        Path dir = folder("m", "{\n  \"prototxt\": \"net.prototxt\",\n  \"weights\" \"w\"\n}");
        assertBad(() -> ModelSpec.load(dir), "invalid JSON at line 3, column");
        assertBad(() -> ModelSpec.load(folder("e", "")), "model.json");
        assertBad(() -> ModelSpec.load(folder("t", VALID + " {}")), "invalid JSON");
        assertBad(() -> ModelSpec.load(folder("d", VALID.replace("\"conv3\": 0.6", "\"conv1\": 0.6"))),
                "Duplicate field 'conv1'");
    }

    @Test
    void missingKeysAreNamed() throws IOException {
        for (String key : List.of("prototxt", "weights", "mean", "content", "style")) {
            String json = VALID.replaceAll("\"" + key + "\": (\"[^\"]*\"|\\[[^]]*]|\\{[^}]*}),", "");
            assertTrue(!json.contains("\"" + key + "\":"), json);
            assertBad(() -> ModelSpec.load(folder("m" + key, json)), "missing key \"" + key + "\"");
        }
    }

    @Test
    void wrongTypesAreNamed() throws IOException {
        assertBad(() -> ModelSpec.load(folder("a", "[1, 2]")), "must hold a JSON object");
        assertBad(() -> load(VALID.replace("\"net.prototxt\"", "42")), "\"prototxt\" must be a non-empty string");
        assertBad(() -> load(VALID.replace("\"net.caffemodel\"", "\"\"")), "\"weights\" must be a non-empty string");
        assertBad(() -> load(VALID.replace("[104.5, 116.25, 122.75]", "true")), "\"mean\" must be an .npy file");
        assertBad(() -> load(VALID.replace("116.25", "\"116\"")), "\"mean[1]\" must be a number");
        assertBad(() -> load(VALID.replace("{\"conv4\": 1.0, \"conv2\": 2e-4}", "[\"conv4\"]")),
                "\"content\" must be an object");
        assertBad(() -> load(VALID.replace("\"conv5\": 0.2", "\"conv5\": \"0.2\"")),
                "\"style.conv5\" must be a number, found string \"0.2\"");
        assertBad(() -> load(VALID.replace("\"conv5\": 0.2", "\"conv5\": null")), "\"style.conv5\" must be a number");
        assertBad(() -> load(VALID.replace("\"conv5\": 0.2", "\"\": 0.2")), "empty blob name");
        assertBad(() -> load(VALID.replace("\"weightsUrl\"", "\"weightsURL\"")), "unknown key \"weightsURL\"");
        assertBad(() -> load(VALID.replace("\"https://example.org/net.caffemodel\"", "\"ftp://example.org/x\"")),
                "\"weightsUrl\" must be an http");
        assertBad(() -> load(VALID.replace("\"405FC5", "\"zz5FC5")), "\"weightsSha1\" must be 40 hexadecimal");
    }

    @Test
    void weightsMustBeFiniteAndNotNegative() throws IOException {
        // 1e999 is valid JSON but overflows to infinity
        assertBad(() -> load(VALID.replace("\"conv1\": 0.2", "\"conv1\": 1e999")),
                "\"style.conv1\" is Infinity, not a finite number");
        assertBad(() -> load(VALID.replace("\"conv4\": 1.0", "\"conv4\": -1e999")), "not a finite number");
        assertBad(() -> load(VALID.replace("122.75", "1e400")), "\"mean[2]\"");
        assertBad(() -> load(VALID.replace("\"conv4\": 1.0", "\"conv4\": -1")), "must not be negative");
    }

    @Test
    void emptyStyleMapIsRejected() throws IOException {
        assertBad(() -> load(VALID.replace("{\"conv5\": 0.2, \"conv1\": 0.2, \"conv3\": 0.6}", "{}")),
                "\"style\" is empty");
    }

    @Test
    void meanErrors() throws IOException {
        assertBad(() -> load(VALID.replace("[104.5, 116.25, 122.75]", "[104.5, 116.25]")), "has 2 values");
        assertBad(() -> load(VALID.replace("[104.5, 116.25, 122.75]", "[1, 2, 3, 4]")), "has 4 values");
        assertBad(() -> load(VALID.replace("[104.5, 116.25, 122.75]", "\"absent.npy\"")), "absent.npy");

        Path wrongShape = folder("shape", VALID.replace("[104.5, 116.25, 122.75]", "\"mean.npy\""));
        Files.write(wrongShape.resolve("mean.npy"), npyF8("(4, 1, 1)", new double[] {1, 2, 3, 4}));
        assertBad(() -> ModelSpec.load(wrongShape), "must be 3xHxW");

        Path notNpy = folder("magic", VALID.replace("[104.5, 116.25, 122.75]", "\"mean.npy\""));
        Files.writeString(notNpy.resolve("mean.npy"), "104 116 122");
        assertBad(() -> ModelSpec.load(notNpy), "bad magic");
    }

    @Test
    void prototxtMustExist() throws IOException {
        Path dir = folder("m", VALID);
        Files.delete(dir.resolve("net.prototxt"));
        assertBad(() -> ModelSpec.load(dir), "key \"prototxt\" names");
    }

    private ModelSpec load(String json) throws IOException {
        return ModelSpec.load(folder("m" + System.nanoTime(), json));
    }

    /** A model folder holding the given model.json and an (empty) net.prototxt. */
    Path folder(String name, String json) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("model.json"), json);
        Files.writeString(dir.resolve("net.prototxt"), "name: \"net\"\n");
        return dir;
    }

    static byte[] npyF8(String shape, double[] values) {
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
        StringBuilder h = new StringBuilder(header);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + h.length() + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length());
        b.put(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }
}
