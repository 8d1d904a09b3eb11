package styletransfer.image;

import java.nio.file.Path;
import styletransfer.BadInputException;

/** Names of output images: the one output pattern (the reference's default name), snapshot names, file stems. */
public final class OutputNames {
    /** The reference's default folder and name, for single runs and batch jobs alike. */
    public static final String DEFAULT_PATTERN = "outputs/{content}-{style}-{model}-{init}-{ratio}-{num_iters}.jpg";

    private OutputNames() {}

    /**
     * The values of a pattern's fields, as the user typed them (the ratio and init as text, as the reference
     * names its outputs); {@code content} and {@code style} give their file names without folder and extension.
     *
     * @param length the length, or null when the name may not use it
     */
    public record Fields(Path content, Path style, String model, String init, String ratio, int iterations,
                         Double length) {}

    /**
     * Fills an output pattern: {content} {style} {model} {init} {ratio} {num_iters} {length}.
     *
     * @throws BadInputException when the pattern has another {field}
     */
    public static Path fill(String pattern, Fields f) {
        String name = pattern.replace("{content}", stem(f.content())).replace("{style}", stem(f.style()))
                .replace("{model}", f.model()).replace("{init}", f.init()).replace("{ratio}", f.ratio())
                .replace("{num_iters}", Integer.toString(f.iterations()));
        if (f.length() != null) {
            double l = f.length();
            name = name.replace("{length}", l == Math.rint(l) ? Long.toString((long) l) : Double.toString(l));
        }
        if (name.matches(".*\\{[a-z_]+}.*")) {
            throw new BadInputException("output pattern '" + pattern + "' has an unknown {field}; use {content}, "
                    + "{style}, {model}, {init}, {ratio}, {num_iters}, {length}");
        }
        return Path.of(name);
    }

    /** {@link #DEFAULT_PATTERN} filled: {@code outputs/{content}-{style}-{model}-{init}-{ratio}-{num_iters}.jpg}. */
    public static Path defaultOutput(Path content, Path style, String model, String init, String ratio, int iterations) {
        return fill(DEFAULT_PATTERN, new Fields(content, style, model, init, ratio, iterations, null));
    }

    /** {@code NAME-iterK.ext} beside the output, for {@code --save-every}. */
    public static Path snapshot(Path output, int iteration) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return output.resolveSibling(name.substring(0, dot) + "-iter" + iteration + name.substring(dot));
    }

    public static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
