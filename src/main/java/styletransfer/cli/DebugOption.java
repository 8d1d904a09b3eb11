package styletransfer.cli;

import picocli.CommandLine.Option;

/** {@code --debug}, shared by the commands (a picocli mixin); {@link Main}'s error handler looks for it. */
final class DebugOption {
    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;
}
