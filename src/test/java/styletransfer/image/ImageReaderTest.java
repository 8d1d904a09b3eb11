package styletransfer.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.BadInputException;
import styletransfer.SharedData;

/**
 * Expected samples are what caffe.io.load_image gives: {@code v / 255.0} (16-bit: {@code v / 65535.0}) rounded
 * to float32, since load_image casts img_as_float's result with {@code .astype(np.float32)}.
 */
class ImageReaderTest {
    @TempDir
    Path dir;

    @Test
    void rgbPngSamplesAreDividedBy255() throws IOException {
        byte[] samples = bytes(0, 1, 2, 128, 254, 255, 10, 20, 30, 40, 50, 60); // 2x2 RGB
        Image image = ImageReader.read(write("rgb.png", PngBytes.png(2, 2, PngBytes.RGB, 8, samples)));
        assertEquals(2, image.height());
        assertEquals(2, image.width());
        assertArrayEquals(scaled(samples, 255), image.rgb());
    }

    @Test
    void greyIsReplicatedToThreeChannels() throws IOException {
        byte[] grey = bytes(0, 7, 200, 255, 99, 1); // 2 rows of 3
        Image image = ImageReader.read(write("grey.png", PngBytes.png(3, 2, PngBytes.GREY, 8, grey)));
        assertArrayEquals(replicated(scaled(grey, 255)), image.rgb());
    }

    @Test
    void greyWithAlphaDropsAlphaWithoutCompositing() throws IOException {
        // A fully transparent pixel keeps its grey value, as skimage's imread + load_image give it.
        byte[] greyAlpha = bytes(10, 0, 100, 128, 250, 255);
        Image image = ImageReader.read(write("ga.png", PngBytes.png(3, 1, PngBytes.GREY_ALPHA, 8, greyAlpha)));
        assertArrayEquals(replicated(scaled(bytes(10, 100, 250), 255)), image.rgb());
    }

    @Test
    void rgbaDropsAlpha() throws IOException {
        byte[] rgba = bytes(1, 2, 3, 0, 40, 50, 60, 255);
        Image image = ImageReader.read(write("rgba.png", PngBytes.png(2, 1, PngBytes.RGBA, 8, rgba)));
        assertArrayEquals(scaled(bytes(1, 2, 3, 40, 50, 60), 255), image.rgb());
    }

    @Test
    void paletteIndicesBecomeTheirColours() throws IOException {
        byte[] plte = bytes(255, 0, 0, 0, 128, 255, 9, 9, 9);
        byte[] trns = bytes(0, 255, 128); // alpha per palette entry: dropped like any alpha
        byte[] indices = bytes(2, 0, 1, 1);
        Image image = ImageReader.read(write("palette.png", PngBytes.png(2, 2, PngBytes.PALETTE, 8, indices,
                PngBytes.chunk("PLTE", plte), PngBytes.chunk("tRNS", trns))));
        assertArrayEquals(scaled(bytes(9, 9, 9, 255, 0, 0, 0, 128, 255, 0, 128, 255), 255), image.rgb());
    }

    @Test
    void sixteenBitSamplesAreDividedBy65535() throws IOException {
        int[] rgb16 = {0, 1, 65535, 1234, 40000, 65534};
        Image image = ImageReader.read(write("rgb16.png", PngBytes.png(2, 1, PngBytes.RGB, 16, shorts(rgb16))));
        assertArrayEquals(Arrays.stream(rgb16).mapToDouble(v -> (float) (v / 65535.0)).toArray(), image.rgb());

        int[] grey16 = {300, 65535};
        Image grey = ImageReader.read(write("grey16.png", PngBytes.png(1, 2, PngBytes.GREY, 16, shorts(grey16))));
        assertArrayEquals(replicated(new double[] {(float) (300 / 65535.0), 1.0}), grey.rgb());
    }

    @Test
    void baselineAndProgressiveJpegDecodeToTheSamePicture() throws IOException {
        BufferedImage source = gradient(40, 24);
        Path baseline = writeJpeg("baseline.jpg", source, false);
        Path progressive = writeJpeg("progressive.jpg", source, true);
        assertTrue(hasMarker(Files.readAllBytes(progressive), 0xC2), "writer did not make a progressive JPEG");
        Image a = ImageReader.read(baseline);
        Image b = ImageReader.read(progressive);
        assertEquals(24, b.height());
        assertEquals(40, b.width());
        // Same coefficients, different order in the file: the decoded pixels agree up to the IDCT's rounding.
        RescaleTest.assertClose(a, b, 1.0 / 255 + 1e-12);
        assertClose(toImage(source), b, 0.08);
    }

