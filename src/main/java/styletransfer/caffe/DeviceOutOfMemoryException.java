package styletransfer.caffe;

/** A device allocation failed: the GPU's memory is full (the CUDA runtime's last error cleared). */
public final class DeviceOutOfMemoryException extends DeviceCallException {
    private final long bytes;

    /** @param bytes what was asked for, or -1 when the library allocated on its own (a handle, a workspace) */
    public DeviceOutOfMemoryException(Device device, String library, String call, long bytes) {
        super(device, library, call + (bytes >= 0 ? " of " + mib(bytes) : "") + " failed: out of device memory");
        this.bytes = bytes;
    }

    public long bytes() {
        return bytes;
    }

    private static String mib(long bytes) {
        return (bytes + (1 << 20) - 1 >> 20) + " MiB";
    }
}
