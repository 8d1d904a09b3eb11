package styletransfer.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the program is installed: the launcher passes it as {@code -Dstyletransfer.home}; else it is derived. */
final class Install {
    private Install() {}

    static Path home() {
        String prop = System.getProperty("styletransfer.home");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        try {
            // target/classes or target/style-transfer.jar: the project folder is two levels up.
            Path code = Path.of(Install.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("models")) && Files.exists(p.resolve("pom.xml"))) {
                    return p;
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    static Path modelsDir() {
        return home().resolve("models");
    }
}
