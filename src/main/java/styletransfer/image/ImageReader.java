package styletransfer.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import styletransfer.BadInputException;

/**
 * Decodes an image file to an {@link Image} as {@code caffe.io.load_image} (skimage.io.imread) presents it:
 * RGB in [0, 1], grey replicated to three channels, alpha dropped (not composited). 8-bit samples v become
 * {@code v / 255.0}, 16-bit ones {@code v / 65535.0}, each then rounded to float32 as load_image does. Stored values are used as they are, as PIL does it:
 * an embedded RGB colour profile is ignored rather than applied, and grey is not gamma-converted.
 *
 * <p>JPEG (baseline, progressive, grey, CMYK/YCCK through TwelveMonkeys) and PNG (1 to 16 bits, grey,
 * grey+alpha, palette, RGB, RGBA) are supported; other formats that ImageIO reads (BMP, TIFF, GIF) work too.
 * Every problem with the file is a {@link BadInputException} whose message names it.
 */
public final class ImageReader {
    /**
     * Largest picture, in pixels, that {@link #read(Path)} decodes: 100 megapixels, well above any camera
     * photo, but refusing the "decompression bombs" whose small files claim enormous sizes. Decoding needs
     * about 28 bytes per pixel (the decoded raster plus three doubles), so 2.8 GB of heap at the limit.
     */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    private ImageReader() {}

    /** {@link #read(Path, long)} with {@link #DEFAULT_MAX_PIXELS}. */
    public static Image read(Path path) {
        return read(path, DEFAULT_MAX_PIXELS);
    }

    /**
     * Decodes the first image of the file, refusing it before any pixel is decoded when the size in its
     * header exceeds {@code maxPixels}.
     *
     * @throws BadInputException if the file is missing, a folder, unreadable, empty, not an image in a
     *         readable format, damaged or truncated, or too large
     */
    public static Image read(Path path, long maxPixels) {
        return readExact(path, maxPixels);
    }

    /** Height and width of an image as its file's header states them; no pixel is decoded. */
    public record Dimensions(int height, int width) {}

    /**
     * The size of the file's first image, read from its header only (cheap even for large files).
     *
     * @throws BadInputException if the file is missing, unreadable or not an image in a readable format
     */
    public static Dimensions dimensions(Path path) {
        return withReader(path, (reader, in) -> {
            reader.setInput(in, true, true);
            return new Dimensions(reader.getHeight(0), reader.getWidth(0));
        });
    }

