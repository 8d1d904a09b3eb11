package styletransfer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import styletransfer.RunFailedException;
import styletransfer.transfer.LossParts;
import styletransfer.transfer.StyleTransfer;

/**
 * Shows the optimisation: a progress bar on stderr (percentage, bar, iterations per second, ETA), or with
 * {@code -v} one line per iteration; optionally one JSON line per iteration into a trace file.
 */
final class ProgressReporter implements StyleTransfer.Progress, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream err;
    private final boolean verbose;
    private final ProgressBar bar;
    private final BufferedWriter trace;
    private final long start = System.nanoTime();

    ProgressReporter(PrintStream err, int iterations, boolean verbose, boolean showBar, Path tracePath) {
        this.err = err;
        this.verbose = verbose;
        this.bar = verbose || !showBar ? null : new ProgressBarBuilder()
                .setTaskName("Optimizing")
                .setInitialMax(iterations)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .setUpdateIntervalMillis(500)
                .showSpeed()
                .setUnit(" it", 1)
                .build();
        try {
            if (tracePath != null && tracePath.toAbsolutePath().getParent() != null) {
                Files.createDirectories(tracePath.toAbsolutePath().getParent());
            }
            this.trace = tracePath == null ? null : Files.newBufferedWriter(tracePath);
        } catch (IOException e) {
            if (bar != null) {
                bar.close();
            }
            throw new RunFailedException("cannot write trace file " + tracePath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void iteration(int k, double loss, double projectedGradientNorm, LossParts parts) {
        double seconds = (System.nanoTime() - start) / 1e9;
        if (bar != null) {
            bar.stepTo(k);
        }
        if (verbose) {
            err.printf("At iterate %5d    f= %.8e    |proj g|= %.8e    %.1fs%n", k, loss, projectedGradientNorm, seconds);
        }
        if (trace != null) {
            ObjectNode line = JSON.createObjectNode();
            line.put("iter", k);
            line.put("loss", loss);
            line.put("pgnorm", projectedGradientNorm);
            line.put("seconds", seconds);
            try {
                trace.write(JSON.writeValueAsString(line));
                trace.newLine();
                trace.flush();
            } catch (IOException e) {
                throw new RunFailedException("cannot write trace file: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
        if (trace != null) {
            try {
                trace.close();
            } catch (IOException e) {
                throw new RunFailedException("cannot write trace file: " + e.getMessage(), e);
            }
        }
    }
}
