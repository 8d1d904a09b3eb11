package styletransfer.caffe;

import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_ALLOC_FAILED;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_SUCCESS;
import static org.bytedeco.cuda.global.cublas.cublasCreate_v2;
import static org.bytedeco.cuda.global.cublas.cublasDestroy_v2;
import static org.bytedeco.cuda.global.cublas.cublasSaxpy_v2;
import static org.bytedeco.cuda.global.cublas.cublasScopy_v2;
import static org.bytedeco.cuda.global.cublas.cublasSgemm_v2;
import static org.bytedeco.cuda.global.cublas.cublasSscal_v2;
import static org.bytedeco.cuda.global.cudart.cudaErrorMemoryAllocation;
import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;
import static org.bytedeco.cuda.global.cudart.cudaMemcpy;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaMemset;
import static org.bytedeco.cuda.global.cudnn.CUDNN_ACTIVATION_RELU;
import static org.bytedeco.cuda.global.cudnn.CUDNN_DATA_FLOAT;
import static org.bytedeco.cuda.global.cudnn.CUDNN_PROPAGATE_NAN;
import static org.bytedeco.cuda.global.cudnn.CUDNN_STATUS_ALLOC_FAILED;
import static org.bytedeco.cuda.global.cudnn.CUDNN_STATUS_SUCCESS;
import static org.bytedeco.cuda.global.cudnn.CUDNN_TENSOR_NCHW;
import static org.bytedeco.cuda.global.cudnn.cudnnActivationBackward;
import static org.bytedeco.cuda.global.cudnn.cudnnCreate;
import static org.bytedeco.cuda.global.cudnn.cudnnCreateActivationDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnCreateTensorDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroy;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyActivationDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyTensorDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnGetErrorString;
import static org.bytedeco.cuda.global.cudnn.cudnnSetActivationDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnSetTensor4dDescriptor;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudnn.cudnnActivationStruct;
import org.bytedeco.cuda.cudnn.cudnnContext;
import org.bytedeco.cuda.cudnn.cudnnTensorStruct;
import org.bytedeco.javacpp.FloatPointer;

/**
 * The weighted layers' losses and gradients in device memory (GPU build only): the Gram matrices by cuBLAS sgemm,
 * G - A and the content difference by saxpy, the ReLU mask and the accumulation into the blob's diff by cuDNN's
 * ReLU backward ({@code diff += mask * g}, one pass). The losses are summed on the host in double, as on the CPU: G - A
 * (N x N floats) and the content difference come back for that; features and gradients stay on the device.
 *
 * <p>Caffe's blobs are row-major N x M (channels x positions); cuBLAS is column-major, so the same memory is the
 * M x N matrix F^T, and a row-major N x M result is written as its column-major transpose. The products are those
 * of the CPU path; the sums run in cuBLAS's order, so results agree with the CPU's to float32 rounding, not bit for
 * bit. All calls go to the default stream of the thread's current device, the one Caffe's own kernels use.
 *
 * <p>A failed call clears the CUDA runtime's last error before it is reported ({@link DeviceCallException},
 * {@link DeviceOutOfMemoryException}): Caffe checks it after each kernel and would abort the JVM on the next one.
 *
 * <p>This is the Caffe boundary's device side: the loss code ({@code transfer.DeviceLayerGradients}) names layers by
 * index and blob and gives their sizes and weights; the CUDA handles and device memory stay in here.
 */
public final class DeviceLoss implements AutoCloseable {
    private final CaffeNet net;
    private final double ratio;
    private final cublasContext blas = new cublasContext();
    private final cudnnContext dnn = new cudnnContext();
    private final cudnnActivationStruct relu = new cudnnActivationStruct();
    private final List<Buffers> layers = new ArrayList<>();
    private final List<FloatPointer> deviceMemory = new ArrayList<>();
    private final List<cudnnTensorStruct> descriptors = new ArrayList<>();
    // Host scalars: cuBLAS and cuDNN read them during the call (host pointer mode), so one of each is reused.
    private final FloatPointer alpha = new FloatPointer(1);
    private final FloatPointer beta = new FloatPointer(1);
    /** Host copy of the largest vector whose squares are summed (G - A, or a content difference). */
    private final OwnedFloats host;
    private boolean blasOpen;
    private boolean dnnOpen;
    private boolean reluOpen;

