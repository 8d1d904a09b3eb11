package styletransfer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import styletransfer.RunFailedException;
import styletransfer.transfer.LossParts;
import styletransfer.transfer.Progress;

/**
 * Shows the optimisation: a progress bar on stderr (percentage, bar, iterations per second, ETA); without a
 * terminal a plain line at every tenth of the run and at least every 30 s; or with
 * {@code -v} one line per iteration; optionally one JSON line per iteration into a trace file.
 */
final class ProgressReporter implements Progress, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream err;
    private final int iterations;
    private final boolean verbose;
    private final boolean showBar;
    private final Path tracePath;
    private final int printEvery;
    private final java.io.PrintWriter log;
    private final LongSupplier clock;
    private ProgressBar bar;
    private BufferedWriter trace;
    private long start;
    /** Plain lines (no terminal, no -v): the iteration this run started after, the last tenth and time printed. */
    private int firstIteration;
    private int lastTenth;
    private long lastLine;

    ProgressReporter(PrintStream err, int iterations, boolean verbose, boolean showBar, Path tracePath) {
        this(err, iterations, verbose, showBar, tracePath, 0, null);
    }

    /**
     * With {@code printEvery} > 0, every that many iterations one line of the loss and its parts goes to
     * {@code log}, which also hears where a resumed run continues. The bar and the trace file start with the run ({@link #started}), after its checks.
     */
    ProgressReporter(PrintStream err, int iterations, boolean verbose, boolean showBar, Path tracePath, int printEvery,
                     java.io.PrintWriter log) {
        this(err, iterations, verbose, showBar, tracePath, printEvery, log, System::nanoTime);
    }

    /**
     * As above, timed by {@code clock} (nanoseconds, as {@link System#nanoTime}). Without a bar and without
     * {@code verbose} (stderr not a terminal: a script, a cron job, a cluster's log) a plain line goes to {@code err}
     * at every tenth of the iterations and at least every {@link #PLAIN_LINE_SECONDS} seconds.
     */
    ProgressReporter(PrintStream err, int iterations, boolean verbose, boolean showBar, Path tracePath, int printEvery,
                     java.io.PrintWriter log, LongSupplier clock) {
        this.clock = clock;
        this.start = clock.getAsLong();
        this.err = err;
        this.iterations = iterations;
        this.verbose = verbose;
        this.showBar = showBar;
        this.tracePath = tracePath;
        this.printEvery = printEvery;
        this.log = log;
    }

    @Override
    public void started(Start run) {
        if (run.resumedFrom() != null && log != null) {
            log.println("Resuming from iteration " + run.resumedFrom().iterations() + " (loss "
                    + run.resumedFrom().loss() + ").");
            log.flush();
        }
        start = clock.getAsLong();
        lastLine = start;
        firstIteration = run.resumedFrom() == null ? 0 : run.resumedFrom().iterations();
        lastTenth = tenth(firstIteration);
        bar = verbose || !showBar ? null : new ProgressBarBuilder()
                .setTaskName("Optimizing")
                .setInitialMax(iterations)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .setUpdateIntervalMillis(500)
                .showSpeed(speedFormat())
                .setUnit(" it", 1)
                .build();
        try {
            if (tracePath != null && tracePath.toAbsolutePath().getParent() != null) {
                Files.createDirectories(tracePath.toAbsolutePath().getParent());
            }
            this.trace = tracePath == null ? null : Files.newBufferedWriter(tracePath);
        } catch (IOException e) {
            throw new RunFailedException("cannot write trace file " + tracePath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void iteration(int k, double loss, double projectedGradientNorm, LossParts parts) {
        long now = clock.getAsLong();
        double seconds = (now - start) / 1e9;
        if (bar != null) {
            bar.stepTo(k);
        }
        if (!verbose && !showBar && (tenth(k) > lastTenth || now - lastLine >= PLAIN_LINE_SECONDS * 1_000_000_000L)) {
            err.println(plainLine(k, loss, seconds));
            err.flush();
            lastTenth = tenth(k);
            lastLine = now;
        }
        if (verbose) {
            err.printf("At iterate %5d    f= %.8e    |proj g|= %.8e    %.1fs%n", k, loss, projectedGradientNorm, seconds);
        }
        if (printEvery > 0 && k % printEvery == 0 && log != null && parts != null) {
            log.println(partsLine(k, loss, parts));
            log.flush();
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

    /** The longest time between two plain progress lines. */
    static final int PLAIN_LINE_SECONDS = 30;

    /** How many tenths of the run's iterations {@code k} has completed. */
    private int tenth(int k) {
        return iterations <= 0 ? 0 : (int) Math.min(10, 10L * k / iterations);
    }

    /** "Iteration 52 of 512 (10%): loss 1.2345e+08, 12s elapsed, ETA 1m 45s". */
    private String plainLine(int k, double loss, double seconds) {
        int done = k - firstIteration;
        String eta = done <= 0 || k >= iterations ? "0s" : duration(seconds / done * (iterations - k));
        return String.format(java.util.Locale.ROOT, "Iteration %d of %d (%d%%): loss %.4e, %s elapsed, ETA %s", k,
                iterations, (int) (100L * k / Math.max(1, iterations)), loss, duration(seconds), eta);
    }

    /** "45s", "1m 05s", "2h 03m". */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(java.util.Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(java.util.Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
    }

    /** Iterations per second with a leading zero ("0.3 it/s", not ".3"). */
    static java.text.DecimalFormat speedFormat() {
        return new java.text.DecimalFormat("0.0#", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
    }

    /** "Iteration 10: loss 1.2e+08 = content 3.4e+07 (fire5/concat 3.4e+07) + style 8.6e+07 (conv1 ...) + tv 0". */
    static String partsLine(int k, double loss, LossParts parts) {
        StringBuilder content = new StringBuilder();
        StringBuilder style = new StringBuilder();
        double c = 0;
        double s = 0;
        for (int i = 0; i < parts.blobs().size(); i++) {
            if (parts.content()[i] != 0) {
                content.append(content.length() == 0 ? "" : ", ")
                        .append(String.format(java.util.Locale.ROOT, "%s %.4g", parts.blobs().get(i), parts.content()[i]));
                c += parts.content()[i];
            }
            if (parts.style()[i] != 0) {
                style.append(style.length() == 0 ? "" : ", ")
                        .append(String.format(java.util.Locale.ROOT, "%s %.4g", parts.blobs().get(i), parts.style()[i]));
                s += parts.style()[i];
            }
        }
        return String.format(java.util.Locale.ROOT, "Iteration %d: loss %.6g = content %.4g (%s) + style %.4g (%s) + tv %.4g",
                k, loss, c, content, s, style, parts.tv());
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
