package styletransfer.transfer;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import styletransfer.image.Image;
import styletransfer.image.ImageWriter;
import styletransfer.model.ModelSpec;

/**
 * One painting to make: the images (read by the caller), the model, the settings, where the picture goes and,
 * for a run that continues an earlier one, its saved state. {@link StyleTransfer#run} paints it.
 *
 * @param model      the model: its mean and its content and style layers (the net itself is opened by the caller)
 * @param styles     one or more style images (several are blended by {@link Controls#styleBlend()})
 * @param content    the content image
 * @param settings   how to paint
 * @param output     where the picture is written (.jpg or .png) whichever way the run ends, or null to only
 *                   return it
 * @param resumeFrom the saved state to continue ({@link Checkpoint#load}): its iterations count towards the
 *                   settings' iterations; null to start from the settings' init
 */
public record Request(ModelSpec model, List<Image> styles, Image content, Settings settings, Path output,
                      Checkpoint.Saved resumeFrom) {
    public Request {
        Objects.requireNonNull(model, "model");
        styles = List.copyOf(styles);
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(settings, "settings");
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
        if (resumeFrom != null && !settings.controls().scales().isEmpty()) {
            throw new IllegalArgumentException("a coarse-to-fine run cannot continue a checkpoint");
        }
    }

    /** A painting of {@code content} in the style of {@code style}, written to {@code output} (null: not written). */
    public Request(ModelSpec model, Image style, Image content, Settings settings, Path output) {
        this(model, List.of(style), content, settings, output, null);
    }

    /** This request continuing {@code saved} (null: from the start). */
    public Request resumingFrom(Checkpoint.Saved saved) {
        return new Request(model, styles, content, settings, output, saved);
    }
}
