package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.caffe.Devices;
import styletransfer.caffe.MissingNativeLibraryException;

/**
 * The GPU build on a machine without CUDA's libraries (our CPU machines: libcudart.so.11.0 is absent), each
 * command in a JVM of its own as a user would start it: one error line naming the library and the two ways to get
 * it, exit 1, batch jobs reported failed. Runs in the GPU build only ({@code .ci/run} runs it with -Pgpu); on a
 * machine that has CUDA's libraries it is skipped.
 */
class GpuBuildWithoutCudaTest {
    static final String STYLE = "images/style/hubble_deep_field.jpg";
    static final String CONTENT = "images/content/rocket.jpg";

    @TempDir
    Path out;

    @BeforeAll
    static void needsTheGpuBuildWithoutCuda() {
        assumeTrue(Devices.gpuBuild(), "CPU build: this test runs with mvn -Pgpu (.ci/run does)");
        boolean missing;
        try {
            Devices.requireNatives();
            missing = false;
        } catch (MissingNativeLibraryException e) {
            missing = true;
        }
        assumeTrue(missing, "CUDA's libraries are installed here: the GPU build's natives load");
    }

    @Test
    void aSingleRunWithoutGpuFlagNamesTheMissingLibrary() throws Exception {
        Result r = run("-s", STYLE, "-c", CONTENT, "-n", "1", "-l", "64", "-o", out.resolve("a.jpg").toString());
        r.expectOneErrorLineNamingTheLibrary();
        assertFalse(r.err.contains("Running net on CPU."), r.err);
    }

    @Test
    void gpuZeroSaysTheLibraryNotThatNoDeviceIsVisible() throws Exception {
        Result r = run("-s", STYLE, "-c", CONTENT, "-g", "0", "-o", out.resolve("a.jpg").toString());
        r.expectOneErrorLineNamingTheLibrary();
        assertFalse(r.err.contains("no CUDA device"), r.err);
    }

    @Test
    void theCpuOfTheGpuBuildNeedsTheLibrariesToo() throws Exception {
        run("-s", STYLE, "-c", CONTENT, "-g", "-1", "-o", out.resolve("a.jpg").toString())
                .expectOneErrorLineNamingTheLibrary();
    }

    @Test
    void aBatchReportsEveryJobFailedAndExits1() throws Exception {
        Files.writeString(out.resolve("rocket-coffee.jpg"), "done before");
        Result r = run("batch", "--contents", CONTENT, "--styles", STYLE, "--styles", "images/style/coffee.png",
                "--output-pattern", out + "/{content}-{style}.jpg", "-n", "1", "-l", "64");
        r.expectOneErrorLineNamingTheLibrary();
        assertTrue(r.err.contains("0 done, 1 failed, 1 skipped"), r.err);
        List<String> lines = r.out.lines().toList();
        assertEquals(2, lines.size(), r.out);
        assertTrue(lines.get(0).contains("\"status\":\"failed\"") && lines.get(0).contains("libcudart.so.11.0"),
                lines.get(0));
        assertTrue(lines.get(1).contains("\"status\":\"skipped\""), lines.get(1));
    }

    record Result(int exit, String out, String err) {
        void expectOneErrorLineNamingTheLibrary() {
            assertEquals(1, exit, err);
            List<String> errors = err.lines().filter(l -> l.contains("error")).toList();
            assertEquals(1, errors.size(), err);
            String line = errors.get(0);
            assertTrue(line.startsWith("error: the native libraries of Caffe's GPU build did not load:"
                    + " libcudart.so.11.0 was not found"), line);
            assertTrue(line.contains("install NVIDIA's packages"), line);
            assertTrue(line.contains("gpu.redist=true in native-config/native.properties"), line);
            assertFalse(err.contains("\tat "), "no stack trace: " + err);
        }
    }

    /** The program's main class in a JVM of its own, on this test's class path (the GPU build's). */
    private static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .replace(" ", File.pathSeparator));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        byte[] stdout = p.getInputStream().readAllBytes();
        byte[] stderr = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the program ended");
        return new Result(p.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                new String(stderr, StandardCharsets.UTF_8));
    }
}
