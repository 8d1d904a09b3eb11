package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import styletransfer.caffe.Device;
import styletransfer.caffe.Devices;
import styletransfer.caffe.MissingNativeLibraryException;

/**
 * On a GPU the losses and gradients stay in device memory (cuBLAS/cuDNN); one evaluation's gradient and the run
 * must match the CPU's, to float32 rounding. Needs the GPU build, CUDA's libraries and a CUDA device: without them
 * every test here is skipped, and says why.
 */
class DeviceLayerGradientsTest {
    @BeforeEach
    void needsDevice() {
        assumeTrue(Devices.gpuBuild(), "CPU build: the device-resident loss is compiled only with mvn -Pgpu");
        try {
            Devices.requireNatives();
        } catch (MissingNativeLibraryException e) {
            assumeTrue(false, "GPU build without CUDA's libraries: " + e.getMessage());
        }
        assumeTrue(Devices.gpuCount() > 0, "GPU build, but no CUDA device is visible: device tests not run");
    }

    @Test
    void oneEvaluationsGradientOnTheDeviceIsTheCpus() {
        // TF32 would round convolution inputs to 10-bit mantissas: the comparison is for exact float32 only.
        assertFalse(Devices.tf32Allowed(), "NVIDIA_TF32_OVERRIDE=0 must be set (the pom sets it for tests)");
        GradientCheck.Evaluation cpu = GradientCheckTest.googlenetAtStart(Device.CPU, Schedule.MINIMAL);
        GradientCheck.Evaluation gpu = GradientCheckTest.googlenetAtStart(Device.gpu(0), Schedule.MINIMAL);

        // cuDNN's convolutions and cuBLAS's products sum in other orders than OpenBLAS: float32 rounding, compounded
        // over GoogLeNet's layers, not more.
        GradientCheck.Comparison c = GradientCheck.compare(cpu, gpu);
        assertTrue(c.within(1e-4), "GPU 0 against the CPU: " + c);
    }

    @Test
    void googlenetOnTheDeviceFollowsTheCpuRun() {
        TestNets.Run cpu = TestNets.googlenetRun(Device.CPU, Schedule.MINIMAL, 10);
        TestNets.Run gpu = TestNets.googlenetRun(Device.gpu(0), Schedule.MINIMAL, 10);

        assertEquals(cpu.losses().size(), gpu.losses().size());
        // cuDNN's convolutions and cuBLAS's sums round differently; the paths must still agree closely at the start
        // and stay together while the loss falls.
        assertEquals(cpu.losses().get(0), gpu.losses().get(0), 1e-4 * cpu.losses().get(0));
        for (int i = 0; i < cpu.losses().size(); i++) {
            double a = cpu.losses().get(i);
            double b = gpu.losses().get(i);
            assertTrue(Math.abs(a - b) <= 1e-2 * a, "iteration " + (i + 1) + ": CPU " + a + ", GPU " + b);
        }
        assertTrue(gpu.losses().get(gpu.losses().size() - 1) < 0.9 * gpu.losses().get(0));
        double[] p = cpu.image().rgb();
        double[] q = gpu.image().rgb();
        double meanAbs = 0;
        for (int i = 0; i < p.length; i++) {
            meanAbs += Math.abs(p[i] - q[i]) / p.length;
        }
        assertTrue(meanAbs < 0.02, "mean absolute difference of the pictures: " + meanAbs);
    }

    @Test
    void bothSchedulesOnTheDeviceGiveTheSameLosses() {
        TestNets.Run reference = TestNets.googlenetRun(Device.gpu(0), Schedule.REFERENCE, 10);
        TestNets.Run minimal = TestNets.googlenetRun(Device.gpu(0), Schedule.MINIMAL, 10);

        // Not 1e-6 as on the CPU: cuDNN may pick backward algorithms that sum with atomics, in a varying order.
        for (int i = 0; i < reference.losses().size(); i++) {
            double a = reference.losses().get(i);
            double b = minimal.losses().get(i);
            assertTrue(Math.abs(a - b) <= 1e-4 * a, "iteration " + (i + 1) + ": " + a + " vs " + b);
        }
    }
}
