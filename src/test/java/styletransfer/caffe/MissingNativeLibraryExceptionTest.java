package styletransfer.caffe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The loader's messages, as JavaCPP gives them for the GPU build on a machine without CUDA (seen here). */
class MissingNativeLibraryExceptionTest {
    @Test
    void namesTheLibraryFromTheCauseOfJavaCppsError() {
        UnsatisfiedLinkError top = new UnsatisfiedLinkError("no jnicaffe in java.library.path: /usr/lib");
        top.initCause(new UnsatisfiedLinkError("/root/.javacpp/cache/caffe-1.0-1.5.8-linux-x86_64-gpu.jar/org/bytedeco"
                + "/caffe/linux-x86_64-gpu/libjnicaffe.so: libcudart.so.11.0: cannot open shared object file: No such"
                + " file or directory"));
        MissingNativeLibraryException e = MissingNativeLibraryException.of("Caffe's GPU build", top, true);
        assertEquals("libcudart.so.11.0", e.library());
        assertTrue(e.gpuBuild());
        assertEquals("the native libraries of Caffe's GPU build did not load: libcudart.so.11.0 was not found"
                + " (needed by libjnicaffe.so)", e.getMessage());
    }

    @Test
    void theDriversLibraryToo() {
        MissingNativeLibraryException e = MissingNativeLibraryException.of("the CUDA runtime", new UnsatisfiedLinkError(
                "/x/libjnicudart.so: libcuda.so.1: cannot open shared object file: No such file or directory"), true);
        assertEquals("libcuda.so.1", e.library());
    }

    @Test
    void withoutANameItSaysWhatTheLoaderSaid() {
        MissingNativeLibraryException e = MissingNativeLibraryException.of("Caffe",
                new UnsatisfiedLinkError("no jnicaffe in java.library.path: /usr/lib"), false);
        assertNull(e.library());
        assertEquals("the native libraries of Caffe did not load (UnsatisfiedLinkError: no jnicaffe in"
                + " java.library.path: /usr/lib)", e.getMessage());
    }
}
