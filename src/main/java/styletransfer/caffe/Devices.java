package styletransfer.caffe;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;
import styletransfer.RunFailedException;

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

    /**
     * Loads Caffe's native libraries, once per process. A shared library they need that is missing (CUDA's, in
     * the GPU build without them) is a {@link MissingNativeLibraryException} naming it, here, before anything
     * else touches Caffe: a class whose natives failed to load can never be used, and later errors no longer say
     * which library was missing.
     */
    public static void requireNatives() {
        if (Natives.CAFFE != null) {
            throw Natives.CAFFE.again();
        }
    }

    /** What loading the natives found, once per process (the loader cannot be asked twice). */
    private static final class Natives {
        static final MissingNativeLibraryException CAFFE = load();
        /** Why no device can be counted (the CUDA runtime's own bindings did not load), or null. */
        static final String RUNTIME = gpuBuild() ? loadCudart() : null;

        private static MissingNativeLibraryException load() {
            try {
                Loader.load(org.bytedeco.caffe.global.caffe.class);
                return null;
            } catch (LinkageError e) {
                boolean gpu = gpuBuild();
                return MissingNativeLibraryException.of(gpu ? "Caffe's GPU build" : "Caffe", e, gpu);
            }
        }

        private static String loadCudart() {
            try {
                Loader.load(Class.forName(Devices.CUDART));
                return null;
            } catch (ClassNotFoundException | LinkageError e) {
                LinkageError error = e instanceof LinkageError l ? l : new LinkageError(e.toString(), e);
                MissingNativeLibraryException m = MissingNativeLibraryException.of("the CUDA runtime", error, true);
                if (m.library() == null) {
                    return m.getMessage();
                }
                return m.library() + (m.library().startsWith("libcuda.so") ? " (the NVIDIA driver's library)" : "")
                        + " was not found";
            }
        }
    }

    /**
     * Number of CUDA devices visible: 0 on the CPU build, without the NVIDIA driver or without a device. In the GPU
     * build without CUDA's libraries a {@link MissingNativeLibraryException}, since that build cannot run at all.
     */
    public static int gpuCount() {
        return probe().count();
    }

    /** Devices counted, and when there are none, why (null when the runtime simply reports none). */
    private record Probe(int count, String whyNone) {}

    private static Probe probe() {
        if (!gpuBuild()) {
            return new Probe(0, "this is the CPU build");
        }
        requireNatives(); // Caffe's GPU build links CUDA: without its libraries nothing runs, not even on the CPU
        if (Natives.RUNTIME != null) {
            // Typically libcuda.so.1: the NVIDIA driver is not installed, so no device can be used.
            return new Probe(0, Natives.RUNTIME);
        }
        try (IntPointer n = new IntPointer(1)) {
            Integer err = cudart("cudaGetDeviceCount", n);
            if (err == null) {
                return new Probe(0, "the CUDA runtime could not be called");
            }
            if (err != 0) {
                return new Probe(0, "cudaGetDeviceCount failed: " + errorString(err));
            }
            return new Probe(n.get(), null);
        }
    }

    /** The CUDA runtime's text for an error code ("CUDA driver version is insufficient ...", ...). */
    static String errorString(int code) {
        try {
            Object text = Class.forName(CUDART).getMethod("cudaGetErrorString", int.class).invoke(null, code);
            return text instanceof BytePointer b ? b.getString() + " (" + code + ")" : "error " + code;
        } catch (ReflectiveOperationException | LinkageError e) {
            return "error " + code;
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
     * Reads and resets the calling thread's CUDA "last error" (0 when none, or on the CPU build). Caffe checks
     * {@code cudaPeekAtLastError} after every kernel and aborts the process on anything but success, so an error
     * that was handled (a failed allocation that was reported, or that Caffe itself worked around, as when a
     * cuDNN workspace does not fit) must not stay set.
     */
    public static int clearLastError() {
        Integer err = cudart("cudaGetLastError");
        return err == null ? 0 : err;
    }

    /**
     * Whether cuDNN and cuBLAS may use TF32 in this process: unless NVIDIA_TF32_OVERRIDE=0 is in the environment
     * (as bin/style-transfer sets it by default), they do on Ampere and newer GPUs, about 1e-3 relative from float32.
     */
    public static boolean tf32Allowed() {
        return !"0".equals(System.getenv("NVIDIA_TF32_OVERRIDE"));
    }

    /** Waits until the calling thread's device has finished its queued work (nothing to wait for on the CPU build). */
    public static void synchronize() {
        Integer err = cudart("cudaDeviceSynchronize");
        if (err != null && err != 0) {
            throw new RunFailedException("CUDA cudaDeviceSynchronize failed: " + errorString(err));
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
        if (gpuBuild()) {
            requireNatives(); // the GPU build's Caffe needs CUDA's libraries even on the CPU
        }
        if (id < 0) {
            return Device.CPU;
        }
        if (!gpuBuild()) {
            throw new DeviceUnavailableException(id, false, 0, null);
        }
        Probe devices = probe();
        int count = devices.count();
        if (id >= count) {
            throw new DeviceUnavailableException(id, true, count, devices.whyNone());
        }
        return Device.gpu(id);
    }

    /**
     * The reference's default device: the first GPU when there is one, else the CPU. In the GPU build without
     * CUDA's libraries this is a {@link MissingNativeLibraryException}: that build cannot run on the CPU either.
     */
    public static Device defaultDevice() {
        return gpuCount() > 0 ? Device.gpu(0) : Device.CPU;
    }
}
