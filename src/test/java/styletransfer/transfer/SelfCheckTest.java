package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import styletransfer.caffe.Device;
import styletransfer.optim.DifferentiableFunction;

/** The self-test's checks on their own: finite differences tell a right gradient from a wrong one. */
class SelfCheckTest {
    @Test
    void finiteDifferencesAcceptTheGradientOfASmoothFunctionAndRejectAWrongOne() {
        // f(x) = sum of x_i^2 / 1000 + (1 + i/16) x_i: smooth and gently curved, so no coordinate is a kink.
        DifferentiableFunction right = (x, g) -> {
            double f = 0;
            for (int i = 0; i < x.length; i++) {
                f += x[i] * x[i] / 1000 + (1 + i / 16.0) * x[i];
                g[i] = x[i] / 500 + 1 + i / 16.0;
            }
            return f;
        };
        DifferentiableFunction oneWrong = (x, g) -> {
            double f = right.valueAndGradient(x, g);
            g[7] *= -1; // one element with the wrong sign, the others right
            return f;
        };
        double[] x = new double[16];
        for (int i = 0; i < x.length; i++) {
            x[i] = 10 + i;
        }
        SelfCheck.FiniteDifferences ok = SelfCheck.finiteDifferences(right, x, 16, new Random(1));
        assertTrue(ok.within(1e-6), ok.toString());
        assertEquals(16, ok.compared());
        SelfCheck.FiniteDifferences bad = SelfCheck.finiteDifferences(oneWrong, x, 16, new Random(1));
        assertFalse(bad.within(SelfCheck.FINITE_DIFFERENCE_TOLERANCE), bad.toString());
    }

    @Test
    void theTinyNetsGradientPassesOnTheCpu() {
        SelfCheck.FiniteDifferences fd = SelfCheck.gradientCheck(Device.CPU);
        assertTrue(fd.within(SelfCheck.FINITE_DIFFERENCE_TOLERANCE), fd.toString());
        assertTrue(fd.compared() >= 18, fd.toString());
    }

    /** The device comparison opens the net twice: the same seeded weights each time, so CPU against CPU is exact. */
    @Test
    void theCpuAgainstItselfIsExact() {
        GradientCheck.Comparison c = SelfCheck.deviceAgainstCpu(Device.CPU);
        assertEquals(0, c.loss());
        assertEquals(0, c.gradient());
        assertEquals(0, c.largest());
    }
}
