package styletransfer.image;

import java.nio.file.Path;
import styletransfer.BadInputException;

/**
 * An image file holds more pixels than the reader was allowed to decode; found from its header, before
 * decoding. The caller names its way to raise the limit, if it has one.
 */
public class ImageTooLargeException extends BadInputException {
    private final Path path;
    private final int width;
    private final int height;
    private final long limit;

    public ImageTooLargeException(Path path, int width, int height, long limit) {
        super("Cannot read image " + path + ": it is " + width + "x" + height + " = " + (long) width * height
                + " pixels, more than the limit of " + limit + " pixels; scale it down first (the work is done at"
                + " about 512 pixels on the longer side) or raise the pixel limit");
        this.path = path;
        this.width = width;
        this.height = height;
        this.limit = limit;
    }

    public Path path() {
        return path;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The pixel limit the reader was given. */
    public long limit() {
        return limit;
    }
}
