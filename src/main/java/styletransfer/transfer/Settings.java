package styletransfer.transfer;

import java.util.Objects;
import styletransfer.InvalidSettingException;
import styletransfer.Setting;

/**
 * How to paint: the reference's settings and the artist controls, checked when built. A value that cannot be
 * used is an {@link InvalidSettingException} naming the setting, so the command line can name its flag and a
 * batch its manifest field. Start from {@link #reference()} and change what differs.
 *
 * @param ratio      style-to-content weight ratio, a positive finite number
 * @param iterations iteration limit (with {@link Controls#scales()}: ignored, each scale has its own)
 * @param length     longest side of the working image in pixels (with scales: ignored)
 * @param init       the start point
 * @param seed       seed of a pink-noise start; null: a fresh one per run
 * @param schedule   the Caffe work per evaluation (the same result either way)
 * @param controls   artist controls beyond the reference
 */
public record Settings(double ratio, int iterations, double length, InitMode init, Long seed, Schedule schedule,
                       Controls controls) {
    public Settings {
        checkRatio(ratio, Double.toString(ratio));
        if (iterations <= 0) {
            throw new InvalidSettingException(Setting.ITERATIONS, "must be at least 1, got " + iterations);
        }
        if (!Double.isFinite(length) || length < 1) {
            throw new InvalidSettingException(Setting.LENGTH, "must be a positive number of pixels, got " + length);
        }
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(controls, "controls");
    }

    /** The reference's defaults: ratio 1e4, 512 iterations, length 512, from the content, no controls. */
    public static Settings reference() {
        return new Settings(1e4, 512, 512, new InitMode.Content(), null, Schedule.MINIMAL, Controls.reference());
    }

    /**
     * A ratio as typed ("1e4"), checked; the message quotes it as typed.
     *
     * @throws InvalidSettingException for {@link Setting#RATIO} when it is not a positive finite number
     */
    public static double parseRatio(String typed) {
        double r;
        try {
            r = Double.parseDouble(typed.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidSettingException(Setting.RATIO, "'" + typed
                    + "' is not a number: give the style-to-content ratio, e.g. 1e4");
        }
        checkRatio(r, typed);
        return r;
    }

    /**
     * A start as typed: content, mixed, an integer noise exponent, or an image path (which the caller reads
     * before the run, see {@link InitMode.FromImage#withImage}).
     *
     * @throws InvalidSettingException for {@link Setting#INIT} when it is none of these
     */
    public static InitMode parseInit(String typed) {
        return InitMode.parse(typed, true);
    }

    private static void checkRatio(double r, String shown) {
        if (!Double.isFinite(r) || r <= 0) {
            throw new InvalidSettingException(Setting.RATIO, "must be a positive finite number, got '" + shown + "'");
        }
    }

    public Settings withRatio(double r) {
        return new Settings(r, iterations, length, init, seed, schedule, controls);
    }

    public Settings withIterations(int n) {
        return new Settings(ratio, n, length, init, seed, schedule, controls);
    }

    public Settings withLength(double l) {
        return new Settings(ratio, iterations, l, init, seed, schedule, controls);
    }

    public Settings withInit(InitMode i) {
        return new Settings(ratio, iterations, length, i, seed, schedule, controls);
    }

    /** A fixed seed for a pink-noise start (reproducible runs); null for a fresh one per run. */
    public Settings withSeed(Long s) {
        return new Settings(ratio, iterations, length, init, s, schedule, controls);
    }

    public Settings withSchedule(Schedule s) {
        return new Settings(ratio, iterations, length, init, seed, s, controls);
    }

    public Settings withControls(Controls c) {
        return new Settings(ratio, iterations, length, init, seed, schedule, c);
    }

    /** The iterations of the whole run: this limit, or the sum over the scales. */
    public int totalIterations() {
        return controls.scales().isEmpty() ? iterations
                : controls.scales().stream().mapToInt(Controls.Scale::iterations).sum();
    }
}
