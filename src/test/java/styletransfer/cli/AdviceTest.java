package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import styletransfer.InvalidSettingException;
import styletransfer.Setting;
import styletransfer.caffe.DeviceUnavailableException;
import styletransfer.image.ImageTooLargeException;
import styletransfer.transfer.CheckpointException;
import styletransfer.transfer.RunTooLargeException;
import styletransfer.transfer.StyleTransfer;

/** The lower layers state facts; on the command line they read with flags and what to do. */
class AdviceTest {
    private static final StyleTransfer.Sizes SIZES = new StyleTransfer.Sizes(13344, 20000, 16000, 20000);

    @Test
    void aSettingIsNamedByItsFlag() {
        assertEquals("-l must be a positive number of pixels, got 0.0",
                Advice.message(new InvalidSettingException(Setting.LENGTH, "must be a positive number of pixels, got 0.0")));
        assertEquals("-n must be at least 1, got 0",
                Advice.message(new InvalidSettingException(Setting.ITERATIONS, "must be at least 1, got 0")));
    }

    @Test
    void tooLargeRunsAreAdvisedInFlags() {
        String device = Advice.message(new RunTooLargeException(RunTooLargeException.Limit.DEVICE_MEMORY, SIZES,
                10L << 30, 1L << 30, "the working images would be 13344x20000 ... on GPU 0 but it has 1.0 GiB free"));
        assertTrue(device.endsWith("; use a smaller -l, or -g -1 to run on the CPU"), device);
        String host = Advice.message(new RunTooLargeException(RunTooLargeException.Limit.HOST_MEMORY, SIZES,
                10L << 30, 1L << 30, "the working images would be 13344x20000 ..."));
        assertTrue(host.contains("use a smaller -l, or crop"), host);
    }

    @Test
    void devicesImagesAndCheckpointsGetTheirFlags() {
        assertEquals("-g 0: this is the CPU build of style-transfer; use -g -1, or build the GPU version (mvn -Pgpu"
                + " package, see the README's 'Running on a GPU server')",
                Advice.message(new DeviceUnavailableException(0, false, 0, null)));
        assertEquals("-g 2: only 2 CUDA device(s) are visible; use -g -1 for the CPU",
                Advice.message(new DeviceUnavailableException(2, true, 2, null)));
        String image = Advice.message(new ImageTooLargeException(Path.of("big.png"), 20, 20, 399));
        assertTrue(image.contains("20x20 = 400 pixels, more than the limit of 399") && image.contains("--max-pixels"),
                image);
        assertEquals("--resume: no checkpoint at /o.jpg.checkpoint; run with --checkpoint-every N and the same -o first",
                Advice.message(new CheckpointException(CheckpointException.Problem.MISSING,
                        "no checkpoint at /o.jpg.checkpoint")));
    }
}
