package styletransfer.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import styletransfer.BadInputException;
import styletransfer.RunFailedException;

/**
 * Saves an {@link Image} as 8-bit RGB, chosen by the file extension: {@code .jpg}/{@code .jpeg} as JPEG at
 * quality 75 (what the reference's {@code scipy.misc.imsave} gets from PIL by default), {@code .png} lossless.
 *
 * <p>Values are quantised as {@code skimage.img_as_ubyte} does for the reference's float32 image: multiplied
 * by 255 in single precision, rounded half to even, clipped to [0, 255] (the reference refuses values outside
 * [-1, 1] instead; we clip). The file appears atomically: it is written under a temporary name in the same
 * folder and then renamed over the target, so a failure leaves no partial file and keeps an earlier one.
 */
public final class ImageWriter {
    private static final float JPEG_QUALITY = 0.75f;

    private ImageWriter() {}

    /**
     * @throws BadInputException if the extension is not .jpg, .jpeg or .png, or the path is a folder
     * @throws RunFailedException if the folder cannot be created or the file cannot be written
     */
    public static void write(Image image, Path path) {
        String format = formatOf(path);
        BufferedImage pixels = toBufferedImage(image);
        writeAtomically(path, out -> encode(pixels, format, out));
    }

    /** Writes a file's bytes. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Creates {@code path} with what {@code content} writes, or leaves it as it was: the bytes go to a
     * temporary file in the same folder (same file system, so the rename is atomic) that replaces the target
     * only once complete and flushed to disk. Missing parent folders are created.
     */
    static void writeAtomically(Path path, Content content) {
        if (Files.isDirectory(path)) {
            throw new BadInputException("Cannot save image to " + path + ": it is a folder; give a file name.");
        }
        Path target = path.toAbsolutePath();
        Path folder = target.getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new RunFailedException("Cannot save image to " + path + ": cannot create folder " + folder + " ("
                    + describe(e) + ").", e);
        }
        Path temp = createTemp(folder, target.getFileName().toString(), path);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } catch (IOException e) {
            throw new RunFailedException("Cannot save image to " + path + ": " + describe(e) + ".", e);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The write failure being reported matters more than a leftover temporary file.
                }
            }
        }
    }

    /**
     * Refuses, before any work is done, an output name whose format we cannot write: .jpg/.jpeg (JPEG quality 75)
     * and .png (lossless) are the ones.
     */
    public static void checkFormat(Path path) {
        formatOf(path);
    }

    private static String formatOf(Path path) {
        Path name = path.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "jpeg";
        }
        if (lower.endsWith(".png")) {
            return "png";
        }
        throw new BadInputException("Cannot save image to " + path
                + ": unknown file type; the name must end in .jpg, .jpeg (JPEG quality 75) or .png (lossless).");
    }

    /** A new, empty file next to the target; created with the usual permissions (umask), not 0600. */
    private static Path createTemp(Path folder, String name, Path shownPath) {
        for (int attempt = 0; ; attempt++) {
            Path temp = folder.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            try {
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw new RunFailedException("Cannot save image to " + shownPath + ": cannot create a temporary"
                            + " file in " + folder + ".", e);
                }
            } catch (IOException e) {
                throw new RunFailedException("Cannot save image to " + shownPath + ": cannot write in folder "
                        + folder + " (" + describe(e) + "); choose another output path.", e);
            }
        }
    }

    private static void encode(BufferedImage pixels, String format, OutputStream out) throws IOException {
        Iterator<javax.imageio.ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        if (!writers.hasNext()) {
            throw new IOException("no " + format + " encoder available in this Java runtime");
        }
        javax.imageio.ImageWriter writer = writers.next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format.equals("jpeg")) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY);
            }
            writer.write(null, new IIOImage(pixels, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /** 8-bit RGB pixels as img_as_ubyte makes them from float32 values. */
    static BufferedImage toBufferedImage(Image image) {
        int h = image.height();
        int w = image.width();
        BufferedImage pixels = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) pixels.getRaster().getDataBuffer()).getData();
        double[] rgb = image.rgb();
        for (int p = 0; p < h * w; p++) {
            for (int c = 0; c < 3; c++) {
                bgr[p * 3 + 2 - c] = (byte) toByte(rgb[p * 3 + c]);
            }
        }
        return pixels;
    }

    /** {@code rint(float32(v) * 255)} clipped to [0, 255]; NaN becomes 0. */
    static int toByte(double value) {
        double scaled = Math.rint((float) value * 255f);
        if (!(scaled > 0)) {
            return 0;
        }
        return scaled >= 255 ? 255 : (int) scaled;
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String message = e.getMessage();
        String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        // Encoders wrap the file system's reason (e.g. "No space left on device") in a message of their own.
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root.getMessage();
        return root == e || reason == null || text.contains(reason) ? text : text + " (" + reason + ")";
    }
}
