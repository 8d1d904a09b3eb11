package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import styletransfer.SharedData;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.Device;
import styletransfer.model.LayerWeight;

/** Style targets: one image's Gram matrices, or several images' mixed by weight. */
class TargetsTest {
    @Test
    void blendedGramsAreTheWeightedSumOfEachStylesGrams() {
        Path dir = SharedData.squeezenetDir();
        try (CaffeNet net = CaffeNet.open(TestNets.squeezenetPrototxt(dir), dir.resolve("squeezenet_v1.1.caffemodel"), Device.CPU)) {
            LayerPlan plan = LayerPlan.of(net, List.of(new LayerWeight("fire3/concat", 1)),
                    List.of(new LayerWeight("conv1", 0.5), new LayerWeight("fire2/concat", 0.5)));
            Random rnd = new Random(5);
            Targets.Input a = TestNets.randomInput(rnd, 70, 80);
            Targets.Input b = TestNets.randomInput(rnd, 90, 64);
            Targets.Input content = TestNets.randomInput(rnd, 67, 67);
            try (Targets onlyA = Targets.compute(net, plan, a, content, Schedule.MINIMAL);
                 Targets onlyB = Targets.compute(net, plan, b, content, Schedule.MINIMAL);
                 Targets mixed = Targets.compute(net, plan, List.of(a, b), new double[] {0.7, 0.3}, content, Schedule.MINIMAL)) {
                for (String blob : List.of("conv1", "fire2/concat")) {
                    FloatBuffer ga = onlyA.gram(blob);
                    FloatBuffer gb = onlyB.gram(blob);
                    FloatBuffer gm = mixed.gram(blob);
                    assertNotEquals(ga.get(0), gb.get(0));
                    for (int k = 0; k < gm.capacity(); k++) {
                        double want = 0.7 * ga.get(k) + 0.3 * gb.get(k);
                        assertEquals(want, gm.get(k), 1e-5 * Math.max(1, Math.abs(want)), blob + " element " + k);
                    }
                }
                FloatBuffer fa = onlyA.features("fire3/concat");
                FloatBuffer fm = mixed.features("fire3/concat");
                assertEquals(fa, fm, "content targets do not depend on the styles");
            }
        }
    }
}
