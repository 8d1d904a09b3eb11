package styletransfer.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * An RGB picture: {@code height} rows of {@code width} pixels, stored row-major with the three channels
 * interleaved ({@code rgb[(row * width + col) * 3 + channel]}, channel 0 = red). Values are nominally in [0, 1],
 * in double precision as scikit-image works, but nothing here enforces the range: a deprocessed optimiser
 * result may stray slightly outside it.
 *
 * <p>The array is shared, not copied, so that large images are not duplicated; treat it as read-only.
 * {@link #equals} compares contents.
 */
public record Image(int height, int width, double[] rgb) {

    public Image {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be at least 1x1, got " + height + "x" + width);
        }
        Objects.requireNonNull(rgb, "rgb");
        long expected = 3L * height * width;
        if (rgb.length != expected) {
            throw new IllegalArgumentException("an image of " + height + "x" + width + " needs " + expected
                    + " values (HxWx3), got " + rgb.length);
        }
    }

    /** The value of one channel (0 red, 1 green, 2 blue) of the pixel at {@code row}, {@code col}. */
    public double get(int row, int col, int channel) {
        Objects.checkIndex(row, height);
        Objects.checkIndex(col, width);
        Objects.checkIndex(channel, 3);
        return rgb[(row * width + col) * 3 + channel];
    }

    /** Number of pixels, {@code height * width}. */
    public int pixels() {
        return height * width;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Image other && height == other.height && width == other.width
                && Arrays.equals(rgb, other.rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(rgb);
    }

    /** Size only: the values of a real picture would make an unreadable message. */
    @Override
    public String toString() {
        return "Image[" + height + "x" + width + "]";
    }
}
