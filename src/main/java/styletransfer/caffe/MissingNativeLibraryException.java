package styletransfer.caffe;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import styletransfer.RunFailedException;

/**
 * Caffe's native libraries did not load because a shared library they link against is not on this machine: in
 * the GPU build usually CUDA's ({@code libcudart.so.11.0}, {@code libcublas.so.11}, {@code libcudnn.so.8}, ...).
 * States what was missing; the command line and batch say what to do about it.
 */
public final class MissingNativeLibraryException extends RunFailedException {
    private static final Pattern MISSING =
            Pattern.compile("(?:([^/\\s:]+):\\s+)?([^/\\s:]+\\.so[.0-9]*): cannot open shared object file");

    private final String library;
    private final boolean gpuBuild;

    MissingNativeLibraryException(String message, String library, boolean gpuBuild, Throwable cause) {
        super(message, cause);
        this.library = library;
        this.gpuBuild = gpuBuild;
    }

    /** The library that was not found (e.g. {@code libcudart.so.11.0}), or null when the loader did not say. */
    public String library() {
        return library;
    }

    /** Whether this is the GPU build, whose Caffe links CUDA and cuDNN. */
    public boolean gpuBuild() {
        return gpuBuild;
    }

    /**
     * The facts of a failed load of {@code what} (e.g. "Caffe's GPU build"): the missing library and the one that
     * needed it when the loader's messages (anywhere in the chain of causes) name them.
     */
    static MissingNativeLibraryException of(String what, LinkageError error, boolean gpuBuild) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            Matcher m = MISSING.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                String neededBy = m.group(1) != null ? " (needed by " + m.group(1) + ")" : "";
                return new MissingNativeLibraryException("the native libraries of " + what + " did not load: "
                        + m.group(2) + " was not found" + neededBy, m.group(2), gpuBuild, error);
            }
        }
        return new MissingNativeLibraryException("the native libraries of " + what + " did not load ("
                + error.getClass().getSimpleName() + ": " + error.getMessage() + ")", null, gpuBuild, error);
    }

    /** A copy to throw again (the first failure is kept; a class whose natives failed never loads later). */
    MissingNativeLibraryException again() {
        return new MissingNativeLibraryException(getMessage(), library, gpuBuild, getCause());
    }
}
