package styletransfer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether stderr is a terminal: progress bars go there, plain lines where it is a file or a pipe. */
final class Terminal {
    private static final Path STDERR = Path.of("/proc/self/fd/2");

    private Terminal() {}

    /**
     * The bars go to stderr, so stderr decides; System.console() would also demand a terminal on stdin and
     * stdout, and says yes to {@code run 2> log} typed in a terminal. Java 17 cannot ask about one stream, so on
     * Linux /proc says.
     */
    static boolean stderrIsTerminal() {
        return isTerminal(STDERR);
    }

    /** Whether the file descriptor behind {@code fdLink} (a /proc/self/fd entry) is a terminal. */
    static boolean isTerminal(Path fdLink) {
        try {
            String target = Files.readSymbolicLink(fdLink).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null; // no /proc: the best Java 17 offers
        }
    }
}
