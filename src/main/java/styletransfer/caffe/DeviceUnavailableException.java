package styletransfer.caffe;

import styletransfer.BadInputException;

/**
 * A GPU was asked for that this build or machine does not have: the CPU build has no CUDA, or fewer devices are
 * visible. Refused before Caffe is asked, since a CPU-only Caffe dies in a CHECK. The caller says how to choose
 * the CPU or another device in its own words.
 */
public class DeviceUnavailableException extends BadInputException {
    private final int gpuId;
    private final boolean gpuBuild;
    private final int visible;

    public DeviceUnavailableException(int gpuId, boolean gpuBuild, int visible) {
        super("GPU " + gpuId + ": " + reason(gpuBuild, visible));
        this.gpuId = gpuId;
        this.gpuBuild = gpuBuild;
        this.visible = visible;
    }

    /** Why the device cannot be used, without the device: "no CUDA device is visible". */
    public static String reason(boolean gpuBuild, int visible) {
        if (!gpuBuild) {
            return "this is the CPU build of style-transfer";
        }
        return visible == 0 ? "no CUDA device is visible" : "only " + visible + " CUDA device(s) are visible";
    }

    public String reason() {
        return reason(gpuBuild, visible);
    }

    public int gpuId() {
        return gpuId;
    }

    /** False on the CPU build, which has no CUDA at all. */
    public boolean gpuBuild() {
        return gpuBuild;
    }

    /** CUDA devices visible (0 on the CPU build). */
    public int visible() {
        return visible;
    }
}
