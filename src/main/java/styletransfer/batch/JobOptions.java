package styletransfer.batch;

import java.nio.file.Path;
import java.util.List;
import styletransfer.InvalidSettingException;
import styletransfer.Setting;
import styletransfer.image.OutputNames;
import styletransfer.transfer.Schedule;
import styletransfer.transfer.Settings;

/**
 * The per-job settings a manifest line may change, as the single run's options: -m, --weights, -r, -n, -l, -i,
 * --seed. The ratio and init stay as typed because the output-name pattern uses them as typed (as style.py does);
 * the run's {@link Settings} are made from them by {@link #settings}, which checks them (once, in Settings).
 *
 * @param weights a .caffemodel replacing the model's own, or null
 * @param seed    seed of the pink-noise start, or null for a fresh one per job
 */
public record JobOptions(String model, Path weights, String ratio, int iterations, double length, String init,
                         Long seed) {

    /** The keys a manifest line may set, besides content, style and output. */
    public static final List<String> KEYS = List.of("model", "weights", "ratio", "num-iters", "length", "init", "seed");

    /** The output pattern of jobs without an output: the single run's default name. */
    public static final String DEFAULT_PATTERN = OutputNames.DEFAULT_PATTERN;

    /**
     * Checks every value now, so a typo in line 900 of a manifest stops the batch before line 1 runs; a mistake is
     * an {@link InvalidSettingException} that the caller names in its words (flag or manifest field).
     */
    public JobOptions {
        if (model == null || model.isBlank()) {
            throw new InvalidSettingException(Setting.MODEL, "must not be empty");
        }
        settings(ratio, iterations, length, init, seed, Schedule.MINIMAL); // the fields are not set yet
    }

    private static Settings settings(String ratio, int iterations, double length, String init, Long seed,
                                     Schedule schedule) {
        return Settings.reference().withRatio(Settings.parseRatio(ratio)).withIterations(iterations)
                .withLength(length).withInit(Settings.parseInit(init)).withSeed(seed).withSchedule(schedule);
    }

    /** The run's settings of this job (an image start not yet read). */
    public Settings settings(Schedule schedule) {
        return settings(ratio, iterations, length, init, seed, schedule);
    }

    /** This with one manifest field replaced; {@code key} is one of {@link #KEYS}. */
    public JobOptions with(String key, String value) {
        String v = value.trim();
        return switch (key) {
            case "model" -> new JobOptions(v, weights, ratio, iterations, length, init, seed);
            case "weights" -> new JobOptions(model, v.isEmpty() ? null : Path.of(v), ratio, iterations, length, init, seed);
            case "ratio" -> new JobOptions(model, weights, v, iterations, length, init, seed);
            case "num-iters" -> new JobOptions(model, weights, ratio, parseInt(key, v), length, init, seed);
            case "length" -> new JobOptions(model, weights, ratio, iterations, parseDouble(key, v), init, seed);
            case "init" -> new JobOptions(model, weights, ratio, iterations, length, v, seed);
            case "seed" -> new JobOptions(model, weights, ratio, iterations, length, init,
                    v.isEmpty() ? null : parseLong(key, v));
            default -> throw new styletransfer.BadInputException("unknown field \"" + key + "\"; allowed: content, style, "
                    + "output, " + String.join(", ", KEYS));
        };
    }

    private static int parseInt(String key, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new styletransfer.BadInputException(key + " '" + v + "' is not an integer");
        }
    }

    private static long parseLong(String key, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new styletransfer.BadInputException(key + " '" + v + "' is not an integer");
        }
    }

    private static double parseDouble(String key, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new styletransfer.BadInputException(key + " '" + v + "' is not a number");
        }
    }

    /** Fills an output pattern (see {@link OutputNames#fill}) with this job's values and images. */
    public Path outputFor(String pattern, Path content, Path style) {
        return OutputNames.fill(pattern, new OutputNames.Fields(content, style, model, init, ratio, iterations, length));
    }
}
