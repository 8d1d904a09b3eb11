package styletransfer.caffe;

import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * What this build can run on. The CUDA presets are only on the class path in the {@code gpu} Maven profile, so
 * they are reached by reflection: the CPU build compiles and runs without them. Asking a CPU-only Caffe for a GPU
 * is a fatal CHECK failure, so every GPU request is checked here first.
 */
public final class Devices {
    private static final String CUDART = "org.bytedeco.cuda.global.cudart";

    private Devices() {}

    /** True when the CUDA runtime classes (and so the GPU natives of Caffe) are part of this build. */
    public static boolean gpuBuild() {
        try {
            Class.forName(CUDART, false, Devices.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Number of CUDA devices visible, 0 on the CPU build or when the driver is missing. */
    public static int gpuCount() {
        try (IntPointer n = new IntPointer(1)) {
            Integer err = cudart("cudaGetDeviceCount", n);
            return err != null && err == 0 ? n.get() : 0;
        }
    }

    /**
     * Free memory of the calling thread's current CUDA device (the one Caffe was set to), or -1 when it cannot be
     * asked (CPU build, no driver). Caffe aborts the process when a device allocation fails, so a GPU run checks
     * its estimate against this first.
     */
    public static long freeDeviceBytes() {
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            Integer err = cudart("cudaMemGetInfo", free, total);
            return err != null && err == 0 ? free.get() : -1;
        }
    }

    /**
     * Calls a CUDA runtime function by reflection and returns its error code, or null when it cannot be called:
     * the CPU build has no CUDA presets, and without the driver their natives do not load.
     */
    private static Integer cudart(String function, Pointer... args) {
        if (!gpuBuild()) {
            return null;
        }
        try {
            Class<?>[] types = new Class<?>[args.length];
            for (int i = 0; i < args.length; i++) {
                types[i] = args[i].getClass();
            }
            return (Integer) Class.forName(CUDART).getMethod(function, types).invoke(null, (Object[]) args);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /**
     * The device of a GPU id: -1 (any negative) is the CPU; a GPU id must exist in this build and machine, or the
     * request is refused here ({@link DeviceUnavailableException}) rather than by a fatal CHECK inside Caffe.
     */
    public static Device forId(int id) {
        if (id < 0) {
            return Device.CPU;
        }
        if (!gpuBuild()) {
            throw new DeviceUnavailableException(id, false, 0);
        }
        int count = gpuCount();
        if (id >= count) {
            throw new DeviceUnavailableException(id, true, count);
        }
        return Device.gpu(id);
    }

    /** The reference's default device: the first GPU when there is one, else the CPU. */
    public static Device defaultDevice() {
        return gpuCount() > 0 ? Device.gpu(0) : Device.CPU;
    }
}
