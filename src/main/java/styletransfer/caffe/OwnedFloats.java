package styletransfer.caffe;

import org.bytedeco.javacpp.FloatPointer;

/** Native host floats this code allocated: freed by {@link #close()}, which try-with-resources should call. */
public final class OwnedFloats extends NativeFloats implements AutoCloseable {
    private OwnedFloats(FloatPointer pointer, long size) {
        super(pointer, size);
    }

    /** n floats, uninitialised (as {@code new float[n]} in C++). */
    public static OwnedFloats allocate(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot allocate " + n + " floats");
        }
        return new OwnedFloats(new FloatPointer(n), n);
    }

    /** A native copy of the values. */
    public static OwnedFloats of(float... values) {
        return new OwnedFloats(new FloatPointer(values), values.length);
    }

    private boolean closed;

    @Override
    FloatPointer pointer() {
        if (closed) {
            throw new IllegalStateException("native floats already freed");
        }
        return super.pointer();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            super.pointer().close();
        }
    }
}
