package styletransfer.transfer;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import styletransfer.InvalidSettingException;
import styletransfer.Setting;
import styletransfer.image.Image;
import styletransfer.image.ImageWriter;
import styletransfer.model.ModelSpec;

/**
 * One painting to make: the images (read by the caller), the model, the settings, where the picture goes and
 * the run's checkpoints. {@link StyleTransfer#run} paints it.
 *
 * @param model       the model: its mean and its content and style layers (the net itself is opened by the caller)
 * @param styles      one or more style images (several are blended by {@link Controls#styleBlend()})
 * @param content     the content image
 * @param settings    how to paint
 * @param output      where the picture is written (.jpg or .png), or null to only return it
 * @param checkpoints the run's saved state beside the output, and whether to resume from it
 */
public record Request(ModelSpec model, List<Image> styles, Image content, Settings settings, Path output,
                      Checkpoints checkpoints) {
    /**
     * The run's state saved beside the output every {@code every} iterations (0: never), and whether the run
     * continues from it; a resume checks that the saved state was made with the same {@code key}.
     */
    public record Checkpoints(int every, boolean resume, Checkpoint.RunKey key) {
        public Checkpoints {
            if (every < 0) {
                throw new InvalidSettingException(Setting.CHECKPOINT_EVERY,
                        "must be 0 (never) or a number of iterations, got " + every);
            }
            if ((every > 0 || resume) && key == null) {
                throw new IllegalArgumentException("checkpoints need the run's key");
            }
        }

        /** No checkpoints, no resume. */
        public static Checkpoints none() {
            return new Checkpoints(0, false, null);
        }

        boolean used() {
            return every > 0 || resume;
        }
    }

    public Request {
        Objects.requireNonNull(model, "model");
        styles = List.copyOf(styles);
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(checkpoints, "checkpoints");
        if (styles.isEmpty()) {
            throw new IllegalArgumentException("at least one style image");
        }
        settings.controls().blendFor(styles.size());
        if (settings.init() instanceof InitMode.FromImage from && from.image() == null) {
            throw new IllegalArgumentException("the start image " + from.path() + " is not read: read it first"
                    + " (InitMode.FromImage.withImage)");
        }
        if (output != null) {
            ImageWriter.checkFormat(output);
        }
        if (checkpoints.used() && output == null) {
            throw new IllegalArgumentException("checkpoints are kept beside the output: give an output");
        }
    }

    /** A painting of {@code content} in the style of {@code style}, written to {@code output}, without checkpoints. */
    public Request(ModelSpec model, Image style, Image content, Settings settings, Path output) {
        this(model, List.of(style), content, settings, output, Checkpoints.none());
    }

    public Request withCheckpoints(Checkpoints c) {
        return new Request(model, styles, content, settings, output, c);
    }
}
