package styletransfer.transfer;

import java.util.List;
import java.util.function.Consumer;
import styletransfer.caffe.CaffeNet;
import styletransfer.image.Image;

/**
 * Coarse to fine: one run per working size, each starting from the previous result upscaled to its content size.
 * The coarse runs settle the layout cheaply; the fine run only refines, so fewer expensive iterations are needed
 * at high resolution.
 */
public final class MultiScale {
    private MultiScale() {}

    /**
     * Runs {@code iterations.get(i)} iterations at length {@code scales.get(i)}; progress iteration numbers and the
     * outcome's counts run on across scales. The first scale starts from {@code settings.init()}.
     */
    public static StyleTransfer.Outcome run(CaffeNet net, List<Image> styles, Image content,
                                            StyleTransfer.Settings settings, List<Double> scales,
                                            List<Integer> iterations, StyleTransfer.Progress progress,
                                            StyleTransfer.Control control, Consumer<String> log) {
        StyleTransfer.Outcome last = null;
        int done = 0;
        int evaluations = 0;
        PhaseTimes times = new PhaseTimes();
        for (int i = 0; i < scales.size(); i++) {
            InitMode init = last == null ? settings.init() : new InitMode.Given(last.image());
            StyleTransfer.Settings s = settings.with(scales.get(i), iterations.get(i), init);
            int offset = done;
            StyleTransfer.Progress shifted = progress == null ? null
                    : (k, loss, pg, parts) -> progress.iteration(offset + k, loss, pg, parts);
            long t0 = System.nanoTime();
            last = StyleTransfer.run(net, styles, content, s, shifted, times, control);
            done += last.iterations();
            evaluations += last.evaluations();
            if (log != null) {
                log.accept(String.format(java.util.Locale.ROOT, "Scale %d of %d: -l %.0f, %dx%d, %d iterations in %.1fs.",
                        i + 1, scales.size(), scales.get(i), last.image().height(), last.image().width(),
                        last.iterations(), (System.nanoTime() - t0) / 1e9));
            }
            if (last.ending() != StyleTransfer.Ending.FINISHED) {
                break;
            }
        }
        return new StyleTransfer.Outcome(last.image(), done, evaluations, last.finalLoss(), last.status(),
                last.message(), times, last.ending());
    }
}
