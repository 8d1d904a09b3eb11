package styletransfer.caffe;


import static org.bytedeco.caffe.global.caffe.TEST;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.caffe.Caffe;
import org.bytedeco.caffe.FloatBlob;
import org.bytedeco.caffe.FloatLayer;
import org.bytedeco.caffe.FloatNet;
import org.bytedeco.caffe.NetParameter;
import org.bytedeco.javacpp.FloatPointer;
import styletransfer.BadInputException;

/**
 * One Caffe net with its weights: the project's only door to Caffe's forward and backward passes.
 *
 * <p>It owns its native memory (closed by {@link #close()}) and must be used from the thread that opened it:
 * Caffe's mode and device are thread-local. The input blob is {@code data}, reshaped to 1x3xHxW. Blob data and
 * diffs are lent as {@link BlobFloats} that stay valid until the next reshape. What the net costs (FLOPs, memory,
 * workspaces) is measured by {@link NetCosts}.
 */
public final class CaffeNet implements AutoCloseable {
    public static final String INPUT = "data";

    private final NetParameter param;
    private final FloatNet net;
    private final Device device;
    private final Thread owner = Thread.currentThread();
    private final List<String> layerNames;
    private final List<String> blobNames;
    private final Map<String, Integer> layerIndex = new HashMap<>();
    /** For each blob, the index of the last layer that writes it (in-place ReLUs write their input blob). */
    private final Map<String, Integer> lastWriter = new HashMap<>();
    private boolean closed;
    /** Device memory that building the net took (cuDNN's handles and workspaces at the declared input size). */
    private long deviceBuildBytes;

    private CaffeNet(NetParameter param, FloatNet net, Device device) {
        this.param = param;
        this.net = net;
        this.device = device;
        List<String> layers = new ArrayList<>();
        for (long i = 0; i < net.layer_names().size(); i++) {
            String name = net.layer_names().get(i).getString();
            layers.add(name);
            layerIndex.putIfAbsent(name, (int) i);
        }
        this.layerNames = Collections.unmodifiableList(layers);
        List<String> blobs = new ArrayList<>();
        for (long i = 0; i < net.blob_names().size(); i++) {
            blobs.add(net.blob_names().get(i).getString());
        }
        this.blobNames = Collections.unmodifiableList(blobs);
        for (int i = 0; i < param.layer_size(); i++) {
            for (int t = 0; t < param.layer(i).top_size(); t++) {
                String top = NetFiles.text(param.layer(i).top(t));
                Integer idx = layerIndex.get(NetFiles.text(param.layer(i).name()));
                if (idx != null) {
                    lastWriter.put(top, idx);
                }
            }
        }
    }

    /**
     * Builds the net from a prototxt and copies in the weights. Both files are read with protobuf's non-fatal
     * readers and checked here, because Caffe aborts the process on a bad file.
     */
    public static CaffeNet open(Path prototxt, Path weights, Device device) {
        return open(prototxt, weights, device, ConvolutionEngine.configured());
    }

