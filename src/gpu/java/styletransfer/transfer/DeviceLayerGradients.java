package styletransfer.transfer;

import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.DeviceLoss;

/**
 * The weighted layers' losses and gradients in device memory (GPU build only), computed by the Caffe boundary's
 * {@link DeviceLoss} (cuBLAS and cuDNN): features, Gram matrices and style gradients never cross to the host.
 */
final class DeviceLayerGradients implements LayerGradients {
    private final DeviceLoss loss;

    DeviceLayerGradients(CaffeNet net, LayerPlan plan, Targets targets, double ratio) {
        long largest = 1;
        for (WeightedLayer l : plan.layers()) {
            largest = Math.max(largest, Math.max(l.style() ? (long) l.channels() * l.channels() : 0,
                    l.content() ? l.size() : 0));
        }
        loss = new DeviceLoss(net, ratio, largest);
        try {
            for (WeightedLayer l : plan.layers()) {
                loss.addLayer(l.channels(), l.positions(), l.style() ? targets.gram(l.blob()) : null,
                        l.content() ? targets.features(l.blob()) : null);
            }
        } catch (RuntimeException e) {
            loss.close();
            throw e;
        }
    }

    @Override
    public void clearDiff(WeightedLayer layer) {
        loss.clearDiff(layer.blob(), layer.size());
    }

    @Override
    public double addStyle(int index, WeightedLayer l) {
        return loss.addStyle(index, l.blob(), l.channels(), l.positions(), l.styleWeight());
    }

    @Override
    public double addContent(int index, WeightedLayer l) {
        return loss.addContent(index, l.blob(), l.size(), l.contentWeight());
    }

    @Override
    public void close() {
        loss.close();
    }
}
