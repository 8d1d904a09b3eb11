package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stderr alone decides between a progress bar and plain lines, as /proc/self/fd/2 names it. */
class TerminalTest {
    @Test
    void aPseudoTerminalOrTtyIsATerminal(@TempDir Path dir) throws Exception {
        assertTrue(Terminal.isTerminal(Files.createSymbolicLink(dir.resolve("pts"), Path.of("/dev/pts/3"))));
        assertTrue(Terminal.isTerminal(Files.createSymbolicLink(dir.resolve("tty"), Path.of("/dev/tty1"))));
    }

    @Test
    void aFileOrAPipeIsNot(@TempDir Path dir) throws Exception {
        assertFalse(Terminal.isTerminal(Files.createSymbolicLink(dir.resolve("log"), dir.resolve("run.log"))));
        assertFalse(Terminal.isTerminal(Files.createSymbolicLink(dir.resolve("pipe"), Path.of("pipe:[12345]"))));
    }

    @Test
    void stderrUnderTheTestRunnerIsNotATerminal() {
        // Surefire's forked JVM writes stderr to a pipe, as a script's `2> log` would be a file.
        assertFalse(Terminal.stderrIsTerminal());
    }
}
