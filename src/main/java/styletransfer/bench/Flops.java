package styletransfer.bench;

import styletransfer.caffe.CaffeNet;
import styletransfer.transfer.LayerPlan;
import styletransfer.transfer.Schedule;
import styletransfer.transfer.WeightedLayer;

/** Floating-point work of one objective evaluation, from the net's own layer shapes. */
public final class Flops {
    private Flops() {}

    /** With {@code net} shaped to the content's working size and {@code plan} sized for it. */
    public static double perEvaluation(CaffeNet net, LayerPlan plan, Schedule schedule) {
        double flops = net.forwardFlops(0, plan.forwardEnd(schedule));
        int n = plan.layers().size();
        for (int i = n - 1; i >= 0; i--) {
            int from = plan.backwardFrom(i);
            int to = plan.backwardTo(i, schedule);
            double range = net.forwardFlops(to, from);
            flops += range; // data gradient
            if (schedule == Schedule.REFERENCE) {
                flops += range; // weight gradient
            }
            WeightedLayer l = plan.layers().get(i);
            if (l.style()) {
                double nn = (double) l.channels() * l.channels();
                flops += 2 * nn * l.positions() * 2; // Gram, then (G - A) F
            }
        }
        return flops;
    }
}
