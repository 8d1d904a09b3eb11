package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.Device;
import styletransfer.caffe.Devices;
import styletransfer.optim.DifferentiableFunction;
import styletransfer.transfer.SelfCheck;

/** {@code selftest}: passes on this machine, refuses a GPU in the CPU build, and fails when a check does. */
class SelftestCommandTest {
    @Test
    void passesOnThisMachineWithOneLinePerCheck() {
        Cli.Output r = Cli.capture("selftest");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("selftest: " + (Devices.gpuBuild() ? "GPU build, TF32 " : "CPU build, TF32 not applicable")), lines.get(0));
        assertTrue(lines.get(1).startsWith("PASS  natives: Caffe's native libraries loaded"), lines.get(1));
        assertTrue(lines.get(2).startsWith("PASS  gradient: CPU gradient of a small random-weight net agrees with finite"
                + " differences: largest relative error "), lines.get(2));
        assertEquals("selftest: all 2 checks passed", lines.get(3));
    }

    @Test
    void aGpuIdIsOneClearErrorOnTheCpuBuild() {
        if (!Devices.gpuBuild()) {
            Cli.run("selftest", "-g", "0").assertError(2, "-g 0", "CPU build", "-g -1");
        }
        Cli.run("selftest", "-g", "-2").assertError(2, "-g -2", "-1 for the CPU checks only");
        Cli.run("selftest", "-g", "x").assertError(2, "x");
    }

    /** The real tiny net and the real finite-difference check, but a gradient 10% too large: the check fails. */
    @Test
    void aWrongGradientFailsTheCheckAndTheExitCode() {
        SelftestCommand.Check wrong = SelftestCommand.check("gradient", () -> {
            try (CaffeNet net = SelfCheck.openTinyNet(Device.CPU); SelfCheck.TinyRun run = new SelfCheck.TinyRun(net, 42)) {
                DifferentiableFunction tooLarge = (x, g) -> {
                    double v = run.objective().valueAndGradient(x, g);
                    for (int i = 0; i < g.length; i++) {
                        g[i] *= 1.1;
                    }
                    return v;
                };
                return SelftestCommand.judgeGradient(SelfCheck.finiteDifferences(tooLarge, run.start(), 24, new Random(43)));
            }
        });
        StringWriter out = new StringWriter();
        int exit = SelftestCommand.report(List.of(SelftestCommand.check("natives", () -> "loaded"), wrong),
                new PrintWriter(out));
        assertEquals(Main.FAILED, exit, out.toString());
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(0).startsWith("PASS  natives: loaded ("), lines.get(0));
        assertTrue(lines.get(1).startsWith("FAIL  gradient: the CPU gradient disagrees with finite differences:"
                + " largest relative error "), lines.get(1));
        assertEquals("selftest: 1 of 2 checks did not pass", lines.get(2));
    }

    @Test
    void withoutNativesTheOtherChecksAreSkippedNotRun() {
        StringWriter out = new StringWriter();
        int exit = SelftestCommand.report(List.of(
                SelftestCommand.check("natives", () -> {
                    throw new IllegalStateException("libcudart.so.11.0: cannot open shared object file");
                }),
                SelftestCommand.check("gradient", () -> {
                    throw new AssertionError("must not run");
                })), new PrintWriter(out));
        assertEquals(Main.FAILED, exit);
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(0).startsWith("FAIL  natives: ") && lines.get(0).contains("libcudart"), lines.get(0));
        assertEquals("SKIP  gradient: needs the native libraries", lines.get(1));
        assertEquals("selftest: 2 of 2 checks did not pass", lines.get(2));
    }
}
