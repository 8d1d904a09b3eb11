package styletransfer.bench;

import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.NetCosts;
import styletransfer.transfer.LayerPlan;
import styletransfer.transfer.Schedule;
import styletransfer.transfer.WeightedLayer;

/** Floating-point work of one objective evaluation, from the net's own layer shapes. */
public final class Flops {
    private Flops() {}

    /** With {@code net} shaped to the content's working size and {@code plan} sized for it. */
    public static double perEvaluation(CaffeNet net, LayerPlan plan, Schedule schedule) {
        double flops = NetCosts.forwardFlops(net, 0, plan.forwardEnd(schedule));
        int n = plan.layers().size();
        for (int i = n - 1; i >= 0; i--) {
            int from = plan.backwardFrom(i);
            int to = plan.backwardTo(i, schedule);
            double range = NetCosts.forwardFlops(net, to, from);
            flops += range; // data gradient
            if (schedule == Schedule.REFERENCE) {
                flops += range; // weight gradient
            }
            WeightedLayer l = plan.layers().get(i);
            if (l.style()) {
                flops += styleFlops(l);
            }
        }
        return flops;
    }

    /** The loss's matrix products per evaluation: for each style layer the Gram F F' and (G - A) F. */
    static double lossFlops(LayerPlan plan) {
        double flops = 0;
        for (WeightedLayer l : plan.layers()) {
            if (l.style()) {
                flops += styleFlops(l);
            }
        }
        return flops;
    }

    /**
     * One style layer's matrix products (N channels, M positions) as the host path computes them: the Gram's upper
     * triangle by ssyrk, N(N+1)M (its lower triangle is mirrored, not computed), and (G - A) F by sgemm, 2N²M. (The
     * device path's Gram is a full sgemm, 2N²M, so for it these figures count about a quarter of the loss's work
     * less.)
     */
    static double styleFlops(WeightedLayer l) {
        double n = l.channels();
        double m = l.positions();
        return n * (n + 1) * m + 2 * n * n * m;
    }

    /**
     * The loss's element-wise memory traffic per evaluation, in bytes of float32: per style layer the Gram's mirrored
     * triangle (half read, half written), G, A and G - A (N x N) and F, (G - A) F and the diff read and written
     * (N x M); per content layer F, P and the diff read and written.
     */
    static double lossBytes(LayerPlan plan) {
        double bytes = 0;
        for (WeightedLayer l : plan.layers()) {
            if (l.style()) {
                bytes += 4.0 * (4.0 * l.channels() * l.channels() + 4.0 * l.size());
            }
            if (l.content()) {
                bytes += 4.0 * 4 * l.size();
            }
        }
        return bytes;
    }
}
