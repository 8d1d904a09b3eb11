package styletransfer.image;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.BadInputException;
import styletransfer.Mutations;

/** Thousands of damaged JPEG and PNG files: each decodes or is refused with a BadInputException, nothing else. */
class ImageReaderFuzzTest {
    static final int CASES = Mutations.cases(2000);

    @TempDir
    Path dir;

    @Test
    void mutatedImagesLoadOrAreRefusedCleanly() throws IOException {
        List<byte[]> seeds = List.of(jpeg(), PngBytes.png(12, 9, PngBytes.RGB, 8, noise(12 * 9 * 3)),
                PngBytes.png(12, 9, PngBytes.GREY, 16, noise(12 * 9 * 2)),
                PngBytes.png(12, 9, PngBytes.GREY_ALPHA, 8, noise(12 * 9 * 2)),
                PngBytes.png(2, 2, PngBytes.PALETTE, 8, new byte[] {2, 0, 1, 1},
                        PngBytes.chunk("PLTE", new byte[] {(byte) 255, 0, 0, 0, (byte) 128, (byte) 255, 9, 9, 9})));
        Mutations mutations = new Mutations(20261125L);
        Path file = dir.resolve("case.img");
        int loaded = 0;
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] bytes = mutations.binary(seeds.get(i % seeds.size()));
            Files.write(file, bytes);
            try {
                Image image = ImageReader.read(file, 1_000_000); // a low limit keeps lying headers cheap
                assertTrue(image.height() > 0 && image.width() > 0);
                loaded++;
            } catch (BadInputException e) {
                assertTrue(e.getMessage().startsWith("Cannot read image"), e.getMessage());
                refused++;
            } catch (RuntimeException | Error e) {
                Path kept = Files.write(Path.of("target", "fuzz-image-" + i + ".bin"), bytes);
                fail("case " + i + " (kept as " + kept + ") threw " + e, e);
            }
        }
        System.out.println("fuzz: ImageReader.read " + CASES + " cases: " + loaded + " loaded, " + refused + " refused");
        assertTrue(loaded > 0 && refused > 0, "the mutations reach both outcomes");
    }

    private static byte[] jpeg() throws IOException {
        BufferedImage image = new BufferedImage(16, 12, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(3);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 16; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    private static byte[] noise(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
