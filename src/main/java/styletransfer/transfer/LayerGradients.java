package styletransfer.transfer;

import java.lang.reflect.InvocationTargetException;
import styletransfer.caffe.CaffeNet;

/**
 * Where one evaluation computes the weighted layers' losses and adds their gradients into the blobs' diffs: in host
 * memory with OpenBLAS on the CPU, or in device memory with cuBLAS and cuDNN in the GPU build, so that on a GPU the
 * features, Gram matrices and style gradients never cross to the host (only the image and its gradient do).
 */
interface LayerGradients extends AutoCloseable {
    /** The GPU implementation, compiled only in the {@code gpu} Maven profile (from {@code src/gpu/java}). */
    String DEVICE_IMPLEMENTATION = "styletransfer.transfer.DeviceLayerGradients";

    /** Zeroes the diff of the layer's blob (the deepest weighted blob's, before the backward chain starts). */
    void clearDiff(WeightedLayer layer);

    /** Adds the style gradient of weighted layer {@code index} into its blob's diff; returns its style loss. */
    double addStyle(int index, WeightedLayer layer);

    /** Adds the content gradient of weighted layer {@code index} into its blob's diff; returns its content loss. */
    double addContent(int index, WeightedLayer layer);

    @Override
    void close();

    /** The implementation for the device the net runs on; {@code plan} must be sized for the net's input. */
    static LayerGradients open(CaffeNet net, LayerPlan plan, Targets targets, double ratio) {
        if (net.device().isCpu()) {
            return new HostLayerGradients(net, plan, targets, ratio);
        }
        return instantiate(DEVICE_IMPLEMENTATION, net, plan, targets, ratio);
    }

    /** Creates the implementation of that name; what its constructor throws is thrown as it is. */
    static LayerGradients instantiate(String implementation, CaffeNet net, LayerPlan plan, Targets targets,
                                      double ratio) {
        try {
            Class<?> type = Class.forName(implementation);
            return (LayerGradients) type.getDeclaredConstructor(CaffeNet.class, LayerPlan.class, Targets.class,
                    double.class).newInstance(net, plan, targets, ratio);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("this build has no device-resident loss (" + implementation
                    + "): build it with mvn -Pgpu package", e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err; // an OutOfMemoryError or a LinkageError is what it is, not an IllegalStateException
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
