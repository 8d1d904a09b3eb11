package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mistyped numbers, options and output paths: one error line and exit code 2, before anything slow happens. */
class SettingsCliTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "-r | abc      | is not a number",
            "-r | 0        | positive finite",
            "-r | -1e4     | positive finite",
            "-r | NaN      | positive finite",
            "-r | Infinity | positive finite",
            "-n | 0        | at least 1",
            "-n | -5       | at least 1",
            "-l | 0        | positive number of pixels",
            "-l | -512     | positive number of pixels",
            "-i | sideways | -i",
            "--checkpoint-every | -1 | --checkpoint-every",
    })
    void badNumbersAndNamesAreRefusedAtOnce(String option, String value, String reason) throws IOException {
        Path out = Files.write(dir.resolve("out.jpg"), new byte[] {1, 2, 3});
        Cli.Result r = Cli.run(Cli.squeezenet(Cli.starryNight(), Cli.nanjing(), out, option + "=" + value));
        r.assertError(2, reason);
        assertTrue(!r.err().contains("Successfully loaded images"), "refused before reading the images");
        assertTrue(Files.readAllBytes(out).length == 3);
    }

    @Test
    void aHugeLengthIsRefusedWithTheMemoryEstimate() {
        Cli.Result r = Cli.run(Cli.squeezenet(Cli.starryNight(), Cli.nanjing(), dir.resolve("out.jpg"),
                "-l=20000"));
        r.assertError(2, "13344x20000", "GiB", "-l");
        assertTrue(Files.notExists(dir.resolve("out.jpg")));
    }

    @Test
    void anOutputFolderThatIsAFileIsRefusedBeforeTheRun() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "not a folder");
        Path out = file.resolve("sub").resolve("out.jpg");
        Cli.Result r = Cli.run(Cli.squeezenet(Cli.starryNight(), Cli.nanjing(), out));
        r.assertError(2, file.toString(), "not a folder");
        assertTrue(!r.err().contains("Successfully loaded images"));
    }

    @Test
    void aGpuOnTheCpuBuildSaysSo() {
        Cli.Result r = Cli.run(Cli.squeezenet(Cli.starryNight(), Cli.nanjing(), dir.resolve("out.jpg"), "-g=0"));
        // This build has Caffe without CUDA; a GPU build on a machine without a device says that instead.
        r.assertError(2, "-g -1");
        assertTrue(r.errorLines().get(0).contains("CPU build") || r.errorLines().get(0).contains("CUDA device"));
    }

    @Test
    void debugShowsTheStackTrace() {
        Cli.Result r = Cli.run(Cli.squeezenet(Cli.starryNight(), dir.resolve("none.jpg"), dir.resolve("o.jpg"),
                "--debug"));
        assertTrue(r.err().contains("\tat "), r.err());
        assertTrue(r.exitCode() == 2);
    }
}
