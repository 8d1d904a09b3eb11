package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.Device;
import styletransfer.caffe.Devices;
import styletransfer.image.Image;
import styletransfer.image.ImageReader;
import styletransfer.model.ModelCatalog;
import styletransfer.model.ModelSpec;

/**
 * On a GPU the losses and gradients stay in device memory (cuBLAS/cuDNN); the run must match the CPU's, to float32
 * rounding. Needs the GPU build and a CUDA device: without them every test here is skipped, and says why.
 */
class DeviceLayerGradientsTest {
    @BeforeEach
    void needsDevice() {
        assumeTrue(Devices.gpuBuild(), "CPU build: the device-resident loss is compiled only with mvn -Pgpu");
        assumeTrue(Devices.gpuCount() > 0, "GPU build, but no CUDA device is visible: device tests not run");
    }

    @Test
    void googlenetOnTheDeviceFollowsTheCpuRun() {
        ModelSpec googlenet = new ModelCatalog(Path.of("models")).resolve("googlenet");
        Image style = ImageReader.read(Path.of("images/style/hubble_deep_field.jpg"));
        Image content = ImageReader.read(Path.of("images/content/rocket.jpg"));

        Run cpu = run(googlenet, style, content, Device.CPU, Schedule.MINIMAL);
        Run gpu = run(googlenet, style, content, Device.gpu(0), Schedule.MINIMAL);

        assertEquals(cpu.losses.size(), gpu.losses.size());
        // cuDNN's convolutions and cuBLAS's sums round differently; the paths must still agree closely at the start
        // and stay together while the loss falls.
        assertEquals(cpu.losses.get(0), gpu.losses.get(0), 1e-4 * cpu.losses.get(0));
        for (int i = 0; i < cpu.losses.size(); i++) {
            double a = cpu.losses.get(i);
            double b = gpu.losses.get(i);
            assertTrue(Math.abs(a - b) <= 1e-2 * a, "iteration " + (i + 1) + ": CPU " + a + ", GPU " + b);
        }
        assertTrue(gpu.losses.get(gpu.losses.size() - 1) < 0.9 * gpu.losses.get(0));
        double[] p = cpu.image.rgb();
        double[] q = gpu.image.rgb();
        double meanAbs = 0;
        for (int i = 0; i < p.length; i++) {
            meanAbs += Math.abs(p[i] - q[i]) / p.length;
        }
        assertTrue(meanAbs < 0.02, "mean absolute difference of the pictures: " + meanAbs);
    }

    @Test
    void bothSchedulesOnTheDeviceGiveTheSameLosses() {
        ModelSpec googlenet = new ModelCatalog(Path.of("models")).resolve("googlenet");
        Image style = ImageReader.read(Path.of("images/style/hubble_deep_field.jpg"));
        Image content = ImageReader.read(Path.of("images/content/rocket.jpg"));

        Run reference = run(googlenet, style, content, Device.gpu(0), Schedule.REFERENCE);
        Run minimal = run(googlenet, style, content, Device.gpu(0), Schedule.MINIMAL);

        // Not 1e-6 as on the CPU: cuDNN may pick backward algorithms that sum with atomics, in a varying order.
        for (int i = 0; i < reference.losses.size(); i++) {
            double a = reference.losses.get(i);
            double b = minimal.losses.get(i);
            assertTrue(Math.abs(a - b) <= 1e-4 * a, "iteration " + (i + 1) + ": " + a + " vs " + b);
        }
    }

    private record Run(List<Double> losses, Image image) {}

    private static Run run(ModelSpec model, Image style, Image content, Device device, Schedule schedule) {
        try (CaffeNet net = CaffeNet.openWithRandomWeights(model.prototxt(), device, 7)) {
            List<Double> losses = new ArrayList<>();
            StyleTransfer.Settings settings = new StyleTransfer.Settings(1e4, 10, 256, new InitMode.Content(), 1,
                    schedule, model.meanBgr(), model.content(), model.style());
            StyleTransfer.Outcome out = StyleTransfer.run(net, style, content, settings,
                    (k, loss, pg, parts) -> losses.add(loss));
            return new Run(losses, out.image());
        }
    }
}
