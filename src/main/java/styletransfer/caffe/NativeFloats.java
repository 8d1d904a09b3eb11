package styletransfer.caffe;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Floats in native host memory, as OpenBLAS and Caffe's blobs hold them. Two kinds, told apart by type: memory this
 * code allocated and must free ({@link OwnedFloats}, closeable) and a blob's memory lent by {@link CaffeNet}
 * ({@link BlobFloats}, valid until the net's next reshape, freed by the net).
 *
 * <p>Element work goes through {@link #buffer(long)}: a direct {@link FloatBuffer} whose bulk get/put copy whole
 * ranges, never one native call per element.
 */
public abstract sealed class NativeFloats permits OwnedFloats, BlobFloats {
    private final FloatPointer pointer;
    private final long size;

    NativeFloats(FloatPointer pointer, long size) {
        this.pointer = pointer;
        this.size = size;
    }

    /** The number of floats. */
    public long size() {
        return size;
    }

    /** A view of the first n floats, in native byte order; it shares the memory and is valid as long as it is. */
    public FloatBuffer buffer(long n) {
        requireRange(n);
        return pointer().position(0).limit(n).capacity(n).asBuffer();
    }

    /**
     * The first n floats' bit patterns ({@link Float#floatToRawIntBits}), a view of the same memory: element loops
     * that select by bits (branch-free and vectorizable where a float comparison is neither) read them here.
     */
    public IntBuffer bits(long n) {
        requireRange(n);
        return pointer().position(0).limit(n).capacity(n).asByteBuffer().order(ByteOrder.nativeOrder()).asIntBuffer();
    }

    /** A view of all the floats (see {@link #buffer(long)}). */
    public FloatBuffer buffer() {
        return buffer(size);
    }

    /** Sets the first n floats to 0 (all-zero bytes are 0f). */
    public void zero(long n) {
        requireRange(n);
        Pointer.memset(pointer().position(0), 0, n * Float.BYTES);
    }

    /** Copies the first n floats of {@code from} here. */
    public void copyFrom(NativeFloats from, long n) {
        requireRange(n);
        from.requireRange(n);
        Pointer.memcpy(pointer().position(0), from.pointer().position(0), n * Float.BYTES);
    }

    /** The memory, for the native calls of this package. */
    FloatPointer pointer() {
        return pointer;
    }

    void requireRange(long n) {
        if (n < 0 || n > size) {
            throw new IndexOutOfBoundsException(n + " floats asked of " + size);
        }
    }
}
