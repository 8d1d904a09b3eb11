package styletransfer.cli;

import styletransfer.InvalidSettingException;
import styletransfer.Setting;
import styletransfer.caffe.DeviceCallException;
import styletransfer.caffe.DeviceOutOfMemoryException;
import styletransfer.caffe.DeviceUnavailableException;
import styletransfer.caffe.MissingNativeLibraryException;
import styletransfer.image.ImageTooLargeException;
import styletransfer.transfer.CheckpointException;
import styletransfer.transfer.RunTooLargeException;

/**
 * The lower layers' facts in the command line's words: a setting is named by its flag, and what to do is said
 * with flags ({@code use a smaller -l}). A batch job's failures are advised in the manifest's words instead
 * (batch's own Advice).
 */
final class Advice {
    private Advice() {}

    /** The flag of a setting. */
    static String flag(Setting setting) {
        return switch (setting) {
            case MODEL -> "-m";
            case RATIO -> "-r";
            case ITERATIONS -> "-n";
            case LENGTH -> "-l";
            case INIT -> "-i";
            case MAX_PIXELS -> "--max-pixels";
            case THREADS -> "--threads";
            case CHECKPOINT_EVERY -> "--checkpoint-every";
        };
    }

    /** The message for the user: the failure's facts, and for the known kinds what to do, in flags. */
    static String message(Throwable e) {
        if (e instanceof InvalidSettingException invalid) {
            return invalid.messageNaming(flag(invalid.setting()));
        }
        if (e instanceof RunTooLargeException large) {
            return large.getMessage() + switch (large.limit()) {
                case BLOB_SIZE -> "; use a smaller -l, or crop the image: the shorter side is scaled up to the net's"
                        + " input size";
                case HOST_MEMORY -> "; use a smaller -l, or crop an image with an extreme aspect ratio (its shorter"
                        + " side is scaled up to the net's input)";
                case DEVICE_MEMORY -> "; use a smaller -l, or -g -1 to run on the CPU";
            };
        }
        if (e instanceof ImageTooLargeException) {
            return e.getMessage() + " (--max-pixels).";
        }
        if (e instanceof DeviceUnavailableException device) {
            return "-g " + device.gpuId() + ": " + device.reason() + (device.gpuBuild() ? "; use -g -1 for the CPU"
                    : "; use -g -1, or build the GPU version (mvn -Pgpu package, see the README's 'Running on a GPU"
                    + " server')");
        }
        if (e instanceof MissingNativeLibraryException missing) {
            return NativeAdvice.missingLibrary(missing);
        }
        if (e instanceof DeviceOutOfMemoryException) {
            return e.getMessage() + "; use a smaller -l, another GPU (-g N), or -g -1 for the CPU";
        }
        if (e instanceof DeviceCallException) {
            return e.getMessage() + "; -g -1 runs on the CPU; if cuDNN fails on this machine, gpu.convolution=caffe"
                    + " in native-config/native.properties (STYLE_TRANSFER_GPU_CONVOLUTION=caffe) builds convolutions"
                    + " without it";
        }
        if (e instanceof CheckpointException checkpoint) {
            return "--resume: " + checkpoint.getMessage() + switch (checkpoint.problem()) {
                case MISSING -> "; run with --checkpoint-every N and the same -o first";
                case OTHER_SETTINGS -> "; resume with the same settings (only -n may change)";
                case OTHER_SIZE -> "; resume with the same images and -l";
                case DAMAGED -> "; start the run again without --resume";
            };
        }
        return e.getMessage();
    }
}