    @Test
    void greyJpegIsReplicated() throws IOException {
        BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                grey.getRaster().setSample(x, y, 0, 30 * x);
            }
        }
        Image image = ImageReader.read(writeJpeg("grey.jpg", grey, false));
        for (int p = 0; p < 64; p++) {
            assertEquals(image.rgb()[p * 3], image.rgb()[p * 3 + 1]);
            assertEquals(image.rgb()[p * 3], image.rgb()[p * 3 + 2]);
        }
        assertEquals(30 * 7 / 255.0, image.get(3, 7, 0), 0.05);
    }

    @Test
    void embeddedColourProfileIsIgnoredAsPilDoes() throws IOException {
        // The same pixels saved once as sRGB and once tagged with another RGB profile (linear RGB, embedded in
        // an APP2 segment): the compressed data are the same, so the stored values must decode the same.
        BufferedImage srgb = gradient(32, 16);
        // A copy of Java's linear RGB profile: writers leave Java's built-in colour spaces out of the file.
        ICC_ColorSpace linearSpace = new ICC_ColorSpace(
                ICC_Profile.getInstance(ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData()));
        ComponentColorModel linear = new ComponentColorModel(linearSpace, false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_BYTE);
        WritableRaster raster = linear.createCompatibleWritableRaster(32, 16);
        raster.setRect(srgb.getRaster());
        BufferedImage linearImage = new BufferedImage(linear, raster, false, null);
        Path tagged = writeJpeg("tagged.jpg", linearImage, false);
        assertTrue(hasMarker(Files.readAllBytes(tagged), 0xE2), "writer did not embed the profile");
        Image plain = ImageReader.read(writeJpeg("plain.jpg", srgb, false));
        assertEquals(plain, ImageReader.read(tagged));
    }

    @Test
    void cmykJpegIsConvertedToRgb() throws IOException {
        // Cyan ink on the left, no ink on the right.
        Path file = Files.write(dir.resolve("cmyk.jpg"), JpegBytes.cmyk());
        Image image = ImageReader.read(file);
        assertTrue(image.get(4, 2, 0) < 0.2 && image.get(4, 2, 1) > 0.8 && image.get(4, 2, 2) > 0.8,
                "left half should be cyan");
        for (int c = 0; c < 3; c++) {
            assertTrue(image.get(4, 13, c) > 0.9, "right half should be white");
        }
    }

    @Test
    void singlePixelAndSingleRowImagesDecode() throws IOException {
        Image one = ImageReader.read(write("1x1.png", PngBytes.png(1, 1, PngBytes.RGB, 8, bytes(5, 6, 7))));
        assertArrayEquals(scaled(bytes(5, 6, 7), 255), one.rgb());

        byte[] row = new byte[4000 * 3];
        for (int i = 0; i < row.length; i++) {
            row[i] = (byte) (i * 7);
        }
        Image wide = ImageReader.read(write("1x4000.png", PngBytes.png(4000, 1, PngBytes.RGB, 8, row)));
        assertEquals(1, wide.height());
        assertEquals(4000, wide.width());
        assertArrayEquals(scaled(row, 255), wide.rgb());

        Image wideJpeg = ImageReader.read(writeJpeg("1x4000.jpg", gradient(4000, 1), false));
        assertEquals(1, wideJpeg.height());
        assertEquals(4000, wideJpeg.width());
    }

    @Test
    void bmpAndTiffDecodeToo() throws IOException {
        BufferedImage source = gradient(12, 5);
        for (String format : new String[] {"bmp", "tiff"}) {
            Path file = dir.resolve("picture." + format);
            assertTrue(ImageIO.write(source, format, file.toFile()), "no " + format + " writer");
            assertEquals(toImage(source), ImageReader.read(file), format);
        }
    }

    @Test
    void sampleRgbPhotoMatchesJavasOwnDecoding() throws IOException {
        Path chelsea = SharedData.require("images-cc0/chelsea.png");
        Image image = ImageReader.read(chelsea);
        BufferedImage plain = ImageIO.read(chelsea.toFile());
        assertEquals(plain.getHeight(), image.height());
        assertEquals(plain.getWidth(), image.width());
        assertEquals(toImage(plain), image);
    }

    @Test
    void truncatedFilesAreRefused() throws IOException {
        byte[] jpeg = Files.readAllBytes(writeJpeg("full.jpg", gradient(64, 64), false));
        Path cutJpeg = write("cut.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
        assertBadInput(cutJpeg, "truncated");

        byte[] row = new byte[64 * 64 * 3];
        new java.util.Random(1).nextBytes(row); // incompressible, so half the file is half the pixels
        byte[] png = PngBytes.png(64, 64, PngBytes.RGB, 8, row);
        Path cutPng = write("cut.png", Arrays.copyOf(png, png.length / 2));
        assertBadInput(cutPng, "truncated");
    }

    @Test
    void whatIsNotAnImageFileIsRefusedWithTheReason() throws IOException {
        assertBadInput(write("empty.png", new byte[0]), "empty");
        assertBadInput(write("notes.jpg", "just some text\n".getBytes()), "not an image");
        Path folder = Files.createDirectory(dir.resolve("photos.jpg"));
        assertBadInput(folder, "folder");
        assertBadInput(dir.resolve("missing.jpg"), "no such file");
    }

    @Test
    void headerClaimingTooManyPixelsIsRefusedBeforeDecoding() throws IOException {
        // 50000 x 50000 = 2.5 gigapixels in a file of a few dozen bytes: only the IHDR, a token IDAT, IEND.
        byte[] header = concat(PngBytes.signature(), PngBytes.ihdr(50000, 50000, PngBytes.RGB, 8),
                PngBytes.chunk("IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00}), PngBytes.chunk("IEND", new byte[0]));
        Path bomb = write("bomb.png", header);
        String message = assertBadInput(bomb, "50000x50000");
        assertTrue(message.contains(String.valueOf(ImageReader.DEFAULT_MAX_PIXELS)), message);
        assertTrue(message.contains("raise"), message);

        Path small = write("10x10.png", PngBytes.png(10, 10, PngBytes.GREY, 8, new byte[100]));
        assertThrows(BadInputException.class, () -> ImageReader.read(small, 99));
        assertEquals(10, ImageReader.read(small, 100).width());
    }

    private String assertBadInput(Path file, String reason) {
        BadInputException e = assertThrows(BadInputException.class, () -> ImageReader.read(file));
        String message = e.getMessage();
        assertTrue(message.contains(file.toString()), "message should name the file: " + message);
        assertTrue(message.contains(reason), "message should say '" + reason + "': " + message);
        assertFalse(message.contains("\n"), "message should be one line: " + message);
        return message;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private Path writeJpeg(String name, BufferedImage image, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        Path file = dir.resolve(name);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(progressive ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return Files.write(file, bytes.toByteArray());
    }

    /** Whether a JPEG has the marker 0xFF{@code code} among its segments before the first scan. */
    private static boolean hasMarker(byte[] jpeg, int code) {
        int i = 2;
        while (i + 3 < jpeg.length && (jpeg[i] & 0xff) == 0xff) {
            int marker = jpeg[i + 1] & 0xff;
            if (marker == code) {
                return true;
            }
            if (marker == 0xDA) {
                return false;
            }
            i += 2 + ((jpeg[i + 2] & 0xff) << 8 | (jpeg[i + 3] & 0xff));
        }
        return false;
    }

    private static BufferedImage gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = 255 * x / Math.max(1, width - 1);
                int g = 255 * y / Math.max(1, height - 1);
                image.setRGB(x, y, r << 16 | g << 8 | 128);
            }
        }
        return image;
    }

    /** 8-bit sRGB through Java's getRGB, an independent route for plain RGB pictures; float32 as load_image. */
    private static Image toImage(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        double[] rgb = new double[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                int o = (y * w + x) * 3;
                rgb[o] = (float) ((argb >> 16 & 0xff) / 255.0);
                rgb[o + 1] = (float) ((argb >> 8 & 0xff) / 255.0);
                rgb[o + 2] = (float) ((argb & 0xff) / 255.0);
            }
        }
        return new Image(h, w, rgb);
    }

    private static void assertClose(Image expected, Image actual, double meanTolerance) {
        double sum = 0;
        for (int i = 0; i < expected.rgb().length; i++) {
            sum += Math.abs(expected.rgb()[i] - actual.rgb()[i]);
        }
        double mean = sum / expected.rgb().length;
        assertTrue(mean < meanTolerance, "mean difference " + mean);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] shorts(int[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Unsigned samples divided by {@code max} in double, then rounded to float32 as load_image does. */
    private static double[] scaled(byte[] samples, double max) {
        double[] v = new double[samples.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((samples[i] & 0xff) / max);
        }
        return v;
    }

    private static double[] replicated(double[] grey) {
        double[] v = new double[grey.length * 3];
        for (int i = 0; i < grey.length; i++) {
            v[3 * i] = grey[i];
            v[3 * i + 1] = grey[i];
            v[3 * i + 2] = grey[i];
        }
        return v;
    }
}
