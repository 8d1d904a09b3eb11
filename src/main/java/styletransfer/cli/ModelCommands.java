package styletransfer.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import styletransfer.model.ModelCatalog;
import styletransfer.model.ModelSpec;
import styletransfer.model.WeightFetcher;

/** Finding a model and its weights for the commands, with download progress on stderr. */
final class ModelCommands {
    private ModelCommands() {}

    static ModelSpec resolve(Path modelsDir, String model, Path weights) {
        ModelSpec spec = new ModelCatalog(modelsDir).resolve(model);
        return weights != null ? spec.withWeights(weights) : spec;
    }

    /** Downloads the weights on first use; a no-op when the file is there. */
    static void ensureWeights(ModelSpec spec, PrintWriter log) {
        new WeightFetcher().ensureWeights(spec, new BarSink(System.err, log));
    }

    static void fetch(ModelSpec spec, PrintWriter log) {
        new WeightFetcher().fetch(spec, new BarSink(System.err, log));
    }

    /** Maps download progress to a progress bar in MiB. */
    static final class BarSink implements WeightFetcher.ProgressSink {
        private final PrintStream err;
        private final PrintWriter log;
        private ProgressBar bar;

        BarSink(PrintStream err, PrintWriter log) {
            this.err = err;
            this.log = log;
        }

        @Override
        public void started(URI url, Path target, long totalBytes) {
            log.println("Downloading " + url + " to " + target + ".");
            log.flush();
            bar = new ProgressBarBuilder().setTaskName("Downloading").setInitialMax(totalBytes)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(err))
                    .setUnit(" MiB", 1 << 20).showSpeed().build();
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
                bar.close();
                bar = null;
            }
        }
    }
}
