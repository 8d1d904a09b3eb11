package styletransfer.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.BadInputException;
import styletransfer.RunFailedException;

class ImageWriterTest {
    /** Written by src/test/python/transform_fixtures.py from numpy and PIL. */
    private static final JsonNode FIXTURES = Fixtures.load("transform_fixtures.json");

    @TempDir
    Path dir;

    @Test
    void pngKeepsEveryEightBitValue() {
        Image image = RescaleTest.ramp(9, 13); // values k/999 quantise to 8 bits
        Path file = dir.resolve("out.png");
        ImageWriter.write(image, file);
        Image back = ImageReader.read(file); // read back as load_image does: v / 255 rounded to float32
        for (int i = 0; i < image.rgb().length; i++) {
            assertEquals((float) (Math.rint(image.rgb()[i] * 255) / 255), back.rgb()[i], 1e-15);
        }
    }

    @Test
    void quantisesAsImgAsUbyteDoes() {
        // Half-way values round to even, computed on the float32 value as the reference's image is float32.
        JsonNode q = FIXTURES.get("quantise");
        double[] values = Fixtures.doubles(q.get("values"));
        int[] expected = Fixtures.ints(q.get("bytes"));
        int pixels = (values.length + 2) / 3;
        Image row = new Image(1, pixels, java.util.Arrays.copyOf(values, pixels * 3)); // padded with 0
        Path file = dir.resolve("row.png");
        ImageWriter.write(row, file);
        double[] back = ImageReader.read(file).rgb();
        for (int i = 0; i < values.length; i++) {
            assertEquals(expected[i], Math.round(back[i] * 255), "value " + values[i]);
        }
    }

    @Test
    void clipsOutOfRangeValues() {
        Image image = new Image(1, 2, new double[] {-0.3, 1.7, Double.NaN, 1.0, 0.0, 0.5});
        Path file = dir.resolve("clipped.png");
        ImageWriter.write(image, file);
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, (float) (128 / 255.0)}, ImageReader.read(file).rgb());
    }

    @Test
    void jpegUsesPilsQuality75TablesAndSubsampling() throws IOException {
        Path file = dir.resolve("out.jpg");
        ImageWriter.write(RescaleTest.ramp(16, 16), file);
        byte[] jpeg = Files.readAllBytes(file);
        JsonNode pil = FIXTURES.get("pilJpegQuality75");
        List<int[]> expectedTables = new ArrayList<>();
        pil.get("quantTables").forEach(t -> expectedTables.add(Fixtures.ints(t)));
        List<int[]> tables = new ArrayList<>();
        int[] sampling = null;
        for (int i = 2; i + 3 < jpeg.length && (jpeg[i] & 0xff) == 0xff; ) {
            int marker = jpeg[i + 1] & 0xff;
            int length = (jpeg[i + 2] & 0xff) << 8 | (jpeg[i + 3] & 0xff);
            if (marker == 0xDB) {
                for (int j = i + 4; j < i + 2 + length; j += 65) { // 8-bit tables: id byte + 64 entries
                    int[] table = new int[64];
                    for (int k = 0; k < 64; k++) {
                        table[k] = jpeg[j + 1 + k] & 0xff;
                    }
                    tables.add(table);
                }
            } else if (marker == 0xC0) {
                int count = jpeg[i + 9] & 0xff;
                sampling = new int[count];
                for (int c = 0; c < count; c++) {
                    sampling[c] = jpeg[i + 10 + 3 * c + 1] & 0xff;
                }
            } else if (marker == 0xDA) {
                break;
            }
            i += 2 + length;
        }
        assertEquals(expectedTables.size(), tables.size(), "number of quantisation tables");
        for (int t = 0; t < tables.size(); t++) {
            assertArrayEquals(expectedTables.get(t), tables.get(t), "quantisation table " + t);
        }
        assertArrayEquals(Fixtures.ints(pil.get("samplingFactors")), sampling, "chroma subsampling");
    }

    @Test
    void jpegReadsBackCloseToTheImage() {
        Image image = smooth(48, 64);
        Path file = dir.resolve("smooth.jpeg");
        ImageWriter.write(image, file);
        Image back = ImageReader.read(file);
        double sum = 0;
        for (int i = 0; i < image.rgb().length; i++) {
            sum += Math.abs(image.rgb()[i] - back.rgb()[i]);
        }
        assertTrue(sum / image.rgb().length < 0.01, "mean error " + sum / image.rgb().length);
    }

    @Test
    void createsMissingFoldersAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("outputs/run 1/result.JPG");
        ImageWriter.write(smooth(8, 8), file);
        assertTrue(Files.size(file) > 0);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void replacesAnEarlierFile() throws IOException {
        Path file = dir.resolve("out.png");
        Files.writeString(file, "earlier");
        ImageWriter.write(smooth(4, 4), file);
        assertEquals(4, ImageReader.read(file).width());
    }

    @Test
    void failureWhileWritingKeepsTheEarlierFileAndLeavesNoPartialOne() throws IOException {
        Path file = dir.resolve("out.jpg");
        Files.writeString(file, "earlier");
        RunFailedException e = assertThrows(RunFailedException.class, () -> ImageWriter.writeAtomically(file, out -> {
            out.write("half an image".getBytes(StandardCharsets.US_ASCII));
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("No space left"), e.getMessage());
        assertEquals("earlier", Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void writtenFileHasTheFolderDefaultPermissions() throws IOException {
        // A temporary file from Files.createTempFile would be private (rw-------); the result should not be.
        Path file = dir.resolve("out.png");
        ImageWriter.write(smooth(2, 2), file);
        Path plain = Files.createFile(dir.resolve("plain"));
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void unknownExtensionIsABadInput() {
        Path file = dir.resolve("out.gif");
        BadInputException e = assertThrows(BadInputException.class, () -> ImageWriter.write(smooth(2, 2), file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(".png"), e.getMessage());
        assertFalse(Files.exists(file));
        assertThrows(BadInputException.class, () -> ImageWriter.write(smooth(2, 2), dir.resolve("noextension")));
    }

    @Test
    void folderAsTargetIsABadInput() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("looks-like.png"));
        BadInputException e = assertThrows(BadInputException.class, () -> ImageWriter.write(smooth(2, 2), folder));
        assertTrue(e.getMessage().contains("folder"), e.getMessage());
    }

    @Test
    void parentThatIsAFileIsARunFailure() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("notes.txt"), "x");
        Path file = notAFolder.resolve("out.png");
        RunFailedException e = assertThrows(RunFailedException.class, () -> ImageWriter.write(smooth(2, 2), file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void unwritableFolderIsARunFailureThatSaysSo() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may write to read-only folders");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            RunFailedException e = assertThrows(RunFailedException.class,
                    () -> ImageWriter.write(smooth(2, 2), locked.resolve("out.png")));
            assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static Image smooth(int h, int w) {
        double[] rgb = new double[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                rgb[o] = (double) x / w;
                rgb[o + 1] = (double) y / h;
                rgb[o + 2] = 0.5;
            }
        }
        return new Image(h, w, rgb);
    }
}
