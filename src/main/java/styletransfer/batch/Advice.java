package styletransfer.batch;

import styletransfer.InvalidSettingException;
import styletransfer.Setting;
import styletransfer.caffe.DeviceCallException;
import styletransfer.caffe.DeviceOutOfMemoryException;
import styletransfer.transfer.RunTooLargeException;

/**
 * The lower layers' facts in a manifest's words: a setting is named by its manifest field ({@code length}, not
 * {@code -l}), and what to do about a job is said with those fields.
 */
final class Advice {
    private Advice() {}

    /** The manifest field of a setting (the neutral name for settings a manifest cannot set). */
    static String field(Setting setting) {
        return switch (setting) {
            case ITERATIONS -> "num-iters";
            default -> setting.neutralName();
        };
    }

    /** A job's failure on one line: its facts, and for the known kinds what to change in the job. */
    static String message(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + styletransfer.Messages.oneLine(e.getMessage()) + "): use a smaller length";
        }
        if (e instanceof InvalidSettingException invalid) {
            return invalid.messageNaming(field(invalid.setting()));
        }
        if (e instanceof RunTooLargeException large) {
            return large.getMessage() + switch (large.limit()) {
                case BLOB_SIZE -> "; use a smaller length, or crop the image: the shorter side is scaled up to the"
                        + " net's input size";
                case HOST_MEMORY -> "; use a smaller length, or crop an image with an extreme aspect ratio (its"
                        + " shorter side is scaled up to the net's input)";
                case DEVICE_MEMORY -> "; use a smaller length, or run the batch on the CPU (-g -1)";
            };
        }
        if (e instanceof DeviceOutOfMemoryException) {
            return styletransfer.Messages.oneLine(e.getMessage())
                    + "; use a smaller length, another GPU (-g), or -g -1 for the CPU";
        }
        if (e instanceof DeviceCallException) {
            return styletransfer.Messages.oneLine(e.getMessage())
                    + "; -g -1 runs on the CPU; gpu.convolution=caffe avoids cuDNN";
        }
        return styletransfer.Messages.oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
}
