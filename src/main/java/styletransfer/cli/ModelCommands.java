package styletransfer.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import styletransfer.RunFailedException;
import styletransfer.model.ModelCatalog;
import styletransfer.model.ModelSpec;
import styletransfer.model.WeightFetcher;
import styletransfer.model.WeightsMismatchException;

/** Finding a model and its weights for the commands, with download progress on stderr. */
final class ModelCommands {
    private ModelCommands() {}

    static ModelSpec resolve(Path modelsDir, String model, Path weights) {
        ModelSpec spec = new ModelCatalog(modelsDir).resolve(model);
        return weights != null ? spec.withWeights(weights) : spec;
    }

    /**
     * Downloads the weights on first use; when the file is there, checks its SHA-1 (once per size and modification
     * time: WeightFetcher keeps a stamp), so a truncated file is reported here rather than by Caffe.
     */
    static void ensureWeights(ModelSpec spec, PrintWriter log) {
        try {
            new WeightFetcher().ensureWeights(spec, BarSink.onStderr(log));
        } catch (WeightsMismatchException e) {
            throw new RunFailedException(mismatchAdvice(spec, e), e);
        }
    }

    /** The facts of a mismatch and what to do about it, in the command line's words. */
    static String mismatchAdvice(ModelSpec spec, WeightsMismatchException e) {
        return e.getMessage() + ": " + (spec.weightsUrls().isEmpty()
                ? "put a correct file there by hand"
                : "run 'style-transfer fetch-models --force " + spec.directory() + "' to download them again,"
                        + " or put a correct file there by hand");
    }

    static void fetch(ModelSpec spec, PrintWriter log) {
        new WeightFetcher().fetch(spec, BarSink.onStderr(log));
    }

    /**
     * Maps download progress to a progress bar in MiB on a terminal; in a log (stderr not a terminal) a bar's
     * redrawn lines would pile up, so there only the start and a summary line are written.
     */
    static final class BarSink implements WeightFetcher.ProgressSink {
        private final PrintStream err;
        private final PrintWriter log;
        private final boolean bars;
        private ProgressBar bar;
        private long startNanos;

        BarSink(PrintStream err, PrintWriter log, boolean bars) {
            this.err = err;
            this.log = log;
            this.bars = bars;
        }

        static BarSink onStderr(PrintWriter log) {
            return new BarSink(System.err, log, Terminal.stderrIsTerminal());
        }

        @Override
        public void started(URI url, Path target, long totalBytes) {
            log.println("Downloading " + url + " to " + target + ".");
            log.flush();
            startNanos = System.nanoTime();
            if (!bars) {
                return;
            }
            // The bar's own last line would say "? MiB/s" for a download under a second: it is cleared, and the
            // summary below says what was downloaded, how long it took and how fast.
            bar = new ProgressBarBuilder().setTaskName("Downloading").setInitialMax(totalBytes)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(err))
                    .setUnit(" MiB", 1 << 20).showSpeed().clearDisplayOnFinish().build();
        }

        @Override
        public void failedOver(URI url, String reason, URI next) {
            closeBar();
            log.println(reason + "; trying " + next + ".");
            log.flush();
        }

        private void closeBar() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }

        @Override
        public void waiting(Path target, Path lock) {
            log.println("Waiting for another process that is downloading " + target + " (it holds " + lock + ").");
            log.flush();
        }

        @Override
        public void progressed(long bytesSoFar) {
            if (bar != null) {
                bar.stepTo(bytesSoFar);
            }
        }

        @Override
        public void finished(long totalBytes) {
            if (bar != null) {
                bar.stepTo(totalBytes);
                closeBar();
            }
            double seconds = Math.max(System.nanoTime() - startNanos, 1) / 1e9;
            double mib = totalBytes / (double) (1 << 20);
            log.println(String.format(Locale.ROOT, "Downloaded %.1f MiB in %.1f s (%.1f MiB/s).", mib, seconds,
                    mib / seconds));
            log.flush();
        }
    }
}
