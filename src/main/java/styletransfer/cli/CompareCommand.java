package styletransfer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import styletransfer.BadInputException;
import styletransfer.compare.Agreement;
import styletransfer.compare.ComparisonReport;
import styletransfer.compare.ImageMetrics;
import styletransfer.compare.LossTrace;
import styletransfer.image.Image;
import styletransfer.image.ImageReader;
import styletransfer.image.ImageWriter;

/** {@code style-transfer compare A B}: are two outputs, or two loss traces, alike within tolerances? */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Compares two images of the same size (PSNR, SSIM as scikit-image's with Gaussian weights, "
                + "largest 8-bit difference), or two loss traces (--trace JSON lines, 'iteration loss' pairs or "
                + "'At iterate N f= X' lines: relative loss differences), or both (images with --traces).", "",
                "What to expect: L-BFGS-B amplifies float rounding, so two runs that differ only in OpenBLAS threads "
                + "or Caffe kernels stay close for some tens of iterations (36 to 45 dB after 25 to 50), then part "
                + "(24 to 26 dB, SSIM 0.85 to 0.89 after 512), while their losses agree within 1.5e-3 over the first "
                + "10 iterations and again at the end (final losses within 1e-3). So the first iterations' losses "
                + "are always checked, a run of up to --short-run iterations by its pixels too, a longer one by its "
                + "final loss instead: give the traces with --traces. The verdict line says which.", ""},
        footer = {"", "Exit codes: 0 within every tolerance, 1 not, 2 bad input (different sizes, unreadable files)."})
