package styletransfer.transfer;

import styletransfer.caffe.CaffeNet;
import styletransfer.image.CaffeTransform;
import styletransfer.image.Image;
import styletransfer.image.Rescale;

/**
 * One evaluation of the loss and its gradient at a run's start point, and the comparison of two of them: the
 * check that a device computes what the CPU computes. The first loss alone does not depend on the backward pass,
 * so the gradient, which steers every iteration, is compared element by element.
 */
public final class GradientCheck {
    private GradientCheck() {}

    /** The loss and the gradient with respect to the image (Caffe's CHW layout, mean subtracted). */
    public record Evaluation(double loss, double[] gradient) {}

    /**
     * How far {@code other} is from {@code reference}: relative difference of the losses, of the gradients in the
     * 2-norm ({@code |g - r| / |r|}), and the largest element difference relative to the largest element of r.
     */
    public record Comparison(double loss, double gradient, double largest) {
        /** Every difference at most {@code tolerance}. */
        public boolean within(double tolerance) {
            return loss <= tolerance && gradient <= tolerance && largest <= tolerance;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "loss %.2e, gradient %.2e (2-norm), %.2e (largest element),"
                    + " relative", loss, gradient, largest);
        }
    }

    /**
     * Evaluates the reference's objective once at the content image (its default start) with the request's
     * model, length, ratio and schedule (no artist controls), on {@code net} as it is opened (CPU or GPU).
     */
    public static Evaluation atStart(CaffeNet net, Request request) {
        Settings s = request.settings();
        Image style = request.styles().get(0);
        Image content = request.content();
        CaffeTransform transform = new CaffeTransform(request.model().meanBgr());
        int[] shape = net.shape(CaffeNet.INPUT);
        int d = Math.min(shape[2], shape[3]);
        Image contentScaled = Rescale.rescale(content,
                StyleTransfer.scaleFor(content.height(), content.width(), s.length(), d));
        Image styleScaled = Rescale.rescale(style, Controls.REFERENCE_STYLE_SCALE
                * StyleTransfer.scaleFor(style.height(), style.width(), s.length(), d));
        LayerPlan plan = LayerPlan.of(net, request.model().content(), request.model().style());
        if (s.schedule() == Schedule.MINIMAL) {
            net.disableWeightGradients();
        }
        Targets.Input styleIn = new Targets.Input(transform.preprocess(styleScaled), styleScaled.height(),
                styleScaled.width());
        Targets.Input contentIn = new Targets.Input(transform.preprocess(contentScaled), contentScaled.height(),
                contentScaled.width());
        try (Targets targets = Targets.compute(net, plan, styleIn, contentIn, s.schedule());
             Objective objective = new Objective(net, plan.sizedFor(net), targets, s.ratio(), s.schedule(),
                     new PhaseTimes())) {
            float[] start = contentIn.chw();
            double[] x = new double[start.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = start[i];
            }
            double[] gradient = new double[x.length];
            double loss = objective.valueAndGradient(x, gradient);
            return new Evaluation(loss, gradient);
        }
    }

    /** {@code other} against {@code reference}; the gradients must be of one image. */
    public static Comparison compare(Evaluation reference, Evaluation other) {
        double[] r = reference.gradient();
        double[] g = other.gradient();
        if (r.length != g.length) {
            throw new IllegalArgumentException("gradients of " + r.length + " and " + g.length + " values");
        }
        double norm = 0;
        double diff = 0;
        double largest = 0;
        double largestDiff = 0;
        for (int i = 0; i < r.length; i++) {
            double e = g[i] - r[i];
            norm += r[i] * r[i];
            diff += e * e;
            largest = Math.max(largest, Math.abs(r[i]));
            largestDiff = Math.max(largestDiff, Math.abs(e));
        }
        return new Comparison(relative(Math.abs(other.loss() - reference.loss()), Math.abs(reference.loss())),
                relative(Math.sqrt(diff), Math.sqrt(norm)), relative(largestDiff, largest));
    }

    private static double relative(double difference, double scale) {
        return difference == 0 ? 0 : scale == 0 ? Double.POSITIVE_INFINITY : difference / scale;
    }
}
