package styletransfer.transfer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import styletransfer.caffe.CaffeNet;
import styletransfer.image.CaffeTransform;
import styletransfer.image.Colors;
import styletransfer.image.Image;
import styletransfer.image.ImageWriter;
import styletransfer.image.Rescale;
import styletransfer.model.LayerWeight;
import styletransfer.optim.Adam;
import styletransfer.optim.IterationListener;
import styletransfer.optim.LbfgsB;
import styletransfer.optim.Minimizer;
import styletransfer.optim.Result;
import styletransfer.optim.Status;
import styletransfer.optim.StopRequested;

/**
 * The reference's {@code transfer_style}: rescale both images, compute the style and content targets, start from
 * the chosen init and minimise the loss with L-BFGS-B (maxcor 8) inside the pixel bounds.
 *
 * <p>{@link #run} is the one way to paint: the single run, each batch job and each benchmark case call it.
 */
public final class StyleTransfer {
    public static final int MAX_CORRECTIONS = 8;

    private StyleTransfer() {}

    /**
     * The painted image (null when the run was stopped before its first iteration) and how the optimiser ended.
     * {@code iterations} counts the iterations of this run plus
     * those done before a resume; {@code ending} says whether the run finished, was stopped, or hit a NaN.
     *
     * @param finalLoss the loss of the last evaluation (of the last accepted iterate when stopped or broken down)
     * @param status    how the optimiser ended
     * @param message   the optimiser's own words on its ending, or what broke down
     * @param times     seconds per phase
     */
    public record Outcome(Image image, int iterations, int evaluations, double finalLoss, Status status,
                          String message, PhaseTimes times, Ending ending) {}

    /** Why a run ended. */
    public enum Ending {
        /** The optimiser converged or reached the iteration limit. */
        FINISHED,
        /** A {@link StopRequest} was raised; the picture is the last accepted iterate. */
        STOPPED,
        /** The loss or its gradient became NaN or infinite; the picture is the last finite iterate. */
        NON_FINITE
    }

    /** Sizes of the working images: the content's (also the output's) and the style's. */
    public record Sizes(int contentHeight, int contentWidth, int styleHeight, int styleWidth) {}

    /** The reference's scale for an image: fit the longest side to {@code length}, but keep the shortest >= d. */
    public static double scaleFor(int height, int width, double length, int netMinSide) {
        return Math.max(length / Math.max(height, width), netMinSide / (double) Math.min(height, width));
    }

    /**
     * The working sizes a run will use, computed without touching a pixel, so a caller can estimate the memory
     * of the run before anything large is allocated.
     */
    public static Sizes sizes(int[] inputShape, int styleHeight, int styleWidth, int contentHeight, int contentWidth,
                              double length) {
        return sizes(inputShape, styleHeight, styleWidth, contentHeight, contentWidth, length,
                Controls.REFERENCE_STYLE_SCALE);
    }

    /** As {@link #sizes(int[], int, int, int, int, double)} with another style scale ({@code --style-scale}). */
    public static Sizes sizes(int[] inputShape, int styleHeight, int styleWidth, int contentHeight, int contentWidth,
                              double length, double styleScale) {
        int d = Math.min(inputShape[2], inputShape[3]);
        double sc = scaleFor(contentHeight, contentWidth, length, d);
        double ss = styleScale * scaleFor(styleHeight, styleWidth, length, d);
        return new Sizes(side(sc * contentHeight), side(sc * contentWidth), side(ss * styleHeight),
                side(ss * styleWidth));
    }

