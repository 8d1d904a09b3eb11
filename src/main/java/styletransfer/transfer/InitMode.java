package styletransfer.transfer;

import java.nio.file.Files;
import java.nio.file.Path;
import styletransfer.InvalidSettingException;
import styletransfer.Setting;

/** The optimisation's start point: the reference's {@code -i content | mixed | <integer exponent>}, or an image. */
public sealed interface InitMode {
    /** The preprocessed content image. */
    record Content() implements InitMode {
        @Override
        public String toString() {
            return "content";
        }
    }

    /** 0.95 content + 0.05 style (the style resized to the content's size). */
    record Mixed() implements InitMode {
        @Override
        public String toString() {
            return "mixed";
        }
    }

    /** Pink noise with spectrum distance^exponent. */
    record Noise(int exponent) implements InitMode {
        @Override
        public String toString() {
            return Integer.toString(exponent);
        }
    }

    /**
     * An image file, resized to the content's size. The caller reads it ({@link #withImage}) before the run, as
     * it reads the style and content images; {@code image} is null until then.
     */
    record FromImage(Path path, styletransfer.image.Image image) implements InitMode {
        /** The file as named, not yet read. */
        public FromImage(Path path) {
            this(path, null);
        }

        /** This start with its image, read by the caller. */
        public FromImage withImage(styletransfer.image.Image read) {
            return new FromImage(path, read);
        }

        @Override
        public String toString() {
            return path.getFileName().toString();
        }
    }

    /** A picture already in memory (the previous scale's result of a multi-scale run), resized likewise. */
    record Given(styletransfer.image.Image image) implements InitMode {
        @Override
        public String toString() {
            return "previous";
        }
    }

    /**
     * Parses a start as typed: content, mixed, an integer, or (when {@code allowPath}) an image path, which the
     * caller then reads ({@link FromImage#withImage}).
     */
    static InitMode parse(String text, boolean allowPath) {
        String t = text.trim();
        if (t.equalsIgnoreCase("content")) {
            return new Content();
        }
        if (t.equalsIgnoreCase("mixed")) {
            return new Mixed();
        }
        try {
            return new Noise(Integer.parseInt(t));
        } catch (NumberFormatException e) {
            if (allowPath && (t.contains("/") || t.contains(".")) && !(isNumber(t) && !Files.exists(Path.of(t)))) {
                return new FromImage(Path.of(t));
            }
            throw new InvalidSettingException(Setting.INIT, "'" + text + "' is unknown: use content, mixed, an"
                    + " integer noise exponent such as -1" + (allowPath ? ", or an image path" : ""));
        }
    }

    /** A number that is not a whole one ("1.5"): a noise exponent mistyped, not a file name (unless it exists). */
    private static boolean isNumber(String t) {
        try {
            Double.parseDouble(t);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
