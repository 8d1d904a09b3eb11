package styletransfer.transfer;

import styletransfer.BadInputException;

/**
 * A run refused before it starts because it cannot fit: a blob or image beyond what Caffe or Java can index, or
 * more memory than the machine or device has. It carries the working sizes and the numbers; the caller advises
 * in its own words (a smaller length, a cropped image, the CPU).
 */
public class RunTooLargeException extends BadInputException {
    /** What the run would exceed. */
    public enum Limit {
        /** Caffe's 2^31-1 values per blob (or Java's per array). */
        BLOB_SIZE,
        /** The memory available on this machine. */
        HOST_MEMORY,
        /** The free memory of the GPU the run was to use. */
        DEVICE_MEMORY
    }

    private final Limit limit;
    private final StyleTransfer.Sizes sizes;
    private final long neededBytes;
    private final long availableBytes;

    public RunTooLargeException(Limit limit, StyleTransfer.Sizes sizes, long neededBytes, long availableBytes,
                         String message) {
        super(message);
        this.limit = limit;
        this.sizes = sizes;
        this.neededBytes = neededBytes;
        this.availableBytes = availableBytes;
    }

    public Limit limit() {
        return limit;
    }

    /** The working sizes the run would have had. */
    public StyleTransfer.Sizes sizes() {
        return sizes;
    }

    /** The estimated memory the run needs (on the device for {@link Limit#DEVICE_MEMORY}). */
    public long neededBytes() {
        return neededBytes;
    }

    /** Memory available (free on the device for {@link Limit#DEVICE_MEMORY}); -1 for {@link Limit#BLOB_SIZE}. */
    public long availableBytes() {
        return availableBytes;
    }
}
