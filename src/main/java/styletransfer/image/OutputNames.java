package styletransfer.image;

import java.nio.file.Path;

/** Names of output images: the reference's default name, snapshot names, file stems. */
public final class OutputNames {
    private OutputNames() {}

    /** {@code outputs/{content}-{style}-{model}-{init}-{ratio}-{num_iters}.jpg}, names without folder and extension. */
    public static Path defaultOutput(Path content, Path style, String model, String init, String ratio, int iterations) {
        return Path.of("outputs", stem(content) + "-" + stem(style) + "-" + model + "-" + init + "-" + ratio + "-"
                + iterations + ".jpg");
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