    /** Rescale's rounding (half to even), saturated so an absurd size stays visibly absurd instead of wrapping. */
    private static int side(double v) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, Math.rint(v)));
    }

    /**
     * Paints {@code request} with {@code net} (opened by the caller on its device, from the request's model):
     * checks that the run fits in memory ({@link RunTooLargeException}) and that a saved state it continues fits
     * the run ({@link CheckpointException}), runs one scale or each scale coarse to fine, and writes the picture to
     * the request's output if it has one (also when the run was stopped or broke down: then it is the last
     * accepted, finite iterate).
     */
    public static Outcome run(CaffeNet net, Request request, Hooks hooks) {
        Settings s = request.settings();
        Controls controls = s.controls();
        List<Controls.Scale> scales = controls.scales().isEmpty()
                ? List.of(new Controls.Scale(s.length(), s.iterations())) : controls.scales();
        Image largestStyle = largest(request.styles());
        Sizes sizes = sizes(net.shape(CaffeNet.INPUT), largestStyle.height(), largestStyle.width(),
                request.content().height(), request.content().width(), scales.get(scales.size() - 1).length(),
                controls.styleScale());
        // Before any pixel is rescaled or any blob grows: refuse what cannot fit, with the numbers.
        MemoryEstimate.require(net, sizes);
        Checkpoint.Saved saved = request.resumeFrom();
        if (saved != null) {
            Checkpoint.checkResumable(saved, sizes, s.iterations());
        }
        if (hooks.progress() != null) {
            hooks.progress().started(new Progress.Start(sizes, saved));
        }
        Painter painter = new Painter(net, request, hooks, s.seed() != null ? s.seed() : System.nanoTime());
        Outcome outcome;
        if (controls.scales().isEmpty()) {
            outcome = painter.paint(s.length(), s.iterations(), s.init(), saved, hooks.progress());
        } else {
            outcome = painter.coarseToFine(scales);
        }
        if (request.output() != null && outcome.image() != null) {
            ImageWriter.write(outcome.image(), request.output());
        }
        return outcome;
    }

    /** The style image with the most pixels: it decides the style's share of the memory estimate. */
    private static Image largest(List<Image> images) {
        Image best = images.get(0);
        for (Image i : images) {
            if ((long) i.height() * i.width() > (long) best.height() * best.width()) {
                best = i;
            }
        }
        return best;
    }

    /** One request's scales, on one net: what stays the same from scale to scale. */
    private static final class Painter {
        private final CaffeNet net;
        private final Request request;
        private final Hooks hooks;
        private final long seed;
        private final Controls controls;
        private final CaffeTransform transform;
        private final List<LayerWeight> contentLayers;
        private final List<LayerWeight> styleLayers;

        Painter(CaffeNet net, Request request, Hooks hooks, long seed) {
            this.net = net;
            this.request = request;
            this.hooks = hooks;
            this.seed = seed;
            this.controls = request.settings().controls();
            this.transform = new CaffeTransform(request.model().meanBgr());
            this.contentLayers = controls.contentLayers() != null ? controls.contentLayers() : request.model().content();
            this.styleLayers = controls.styleLayers() != null ? controls.styleLayers() : request.model().style();
        }

        /**
         * Coarse to fine: one run per scale, each starting from the previous result upscaled to its content size.
         * The coarse runs settle the layout cheaply; the fine run only refines. Iteration numbers and the
         * outcome's counts run on across scales.
         */
        Outcome coarseToFine(List<Controls.Scale> scales) {
            Outcome last = null;
            int done = 0;
            int evaluations = 0;
            for (int i = 0; i < scales.size(); i++) {
                Controls.Scale scale = scales.get(i);
                InitMode init = last == null ? request.settings().init() : new InitMode.Given(last.image());
                int offset = done;
                Progress progress = hooks.progress();
                Progress shifted = progress == null ? null
                        : (k, loss, pg, parts) -> progress.iteration(offset + k, loss, pg, parts);
                long t0 = System.nanoTime();
                Outcome previous = last;
                last = paint(scale.length(), scale.iterations(), init, null, shifted);
                if (last.image() == null && previous != null) {
                    // Stopped before this scale's first iteration: the previous scale's picture is the result.
                    last = new Outcome(previous.image(), 0, 0, previous.finalLoss(), last.status(), last.message(),
                            last.times(), last.ending());
                }
                done += last.iterations();
                evaluations += last.evaluations();
                if (hooks.scales() != null) {
                    hooks.scales().done(new Hooks.ScaleDone(i + 1, scales.size(), scale.length(),
                            last.image().height(), last.image().width(), last.iterations(),
                            (System.nanoTime() - t0) / 1e9));
                }
                if (last.ending() != Ending.FINISHED) {
                    break;
                }
            }
            return new Outcome(last.image(), done, evaluations, last.finalLoss(), last.status(), last.message(),
                    hooks.times(), last.ending());
        }

        /**
         * One run at {@code length}: {@code iterations} in all, of which {@code resumed.iterations()} were done
         * before (its iterate is the start; null: start from {@code init}).
         */
        Outcome paint(double length, int iterations, InitMode init, Checkpoint.Saved resumed, Progress progress) {
            double[] blend = controls.blendFor(request.styles().size());
            PhaseTimes times = hooks.times();
            int[] shape = net.shape(CaffeNet.INPUT);
            int d = Math.min(shape[2], shape[3]);
            Image content = request.content();
            Image contentColour = Rescale.rescale(content, scaleFor(content.height(), content.width(), length, d));
            Image contentScaled = controls.originalColors() ? Colors.luminanceImage(contentColour) : contentColour;
            List<Image> stylesScaled = new ArrayList<>();
            for (Image style : request.styles()) {
                Image scaled = Rescale.rescale(style,
                        controls.styleScale() * scaleFor(style.height(), style.width(), length, d));
                stylesScaled.add(controls.originalColors() ? Colors.matchedLuminance(scaled, contentColour) : scaled);
            }
            Image styleScaled = stylesScaled.get(0);

            LayerPlan plan = LayerPlan.of(net, contentLayers, styleLayers);
            Schedule schedule = request.settings().schedule();
            if (schedule == Schedule.MINIMAL) {
                net.disableWeightGradients();
            }
            List<Targets.Input> styleIns = stylesScaled.stream().map(im -> input(transform, im)).toList();
            Targets.Input contentIn = input(transform, contentScaled);
            int h = contentScaled.height();
            int w = contentScaled.width();
            TotalVariation tv = controls.tvWeight() > 0 ? new TotalVariation(controls.tvWeight(), h, w) : null;
            Function<Image, Image> colours = painted ->
                    controls.originalColors() ? Colors.withColorsOf(painted, contentColour) : painted;
            if (resumed != null && resumed.iterations() >= iterations) {
                // A finished run's state: its picture as it is, nothing left to optimise.
                return new Outcome(colours.apply(transform.deprocess(resumed.x(), h, w)), resumed.iterations(), 0,
                        resumed.loss(), Status.LIMIT_REACHED, "the checkpoint already has "
                        + resumed.iterations() + " iterations", times, Ending.FINISHED);
            }
            if (hooks.stop().raised()) {
                return stoppedBeforeStart(resumed == null ? 0 : resumed.iterations(), times);
            }
            try (Targets targets = Targets.compute(net, plan, styleIns, blend, contentIn, schedule);
                 Objective objective = new Objective(net, plan.sizedFor(net), targets, request.settings().ratio(),
                         schedule, times, tv)) {
                double[] x0;
                if (resumed != null) {
                    x0 = resumed.x().clone();
                } else {
                    InitMode start = init;
                    if (controls.originalColors() && start instanceof InitMode.Given given) {
                        start = new InitMode.Given(Colors.luminanceImage(given.image()));
                    }
                    x0 = start(start, transform, contentIn, styleScaled, contentScaled, seed);
                }
                int done = resumed == null ? 0 : resumed.iterations();
                if (hooks.stop().raised()) { // the targets took a while: stop before the first evaluation
                    return stoppedBeforeStart(done, times);
                }
                double[] lower = new double[x0.length];
                double[] upper = new double[x0.length];
                int plane = h * w;
                for (int c = 0; c < 3; c++) {
                    double lo = -request.model().meanBgr()[c];
                    Arrays.fill(lower, c * plane, (c + 1) * plane, lo);
                    Arrays.fill(upper, c * plane, (c + 1) * plane, lo + 255);
                }
                // The last accepted iterate: what a NaN in a later evaluation leaves us to save.
                double[] lastGood = x0.clone();
                int[] lastGoodIteration = {done};
                double[] lastGoodLoss = {Double.NaN};
                IterationListener listener = new IterationListener() {
                    @Override
                    public void iteration(int k, double[] x, double f) {
                        // An optimizer without the norm at hand (Adam): compute it here.
                        iteration(k, x, f, progress == null ? Double.NaN
                                : projectedGradientNorm(x, objective.lastGradient(), lower, upper));
                    }

                    @Override
                    public void iteration(int k, double[] x, double f, double pgNorm) {
                        int total = done + k;
                        System.arraycopy(x, 0, lastGood, 0, x.length);
                        lastGoodIteration[0] = total;
                        lastGoodLoss[0] = f;
                        if (progress != null) {
                            progress.iteration(total, f, pgNorm, objective.lastParts());
                        }
                        if (hooks.checkpointEvery() > 0 && hooks.checkpoints() != null
                                && total % hooks.checkpointEvery() == 0) {
                            hooks.checkpoints().save(new Checkpoint.Saved(total, f, h, w, x),
                                    () -> transform.deprocess(x, h, w));
                        }
                        if (hooks.snapshotEvery() > 0 && hooks.snapshots() != null
                                && total % hooks.snapshotEvery() == 0) {
                            hooks.snapshots().save(total, colours.apply(transform.deprocess(x, h, w)));
                        }
                        if (hooks.stop().raised()) {
                            throw new StopRequested();
                        }
                    }
                };
                int remaining = Math.max(1, iterations - done);
                Minimizer minimizer = controls.optimizer() == Controls.Optimizer.ADAM
                        ? new Adam(Adam.Options.of(controls.learningRate(), remaining))
                        : Minimizer.lbfgsb(new LbfgsB.Options(MAX_CORRECTIONS, LbfgsB.Options.defaults().ftol(),
                                LbfgsB.Options.defaults().gtol(), remaining, LbfgsB.Options.defaults().maxEvaluations(),
                                LbfgsB.Options.defaults().maxLineSearch()), times.optimizer());
                Result r;
                try {
                    r = minimizer.minimize(objective, x0, lower, upper, listener);
                } catch (NonFiniteLossException e) {
                    return new Outcome(colours.apply(transform.deprocess(lastGood, h, w)), lastGoodIteration[0],
                            objective.evaluations(), lastGoodLoss[0], Status.ABNORMAL, e.getMessage(), times,
                            Ending.NON_FINITE);
                }
                if (r.status() == Status.STOPPED) {
                    // The accepted iterate, not the point of the last evaluation (which may be mid line search).
                    return new Outcome(colours.apply(transform.deprocess(r.x(), h, w)), done + r.iterations(),
                            r.evaluations(), r.f(), r.status(), "stopped on request (" + hooks.stop().reason() + ")",
                            times, Ending.STOPPED);
                }
                // As the reference: the picture is the input blob after the last evaluation, in float32.
                return new Outcome(colours.apply(transform.deprocess(net.input(), h, w)), done + r.iterations(),
                        r.evaluations(), objective.lastLoss(), r.status(), r.message(), times, Ending.FINISHED);
            }
        }
    }

    /** A run stopped during its set-up (rescaling, targets), before its first evaluation: no picture. */
    private static Outcome stoppedBeforeStart(int done, PhaseTimes times) {
        return new Outcome(null, done, 0, Double.NaN, Status.STOPPED, "stopped on request before the first"
                + " iteration", times, Ending.STOPPED);
    }

    /** L-BFGS-B's stopping measure: the largest component of the gradient projected onto the box. */
    static double projectedGradientNorm(double[] x, double[] g, double[] lower, double[] upper) {
        double norm = 0;
        for (int i = 0; i < x.length; i++) {
            double gi = g[i];
            if (gi < 0) {
                gi = Math.max(x[i] - upper[i], gi);
            } else {
                gi = Math.min(x[i] - lower[i], gi);
            }
            norm = Math.max(norm, Math.abs(gi));
        }
        return norm;
    }

    private static Targets.Input input(CaffeTransform transform, Image image) {
        return new Targets.Input(transform.preprocess(image), image.height(), image.width());
    }

    static double[] start(InitMode init, CaffeTransform transform, Targets.Input content, Image styleScaled,
                          Image contentScaled, long seed) {
        int h = contentScaled.height();
        int w = contentScaled.width();
        float[] x;
        if (init instanceof InitMode.Content) {
            x = content.chw();
        } else if (init instanceof InitMode.Mixed) {
            float[] st = transform.preprocess(Rescale.resize(styleScaled, h, w));
            float[] c = content.chw();
            x = new float[c.length];
            for (int i = 0; i < c.length; i++) {
                x[i] = 0.95f * c[i] + 0.05f * st[i]; // float32 arithmetic, as numpy does on the float32 images
            }
        } else if (init instanceof InitMode.Noise noise) {
            double[] rgb = PinkNoise.image(h, w, noise.exponent(), new Random(seed));
            x = transform.preprocess(new Image(h, w, rgb));
        } else if (init instanceof InitMode.FromImage from) {
            x = transform.preprocess(Rescale.resize(from.image(), h, w));
        } else if (init instanceof InitMode.Given given) {
            x = transform.preprocess(Rescale.resize(given.image(), h, w));
        } else {
            throw new IllegalStateException("unknown init " + init);
        }
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }
}
