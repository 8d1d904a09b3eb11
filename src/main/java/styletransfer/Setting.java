package styletransfer;

import java.util.Locale;

/**
 * The settings of one painting, by what they are. A lower layer names the setting a fact is about with this; the
 * command line calls it by its flag ({@code -l}), a batch manifest by its field ({@code length}).
 */
public enum Setting {
    STYLE, CONTENT, MODEL, WEIGHTS, RATIO, ITERATIONS, LENGTH, INIT, SEED, OUTPUT, MAX_PIXELS, DEVICE, THREADS,
    CHECKPOINT_EVERY, RESUME;

    /** The setting's neutral name in messages without a caller's vocabulary: {@code max pixels}. */
    public String neutralName() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
