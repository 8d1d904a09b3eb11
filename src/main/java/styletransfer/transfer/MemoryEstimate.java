package styletransfer.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.Devices;
import styletransfer.caffe.NetCosts;

/**
 * What a run at given working sizes will need, estimated before anything large is allocated, so an oversized
 * run is refused with numbers instead of dying in a Caffe CHECK, a failed allocation or the OOM killer.
 *
 * <p>The net's blobs (data and diff) and convolution workspaces grow in proportion to the input's area, so their
 * size at the working size is extrapolated from the net as built at its declared input size; the net is
 * reshaped to the style image and then to the content image, and Caffe keeps the larger allocation, so the larger
 * area counts. L-BFGS-B keeps 2m vectors of n = 3HW doubles (m = 8) and the run about 18 more n-vectors
 * (iterate, gradient, bounds, search direction, work arrays, the last accepted iterate); each image is held as
 * doubles and floats.
 *
 * @param netBytes the net's blobs, workspaces and weights
 * @param optimizerBytes L-BFGS-B's memory and the run's own vectors of the content size
 * @param imageBytes the rescaled images
 * @param largestBlob values in the largest blob at the working size (Caffe refuses blobs above 2^31-1)
 * @param deviceWorkspaceBytes on a GPU, cuDNN's handles and convolution workspaces: what building the net took on
 *                    the device, scaled by the area like the blobs (0 on the CPU). cuDNN picks its algorithms
 *                    without a workspace limit in this Caffe, so they are measured, not derived from the shapes.
 */
public record MemoryEstimate(long netBytes, long optimizerBytes, long imageBytes, long largestBlob,
                             long deviceWorkspaceBytes) {
    /** Vectors of n doubles that L-BFGS-B and the run keep besides the 2m correction pairs. */
    static final int EXTRA_VECTORS = 18;
    /** Device memory of a GPU run relative to the net's own: its loss buffers add at most about a quarter. */
    static final double DEVICE_LOSS_FACTOR = 1.25;

    public long totalBytes() {
        long sum = netBytes + optimizerBytes;
        sum = sum < 0 ? Long.MAX_VALUE : sum + imageBytes; // each part is saturated, not their sum
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** The estimate for {@code sizes}, from {@code net} as it is shaped now (nothing is reshaped or allocated). */
    public static MemoryEstimate of(CaffeNet net, StyleTransfer.Sizes sizes) {
        int[] in = net.shape(CaffeNet.INPUT);
        double declared = (double) in[0] * in[2] * in[3];
        double contentArea = (double) sizes.contentHeight() * sizes.contentWidth();
        double styleArea = (double) sizes.styleHeight() * sizes.styleWidth();
        double factor = Math.max(contentArea, styleArea) / declared;
        double blobFloats = 0;
        double largest = 0;
        for (String b : net.blobNames()) {
            blobFloats += 2.0 * net.count(b);
            largest = Math.max(largest, net.count(b));
        }
        double weightBytes = NetCosts.memoryBytes(net) - blobFloats * Float.BYTES;
        double netBytes = weightBytes + (blobFloats + NetCosts.convolutionWorkspaceFloats(net)) * factor * Float.BYTES;
        double n = 3 * contentArea;
        double optimizer = (2.0 * StyleTransfer.MAX_CORRECTIONS + EXTRA_VECTORS) * n * Double.BYTES;
        double images = 3 * (contentArea + styleArea) * (Double.BYTES + Float.BYTES);
        return new MemoryEstimate(saturate(netBytes), saturate(optimizer), saturate(images),
                saturate(largest * factor), saturate(net.deviceBuildBytes() * Math.max(1, factor)));
    }

    /**
     * Refuses the run when it cannot fit ({@link RunTooLargeException}): a blob or an image larger than Caffe or
     * Java can index, or more memory than {@code availableBytes}.
     */
    public void check(StyleTransfer.Sizes sizes, long availableBytes) {
        String size = "the working images would be " + sizes.contentHeight() + "x" + sizes.contentWidth()
                + " (content) and " + sizes.styleHeight() + "x" + sizes.styleWidth() + " (style)";
        if (largestBlob > Integer.MAX_VALUE
                || 3L * sizes.contentHeight() * sizes.contentWidth() > Integer.MAX_VALUE - 8
                || 3L * sizes.styleHeight() * sizes.styleWidth() > Integer.MAX_VALUE - 8) {
            throw new RunTooLargeException(RunTooLargeException.Limit.BLOB_SIZE, sizes, totalBytes(), -1,
                    size + ", too large for Caffe's 2^31 values per blob (estimated " + gib(totalBytes())
                            + " of memory)");
        }
        if (totalBytes() > availableBytes) {
            throw new RunTooLargeException(RunTooLargeException.Limit.HOST_MEMORY, sizes, totalBytes(),
                    availableBytes, size + ", needing about " + gib(totalBytes()) + " of memory (net "
                            + gib(netBytes) + ", optimizer " + gib(optimizerBytes) + ", images " + gib(imageBytes)
                            + ") but this machine has " + gib(availableBytes) + " available");
        }
    }

    /**
     * Refuses a run at {@code sizes} that cannot fit in the memory available now (see {@link #check}); on a GPU
     * also in the device's free memory (see {@link #checkDevice}).
     */
    public static void require(CaffeNet net, StyleTransfer.Sizes sizes) {
        MemoryEstimate estimate = of(net, sizes);
        estimate.check(sizes, availableBytes());
        if (!net.device().isCpu()) {
            estimate.checkDevice(sizes, net.device().toString(), Devices.freeDeviceBytes());
        }
    }

    /**
     * On a GPU the net's blobs and workspaces live in device memory, with the loss's buffers (targets, Gram
     * matrices, gradients: at most about a quarter more). Caffe aborts the process when a device allocation fails,
     * so the run is refused here instead. {@code freeBytes} below 0 means unknown: nothing is checked.
     */
    void checkDevice(StyleTransfer.Sizes sizes, String device, long freeBytes) {
        long need = saturate(netBytes * DEVICE_LOSS_FACTOR + (double) deviceWorkspaceBytes);
        if (freeBytes >= 0 && need > freeBytes) {
            throw new RunTooLargeException(RunTooLargeException.Limit.DEVICE_MEMORY, sizes, need, freeBytes,
                    "the working images would be " + sizes.contentHeight() + "x" + sizes.contentWidth()
                            + " (content) and " + sizes.styleHeight() + "x" + sizes.styleWidth()
                            + " (style), needing about " + gib(need) + " on " + device + " (cuDNN workspaces "
                            + gib(deviceWorkspaceBytes) + ") but it has " + gib(freeBytes) + " free");
        }
    }

    /** Physical memory the run may use: MemAvailable of /proc/meminfo, else MemTotal, else the Java heap. */
    public static long availableBytes() {
        try {
            long total = -1;
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && f[0].equals("MemAvailable:")) {
                    return Long.parseLong(f[1]) * 1024;
                }
                if (f.length >= 2 && f[0].equals("MemTotal:")) {
                    total = Long.parseLong(f[1]) * 1024;
                }
            }
            if (total > 0) {
                return total;
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or an unexpected format: fall back to what Java itself may use.
        }
        return Runtime.getRuntime().maxMemory();
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    private static long saturate(double v) {
        return v >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(v);
    }
}
