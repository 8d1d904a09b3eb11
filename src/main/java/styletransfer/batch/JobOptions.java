package styletransfer.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import styletransfer.BadInputException;
import styletransfer.image.OutputNames;
import styletransfer.transfer.InitMode;

/**
 * The per-job settings a manifest line may change, as the single run's options: -m, --weights, -r, -n, -l, -i,
 * --seed. The ratio and init stay as typed because the output-name pattern uses them as typed (as style.py does).
 *
 * @param weights a .caffemodel replacing the model's own, or null
 * @param seed    seed of the pink-noise start, or null for a fresh one per job
 */
public record JobOptions(String model, Path weights, String ratio, int iterations, double length, String init,
                         Long seed) {

    /** The keys a manifest line may set, besides content, style and output. */
    public static final List<String> KEYS = List.of("model", "weights", "ratio", "num-iters", "length", "init", "seed");

    /** Checks every value now, so a typo in line 900 of a manifest stops the batch before line 1 runs. */
    public JobOptions {
        if (model == null || model.isBlank()) {
            throw new BadInputException("model must not be empty");
        }
        ratioValue(ratio);
        if (iterations <= 0) {
            throw new BadInputException("num-iters must be at least 1, got " + iterations);
        }
        if (!Double.isFinite(length) || length < 1) {
            throw new BadInputException("length must be a positive number of pixels, got " + length);
        }
        InitMode.parse(init, true);
    }

    public double ratioValue() {
        return ratioValue(ratio);
    }

    public InitMode initMode() {
        return InitMode.parse(init, true);
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
            default -> throw new BadInputException("unknown field \"" + key + "\"; allowed: content, style, output, "
                    + String.join(", ", KEYS));
        };
    }

    private static double ratioValue(String ratio) {
        double r;
        try {
            r = Double.parseDouble(ratio.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new BadInputException("ratio '" + ratio + "' is not a number: give the style-to-content ratio, e.g. 1e4");
        }
        if (!Double.isFinite(r) || r <= 0) {
            throw new BadInputException("ratio must be a positive finite number, got '" + ratio + "'");
        }
        return r;
    }

    private static int parseInt(String key, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new BadInputException(key + " '" + v + "' is not an integer");
        }
    }

    private static long parseLong(String key, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BadInputException(key + " '" + v + "' is not an integer");
        }
    }

    private static double parseDouble(String key, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new BadInputException(key + " '" + v + "' is not a number");
        }
    }

    /** The reference's default output folder and name, as a pattern. */
    public static final String DEFAULT_PATTERN = "outputs/{content}-{style}-{model}-{init}-{ratio}-{num_iters}.jpg";

    /** Fills an output pattern: {content} and {style} are the file names without folder and extension. */
    public Path outputFor(String pattern, Path content, Path style) {
        String name = pattern.replace("{content}", OutputNames.stem(content)).replace("{style}", OutputNames.stem(style))
                .replace("{model}", model).replace("{init}", init).replace("{ratio}", ratio)
                .replace("{num_iters}", Integer.toString(iterations))
                .replace("{length}", formatLength());
        if (name.matches(".*\\{[a-z_]+}.*")) {
            throw new BadInputException("output pattern '" + pattern + "' has an unknown {field}; use {content}, "
                    + "{style}, {model}, {init}, {ratio}, {num_iters}, {length}");
        }
        return Path.of(name);
    }

    private String formatLength() {
        return length == Math.rint(length) ? Long.toString((long) length) : Double.toString(length);
    }
}
