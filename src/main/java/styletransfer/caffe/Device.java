package styletransfer.caffe;

/** Where Caffe runs: the CPU, or one CUDA device of the GPU build. */
public record Device(int gpuId) {
    public static final Device CPU = new Device(-1);

    public static Device gpu(int id) {
        if (id < 0) {
            throw new IllegalArgumentException("GPU id must be >= 0: " + id);
        }
        return new Device(id);
    }

    public boolean isCpu() {
        return gpuId < 0;
    }

    @Override
    public String toString() {
        return isCpu() ? "CPU" : "GPU " + gpuId;
    }
}
