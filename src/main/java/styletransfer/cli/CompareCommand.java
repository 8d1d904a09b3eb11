package styletransfer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
import styletransfer.compare.ImageMetrics;
import styletransfer.compare.LossTrace;
import styletransfer.image.ImageReader;

/** {@code style-transfer compare A B}: are two outputs, or two loss traces, alike within tolerances? */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Compares two images of the same size (PSNR, SSIM as scikit-image's with Gaussian weights, "
                + "largest 8-bit difference), or two loss traces (--trace JSON lines, 'iteration loss' pairs or "
                + "'At iterate N f= X' lines: largest relative loss difference over the common iterations).", ""},
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
            description = "Images: lowest acceptable PSNR in dB. Default: ${DEFAULT-VALUE}.")
    double minPsnr;

    @Option(names = "--min-ssim", paramLabel = "S", defaultValue = "0.95",
            description = "Images: lowest acceptable SSIM (1 = identical). Default: ${DEFAULT-VALUE}.")
    double minSsim;

    @Option(names = "--max-pixel-diff", paramLabel = "N", defaultValue = "255",
            description = "Images: largest acceptable difference of one 8-bit value (JPEG alone moves values by "
                    + "several steps, hence no check by default). Default: ${DEFAULT-VALUE}.")
    int maxPixelDiff;

    @Option(names = "--max-loss-diff", paramLabel = "R", defaultValue = "0.01",
            description = "Traces: largest acceptable |a - b| / max(|a|, |b|) at any common iteration. Default: ${DEFAULT-VALUE}.")
    double maxLossDiff;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Mixin
    DebugOption debug = new DebugOption();

    @Override
    public Integer call() {
        boolean imageA = isImage(first);
        boolean imageB = isImage(second);
        if (imageA != imageB) {
            throw new BadInputException("cannot compare " + (imageA ? "image " : "trace ") + first + " with "
                    + (imageB ? "image " : "trace ") + second + ": give two images or two traces");
        }
        return imageA ? images() : traces();
    }

    private int images() {
        ImageMetrics.Result r = ImageMetrics.compare(ImageReader.read(first), ImageReader.read(second));
        boolean psnrOk = r.psnr() >= minPsnr;
        boolean ssimOk = r.ssim() >= minSsim;
        boolean diffOk = r.maxDifference() <= maxPixelDiff;
        boolean ok = psnrOk && ssimOk && diffOk;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode n = JSON.createObjectNode();
            n.put("kind", "images");
            n.put("height", r.height());
            n.put("width", r.width());
            if (Double.isInfinite(r.psnr())) {
                n.put("psnr", "inf"); // JSON has no infinity
            } else {
                n.put("psnr", r.psnr());
            }
            n.put("ssim", r.ssim());
            n.put("max_pixel_diff", r.maxDifference());
            n.put("within_tolerance", ok);
            out.println(n);
        } else {
            out.printf(Locale.ROOT, "size: %dx%d (height x width)%n", r.height(), r.width());
            out.printf(Locale.ROOT, "psnr: %s dB (min %s): %s%n",
                    Double.isInfinite(r.psnr()) ? "inf" : String.format(Locale.ROOT, "%.2f", r.psnr()),
                    fmt(minPsnr), okText(psnrOk));
            out.printf(Locale.ROOT, "ssim: %.5f (min %s): %s%n", r.ssim(), fmt(minSsim), okText(ssimOk));
            out.printf(Locale.ROOT, "max pixel difference: %d of 255 at row %d, column %d, %s (max %d): %s%n",
                    r.maxDifference(), r.row(), r.column(), List.of("red", "green", "blue").get(r.channel()),
                    maxPixelDiff, okText(diffOk));
            out.println(ok ? "within tolerance" : "NOT within tolerance");
        }
        out.flush();
        return ok ? Main.OK : Main.FAILED;
    }

    private int traces() {
        LossTrace.Difference d = LossTrace.read(first).compare(LossTrace.read(second));
        boolean ok = d.largest() <= maxLossDiff;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode n = JSON.createObjectNode();
            n.put("kind", "traces");
            n.put("common_iterations", d.common());
            n.put("max_loss_diff", d.largest());
            n.put("at_iteration", d.iteration());
            n.put("within_tolerance", ok);
            out.println(n);
        } else {
            out.printf(Locale.ROOT, "iterations in both: %d (only in A: %d, only in B: %d)%n",
                    d.common(), d.onlyFirst(), d.onlySecond());
            out.printf(Locale.ROOT, "max relative loss difference: %.3e at iteration %d (max %s): %s%n",
                    d.largest(), d.iteration(), fmt(maxLossDiff), okText(ok));
            out.println(ok ? "within tolerance" : "NOT within tolerance");
        }
        out.flush();
        return ok ? Main.OK : Main.FAILED;
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

    private static String okText(boolean ok) {
        return ok ? "ok" : "FAIL";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