    /** Device buffers of one weighted layer; unused ones are null. */
    private record Buffers(cudnnTensorStruct shape, FloatPointer gramTarget, FloatPointer gram,
                           FloatPointer contentTarget, FloatPointer work) {}

    /**
     * The CUDA handles for a net on a GPU, and a host buffer for the largest vector whose squares are summed.
     * Layers are added with {@link #addLayer}.
     */
    public DeviceLoss(CaffeNet net, double ratio, long largestSummed) {
        this.net = net;
        this.ratio = ratio;
        this.host = OwnedFloats.allocate(Math.max(1, largestSummed));
        try {
            checkBlas(cublasCreate_v2(blas), "cublasCreate");
            blasOpen = true;
            checkDnn(cudnnCreate(dnn), "cudnnCreate");
            dnnOpen = true;
            checkDnn(cudnnCreateActivationDescriptor(relu), "cudnnCreateActivationDescriptor");
            reluOpen = true;
            checkDnn(cudnnSetActivationDescriptor(relu, CUDNN_ACTIVATION_RELU, CUDNN_PROPAGATE_NAN, 0.0),
                    "cudnnSetActivationDescriptor");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Device buffers for the next weighted layer (N channels x M positions): the style target A (N x N, or null for
     * a layer without style) and the content target P (N x M, or null). Layers are numbered from 0 in the order
     * added. A failure leaves what was allocated to {@link #close()}.
     */
    public void addLayer(int channels, int positions, FloatBuffer gramTarget, FloatBuffer contentTarget) {
        cudnnTensorStruct shape = new cudnnTensorStruct();
        checkDnn(cudnnCreateTensorDescriptor(shape), "cudnnCreateTensorDescriptor");
        descriptors.add(shape);
        checkDnn(cudnnSetTensor4dDescriptor(shape, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, 1, channels, 1, positions),
                "cudnnSetTensor4dDescriptor");
        long nn = (long) channels * channels;
        long size = (long) channels * positions;
        layers.add(new Buffers(shape,
                gramTarget != null ? upload(gramTarget, nn) : null,
                gramTarget != null ? allocate(nn) : null,
                contentTarget != null ? upload(contentTarget, size) : null,
                allocate(size)));
    }

    /** Zeroes the first {@code size} floats of the blob's gradient. */
    public void clearDiff(String blob, long size) {
        checkCuda(cudaMemset(net.deviceDiff(blob), 0, size * Float.BYTES), "cudaMemset", -1);
    }

    /**
     * Adds layer {@code index}'s style gradient (blob of N x M features) into the blob's diff; returns its style
     * loss, {@code weight * ratio * c/4 * |G - A|^2}.
     */
    public double addStyle(int index, String blob, int n, int m, double weight) {
        Buffers b = layers.get(index);
        FloatPointer f = net.deviceData(blob);
        // G = F F^T: with F^T the column-major M x N matrix at f, G = (F^T)^T (F^T).
        gemm(CUBLAS_OP_T, CUBLAS_OP_N, n, n, m, 1f, f, m, f, m, b.gram(), n);
        // E = G - A in place, and |E|^2.
        alpha.put(-1f);
        checkBlas(cublasSaxpy_v2(blas, n * n, alpha, b.gramTarget(), 1, b.gram(), 1), "saxpy");
        double sum = dot(b.gram(), n * n);
        double c = 1.0 / ((double) n * n * (double) m * m);
        // c * E F, row-major N x M = column-major (E F)^T = F^T E^T, with E^T the column-major view of E. Then the
        // weight and the ratio, each rounded to float32 in the reference's order.
        gemm(CUBLAS_OP_N, CUBLAS_OP_N, m, n, n, (float) c, f, m, b.gram(), n, b.work(), m);
        scale(b.work(), n * m, (float) weight);
        scale(b.work(), n * m, (float) ratio);
        addMasked(b, f, blob);
        return weight * ratio * c / 4 * sum;
    }

    /** Adds layer {@code index}'s content gradient into the blob's diff; returns its loss {@code weight/2 * |F - P|^2}. */
    public double addContent(int index, String blob, int size, double weight) {
        Buffers b = layers.get(index);
        FloatPointer f = net.deviceData(blob);
        checkBlas(cublasScopy_v2(blas, size, f, 1, b.work(), 1), "scopy");
        alpha.put(-1f);
        checkBlas(cublasSaxpy_v2(blas, size, alpha, b.contentTarget(), 1, b.work(), 1), "saxpy");
        double sum = dot(b.work(), size);
        scale(b.work(), size, (float) weight);
        addMasked(b, f, blob);
        return weight * sum / 2;
    }

    /** diff += (F &gt; 0) * work: cuDNN's ReLU backward with F as both its input and output, blended with beta 1. */
    private void addMasked(Buffers b, FloatPointer f, String blob) {
        alpha.put(1f);
        beta.put(1f);
        checkDnn(cudnnActivationBackward(dnn, relu, alpha, b.shape(), f, b.shape(), b.work(), b.shape(), f, beta,
                b.shape(), net.deviceDiff(blob)), "cudnnActivationBackward");
    }

    private void gemm(int transA, int transB, int m, int n, int k, float scale, FloatPointer a, int lda,
                      FloatPointer b, int ldb, FloatPointer c, int ldc) {
        alpha.put(scale);
        beta.put(0f);
        checkBlas(cublasSgemm_v2(blas, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc), "sgemm");
    }

    private void scale(FloatPointer x, int n, float factor) {
        alpha.put(factor);
        checkBlas(cublasSscal_v2(blas, n, alpha, x, 1), "sscal");
    }

    /**
     * x . x summed in double in {@link SquareSum}'s order, as the CPU's {@code LayerLoss} does (cuBLAS's sdot
     * would sum in float): x is copied to the host, which also waits for the device.
     */
    private double dot(FloatPointer x, int n) {
        host.requireRange(n);
        checkCuda(cudaMemcpy(host.pointer(), x, (long) n * Float.BYTES, cudaMemcpyDeviceToHost), "cudaMemcpy", -1);
        return FeatureMath.sumOfSquares(host, n);
    }

    private FloatPointer allocate(long floats) {
        FloatPointer p = new FloatPointer();
        checkCuda(cudaMalloc(p, floats * Float.BYTES), "cudaMalloc", floats * Float.BYTES);
        deviceMemory.add(p);
        return p;
    }

    private FloatPointer upload(FloatBuffer host, long floats) {
        FloatPointer device = allocate(floats);
        float[] values = new float[(int) floats];
        host.duplicate().position(0).get(values);
        try (FloatPointer staging = new FloatPointer(values)) {
            checkCuda(cudaMemcpy(device, staging, floats * Float.BYTES, cudaMemcpyHostToDevice), "cudaMemcpy", -1);
        }
        return device;
    }

    private void checkBlas(int status, String call) {
        if (status != CUBLAS_STATUS_SUCCESS) {
            Devices.clearLastError();
            throw status == CUBLAS_STATUS_ALLOC_FAILED
                    ? new DeviceOutOfMemoryException(net.device(), "cuBLAS", call, -1)
                    : new DeviceCallException(net.device(), "cuBLAS", call + " failed with status " + status);
        }
    }

    private void checkDnn(int status, String call) {
        if (status != CUDNN_STATUS_SUCCESS) {
            Devices.clearLastError();
            throw status == CUDNN_STATUS_ALLOC_FAILED
                    ? new DeviceOutOfMemoryException(net.device(), "cuDNN", call, -1)
                    : new DeviceCallException(net.device(), "cuDNN", call + " failed: "
                            + cudnnGetErrorString(status).getString());
        }
    }

    /** @param bytes the size of an allocation, -1 for other calls */
    private void checkCuda(int status, String call, long bytes) {
        if (status != 0) {
            Devices.clearLastError();
            throw status == cudaErrorMemoryAllocation
                    ? new DeviceOutOfMemoryException(net.device(), "CUDA", call, bytes)
                    : new DeviceCallException(net.device(), "CUDA", call + " failed: "
                            + cudaGetErrorString(status).getString());
        }
    }

    @Override
    public void close() {
        for (FloatPointer p : deviceMemory) {
            cudaFree(p);
        }
        deviceMemory.clear();
        for (cudnnTensorStruct d : descriptors) {
            cudnnDestroyTensorDescriptor(d);
        }
        descriptors.clear();
        if (reluOpen) {
            cudnnDestroyActivationDescriptor(relu);
            reluOpen = false;
        }
        if (dnnOpen) {
            cudnnDestroy(dnn);
            dnnOpen = false;
        }
        if (blasOpen) {
            cublasDestroy_v2(blas);
            blasOpen = false;
        }
        alpha.close();
        beta.close();
        host.close();
    }
}
