package styletransfer.cli;

import styletransfer.caffe.MissingNativeLibraryException;

/** What a user can do when Caffe's native libraries do not load, for the single run and for batch. */
final class NativeAdvice {
    private NativeAdvice() {}

    /** The fact (which library is missing) followed by the ways to get it. */
    static String missingLibrary(MissingNativeLibraryException e) {
        if (e.gpuBuild()) {
            return e.getMessage() + "; the GPU build needs CUDA 11.8 and cuDNN 8.6: install NVIDIA's packages (their"
                    + " libraries on the library path), or set gpu.redist=true in native-config/native.properties"
                    + " (or STYLE_TRANSFER_GPU_REDIST=true) for bin/style-transfer to bring them from Maven; or use"
                    + " the CPU build (extension= empty)";
        }
        return e.getMessage() + "; rebuild for this machine (platform in native-config/native.properties, see"
                + " native-config/README.md)";
    }
}
