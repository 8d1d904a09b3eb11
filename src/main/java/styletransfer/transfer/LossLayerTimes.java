package styletransfer.transfer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.FeatureMath;
import styletransfer.caffe.OwnedFloats;
import styletransfer.image.CaffeTransform;
import styletransfer.image.Image;
import styletransfer.model.ModelSpec;

/**
 * The host loss's time per weighted layer, for the loss benchmark (bench/loss-layers.sh): the whole style and
 * content terms as a run computes them, and the Gram (ssyrk) and (G - A) F (sgemm) alone, each the fastest of
 * the repetitions. The image is the content image with seeded noise, so the features have a run's zeros.
 */
public final class LossLayerTimes {
    private LossLayerTimes() {}

    /** One layer's fastest times in seconds (0 where the layer has no such term). */
    public record Row(String blob, int channels, int positions, boolean style, boolean content, double gram,
                      double times, double styleTerm, double contentTerm) {
        /** The style term's element passes: the term less its two matrix products. */
        public double elements() {
            return style ? styleTerm - gram - times : 0;
        }
    }

    /** The rows, deepest layer last, and the whole loss per evaluation (median and fastest, seconds). */
    public record Result(List<Row> rows, double median, double fastest) {}

    /** Runs the loss {@code repetitions} times (after three untimed ones) on {@code net} at the images' size. */
    public static Result measure(CaffeNet net, ModelSpec model, Image style, Image content, int repetitions) {
        CaffeTransform transform = new CaffeTransform(model.meanBgr());
        Targets.Input si = new Targets.Input(transform.preprocess(style), style.height(), style.width());
        Targets.Input ci = new Targets.Input(transform.preprocess(content), content.height(), content.width());
        LayerPlan plan = LayerPlan.of(net, model.content(), model.style());
        Schedule schedule = Schedule.MINIMAL;
        try (Targets targets = Targets.compute(net, plan, si, ci, schedule)) {
            float[] x = ci.chw().clone();
            Random random = new Random(1);
            for (int i = 0; i < x.length; i++) {
                x[i] += (float) (random.nextGaussian() * 20);
            }
            net.setInput(x);
            net.forwardTo(plan.forwardEnd(schedule));
            List<WeightedLayer> layers = plan.sizedFor(net).layers();
            int count = layers.size();
            double[] gram = filled(count);
            double[] times = filled(count);
            double[] styleTerm = filled(count);
            double[] contentTerm = filled(count);
            double[] whole = new double[repetitions];
            List<OwnedFloats> scratch = new ArrayList<>();
            try (HostLayerGradients gradients = new HostLayerGradients(net, plan.sizedFor(net), targets,
                    Settings.reference().ratio())) {
                for (WeightedLayer l : layers) {
                    scratch.add(OwnedFloats.allocate((long) l.channels() * l.channels()));
                    scratch.add(OwnedFloats.allocate(l.size()));
                }
                for (int rep = -3; rep < repetitions; rep++) {
                    long w0 = System.nanoTime();
                    for (int i = count - 1; i >= 0; i--) {
                        WeightedLayer l = layers.get(i);
                        gradients.clearDiff(l);
                        long t0 = System.nanoTime();
                        if (l.style()) {
                            gradients.addStyle(i, l);
                        }
                        long t1 = System.nanoTime();
                        if (l.content()) {
                            gradients.addContent(i, l);
                        }
                        long t2 = System.nanoTime();
                        if (rep >= 0) {
                            styleTerm[i] = Math.min(styleTerm[i], (t1 - t0) / 1e9);
                            contentTerm[i] = Math.min(contentTerm[i], (t2 - t1) / 1e9);
                        }
                    }
                    long w1 = System.nanoTime();
                    for (int i = count - 1; i >= 0; i--) {
                        WeightedLayer l = layers.get(i);
                        if (l.style()) {
                            OwnedFloats g = scratch.get(2 * i);
                            OwnedFloats o = scratch.get(2 * i + 1);
                            long t0 = System.nanoTime();
                            FeatureMath.gram(net.data(l.blob()), l.channels(), l.positions(), g);
                            long t1 = System.nanoTime();
                            FeatureMath.times(g, net.data(l.blob()), l.channels(), l.positions(), o);
                            long t2 = System.nanoTime();
                            if (rep >= 0) {
                                gram[i] = Math.min(gram[i], (t1 - t0) / 1e9);
                                times[i] = Math.min(times[i], (t2 - t1) / 1e9);
                            }
                        }
                    }
                    if (rep >= 0) {
                        whole[rep] = (w1 - w0) / 1e9;
                    }
                }
            } finally {
                scratch.forEach(OwnedFloats::close);
            }
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                WeightedLayer l = layers.get(i);
                rows.add(new Row(l.blob(), l.channels(), l.positions(), l.style(), l.content(),
                        l.style() ? gram[i] : 0, l.style() ? times[i] : 0, l.style() ? styleTerm[i] : 0,
                        l.content() ? contentTerm[i] : 0));
            }
            Arrays.sort(whole);
            return new Result(rows, whole[repetitions / 2], whole[0]);
        }
    }

    private static double[] filled(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.POSITIVE_INFINITY);
        return a;
    }
}
