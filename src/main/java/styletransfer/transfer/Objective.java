package styletransfer.transfer;

import java.util.List;
import styletransfer.caffe.CaffeNet;
import styletransfer.optim.DifferentiableFunction;

/**
 * The style-transfer loss of the reference and its gradient with respect to the input image.
 *
 * <p>For a weighted blob with N channels and M positions (c = 1 / (N^2 M^2)): style loss
 * {@code w * ratio * c/4 * |G - A|^2} with gradient {@code w * ratio * c * (G - A) F}, content loss
 * {@code w/2 * |F - P|^2} with gradient {@code w * (F - P)}; both gradients are masked where F &gt; 0 because the
 * backward range starts below the blob's in-place ReLU. Gradients are accumulated in float32 as the reference does.
 */
public final class Objective implements DifferentiableFunction, AutoCloseable {
    private final CaffeNet net;
    private final LayerPlan plan;
    private final Schedule schedule;
    private final LayerGradients gradients;
    private final PhaseTimes times;
    private final TotalVariation tv;
    private int evaluations;
    private double[] lastGradient;
    private double lastLoss = Double.NaN;
    private LossParts lastParts;

    /** The net must already be shaped for the image being optimised; {@code plan} sized for that shape. */
    public Objective(CaffeNet net, LayerPlan plan, Targets targets, double ratio, Schedule schedule, PhaseTimes times) {
        this(net, plan, targets, ratio, schedule, times, null);
    }

    /** With a total-variation term on the image (null: none, as the reference). */
    public Objective(CaffeNet net, LayerPlan plan, Targets targets, double ratio, Schedule schedule, PhaseTimes times,
                     TotalVariation tv) {
        this.tv = tv;
        this.net = net;
        this.plan = plan;
        this.schedule = schedule;
        this.times = times;
        this.gradients = LayerGradients.open(net, plan, targets, ratio);
    }

    @Override
    public double valueAndGradient(double[] x, double[] gradient) {
        long t0 = System.nanoTime();
        net.setInput(x);
        long t1 = System.nanoTime();
        net.forwardTo(plan.forwardEnd(schedule));
        long t2 = System.nanoTime();
        times.add(Phase.COPIES, t1 - t0);
        times.add(Phase.FORWARD, t2 - t1);

        List<WeightedLayer> layers = plan.layers();
        double[] styleLoss = new double[layers.size()];
        double[] contentLoss = new double[layers.size()];
        int deepest = layers.size() - 1;
        gradients.clearDiff(layers.get(deepest));
        for (int i = deepest; i >= 0; i--) {
            long s = System.nanoTime();
            WeightedLayer l = layers.get(i);
            // Style before content, as the reference: in float32 (d + s) + c and (d + c) + s can differ.
            if (l.style()) {
                styleLoss[i] = gradients.addStyle(i, l);
            }
            if (l.content()) {
                contentLoss[i] = gradients.addContent(i, l);
            }
            long b = System.nanoTime();
            net.backward(plan.backwardFrom(i), plan.backwardTo(i, schedule));
            long e = System.nanoTime();
            times.add(Phase.GRAM_LOSS, b - s);
            times.add(Phase.BACKWARD, e - b);
        }
        long c0 = System.nanoTime();
        net.inputDiff(gradient);
        times.add(Phase.COPIES, System.nanoTime() - c0);

        double loss = 0;
        for (int i = 0; i < layers.size(); i++) {
            loss += styleLoss[i] + contentLoss[i];
        }
        double tvLoss = tv == null ? 0 : tv.addTo(x, gradient);
        loss += tvLoss;
        if (lastGradient == null || lastGradient.length != gradient.length) {
            lastGradient = new double[gradient.length];
        }
        System.arraycopy(gradient, 0, lastGradient, 0, gradient.length);
        evaluations++;
        lastLoss = loss;
        checkFinite(loss, gradient);
        lastParts = new LossParts(layers.stream().map(WeightedLayer::blob).toList(), contentLoss, styleLoss, tvLoss);
        return loss;
    }

    /**
     * A NaN or infinity would poison every later iterate (and float32 overflows easily with a large ratio):
     * stop here, so the caller can keep the last finite picture.
     */
    private void checkFinite(double loss, double[] gradient) {
        if (!Double.isFinite(loss)) {
            throw new NonFiniteLossException("the loss became " + loss + " at evaluation " + evaluations);
        }
        for (double g : gradient) {
            if (!Double.isFinite(g)) {
                throw new NonFiniteLossException("the gradient holds " + g + " at evaluation " + evaluations
                        + " (float32 overflow: the loss's weights are too large)");
            }
        }
    }

    public int evaluations() {
        return evaluations;
    }

    public double lastLoss() {
        return lastLoss;
    }

    /** The gradient at the last evaluated point (a copy owned by this objective). */
    public double[] lastGradient() {
        return lastGradient;
    }

    /** The parts of the last evaluated loss, per weighted layer. */
    public LossParts lastParts() {
        return lastParts;
    }

    @Override
    public void close() {
        gradients.close();
    }
}
