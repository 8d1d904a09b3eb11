package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import styletransfer.BadInputException;
import styletransfer.SharedData;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.Device;

class MemoryEstimateTest {
    @Test
    void workingSizesFollowTheReferencesScaling() {
        // nanjing 640x427 and starry_night 576x448 at -l 512 on a 224 net, scaled as style.py's transfer_style does:
        // max(length / longer side, orig_dim / shorter side), the style image by STYLE_SCALE times that.
        StyleTransfer.Sizes s = StyleTransfer.sizes(new int[] {1, 3, 224, 224}, 448, 576, 427, 640, 512);
        assertEquals(new StyleTransfer.Sizes(342, 512, 478, 614), s);
        // 1x4000 at -l 64 on SqueezeNet: the shorter side goes up to 227.
        assertEquals(908000, StyleTransfer.sizes(new int[] {10, 3, 227, 227}, 10, 10, 4000, 1, 64).contentHeight());
    }

    @Test
    void refusesWhatDoesNotFitAndSaysHowMuchItNeeds() {
        Path dir = SharedData.squeezenetDir();
        try (CaffeNet net = CaffeNet.open(dir.resolve("deploy.prototxt"), dir.resolve("squeezenet_v1.1.caffemodel"),
                Device.CPU)) {
            StyleTransfer.Sizes small = StyleTransfer.sizes(net.shape(CaffeNet.INPUT), 448, 576, 427, 640, 256);
            StyleTransfer.Sizes large = StyleTransfer.sizes(net.shape(CaffeNet.INPUT), 448, 576, 427, 640, 1024);
            MemoryEstimate a = MemoryEstimate.of(net, small);
            MemoryEstimate b = MemoryEstimate.of(net, large);
            assertTrue(b.totalBytes() > 3 * a.totalBytes(), "about 4x the pixels: " + a + " vs " + b);
            // L-BFGS-B alone: (2*8 + 18) vectors of 3*H*W doubles.
            assertEquals(34L * 3 * small.contentHeight() * small.contentWidth() * 8, a.optimizerBytes());
            assertDoesNotThrow(() -> a.check(small, a.totalBytes()));
            BadInputException e = assertThrows(BadInputException.class, () -> a.check(small, a.totalBytes() - 1));
            assertTrue(e.getMessage().contains(MemoryEstimate.gib(a.totalBytes())), e.getMessage());
            assertTrue(e.getMessage().contains("available"), e.getMessage());
            // On a GPU the net and the loss's buffers must fit in the device's free memory; -1 is "unknown".
            long deviceNeed = (long) Math.ceil(a.netBytes() * 1.25);
            assertDoesNotThrow(() -> a.checkDevice(small, "GPU 0", deviceNeed));
            assertDoesNotThrow(() -> a.checkDevice(small, "GPU 0", -1));
            BadInputException d = assertThrows(BadInputException.class,
                    () -> a.checkDevice(small, "GPU 0", deviceNeed - 1));
            assertTrue(d.getMessage().contains("on GPU 0 (cuDNN workspaces 0.0 GiB) but it has"), d.getMessage());
            assertEquals(RunTooLargeException.Limit.DEVICE_MEMORY, ((RunTooLargeException) d).limit());
            assertEquals(0, a.deviceWorkspaceBytes(), "a CPU net has no cuDNN workspaces");
            // Nothing was reshaped: the estimate only reads the net as built.
            assertEquals(227, net.shape(CaffeNet.INPUT)[2]);
        }
    }

    @Test
    void onAGpuCudnnsWorkspacesCountToo() {
        StyleTransfer.Sizes sizes = new StyleTransfer.Sizes(342, 512, 478, 614);
        long gib = 1L << 30;
        MemoryEstimate e = new MemoryEstimate(2 * gib, gib, 0, 1000, 3 * gib);
        // The net's blobs with the loss's buffers (x 1.25), plus the workspaces: 2.5 + 3 GiB.
        long need = (long) (2.5 * gib) + 3 * gib;
        assertDoesNotThrow(() -> e.checkDevice(sizes, "GPU 1", need));
        BadInputException d = assertThrows(BadInputException.class, () -> e.checkDevice(sizes, "GPU 1", need - 1));
        assertTrue(d.getMessage().contains("needing about 5.5 GiB on GPU 1 (cuDNN workspaces 3.0 GiB)"),
                d.getMessage());
    }
}
