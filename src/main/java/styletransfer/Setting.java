package styletransfer;

import java.util.Locale;

/**
 * The settings of one painting, by what they are. A lower layer names the setting a fact is about with this; the
 * command line calls it by its flag ({@code -l}), a batch manifest by its field ({@code length}).
 */
public enum Setting {
    /** The model's name or folder. */
    MODEL,
    /** The style-to-content weight ratio. */
    RATIO,
    /** The iteration limit. */
    ITERATIONS,
    /** The longest side of the working image. */
    LENGTH,
    /** The start point. */
    INIT,
    /** The largest input image, in pixels. */
    MAX_PIXELS,
    /** OpenBLAS's threads. */
    THREADS,
    /** Iterations between checkpoints. */
    CHECKPOINT_EVERY;

    /** The setting's neutral name in messages without a caller's vocabulary: {@code max pixels}. */
    public String neutralName() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
