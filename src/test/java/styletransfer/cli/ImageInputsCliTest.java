package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import styletransfer.image.ImageReader;
import styletransfer.image.JpegBytes;
import styletransfer.image.PngBytes;

/**
 * Every kind of image a user may hand the program, through the command line: odd but valid pictures run to the
 * end; broken or oversized ones end with one error line, exit code 2, and the earlier output left as it was.
 */
class ImageInputsCliTest {
    @TempDir
    static Path dir;

    private static final byte[] EARLIER = "an earlier output".getBytes();

    static Stream<Arguments> validOddImages() throws IOException {
        return Stream.of(
                Arguments.of("cmyk.jpg", JpegBytes.cmyk()),
                Arguments.of("rgb16.png", PngBytes.png(8, 6, PngBytes.RGB, 16, noise(8 * 6 * 3 * 2))),
                Arguments.of("grey.png", PngBytes.png(8, 6, PngBytes.GREY, 8, noise(8 * 6))),
                Arguments.of("grey-alpha.png", PngBytes.png(8, 6, PngBytes.GREY_ALPHA, 8, noise(8 * 6 * 2))),
                Arguments.of("palette.png", PngBytes.png(2, 2, PngBytes.PALETTE, 8, new byte[] {2, 0, 1, 1},
                        PngBytes.chunk("PLTE", new byte[] {(byte) 255, 0, 0, 0, (byte) 128, (byte) 255, 9, 9, 9}))),
                Arguments.of("1x1.png", PngBytes.png(1, 1, PngBytes.RGB, 8, new byte[] {10, 120, (byte) 200})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validOddImages")
    void oddButValidImagesRunToTheEnd(String name, byte[] bytes) throws IOException {
        Path content = write(name, bytes);
        Path out = dir.resolve("new-folder-" + name).resolve("out.jpg"); // a missing output folder is created
        Cli.Result r = Cli.run(Cli.squeezenet(Cli.starryNight(), content, out));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("Output saved to " + out), r.err());
        BufferedImage written = ImageIO.read(out.toFile());
        // SqueezeNet's input is 227x227: the shorter side is scaled up to it, the aspect ratio kept.
        assertEquals(227, Math.min(written.getWidth(), written.getHeight()));
    }

    static Stream<Arguments> brokenImages() throws IOException {
        byte[] jpeg = Files.readAllBytes(Cli.nanjing());
        byte[] png = PngBytes.png(64, 64, PngBytes.RGB, 8, noise(64 * 64 * 3));
        return Stream.of(
                Arguments.of("missing.jpg", null, "no such file"),
                Arguments.of("empty.jpg", new byte[0], "empty"),
                Arguments.of("text.jpg", "not a picture\n".getBytes(), "not an image"),
                Arguments.of("cut.jpg", Arrays.copyOf(jpeg, jpeg.length / 2), "truncated"),
                Arguments.of("cut.png", Arrays.copyOf(png, png.length / 2), "truncated"),
                Arguments.of("bomb.png", concat(PngBytes.signature(), PngBytes.ihdr(50000, 50000, PngBytes.RGB, 8),
                        PngBytes.chunk("IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00}),
                        PngBytes.chunk("IEND", new byte[0])), "50000x50000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenImages")
    void brokenImagesAreRefusedBeforeTheNetLoads(String name, byte[] bytes, String reason) throws IOException {
        Path image = bytes == null ? dir.resolve(name) : write(name, bytes);
        Path out = earlierOutput(name);
        Cli.Result r = Cli.run(Cli.squeezenet(Cli.starryNight(), image, out));
        r.assertError(2, image.toString(), reason);
        assertTrue(!r.err().contains("Successfully loaded model"), "refused before loading the net");
        assertUntouched(out);
    }

    @Test
    void aFolderIsNotAnImage() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("photos.jpg"));
        Path out = earlierOutput("folder");
        Cli.run(Cli.squeezenet(folder, Cli.nanjing(), out)).assertError(2, "folder");
        assertUntouched(out);
    }

    @Test
    void maxPixelsIsSettable() throws IOException {
        Path small = write("20x20.png", PngBytes.png(20, 20, PngBytes.GREY, 8, new byte[400]));
        Path out = earlierOutput("max-pixels");
        Cli.run(Cli.squeezenet(small, small, out, "--max-pixels=399"))
                .assertError(2, "20x20", "399", "--max-pixels");
        assertUntouched(out);
        Cli.run(Cli.squeezenet(Cli.starryNight(), small, out, "--max-pixels=0")).assertError(2, "--max-pixels");
        assertEquals(ImageReader.DEFAULT_MAX_PIXELS, 100_000_000L, "the limit --help documents");
    }

    @Test
    void extremeAspectRatioIsRefusedByTheMemoryEstimate() throws IOException {
        // 1x4000: the shorter side is scaled up to 227, so the working image would be 227x908000.
        Path tall = write("1x4000.png", PngBytes.png(1, 4000, PngBytes.GREY, 8, noise(4000)));
        Path out = earlierOutput("tall");
        String line = Cli.run(Cli.squeezenet(Cli.starryNight(), tall, out)).assertError(2, "908000x227", "GiB", "-l");
        assertTrue(line.contains("aspect ratio") || line.contains("2^31"), line);
        assertUntouched(out);
    }

    private static Path earlierOutput(String name) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("out-" + name));
        return Files.write(folder.resolve("out.jpg"), EARLIER);
    }

    /** The earlier file is intact and nothing else (no temporary file) was left beside it. */
    static void assertUntouched(Path out) throws IOException {
        assertArrayEquals(EARLIER, Files.readAllBytes(out));
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(1, files.count(), "only the earlier output in " + out.getParent());
        }
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] noise(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
