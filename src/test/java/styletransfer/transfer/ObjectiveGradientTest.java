package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import styletransfer.SharedData;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.Device;
import styletransfer.model.LayerWeight;

/** The objective's gradient against central finite differences on the real SqueezeNet weights. */
class ObjectiveGradientTest {
    static final int H = 67;
    static final int W = 71;

    @Test
    void gradientMatchesCentralDifferences() {
        Path dir = SharedData.squeezenetDir();
        try (CaffeNet net = CaffeNet.open(TestNets.squeezenetPrototxt(dir), dir.resolve("squeezenet_v1.1.caffemodel"), Device.CPU)) {
            LayerPlan plan = LayerPlan.of(net,
                    List.of(new LayerWeight("fire3/concat", 1.0)),
                    List.of(new LayerWeight("conv1", 0.25), new LayerWeight("fire2/concat", 0.25),
                            new LayerWeight("fire3/concat", 0.25), new LayerWeight("fire5/concat", 0.25)));
            Random rnd = new Random(42);
            Targets.Input style = TestNets.randomInput(rnd, H + 10, W - 5);
            Targets.Input content = TestNets.randomInput(rnd, H, W);
            try (Targets targets = Targets.compute(net, plan, style, content, Schedule.MINIMAL);
                 Objective f = new Objective(net, plan.sizedFor(net), targets, 1e3, Schedule.MINIMAL, new PhaseTimes())) {
                double[] x = new double[content.chw().length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = content.chw()[i] + 20 * rnd.nextGaussian();
                }
                double[] g = new double[x.length];
                double f0 = f.valueAndGradient(x, g);
                assertTrue(f0 > 0);
                double gmax = 0;
                for (double v : g) {
                    gmax = Math.max(gmax, Math.abs(v));
                }
                List<Integer> coords = new ArrayList<>();
                while (coords.size() < 24) {
                    int i = rnd.nextInt(x.length);
                    if (Math.abs(g[i]) > 0.05 * gmax) {
                        coords.add(i);
                    }
                }
                double[] scratch = new double[x.length];
                double h = 0.25;
                double worst = 0;
                int kinks = 0;
                for (int i : coords) {
                    double xi = x[i];
                    x[i] = xi + h;
                    double fp = f.valueAndGradient(x, scratch);
                    x[i] = xi - h;
                    double fm = f.valueAndGradient(x, scratch);
                    x[i] = xi;
                    // A ReLU switching inside [x-h, x+h] makes the one-sided slopes disagree: no smooth
                    // derivative to compare there, so such a coordinate is counted, not judged.
                    double forward = (fp - f0) / h;
                    double backward = (f0 - fm) / h;
                    if (Math.abs(forward - backward) > 0.02 * Math.abs(g[i])) {
                        kinks++;
                        continue;
                    }
                    double fd = (fp - fm) / (2 * h);
                    worst = Math.max(worst, Math.abs(fd - g[i]) / Math.abs(g[i]));
                }
                assertTrue(worst < 1e-2, "worst relative error " + worst);
                assertTrue(kinks <= coords.size() / 4, kinks + " of " + coords.size() + " coordinates sit on a kink");
                assertEquals(1 + 2 * coords.size(), f.evaluations());
            }
        }
    }
}
