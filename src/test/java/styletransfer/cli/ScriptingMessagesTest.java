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
        // End to end: one image, so no --style-blend error; the run goes on to read the (missing) content.
        String line = Cli.run("-s", comma.toString(), "-c", dir.resolve("missing.png").toString())
                .assertError(2, "missing.png", "no such file");
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

    @Test
    void oneIterationIsSingularAndAScriptSeesProgressLines() {
        Cli.Result r = Cli.run(Cli.squeezenet(Cli.starryNight(), Cli.nanjing(), dir.resolve("one.png")));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().matches("(?s).*Ran 1 iteration in \\d+s\\..*"), r.err());
        // stderr is not a terminal here: a plain line instead of the bar.
        assertTrue(r.err().matches("(?s).*Iteration 1 of 1 \\(100%\\): loss [0-9.]+e\\+\\d+, \\d+s elapsed, ETA 0s.*"),
                r.err());
    }

    @Test
    void aDefaultNamedRunSaysItReplacesAnEarlierOutput() throws IOException {
        // A content name of its own, so the default output (outputs/ of the working folder) is this test's alone.
        String stem = "scripting-again-" + Long.toHexString(System.nanoTime());
        Path content = Files.copy(Cli.nanjing(), dir.resolve(stem + ".jpg"));
        Path weights = styletransfer.SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel");
        List<String> args = List.of("-s", Cli.starryNight().toString(), "-c", content.toString(), "-m", "squeezenet",
                "--weights", weights.toString(), "-g", "-1", "-n", "1", "-l", "64");
        Path output = Path.of("outputs", stem + "-starry_night-squeezenet-content-1e4-1.jpg");
        try {
            Cli.Result first = Cli.run(args);
            assertEquals(0, first.exitCode(), first.err());
            assertTrue(Files.isRegularFile(output), first.err());
            assertFalse(first.err().contains("is replaced"), first.err());
            Cli.Result second = Cli.run(args);
            assertEquals(0, second.exitCode(), second.err());
            assertTrue(second.err().contains("Note: " + output + " exists and is replaced by this run"), second.err());
            // A name the user chose is theirs to replace: no note.
            Cli.Result chosen = Cli.run(Cli.squeezenet(Cli.starryNight(), content, output));
            assertFalse(chosen.err().contains("is replaced"), chosen.err());
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
