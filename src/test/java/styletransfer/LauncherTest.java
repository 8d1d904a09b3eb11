package styletransfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/style-transfer with a fake {@code mvn} and {@code java} first on PATH: which Maven profiles it builds with,
 * when it rebuilds, and what it gives the JVM (GPU settings of native-config/native.properties).
 */
class LauncherTest {
    @TempDir
    Path home;

    private Path calls;

    @BeforeEach
    void copyTheLauncherAndFakeTools() throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("native-config"));
        Files.createDirectories(home.resolve("tools"));
        Files.copy(Path.of("bin/style-transfer"), home.resolve("bin/style-transfer"));
        Files.copy(Path.of("native-config/native.properties"), home.resolve("native-config/native.properties"));
        calls = home.resolve("calls.txt");
        // mvn: records its arguments and leaves a jar and lib/ as a package would.
        script("mvn", "echo \"mvn $*\" >> " + calls + "\nmkdir -p target/lib && echo jar > target/style-transfer.jar");
        // java: records its arguments and the TF32 variable as it sees it.
        script("java", "echo \"java $* NVIDIA_TF32_OVERRIDE=${NVIDIA_TF32_OVERRIDE-unset}\" >> " + calls);
    }

    @Test
    void theCpuBuildByDefault() throws Exception {
        assertEquals(0, launch(Map.of()));
        List<String> c = calls();
        assertEquals(2, c.size(), c.toString());
        assertTrue(c.get(0).startsWith("mvn ") && !c.get(0).contains("-Pgpu"), c.get(0));
        assertFalse(c.get(1).contains("platform.extension"), c.get(1));
    }

    @Test
    void gpuBuildsWithTheGpuProfileAndExactFloat32() throws Exception {
        assertEquals(0, launch(Map.of("STYLE_TRANSFER_EXTENSION", "-gpu")));
        List<String> c = calls();
        assertTrue(c.get(0).contains(" -Pgpu ") && !c.get(0).contains("gpu-redist"), c.get(0));
        assertTrue(c.get(1).contains("-Dorg.bytedeco.javacpp.platform.extension=-gpu"), c.get(1));
        assertTrue(c.get(1).contains("-Dstyletransfer.gpu.convolution=cudnn"), c.get(1));
        assertTrue(c.get(1).endsWith("NVIDIA_TF32_OVERRIDE=0"), c.get(1));
    }

    @Test
    void redistIsPartOfTheBuildAndSwitchingItRebuilds() throws Exception {
        Map<String, String> gpu = Map.of("STYLE_TRANSFER_EXTENSION", "-gpu");
        Map<String, String> redist = Map.of("STYLE_TRANSFER_EXTENSION", "-gpu", "STYLE_TRANSFER_GPU_REDIST", "true");
        assertEquals(0, launch(gpu));
        assertEquals(0, launch(redist));
        assertEquals(0, launch(redist));
        List<String> mvn = calls().stream().filter(l -> l.startsWith("mvn ")).toList();
        assertEquals(2, mvn.size(), "built for -gpu, rebuilt for redist, then reused: " + mvn);
        assertTrue(mvn.get(1).contains(" -Pgpu,gpu-redist "), mvn.get(1));
        assertEquals("linux-x86_64-gpu+redist",
                Files.readString(home.resolve("target/.launcher-build")).trim());
    }

    @Test
    void redistFromNativeProperties() throws Exception {
        Path conf = home.resolve("native-config/native.properties");
        Files.writeString(conf, Files.readString(conf).replace("extension=\n", "extension=-gpu\n")
                .replace("gpu.redist=false", "gpu.redist=true"));
        assertEquals(0, launch(Map.of()));
        assertTrue(calls().get(0).contains(" -Pgpu,gpu-redist "), calls().get(0));
    }

    @Test
    void tf32AndCaffesConvolutionWhenAsked() throws Exception {
        assertEquals(0, launch(Map.of("STYLE_TRANSFER_EXTENSION", "-gpu", "STYLE_TRANSFER_GPU_TF32", "true",
                "STYLE_TRANSFER_GPU_CONVOLUTION", "caffe", "NVIDIA_TF32_OVERRIDE", "0")));
        String java = calls().get(1);
        assertTrue(java.endsWith("NVIDIA_TF32_OVERRIDE=unset"), java);
        assertTrue(java.contains("-Dstyletransfer.gpu.convolution=caffe"), java);
    }

    @Test
    void badSettingsAreOneLineAndExit2() throws Exception {
        assertEquals(2, launch(Map.of("STYLE_TRANSFER_GPU_REDIST", "true")));
        assertTrue(stderr.contains("error: gpu.redist=true brings CUDA's libraries for the GPU build: set"
                + " extension=-gpu too"), stderr);
        assertEquals(2, launch(Map.of("STYLE_TRANSFER_GPU_TF32", "yes")));
        assertTrue(stderr.startsWith("error: gpu.tf32 must be true or false, got 'yes'"), stderr);
        assertEquals(2, launch(Map.of("STYLE_TRANSFER_GPU_CONVOLUTION", "fast")));
        assertTrue(stderr.startsWith("error: gpu.convolution must be cudnn or caffe, got 'fast'"), stderr);
        assertFalse(Files.exists(calls), "nothing was built or run");
    }

    @Test
    void throughSymlinksItBuildsAndRunsTheProjectItBelongsTo() throws Exception {
        // ~/bin/x -> ../links/y -> <home>/bin/style-transfer: one absolute and one relative link.
        Path other = Files.createDirectories(home.resolve("elsewhere/bin"));
        Files.createDirectories(home.resolve("elsewhere/links"));
        Files.createSymbolicLink(home.resolve("elsewhere/links/y"), home.resolve("bin/style-transfer"));
        Files.createSymbolicLink(other.resolve("x"), Path.of("../links/y"));

        assertEquals(0, launch(other.resolve("x"), Map.of()));

        assertTrue(Files.isRegularFile(home.resolve("target/style-transfer-run.jar")), "built in the project");
        assertFalse(Files.exists(home.resolve("elsewhere/target")), "nothing built next to the link");
        String java = calls().get(1);
        assertTrue(java.contains("-Dstyletransfer.home=" + home.toRealPath() + " "), java);
        assertTrue(java.contains(home.toRealPath().resolve("target/style-transfer-run.jar").toString()), java);
    }

    @Test
    void mavensColourCodesDoNotReachTheOutput() throws Exception {
        // Maven 3.8 under -q prints ESC[0m even with -Dstyle.color=never: the launcher strips what gets through.
        script("mvn", "echo \"mvn $*\" >> " + calls + "\nprintf '\\033[0m\\033[1;31mcompiling\\033[m\\n'; printf '\\033[0m' >&2\n"
                + "mkdir -p target/lib && echo jar > target/style-transfer.jar");
        assertEquals(0, launch(Map.of()));
        assertTrue(calls().get(0).contains(" -Dstyle.color=never "), calls().get(0));
        assertTrue(stderr.contains("compiling"), stderr);
        assertFalse(stderr.contains("\u001b"), stderr);
    }

    @Test
    void aFailedBuildIsStillAFailureThroughTheFilter() throws Exception {
        script("mvn", "echo 'BUILD FAILURE'; exit 1");
        assertEquals(1, launch(Map.of()));
        assertTrue(stderr.contains("BUILD FAILURE") && stderr.contains("error: the build failed"), stderr);
    }

    @Test
    void underTheCLocaleTheJvmGetsAUtf8Charset() throws Exception {
        script("java", "echo \"java charmap=$(locale charmap) LC_ALL=${LC_ALL-unset} LANG=${LANG-unset}\" >> " + calls);
        assertEquals(0, launch(Map.of("LC_ALL", "C")));
        String java = calls().get(1);
        assertTrue(java.contains("charmap=UTF-8 LC_ALL=unset LANG=C"), java);
    }

    @Test
    void aUtf8LocaleIsLeftAsItIs() throws Exception {
        script("java", "echo \"java LC_ALL=${LC_ALL-unset} LC_CTYPE=${LC_CTYPE-unset}\" >> " + calls);
        assertEquals(0, launch(Map.of("LC_ALL", "C.UTF-8")));
        assertTrue(calls().get(1).contains("LC_ALL=C.UTF-8 LC_CTYPE=unset"), calls().get(1));
    }

    /**
     * The real JVM, run by the launcher under LC_ALL=C, reads an image whose folder and name are not ASCII. The
     * fake java only swaps {@code -jar JAR} for this build's classes; the environment is the launcher's. The names
     * are made by bash from byte escapes, so the test itself does not depend on the locale it runs under.
     */
    @Test
    void underTheCLocaleNonAsciiPathsAreRead() throws Exception {
        String realJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        script("java", "args=()\nwhile [ $# -gt 0 ]; do [ \"$1\" = -jar ] && { shift 2; break; }; args+=(\"$1\"); shift; done\n"
                + "exec '" + realJava + "' \"${args[@]}\" -cp '" + System.getProperty("java.class.path")
                + "' styletransfer.cli.Main \"$@\"");
        Path image = Path.of("images/content/chelsea.png").toAbsolutePath();
        Path driver = home.resolve("driver.sh");
        // ünï/cöffee.png in UTF-8 bytes
        Files.writeString(driver, "set -e\ncd '" + home + "'\nd=$'\\xc3\\xbcn\\xc3\\xaf'\nf=\"$d/c\"$'\\xc3\\xb6'\"ffee.png\"\n"
                + "mkdir -p \"$d\" && cp '" + image + "' \"$f\"\n"
                + "LC_ALL=C bash bin/style-transfer compare \"$f\" \"$f\"\n", StandardCharsets.US_ASCII);
        ProcessBuilder pb = new ProcessBuilder("bash", driver.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("STYLE_TRANSFER_") || k.startsWith("LC_") || k.equals("LANG"));
        pb.environment().put("PATH", home.resolve("tools") + ":" + System.getenv("PATH"));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("within tolerance") && !out.contains("NOT within"), out);
    }

    private String stderr = "";

    private int launch(Map<String, String> env) throws IOException, InterruptedException {
        return launch(home.resolve("bin/style-transfer"), env);
    }

    private int launch(Path launcher, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "--version");
        pb.environment().keySet().removeIf(k -> k.startsWith("STYLE_TRANSFER_") || k.equals("NVIDIA_TF32_OVERRIDE"));
        pb.environment().putAll(env);
        pb.environment().put("PATH", home.resolve("tools") + ":" + System.getenv("PATH"));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue();
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(calls);
    }

    private void script(String name, String body) throws IOException {
        Path p = home.resolve("tools").resolve(name);
        Files.writeString(p, "#!/usr/bin/env bash\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
