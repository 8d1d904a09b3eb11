package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import styletransfer.caffe.Device;
import styletransfer.caffe.DeviceCallException;
import styletransfer.caffe.DeviceOutOfMemoryException;

/**
 * What the command line makes of a failure on a GPU (the device code itself cannot run here): one line with the
 * fact and what to do, exit 1.
 */
class DeviceErrorsCliTest {
    @Command(name = "fail")
    static final class Failing implements Callable<Integer> {
        final RuntimeException failure;

        Failing(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() {
            throw failure;
        }
    }

    @Test
    void deviceOutOfMemoryIsARunFailureWithAdvice() {
        String err = run(new DeviceOutOfMemoryException(Device.gpu(1), "CUDA", "cudaMalloc", 300L << 20));
        assertEquals("error: CUDA cudaMalloc of 300 MiB failed: out of device memory on GPU 1; use a smaller -l,"
                + " another GPU (-g N), or -g -1 for the CPU\nexit 1\n", err);
    }

    @Test
    void aFailedCudnnCallNamesTheWayAroundCudnn() {
        String err = run(new DeviceCallException(Device.gpu(0), "cuDNN", "cudnnActivationBackward failed:"
                + " CUDNN_STATUS_BAD_PARAM"));
        assertEquals("error: cuDNN cudnnActivationBackward failed: CUDNN_STATUS_BAD_PARAM on GPU 0; -g -1 runs on"
                + " the CPU; if cuDNN fails on this machine, gpu.convolution=caffe in native-config/native.properties"
                + " (STYLE_TRANSFER_GPU_CONVOLUTION=caffe) builds convolutions without it\nexit 1\n", err);
    }

    private static String run(RuntimeException failure) {
        CommandLine cli = Main.commandLine();
        cli.addSubcommand("fail", new Failing(failure));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("fail");
        return err.toString().replace(System.lineSeparator(), "\n") + "exit " + code + "\n";
    }
}
