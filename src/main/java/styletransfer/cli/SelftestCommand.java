package styletransfer.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import styletransfer.BadInputException;
import styletransfer.caffe.Device;
import styletransfer.caffe.Devices;
import styletransfer.caffe.MissingNativeLibraryException;
import styletransfer.transfer.GradientCheck;
import styletransfer.transfer.SelfCheck;

/**
 * Checks this installation on this machine in well under a minute, one line per check: the natives load, the
 * gradient of a tiny random-weight net matches finite differences, and with -g the device computes what the CPU does.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Checks this installation: Caffe's native libraries load, the loss gradient of a small net with "
                + "random weights agrees with finite differences, and with -g the GPU's loss and gradient agree with "
                + "the CPU's. One line per check; exit code 0 only when every check passes.",
                "Needs no model weights and no images. The GPU check expects exact float32 (TF32 off, as "
                        + "bin/style-transfer sets it unless gpu.tf32=true); the first line says which applies."})
final class SelftestCommand implements Callable<Integer> {
    /** Device against CPU, exact float32: orders of summation differ (cuDNN, cuBLAS against OpenBLAS), no more. */
    static final double DEVICE_TOLERANCE = 1e-4;
    /** With TF32 the device rounds convolution inputs to 10-bit mantissas: about 1e-3 relative. */
    static final double DEVICE_TOLERANCE_TF32 = 1e-2;

    static final String NATIVES = "natives";

    @Spec
    CommandSpec spec;

    @Option(names = {"-g", "--gpu-id"}, paramLabel = "ID", defaultValue = "-1",
            description = "Also compare GPU ID with the CPU (GPU build). Default: ${DEFAULT-VALUE} (the CPU checks only).")
    int gpu;

    @Mixin
    DebugOption debug = new DebugOption();

    /** One named check: it returns what it found when it passes and throws {@link CheckFailed} when it does not. */
    interface Check {
        String name();

        String run();
    }

    /** A check that ran and found a wrong result (not a crash of the check itself). */
    static final class CheckFailed extends RuntimeException {
        CheckFailed(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() {
        if (gpu < -1) {
            throw new BadInputException("-g " + gpu + ": give a GPU id (0, 1, ...) or -1 for the CPU checks only");
        }
        if (gpu >= 0 && !Devices.gpuBuild()) {
            Devices.forId(gpu); // says that this is the CPU build and what to do, as the other commands do
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("selftest: " + (Devices.gpuBuild() ? "GPU build" : "CPU build") + ", " + tf32Line());
        out.flush();
        return report(checks(), out);
    }

    private String tf32Line() {
        if (!Devices.gpuBuild()) {
            return "TF32 not applicable (no GPU in this build)";
        }
        return Devices.tf32Allowed()
                ? "TF32 allowed (gpu.tf32=true or NVIDIA_TF32_OVERRIDE unset): the GPU check accepts "
                        + DEVICE_TOLERANCE_TF32 + " instead of " + DEVICE_TOLERANCE
                : "TF32 off (NVIDIA_TF32_OVERRIDE=0): exact float32";
    }

    List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        checks.add(check(NATIVES, () -> {
            Devices.requireNatives();
            return "Caffe's native libraries loaded (" + System.getProperty("org.bytedeco.javacpp.platform",
                    System.getProperty("os.name") + " " + System.getProperty("os.arch")) + ")";
        }));
        checks.add(check("gradient", () -> judgeGradient(SelfCheck.gradientCheck(Device.CPU))));
        if (gpu >= 0) {
            checks.add(check("gpu " + gpu, () -> {
                Device device = Devices.forId(gpu);
                double tolerance = Devices.tf32Allowed() ? DEVICE_TOLERANCE_TF32 : DEVICE_TOLERANCE;
                GradientCheck.Comparison c = SelfCheck.deviceAgainstCpu(device);
                if (!c.within(tolerance)) {
                    throw new CheckFailed("GPU " + gpu + " differs from the CPU: " + c + ", allowed " + tolerance);
                }
                return "GPU " + gpu + " computes what the CPU does: " + c;
            }));
        }
        return checks;
    }

    /** The gradient check's verdict on what finite differences found. */
    static String judgeGradient(SelfCheck.FiniteDifferences fd) {
        if (!fd.within(SelfCheck.FINITE_DIFFERENCE_TOLERANCE)) {
            throw new CheckFailed("the CPU gradient disagrees with finite differences: " + fd + ", allowed "
                    + SelfCheck.FINITE_DIFFERENCE_TOLERANCE);
        }
        return "CPU gradient of a small random-weight net agrees with finite differences: " + fd;
    }

    static Check check(String name, java.util.function.Supplier<String> body) {
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String run() {
                return body.get();
            }
        };
    }

    /**
     * Runs the checks in order, printing one line each, and returns the exit code: {@link Main#OK} only when all
     * passed. After the {@value #NATIVES} check fails nothing else can run: the rest are reported as skipped.
     */
    static int report(List<Check> checks, PrintWriter out) {
        int failed = 0;
        boolean nativesFailed = false;
        for (Check c : checks) {
            if (nativesFailed) {
                out.println("SKIP  " + c.name() + ": needs the native libraries");
                failed++;
                continue;
            }
            long start = System.nanoTime();
            String line;
            try {
                line = "PASS  " + c.name() + ": " + c.run();
            } catch (MissingNativeLibraryException e) {
                line = "FAIL  " + c.name() + ": " + oneLine(NativeAdvice.missingLibrary(e));
            } catch (CheckFailed | BadInputException e) {
                line = "FAIL  " + c.name() + ": " + oneLine(e.getMessage());
            } catch (RuntimeException e) {
                line = "FAIL  " + c.name() + ": " + oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
            }
            if (line.startsWith("FAIL")) {
                failed++;
                nativesFailed = c.name().equals(NATIVES);
            }
            out.println(line + String.format(Locale.ROOT, " (%.1f s)", (System.nanoTime() - start) / 1e9));
            out.flush();
        }
        out.println(failed == 0 ? "selftest: all " + checks.size() + " checks passed"
                : "selftest: " + failed + " of " + checks.size() + " checks did not pass");
        out.flush();
        return failed == 0 ? Main.OK : Main.FAILED;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
