package styletransfer.model;

import java.nio.file.Path;
import styletransfer.RunFailedException;

/** A weights file already present whose SHA-1 is not the one its model.json gives (truncated, corrupt, replaced). */
public final class WeightsMismatchException extends RunFailedException {
    private final String model;
    private final Path file;
    private final String expected;
    private final String actual;

    public WeightsMismatchException(String model, Path file, String expected, String actual) {
        super("the weights of model " + model + " at " + file + " have SHA-1 " + actual + ", expected " + expected
                + " (a truncated or corrupt file?)");
        this.model = model;
        this.file = file;
        this.expected = expected;
        this.actual = actual;
    }

    public String model() {
        return model;
    }

    public Path file() {
        return file;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
