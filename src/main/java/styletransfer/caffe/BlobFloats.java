package styletransfer.caffe;

import org.bytedeco.javacpp.FloatPointer;

/**
 * A blob's values or gradient in host memory, lent by {@link CaffeNet}: the net owns and frees it, and a reshape
 * may move it, so a view is taken anew for each pass and never kept.
 */
public final class BlobFloats extends NativeFloats {
    BlobFloats(FloatPointer pointer, long size) {
        super(pointer, size);
    }
}
