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
    private final String whyNone;

    /** @param whyNone when no device is visible, why (the driver's library is missing, ...), or null */
    public DeviceUnavailableException(int gpuId, boolean gpuBuild, int visible, String whyNone) {
        super("GPU " + gpuId + ": " + reason(gpuBuild, visible, whyNone));
        this.gpuId = gpuId;
        this.gpuBuild = gpuBuild;
        this.visible = visible;
        this.whyNone = whyNone;
    }

    private static String reason(boolean gpuBuild, int visible, String whyNone) {
        if (!gpuBuild) {
            return "this is the CPU build of style-transfer";
        }
        return visible == 0 ? "no CUDA device is visible" + (whyNone != null ? " (" + whyNone + ")" : "")
                : "only " + visible + " CUDA device(s) are visible";
    }

    /** Why the device cannot be used, without naming it: "no CUDA device is visible (...)". */
    public String reason() {
        return reason(gpuBuild, visible, whyNone);
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
