package styletransfer.transfer;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import styletransfer.caffe.CaffeNet;
import java.util.ArrayList;
import styletransfer.image.CaffeTransform;
import styletransfer.image.Colors;
import styletransfer.image.Image;
import styletransfer.image.ImageReader;
import styletransfer.image.Rescale;
import styletransfer.model.LayerWeight;
import styletransfer.optim.IterationListener;
import styletransfer.optim.Adam;
import styletransfer.optim.LbfgsB;
import styletransfer.optim.Minimizer;
import styletransfer.optim.Result;
import styletransfer.optim.Status;
import styletransfer.optim.StopRequested;

/**
 * The reference's {@code transfer_style}: rescale both images, compute the style and content targets, start from
 * the chosen init and minimise the loss with L-BFGS-B (maxcor 8) inside the pixel bounds.
 */
public final class StyleTransfer {
    public static final int MAX_CORRECTIONS = 8;

    private StyleTransfer() {}

    /** The settings of one run; {@code controls} beyond the reference are off unless set. */
    public record Settings(double ratio, int iterations, double length, InitMode init, long seed, Schedule schedule,
                           double[] meanBgr, List<LayerWeight> content, List<LayerWeight> style, Controls controls) {
        /** The reference's run: no controls beyond it. */
        public Settings(double ratio, int iterations, double length, InitMode init, long seed, Schedule schedule,
                        double[] meanBgr, List<LayerWeight> content, List<LayerWeight> style) {
            this(ratio, iterations, length, init, seed, schedule, meanBgr, content, style, Controls.reference());
        }

        public Settings with(double newLength, int newIterations, InitMode newInit) {
            return new Settings(ratio, newIterations, newLength, newInit, seed, schedule, meanBgr, content, style,
                    controls);
        }
    }

    /** Receives the picture every {@code snapshotEvery} iterations ({@code --save-every}). */
    @FunctionalInterface
    public interface Snapshots {
        void save(int iteration, Image image);
    }

    /**
     * Called once per L-BFGS-B iteration (as scipy's callback) with the iteration number (1-based), its loss,
     * the max-norm of the projected gradient and the loss's parts.
     */
    @FunctionalInterface
    public interface Progress {
        void iteration(int k, double loss, double projectedGradientNorm, LossParts parts);
    }

    /**
     * The painted image and how the optimiser ended. {@code iterations} counts the iterations of this run plus
     * those done before a resume; {@code ending} says whether the run finished, was stopped, or hit a NaN.
     */
    public record Outcome(Image image, int iterations, int evaluations, double finalLoss, Status status,
                          String message, PhaseTimes times, Ending ending) {}

    /** Why a run ended. */
    public enum Ending { FINISHED, STOPPED, NON_FINITE }

    /** Saves a checkpoint: the iterate after {@code iterationsDone} iterations of a {@code height x width} run. */
    @FunctionalInterface
    public interface Checkpointer {
        void save(int iterationsDone, double[] x, double loss, int height, int width);
    }

    /**
     * How a caller steers a run from outside: a stop request polled after every iteration, checkpoints every
     * {@code checkpointEvery} iterations (0: never), and for a resumed run its start point (null: from
     * {@code init}) and the iterations already done, which count towards {@link Settings#iterations()}.
     */
    public record Control(StopRequest stop, int checkpointEvery, Checkpointer checkpointer, double[] start,
                          int iterationsDone, int snapshotEvery, Snapshots snapshots) {
        public Control(StopRequest stop, int checkpointEvery, Checkpointer checkpointer, double[] start,
                       int iterationsDone) {
            this(stop, checkpointEvery, checkpointer, start, iterationsDone, 0, null);
        }

        public static Control none() {
            return new Control(new StopRequest(), 0, null, null, 0);
        }

        public Control withSnapshots(int every, Snapshots s) {
            return new Control(stop, checkpointEvery, checkpointer, start, iterationsDone, every, s);
        }
    }

    /** Sizes of the working images: the content's (also the output's) and the style's. */
    public record Sizes(int contentHeight, int contentWidth, int styleHeight, int styleWidth) {}

    /** The reference's scale for an image: fit the longest side to {@code length}, but keep the shortest >= d. */
    public static double scaleFor(int height, int width, double length, int netMinSide) {
        return Math.max(length / Math.max(height, width), netMinSide / (double) Math.min(height, width));
    }

    public static Outcome run(CaffeNet net, Image style, Image content, Settings s, Progress progress) {
        return run(net, style, content, s, progress, new PhaseTimes());
    }

    /** As {@link #run(CaffeNet, Image, Image, Settings, Progress)}, accumulating phase times into {@code times}. */
    public static Outcome run(CaffeNet net, Image style, Image content, Settings s, Progress progress,
                              PhaseTimes times) {
        return run(net, style, content, s, progress, times, Control.none());
    }

