package styletransfer.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --models-dir}, shared by every command that opens a model (a picocli mixin). */
final class ModelsDirOption {
    @Option(names = "--models-dir", paramLabel = "DIR", description = "Root of the model folders. Default: models/ of the install.")
    Path dir;

    /** The folder given, else the install's {@code models/}. */
    Path resolve() {
        return dir != null ? dir : Install.modelsDir();
    }
}
