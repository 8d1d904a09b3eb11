package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.BadInputException;
import styletransfer.image.CaffeTransform;
import styletransfer.image.Image;
import styletransfer.image.ImageReader;

class InitModeTest {
    private static final double[] MEAN = {104.0069879317889, 116.66876761696767, 122.6789143406786};

    @Test
    void parsesTheReferencesValuesAndImagePaths() {
        assertEquals(new InitMode.Content(), InitMode.parse("content", true));
        assertEquals(new InitMode.Mixed(), InitMode.parse("mixed", true));
        assertEquals(new InitMode.Noise(-1), InitMode.parse("-1", true));
        assertEquals(new InitMode.FromImage(Path.of("images/content/rocket.jpg")),
                InitMode.parse("images/content/rocket.jpg", true));
        assertThrows(BadInputException.class, () -> InitMode.parse("plaid", true));
    }

    /**
     * The start is the picture as the net sees it, written out here from the reference's steps rather than with
     * the code under test: load_image's v/255 rounded to float32, the Transformer's raw scale 255 in float32, BGR
     * planes, the per-channel mean subtracted and the result stored as float32.
     */
    @Test
    void anImageStartIsThatImageAsTheNetSeesIt(@TempDir Path dir) throws IOException {
        int h = 6;
        int w = 9;
        BufferedImage picture = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                picture.setRGB(x, y, rgbAt(x, y));
            }
        }
        Path photo = dir.resolve("start.png");
        ImageIO.write(picture, "png", photo.toFile());

        double[] x = startFrom(photo, h, w);

        for (int c = 0; c < 3; c++) {
            int shift = 8 * c; // BGR plane c: blue is the lowest byte of 0xRRGGBB
            for (int p = 0; p < h * w; p++) {
                int v = (rgbAt(p % w, p / w) >> shift) & 0xff;
                float scaled = (float) (v / 255.0) * 255f;
                assertEquals((float) (scaled - MEAN[c]), x[c * h * w + p], 0.0, "plane " + c + " pixel " + p);
            }
        }
    }

    @Test
    void anImageStartIsThatImageResizedToTheContentsSize(@TempDir Path dir) throws IOException {
        // A black picture twice the content's size: resized, every pixel is still black, so each plane is -mean.
        Path photo = dir.resolve("black.png");
        ImageIO.write(new BufferedImage(18, 12, BufferedImage.TYPE_INT_RGB), "png", photo.toFile());

        double[] x = startFrom(photo, 6, 9);

        assertEquals(3 * 6 * 9, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals((float) -MEAN[i / 54], x[i], 0.0, "element " + i);
        }
    }

    private static int rgbAt(int x, int y) {
        return ((x * 29 + y * 7) % 256) << 16 | ((x * 3 + y * 41 + 100) % 256) << 8 | ((x * 53 + y * 11 + 7) % 256);
    }

    /** The start for -i path with a content image of h x w. */
    private static double[] startFrom(Path photo, int h, int w) {
        CaffeTransform t = new CaffeTransform(MEAN);
        Image content = new Image(h, w, new double[h * w * 3]);
        Targets.Input contentIn = new Targets.Input(t.preprocess(content), h, w);
        return StyleTransfer.start(new InitMode.FromImage(photo).withImage(ImageReader.read(photo)), t, contentIn, content, content, 0);
    }
}
