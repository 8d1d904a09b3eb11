package styletransfer.cli;

import java.nio.file.Path;
import java.util.Locale;
import styletransfer.BadInputException;

/** The reference's default output name and the formats we can write. */
final class OutputNames {
    private OutputNames() {}

    /** {@code outputs/{content}-{style}-{model}-{init}-{ratio}-{num_iters}.jpg}, names without folder and extension. */
    static Path defaultOutput(Path content, Path style, String model, String init, String ratio, int iterations) {
        return Path.of("outputs", stem(content) + "-" + stem(style) + "-" + model + "-" + init + "-" + ratio + "-"
                + iterations + ".jpg");
    }

    /** {@code NAME-iterK.ext} beside the output, for {@code --save-every}. */
    static Path snapshot(Path output, int iteration) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return output.resolveSibling(name.substring(0, dot) + "-iter" + iteration + name.substring(dot));
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Refuses an output path whose extension we cannot write, before any work is done. */
    static void checkFormat(Path output) {
        String name = output.getFileName() == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png"))) {
            throw new BadInputException("output " + output + " must end in .jpg, .jpeg (JPEG quality 75) or .png (lossless)");
        }
    }
}