    /**
     * The working sizes a run will use, computed without touching a pixel, so a caller can estimate the memory
     * of the run before anything large is allocated.
     */
    public static Sizes sizes(int[] inputShape, int styleHeight, int styleWidth, int contentHeight, int contentWidth,
                              double length) {
        return sizes(inputShape, styleHeight, styleWidth, contentHeight, contentWidth, length, Controls.REFERENCE_STYLE_SCALE);
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

    /** As {@link #run(CaffeNet, Image, Image, Settings, Progress, PhaseTimes)}, steered by {@code control}. */
    public static Outcome run(CaffeNet net, Image style, Image content, Settings s, Progress progress,
                              PhaseTimes times, Control control) {
        return run(net, List.of(style), content, s, progress, times, control);
    }

    /**
     * The run with one or more style images (their Gram targets blended by {@link Controls#styleBlend()}); with
     * {@link Controls#originalColors()} the transfer works on luminance and the content's colours are put back.
     */
    public static Outcome run(CaffeNet net, List<Image> styles, Image content, Settings s, Progress progress,
                              PhaseTimes times, Control control) {
        Controls controls = s.controls();
        double[] blend = controls.blendFor(styles.size());
        CaffeTransform transform = new CaffeTransform(s.meanBgr());
        int[] shape = net.shape(CaffeNet.INPUT);
        int d = Math.min(shape[2], shape[3]);
        Image contentColour = Rescale.rescale(content, scaleFor(content.height(), content.width(), s.length(), d));
        Image contentScaled = controls.originalColors() ? Colors.luminanceImage(contentColour) : contentColour;
        List<Image> stylesScaled = new ArrayList<>();
        for (Image style : styles) {
            Image scaled = Rescale.rescale(style,
                    controls.styleScale() * scaleFor(style.height(), style.width(), s.length(), d));
            stylesScaled.add(controls.originalColors() ? Colors.matchedLuminance(scaled, contentColour) : scaled);
        }
        Image styleScaled = stylesScaled.get(0);

        LayerPlan plan = LayerPlan.of(net, s.content(), s.style());
        if (s.schedule() == Schedule.MINIMAL) {
            net.disableWeightGradients();
        }
        List<Targets.Input> styleIns = stylesScaled.stream().map(im -> input(transform, im)).toList();
        Targets.Input contentIn = input(transform, contentScaled);
        int h = contentScaled.height();
        int w = contentScaled.width();
        TotalVariation tv = controls.tvWeight() > 0 ? new TotalVariation(controls.tvWeight(), h, w) : null;
        java.util.function.Function<double[], Image> picture = chw -> {
            Image painted = transform.deprocess(chw, h, w);
            return controls.originalColors() ? Colors.withColorsOf(painted, contentColour) : painted;
        };
        try (Targets targets = Targets.compute(net, plan, styleIns, blend, contentIn, s.schedule());
             Objective objective = new Objective(net, plan.sizedFor(net), targets, s.ratio(), s.schedule(), times,
                     tv)) {
            double[] x0;
            if (control.start() != null) {
                if (control.start().length != 3 * h * w) {
                    throw new styletransfer.BadInputException("the checkpoint holds " + control.start().length
                            + " values, this run works at " + h + "x" + w + " (" + 3 * h * w + "): resume with the"
                            + " same images and -l");
                }
                x0 = control.start().clone();
            } else {
                InitMode init = s.init();
                if (controls.originalColors() && init instanceof InitMode.Given given) {
                    init = new InitMode.Given(Colors.luminanceImage(given.image()));
                }
                x0 = start(init, transform, contentIn, styleScaled, contentScaled, s.seed());
            }
            int done = control.iterationsDone();
            double[] lower = new double[x0.length];
            double[] upper = new double[x0.length];
            int plane = h * w;
            for (int c = 0; c < 3; c++) {
                double lo = -s.meanBgr()[c];
                java.util.Arrays.fill(lower, c * plane, (c + 1) * plane, lo);
                java.util.Arrays.fill(upper, c * plane, (c + 1) * plane, lo + 255);
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
                    if (control.checkpointEvery() > 0 && control.checkpointer() != null
                            && total % control.checkpointEvery() == 0) {
                        control.checkpointer().save(total, x, f, h, w);
                    }
                    if (control.snapshotEvery() > 0 && control.snapshots() != null
                            && total % control.snapshotEvery() == 0) {
                        control.snapshots().save(total, picture.apply(x));
                    }
                    if (control.stop().raised()) {
                        throw new StopRequested();
                    }
                }
            };
            int remaining = Math.max(1, s.iterations() - done);
            Minimizer minimizer = controls.optimizer() == Controls.Optimizer.ADAM
                    ? new Adam(Adam.Options.of(controls.learningRate(), remaining))
                    : Minimizer.lbfgsb(new LbfgsB.Options(MAX_CORRECTIONS, LbfgsB.Options.defaults().ftol(),
                            LbfgsB.Options.defaults().gtol(), remaining, LbfgsB.Options.defaults().maxEvaluations(),
                            LbfgsB.Options.defaults().maxLineSearch()));
            Result r;
            try {
                r = minimizer.minimize(objective, x0, lower, upper, listener);
            } catch (NonFiniteLossException e) {
                Image out = picture.apply(lastGood);
                return new Outcome(out, lastGoodIteration[0], objective.evaluations(), lastGoodLoss[0],
                        Status.ABNORMAL, e.getMessage(), times, Ending.NON_FINITE);
            }
            if (r.status() == Status.STOPPED) {
                // The accepted iterate, not the point of the last evaluation (which may be mid line search).
                Image out = picture.apply(r.x());
                return new Outcome(out, done + r.iterations(), r.evaluations(), r.f(), r.status(),
                        "stopped on request (" + control.stop().reason() + ")", times, Ending.STOPPED);
            }
            // As the reference: the picture is the input blob after the last evaluation.
            Image painted = transform.deprocess(net.input(), h, w); // float32, as Caffe's deprocess
            Image out = controls.originalColors() ? Colors.withColorsOf(painted, contentColour) : painted;
            return new Outcome(out, done + r.iterations(), r.evaluations(), objective.lastLoss(), r.status(),
                    r.message(), times, Ending.FINISHED);
        }
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
            x = transform.preprocess(Rescale.resize(ImageReader.read(from.path()), h, w));
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