    /**
     * caffe.io.load_image casts the decoded picture to float32 before the reference rescales it; rounding each
     * sample the same way keeps our rescaled images equal to the reference's, not only close.
     */
    private static Image asFloat32(Image image) {
        double[] rgb = image.rgb();
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (float) rgb[i];
        }
        return image;
    }

    private static Image readExact(Path path, long maxPixels) {
        return withReader(path, (reader, in) -> asFloat32(decode(reader, in, path, maxPixels)));
    }

    /** What is done with an opened file and the reader that knows its format. */
    @FunctionalInterface
    private interface ReaderWork<T> {
        T apply(javax.imageio.ImageReader reader, ImageInputStream in) throws IOException;
    }

    /** Opens {@code path}, finds a reader for its format and runs {@code work}; every failure is one bad input. */
    private static <T> T withReader(Path path, ReaderWork<T> work) {
        checkFile(path);
        try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
            if (in == null) {
                throw new BadInputException("Cannot read image " + path + ": the file cannot be opened.");
            }
            Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadInputException("Cannot read image " + path
                        + ": not an image in a supported format (JPEG or PNG; BMP and TIFF also work).");
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                return work.apply(reader, in);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException bad) {
                throw bad;
            }
            throw damaged(path, e);
        }
    }

    private static void checkFile(Path path) {
        if (path.toString().isEmpty()) {
            // Path.of("") is the working folder: say what was typed, not "it is a folder".
            throw new BadInputException("Cannot read image: the path is empty; give the path of an image file.");
        }
        if (Files.isDirectory(path)) {
            throw new BadInputException("Cannot read image " + path + ": it is a folder; give the path of an image file.");
        }
        if (!Files.exists(path)) {
            throw new BadInputException("Cannot read image " + path + ": no such file; check the path.");
        }
        if (!Files.isReadable(path)) {
            throw new BadInputException("Cannot read image " + path + ": permission denied; make the file readable.");
        }
        try {
            if (Files.size(path) == 0) {
                throw new BadInputException("Cannot read image " + path + ": the file is empty (0 bytes).");
            }
        } catch (IOException e) {
            throw new BadInputException("Cannot read image " + path + ": " + e.getMessage(), e);
        }
    }

    private static Image decode(javax.imageio.ImageReader reader, ImageInputStream in, Path path, long maxPixels)
            throws IOException {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new ImageTooLargeException(path, width, height, maxPixels);
        }
        if (3 * pixels > Integer.MAX_VALUE - 8) {
            throw new BadInputException("Cannot read image " + path + ": it is " + width + "x" + height
                    + " pixels, too large to hold in memory here; scale it down first.");
        }
        // Decoders report a truncated JPEG as a warning ("Premature end of JPEG file") and fill the rest in
        // grey; PIL, which the reference uses, refuses such files, and so do we.
        List<String> warnings = new ArrayList<>();
        IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
        reader.addIIOReadWarningListener(listener);
        ImageReadParam param = reader.getDefaultReadParam();
        ImageTypeSpecifier ownColours = embeddedRgbProfileType(reader);
        if (ownColours != null) {
            param.setDestinationType(ownColours);
        }
        BufferedImage decoded = reader.read(0, param);
        for (String warning : warnings) {
            String w = warning.toLowerCase(Locale.ROOT);
            if (w.contains("premature end") || w.contains("truncated") || w.contains("end of file")) {
                throw new BadInputException("Cannot read image " + path + ": the file is truncated (" + warning
                        + "); use a complete copy of it.");
            }
        }
        return toImage(decoded);
    }

    /**
     * The decoder's image type in the file's own RGB colour profile, if it has one other than sRGB. JPEG
     * decoders otherwise convert such pictures to sRGB; PIL, and so the reference, takes the stored values.
     */
    private static ImageTypeSpecifier embeddedRgbProfileType(javax.imageio.ImageReader reader) throws IOException {
        for (Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0); types.hasNext(); ) {
            ImageTypeSpecifier type = types.next();
            ColorSpace space = type.getColorModel().getColorSpace();
            if (space instanceof ICC_ColorSpace && !space.isCS_sRGB() && space.getType() == ColorSpace.TYPE_RGB
                    && type.getNumBands() == 3) {
                return type;
            }
        }
        return null;
    }

    private static BadInputException damaged(Path path, Exception e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new BadInputException("Cannot read image " + path + ": the file is damaged or truncated ("
                + detail.replace('\n', ' ') + ").", e);
    }

    /** Raw samples scaled by their bit depth; colour conversion only where there is no RGB or grey to take. */
    static Image toImage(BufferedImage decoded) {
        int h = decoded.getHeight();
        int w = decoded.getWidth();
        double[] rgb = new double[3 * h * w];
        ColorModel cm = decoded.getColorModel();
        Raster raster = decoded.getRaster();
        int colorType = cm.getColorSpace().getType();
        if (cm instanceof IndexColorModel palette) {
            int[] index = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, index);
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * 3;
                    rgb[o] = palette.getRed(index[x]) / 255.0;
                    rgb[o + 1] = palette.getGreen(index[x]) / 255.0;
                    rgb[o + 2] = palette.getBlue(index[x]) / 255.0;
                }
            }
        } else if (cm.getNumColorComponents() == 1 && colorType == ColorSpace.TYPE_GRAY) {
            // Samples, not getRGB: Java treats grey as linear and would gamma-convert it to sRGB.
            double max = (1L << cm.getComponentSize(0)) - 1;
            double[] row = new double[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    double v = row[x] / max;
                    int o = (y * w + x) * 3;
                    rgb[o] = v;
                    rgb[o + 1] = v;
                    rgb[o + 2] = v;
                }
            }
        } else if (cm.getNumColorComponents() == 3 && colorType == ColorSpace.TYPE_RGB) {
            double[] row = new double[w];
            for (int b = 0; b < 3; b++) {
                double max = (1L << cm.getComponentSize(b)) - 1;
                for (int y = 0; y < h; y++) {
                    raster.getSamples(0, y, w, 1, b, row);
                    for (int x = 0; x < w; x++) {
                        rgb[(y * w + x) * 3 + b] = row[x] / max;
                    }
                }
            }
        } else {
            // Anything else (e.g. a CMYK model a decoder left unconverted) goes through Java's conversion to sRGB.
            int[] argb = new int[w];
            for (int y = 0; y < h; y++) {
                decoded.getRGB(0, y, w, 1, argb, 0, w);
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * 3;
                    rgb[o] = ((argb[x] >> 16) & 0xff) / 255.0;
                    rgb[o + 1] = ((argb[x] >> 8) & 0xff) / 255.0;
                    rgb[o + 2] = (argb[x] & 0xff) / 255.0;
                }
            }
        }
        return new Image(h, w, rgb);
    }
}