final class CompareCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "Image or trace (e.g. ours).")
    Path first;

    @Parameters(index = "1", paramLabel = "B", description = "Image or trace (e.g. style.py's).")
    Path second;

    @Option(names = "--min-psnr", paramLabel = "DB", defaultValue = "30",
            description = "Images of a short run: lowest acceptable PSNR in dB. Default: ${DEFAULT-VALUE}.")
    double minPsnr;

    @Option(names = "--min-ssim", paramLabel = "S", defaultValue = "0.95",
            description = "Images of a short run: lowest acceptable SSIM (1 = identical). Default: ${DEFAULT-VALUE}.")
    double minSsim;

    @Option(names = "--max-pixel-diff", paramLabel = "N", defaultValue = "255",
            description = "Images of a short run: largest acceptable difference of one 8-bit value (JPEG alone moves values by "
                    + "several steps, hence no check by default). Default: ${DEFAULT-VALUE}.")
    int maxPixelDiff;

    @Option(names = "--max-loss-diff", paramLabel = "R", defaultValue = "0.01",
            description = "Traces: largest acceptable |a - b| / max(|a|, |b|) at any common iteration of the first "
                    + "--early-iterations, where two runs still coincide. Default: ${DEFAULT-VALUE}.")
    double maxLossDiff;

    @Option(names = "--early-iterations", paramLabel = "N", defaultValue = "" + EARLY_ITERATIONS,
            description = "Traces: how many iterations from the start are held to --max-loss-diff; later, runs "
                    + "that differ only in float rounding part (losses up to 2%% apart mid-run). "
                    + "Default: ${DEFAULT-VALUE}.")
    int earlyIterations;

    @Option(names = "--max-final-loss-diff", paramLabel = "R", defaultValue = "0.005",
            description = "Traces of a long run: largest acceptable relative difference of the losses at the last "
                    + "iteration both have; more when the loss itself still fell by more over the last 5%% of the "
                    + "run. Default: ${DEFAULT-VALUE}.")
    double maxFinalLossDiff;

    @Option(names = "--short-run", paramLabel = "N", defaultValue = "" + SHORT_RUN,
            description = "Images with --traces: a run of up to N iterations is judged by its pixels (and early "
                    + "losses); a longer one, whose pixels part through float rounding alone, by its losses. "
                    + "Default: ${DEFAULT-VALUE}.")
    int shortRun;

    @Option(names = "--traces", arity = "2", paramLabel = "TRACE",
            description = "With two images: the two runs' loss traces (A's, then B's), so the verdict suits the "
                    + "run's length and the report shows the loss curves.")
    List<Path> traces;

    @Option(names = "--report", paramLabel = "FILE.png",
            description = "Also write one picture: both images, their difference as a heat map with its scale, "
                    + "the figures and, with traces, the loss curves and their relative difference.")
    Path report;

    @Option(names = "--json", description = "Print one JSON object instead of text (psnr is null when the images are "
            + "identical, with \"identical\": true).")
    boolean json;

    @Mixin
    DebugOption debug = new DebugOption();

    /**
     * Measured (SqueezeNet, -l 256): two runs that differ only in float rounding stay above 45 dB for 20-25
     * iterations and fall to about 24 dB by 512; see {@link Agreement}.
     */
    static final int SHORT_RUN = 50;
    /** Measured: two such runs' losses stay within 1.5e-3 for 10 iterations, then part by up to 2%. */
    static final int EARLY_ITERATIONS = 10;

    @Override
    public Integer call() {
        validate();
        boolean imageA = isImage(first);
        boolean imageB = isImage(second);
        if (imageA != imageB) {
            throw new BadInputException("cannot compare " + (imageA ? "image " : "trace ") + first + " with "
                    + (imageB ? "image " : "trace ") + second + ": give two images or two traces");
        }
        if (!imageA && traces != null) {
            throw new BadInputException("--traces goes with two images; " + first + " and " + second
                    + " are traces already");
        }
        Image a = imageA ? ImageReader.read(first) : null;
        Image b = imageA ? ImageReader.read(second) : null;
        ImageMetrics.Result pixels = imageA ? ImageMetrics.compare(a, b) : null;
        Path traceFileA = imageA ? (traces == null ? null : traces.get(0)) : first;
        Path traceFileB = imageA ? (traces == null ? null : traces.get(1)) : second;
        LossTrace ta = traceFileA == null ? null : readTrace(traceFileA);
        LossTrace tb = traceFileB == null ? null : readTrace(traceFileB);
        Agreement.Tolerances t = new Agreement.Tolerances(minPsnr, minSsim, maxPixelDiff, maxLossDiff,
                maxFinalLossDiff, shortRun, earlyIterations);
        Agreement.TraceFigures figures = ta == null ? null : Agreement.figures(ta, tb, t);
        Agreement.Verdict verdict = Agreement.judge(pixels, figures, t);
        List<String> lines = lines(pixels, figures, verdict, t);
        if (report != null) {
            BufferedImage picture = ComparisonReport.draw(new ComparisonReport.Content(
                    imageA ? name(first) : null, imageA ? name(second) : null, a, b, ta, tb, verdict, t, lines));
            ImageWriter.write(toImage(picture), report);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(json(pixels, figures, verdict, t));
        } else {
            lines.forEach(out::println);
            if (report != null) {
                out.println("report: " + report);
            }
        }
        out.flush();
        return verdict.ok() ? Main.OK : Main.FAILED;
    }

    private void validate() {
        if (shortRun < 0 || earlyIterations < 0) {
            throw new BadInputException("--short-run and --early-iterations must be 0 or more iterations, got "
                    + shortRun + " and " + earlyIterations);
        }
        if (!(maxFinalLossDiff >= 0) || !(maxLossDiff >= 0)) {
            throw new BadInputException("--max-loss-diff and --max-final-loss-diff must be 0 or more");
        }
        if (traces != null && traces.size() != 2) {
            throw new BadInputException("--traces takes two traces, A's and B's, once; got " + traces.size());
        }
        if (report != null) {
            ImageWriter.checkFormat(report); // before any work, as the main command does for -o
        }
    }

    private static LossTrace readTrace(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new BadInputException("cannot read trace " + file + ": no such readable file");
        }
        return LossTrace.read(file);
    }

    /** The text compare prints, ending with the verdict line; the report shows the same lines. */
    private List<String> lines(ImageMetrics.Result r, Agreement.TraceFigures f, Agreement.Verdict v,
                               Agreement.Tolerances t) {
        List<String> lines = new ArrayList<>();
        if (r != null) {
            lines.add(String.format(Locale.ROOT, "size: %dx%d (height x width)", r.height(), r.width()));
            lines.add(String.format(Locale.ROOT, "psnr: %s dB (min %s): %s",
                    Double.isInfinite(r.psnr()) ? "inf" : String.format(Locale.ROOT, "%.2f", r.psnr()),
                    fmt(minPsnr), okText(v, Agreement.PSNR)));
            lines.add(String.format(Locale.ROOT, "ssim: %.5f (min %s): %s", r.ssim(), fmt(minSsim),
                    okText(v, Agreement.SSIM)));
            lines.add(String.format(Locale.ROOT, "max pixel difference: %d of 255 at row %d, column %d, %s (max %d): %s",
                    r.maxDifference(), r.row(), r.column(), List.of("red", "green", "blue").get(r.channel()),
                    maxPixelDiff, okText(v, Agreement.PIXEL)));
        }
        if (f != null) {
            lines.add(String.format(Locale.ROOT, "iterations in both: %d (only in A: %d, only in B: %d)",
                    f.all().common(), f.all().onlyFirst(), f.all().onlySecond()));
            if (f.all().common() > f.early().common()) {
                lines.add(String.format(Locale.ROOT, "max relative loss difference: %.3e at iteration %d (not judged: "
                        + "runs part after their first iterations)", f.all().largest(), f.all().iteration()));
            }
            lines.add(String.format(Locale.ROOT, "max relative loss difference up to iteration %d: %.3e at iteration "
                    + "%d (max %s): %s", f.earlyLast(), f.early().largest(), f.early().iteration(), fmt(maxLossDiff),
                    okText(v, Agreement.LOSS)));
            double limit = Agreement.finalLimit(f, t);
            lines.add(String.format(Locale.ROOT, "final loss at iteration %d: %.6e (A) and %.6e (B), relative "
                    + "difference %.3e (max %s%s): %s", f.last(), f.finalA(), f.finalB(), f.finalDifference(),
                    fmt(maxFinalLossDiff), limit > maxFinalLossDiff ? String.format(Locale.ROOT, ", or %.3e: the "
                    + "loss's fall over the last %d%% of the run", limit, Math.round(100 * Agreement.LAG_FRACTION))
                    : "", okText(v, Agreement.FINAL)));
        }
        lines.add(v.line());
        return lines;
    }

    private static ObjectNode json(ImageMetrics.Result r, Agreement.TraceFigures f, Agreement.Verdict v,
                                   Agreement.Tolerances t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", r != null ? "images" : "traces");
        if (r != null) {
            n.put("height", r.height());
            n.put("width", r.width());
            // JSON has no infinity: null, and the flag says why.
            if (Double.isInfinite(r.psnr())) {
                n.putNull("psnr");
            } else {
                n.put("psnr", r.psnr());
            }
            n.put("identical", r.maxDifference() == 0);
            n.put("ssim", r.ssim());
            n.put("max_pixel_diff", r.maxDifference());
        }
        if (f != null) {
            n.put("common_iterations", f.all().common());
            n.put("max_loss_diff", f.all().largest());
            n.put("at_iteration", f.all().iteration());
            n.put("early_max_loss_diff", f.early().largest());
            n.put("early_at_iteration", f.early().iteration());
            n.put("early_up_to_iteration", f.earlyLast());
            n.put("final_iteration", f.last());
            n.put("final_loss_a", f.finalA());
            n.put("final_loss_b", f.finalB());
            n.put("final_loss_diff", f.finalDifference());
            n.put("final_loss_limit", Agreement.finalLimit(f, t));
        }
        if (v.runIterations() >= 0) {
            n.put("run_iterations", v.runIterations());
        } else {
            n.putNull("run_iterations");
        }
        n.put("criterion", v.criterion().key());
        n.put("within_tolerance", v.ok());
        n.put("verdict", v.line());
        return n;
    }

    private static String name(Path p) {
        Path n = p.getFileName();
        return n == null ? p.toString() : n.toString();
    }

    private static Image toImage(BufferedImage picture) {
        int h = picture.getHeight();
        int w = picture.getWidth();
        double[] rgb = new double[3 * h * w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int v = picture.getRGB(c, r);
                int i = 3 * (r * w + c);
                rgb[i] = ((v >> 16) & 0xFF) / 255.0;
                rgb[i + 1] = ((v >> 8) & 0xFF) / 255.0;
                rgb[i + 2] = (v & 0xFF) / 255.0;
            }
        }
        return new Image(h, w, rgb);
    }

    /** By content, not name: a file ImageIO can decode is an image, anything else a trace. */
    private static boolean isImage(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new BadInputException("cannot read " + file + ": no such readable file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            return in != null && ImageIO.getImageReaders(in).hasNext();
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private static String okText(Agreement.Verdict v, String check) {
        return !v.judged(check) ? "not judged (" + (v.criterion() == Agreement.Criterion.LOSSES
                ? "judged by losses" : "short run") + ")" : v.passed(check) ? "ok" : "FAIL";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