    /** As {@link #open(Path, Path, Device)}, with the convolution engine of a GPU net given. */
    public static CaffeNet open(Path prototxt, Path weights, Device device, ConvolutionEngine convolution) {
        selectDevice(device);
        NetParameter param = NetFiles.readPrototxt(prototxt);
        NetParameter trained = null;
        FloatNet net = null;
        try {
            trained = NetFiles.readCaffemodel(weights);
            long free = device.isCpu() ? -1 : Devices.freeDeviceBytes();
            net = build(param, device, convolution);
            long used = free < 0 ? 0 : Math.max(0, free - Devices.freeDeviceBytes());
            List<WeightMismatch> problems =
                    WeightCheck.compare(trained, WeightCheck.paramShapes(net));
            if (!problems.isEmpty()) {
                throw new BadInputException("weights " + weights + " do not fit " + prototxt + ": layer "
                        + problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
            }
            net.CopyTrainedLayersFrom(trained);
            CaffeNet opened = new CaffeNet(param, net, device);
            opened.deviceBuildBytes = used;
            return opened;
        } catch (RuntimeException e) {
            if (net != null) {
                net.close();
            }
            param.close();
            throw e;
        } finally {
            if (trained != null) {
                trained.close();
            }
        }
    }

    /**
     * Builds the net with random weights instead of trained ones (He-normal from a seeded generator, biases 0),
     * for benchmarks of nets whose real weights are not at hand: the work per pass is the same.
     */
    public static CaffeNet openWithRandomWeights(Path prototxt, Device device, long seed) {
        selectDevice(device);
        NetParameter param = NetFiles.readPrototxt(prototxt);
        try {
            long free = device.isCpu() ? -1 : Devices.freeDeviceBytes();
            FloatNet net = build(param, device, ConvolutionEngine.configured());
            long used = free < 0 ? 0 : Math.max(0, free - Devices.freeDeviceBytes());
            java.util.Random random = new java.util.Random(seed);
            for (long i = 0; i < net.params().size(); i++) {
                FloatBlob blob = net.params().get(i);
                float[] values = new float[blob.count()];
                if (blob.num_axes() > 1) {
                    double std = Math.sqrt(2.0 / (blob.count() / blob.shape(0)));
                    for (int k = 0; k < values.length; k++) {
                        values[k] = (float) (random.nextGaussian() * std);
                    }
                }
                blob.mutable_cpu_data().put(values);
            }
            CaffeNet opened = new CaffeNet(param, net, device);
            opened.deviceBuildBytes = used;
            return opened;
        } catch (RuntimeException e) {
            param.close();
            throw e;
        }
    }

    /**
     * Builds the net on the CPU with the weights its prototxt's fillers give (a deploy prototxt's are zeros),
     * reading no caffemodel: for what depends only on the shapes (memory, FLOPs), as {@code describe} shows.
     */
    public static CaffeNet openUntrained(Path prototxt) {
        selectDevice(Device.CPU);
        NetParameter param = NetFiles.readPrototxt(prototxt);
        try {
            return new CaffeNet(param, build(param, Device.CPU, ConvolutionEngine.CAFFE), Device.CPU);
        } catch (RuntimeException e) {
            param.close();
            throw e;
        }
    }

    private static FloatNet build(NetParameter param, Device device, ConvolutionEngine convolution) {
        param.set_force_backward(true); // the data gradient is the whole point
        param.mutable_state().set_phase(TEST);
        LayerEngines.choose(param, device, convolution);
        FloatNet net = new FloatNet(param);
        if (!device.isCpu()) {
            Devices.clearLastError(); // a cuDNN workspace that did not fit: Caffe fell back to algorithms without one
        }
        return net;
    }

    private static void selectDevice(Device device) {
        Devices.requireNatives();
        if (device.isCpu()) {
            Caffe.set_mode(Caffe.CPU);
            return;
        }
        Devices.forId(device.gpuId());
        Caffe.SetDevice(device.gpuId());
        Caffe.set_mode(Caffe.GPU);
    }

    /** Where this net runs. */
    public Device device() {
        return device;
    }

    public List<String> layerNames() {
        return layerNames;
    }

    public List<String> blobNames() {
        return blobNames;
    }


    /** Index of the layer of that name; the reference's backward ranges are given by layer names. */
    public int layerIndex(String name) {
        Integer i = layerIndex.get(name);
        if (i == null) {
            throw new BadInputException("the net has no layer named '" + name + "'");
        }
        return i;
    }

    /** Index of the last layer writing the blob, so a forward up to it yields the post-ReLU values. */
    public int lastWriterOf(String blob) {
        Integer i = lastWriter.get(blob);
        if (i == null) {
            throw new BadInputException("the net has no blob named '" + blob + "'");
        }
        return i;
    }

    /**
     * Reshapes the input to 1x3xHxW and propagates the shapes through the net. The shapes are computed in Java
     * first: a size at which a layer's output would vanish, or a blob exceed 2^31-1 values, is a
     * {@link BadInputException} instead of a Caffe CHECK failure that aborts the JVM.
     */
    public void reshapeInput(int height, int width) {
        checkThread();
        ShapeCheck.checkAt("the net", param, height, width);
        FloatBlob data = blob(INPUT);
        data.Reshape(1, 3, height, width);
        net.Reshape();
        if (!device.isCpu()) {
            Devices.clearLastError(); // as in build: a workspace that did not fit is not an error to abort on
        }
    }

    /**
     * Device memory that building the net took, measured as the drop of the device's free memory: cuDNN's
     * handles and convolution workspaces at the declared input size (blobs and weights reach the device only when
     * first used). 0 on the CPU. Workspaces grow with the input, so estimates scale it with the area.
     */
    public long deviceBuildBytes() {
        return deviceBuildBytes;
    }

    /** The input's current 4-d shape (N, C, H, W). */
    public int[] shape(String blob) {
        FloatBlob b = blob(blob);
        int[] s = new int[b.num_axes()];
        for (int i = 0; i < s.length; i++) {
            s[i] = b.shape(i);
        }
        return s;
    }

    public int count(String blob) {
        return blob(blob).count();
    }

    public void setInput(double[] chw) {
        FloatBlob data = blob(INPUT);
        requireCount(data, chw.length);
        FloatPointer p = data.mutable_cpu_data();
        // Converted in chunks so a multi-megapixel image needs no second full-size float array.
        float[] chunk = new float[Math.min(chw.length, 1 << 16)];
        for (int off = 0; off < chw.length; off += chunk.length) {
            int n = Math.min(chunk.length, chw.length - off);
            for (int i = 0; i < n; i++) {
                chunk[i] = (float) chw[off + i];
            }
            p.position(off).put(chunk, 0, n);
        }
        p.position(0);
    }

    public void setInput(float[] chw) {
        FloatBlob data = blob(INPUT);
        requireCount(data, chw.length);
        data.mutable_cpu_data().put(chw, 0, chw.length);
    }

    public float[] input() {
        FloatBlob data = blob(INPUT);
        float[] out = new float[data.count()];
        data.cpu_data().get(out);
        return out;
    }

    /** Reads the input blob's gradient into {@code out} as float64, as the reference hands it to scipy. */
    public void inputDiff(double[] out) {
        FloatBlob data = blob(INPUT);
        requireCount(data, out.length);
        FloatPointer p = data.cpu_diff();
        float[] chunk = new float[Math.min(out.length, 1 << 16)];
        for (int off = 0; off < out.length; off += chunk.length) {
            int n = Math.min(chunk.length, out.length - off);
            p.position(off).get(chunk, 0, n);
            for (int i = 0; i < n; i++) {
                out[off + i] = chunk[i];
            }
        }
        p.position(0);
    }

    /** Runs layers 0..last inclusive. */
    public void forwardTo(int last) {
        forward(0, last);
    }

    /** Runs layers from..to inclusive: a part of the net, such as one layer to time it. */
    public void forward(int from, int to) {
        checkThread();
        net.ForwardFromTo(from, to);
    }

    /**
     * The engine each layer was built with, for the layer types Caffe can build two ways (pooling, convolution,
     * ReLU, LRN, ...): layer name to CAFFE (Caffe's own), CUDNN or DEFAULT (cuDNN's in the GPU build).
     */
    public Map<String, String> engines() {
        checkThread();
        return LayerEngines.of(net);
    }

    /**
     * Waits for the device to finish the work queued so far: Caffe's GPU kernels return before they have run, so
     * timing one layer needs this before reading the clock. Nothing to do on the CPU.
     */
    public void synchronize() {
        checkThread();
        if (!device.isCpu()) {
            Devices.synchronize();
        }
    }

    /** The Caffe type of layer i ("Convolution", "Pooling", ...). */
    public String layerType(int i) {
        checkThread();
        return NetFiles.text(net.layers().get(i).type());
    }

    public void forwardAll() {
        forwardTo(layerNames.size() - 1);
    }

    /** Runs backward over layers from..to inclusive, from &gt;= to, as pycaffe's backward(start, end). */
    public void backward(int from, int to) {
        checkThread();
        net.BackwardFromTo(from, to);
    }

    /** The blob's values (host memory), lent until the next reshape. */
    public BlobFloats data(String blob) {
        FloatBlob b = blob(blob);
        return new BlobFloats(b.cpu_data(), b.count());
    }

    /** The blob's gradient, writable (host memory), lent until the next reshape. */
    public BlobFloats diff(String blob) {
        FloatBlob b = blob(blob);
        return new BlobFloats(b.mutable_cpu_diff(), b.count());
    }

    /**
     * The blob's values in device memory, valid until the next reshape; a net on the CPU has none (Caffe's CPU-only
     * build aborts on any device call). Reading it never copies to the host. For the GPU build's device loss.
     */
    FloatPointer deviceData(String blob) {
        requireGpu();
        return blob(blob).gpu_data();
    }

    /** The blob's gradient in device memory, writable, valid until the next reshape. */
    FloatPointer deviceDiff(String blob) {
        requireGpu();
        return blob(blob).mutable_gpu_diff();
    }

    private void requireGpu() {
        if (device.isCpu()) {
            throw new IllegalStateException("the net runs on the CPU: its blobs have no device memory");
        }
    }

    /**
     * Stops Caffe from computing the gradients of the weights: only the image's gradient is wanted, and the
     * weight gradients of the reference are computed and thrown away. The data gradient is unaffected.
     */
    public void disableWeightGradients() {
        for (long i = 0; i < net.layers().size(); i++) {
            FloatLayer layer = net.layers().get(i);
            for (long b = 0; b < layer.blobs().size(); b++) {
                layer.set_param_propagate_down((int) b, false);
            }
        }
    }

    /** The native net, for this package's measurements ({@link NetCosts}); checked for thread and lifetime. */
    FloatNet nativeNet() {
        checkThread();
        return net;
    }

    FloatBlob blob(String name) {
        checkThread();
        FloatBlob b = net.blob_by_name(name);
        if (b == null || b.isNull()) {
            throw new BadInputException("the net has no blob named '" + name + "'");
        }
        return b;
    }

    private static void requireCount(FloatBlob blob, int n) {
        if (blob.count() != n) {
            throw new IllegalArgumentException("input has " + n + " values, blob holds " + blob.count());
        }
    }

    private void checkThread() {
        if (closed) {
            throw new IllegalStateException("net is closed");
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("Caffe must be used from the thread that opened the net");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            net.close();
            param.close();
        }
    }
}
