package styletransfer.caffe;

import styletransfer.RunFailedException;

/**
 * A call into CUDA, cuBLAS or cuDNN on a GPU failed. The CUDA runtime's last error has been cleared when this is
 * thrown, so Caffe's next kernel check does not abort the process over it.
 */
public class DeviceCallException extends RunFailedException {
    private final Device device;
    private final String library;

    /** @param library "CUDA", "cuBLAS" or "cuDNN"; {@code detail} the call and its status, as the library says */
    public DeviceCallException(Device device, String library, String detail) {
        super(library + " " + detail + " on " + device);
        this.device = device;
        this.library = library;
    }

    public Device device() {
        return device;
    }

    public String library() {
        return library;
    }
}
