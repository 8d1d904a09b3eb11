package styletransfer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find the team's shared data: the system property {@code styletransfer.shared} (set by the pom,
 * default {@code ../shared}). Outside our machines the folder may be absent; tests that need it are then
 * skipped with a message saying so, rather than passing silently.
 */
public final class SharedData {
    private SharedData() {}

    public static Path root() {
        return Path.of(System.getProperty("styletransfer.shared", "../shared")).toAbsolutePath().normalize();
    }

    /** Returns {@code root().resolve(relative)}, skipping the calling test visibly when it does not exist. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(Files.exists(p), () -> "shared data not found at " + p
                + " (set -Dstyletransfer.shared=DIR to the team's shared folder)");
        return p;
    }

    public static Path referenceImage(String name) {
        return require("reference/images/" + name);
    }

    public static Path squeezenetDir() {
        return require("models/squeezenet_v1.1");
    }
}
