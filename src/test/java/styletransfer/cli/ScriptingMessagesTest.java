package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14 items 5, 6 and 8: what a user who scripts the program reads when a flag is wrong. */
class ScriptingMessagesTest {
    private static final String STYLE = "images/style/coffee.png";
    private static final String CONTENT = "images/content/chelsea.png";

    @TempDir
    Path dir;

    @Test
    void onlyMinusOneMeansTheCpu() {
        Cli.run("-s", STYLE, "-c", CONTENT, "-g", "-2").assertError(2, "-g -2", "-1 for the CPU");
        Cli.run("-s", STYLE, "-c", CONTENT, "-g", "-7").assertError(2, "-g -7");
    }

    @Test
    void batchRefusesANegativeGpuInItsList() {
        Cli.run("batch", "--contents", CONTENT, "--styles", STYLE, "-g", "-1,-7")
                .assertError(2, "-g -7", "-1 for the CPU");
    }

    @Test
    void aStylePathWithACommaIsOneImage() throws IOException {
        Path comma = Files.copy(Path.of(STYLE), dir.resolve("a,b.png"));
        assertEquals(List.of(comma), TransferCommand.stylePaths(List.of(comma.toString())));
        // Not a file: style.py's comma list; repeating -s gives several too.
        assertEquals(List.of(Path.of("x.jpg"), Path.of("y.jpg")), TransferCommand.stylePaths(List.of("x.jpg,y.jpg")));
        assertEquals(List.of(comma, Path.of(STYLE)), TransferCommand.stylePaths(List.of(comma.toString(), STYLE)));
        // End to end: one image, so no --style-blend error; the run goes on to the next check (-n 0).
        String line = Cli.run("-s", comma.toString(), "-c", CONTENT, "-n", "0").assertError(2, "-n");
        assertFalse(line.contains("--style-blend"), line);
    }

    @Test
    void parseErrorsSpeakTheUsersWords() {
        Cli.run("-s", STYLE, "-c", CONTENT, "-n", "abc").assertError(2, "-n (--num-iters) takes a whole number, got 'abc'");
        String schedule = Cli.run("-s", STYLE, "-c", CONTENT, "--schedule", "x")
                .assertError(2, "--schedule takes one of reference, minimal, got 'x'");
        assertFalse(schedule.contains("MINIMAL"), schedule);
        Cli.run("-s", STYLE, "-c", CONTENT, "-l", "abc").assertError(2, "-l (--length) takes a number, got 'abc'");
    }

    @Test
    void valuesAreEchoedAsTyped() {
        String line = Cli.run("-s", STYLE, "-c", CONTENT, "-l", "0").assertError(2, "-l", "got '0'");
        assertFalse(line.contains("0.0"), line);
    }

    @Test
    void anEmptyPathIsCalledEmpty() {
        String line = Cli.run("-s", "", "-c", CONTENT).assertError(2, "-s", "the path is empty");
        assertFalse(line.contains("folder"), line);
        Cli.run("-s", STYLE, "-c", "").assertError(2, "-c", "the path is empty");
        // Where no flag is at hand (a manifest, the library), the reader says the same.
        styletransfer.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                styletransfer.BadInputException.class, () -> styletransfer.image.ImageReader.read(Path.of("")));
        assertTrue(e.getMessage().contains("the path is empty"), e.getMessage());
    }

    @Test
    void anOutputFolderIsCalledAFolder() {
        String line = Cli.run("-s", STYLE, "-c", CONTENT, "-o", dir.toString()).assertError(2, "-o", "is a folder",
                ".jpg");
        assertFalse(line.contains("unknown file type"), line);
    }

    @Test
    void aFractionalInitNamesTheInitModes() {
        Cli.run("-s", STYLE, "-c", CONTENT, "-i", "1.5").assertError(2, "-i", "'1.5'", "content, mixed",
                "noise exponent");
    }

    @Test
    void progressSpeedHasALeadingZero() {
        java.text.DecimalFormat f = ProgressReporter.speedFormat();
        assertEquals("0.3", f.format(0.3));
    }
}
