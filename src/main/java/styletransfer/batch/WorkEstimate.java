package styletransfer.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import styletransfer.BadInputException;
import styletransfer.image.ImageReader;
import styletransfer.model.ModelSpec;
import styletransfer.transfer.StyleTransfer;

/**
 * A job's work for balancing shards, in pixel-iterations: the content's working size (as the run will rescale it)
 * times the iterations, plus the style's working size once (its targets). Computed from the images' headers and
 * the model's prototxt only; no net is built and no pixel decoded, so a task can estimate a large manifest quickly.
 *
 * <p>Everything the estimate reads is read the same by every task; an image that cannot be read counts as a square
 * of the job's length (the job itself then fails when it runs, as without sharding).
 */
public final class WorkEstimate {
    /** Input side of the nets we ship (224 or 227), used when a prototxt states none this class can find. */
    static final int DEFAULT_INPUT_SIDE = 224;
    private static final Pattern DIM = Pattern.compile("\\b(?:input_)?dim\\s*:\\s*(\\d+)");
    private static final Pattern INPUT = Pattern.compile("\\binput_(?:shape|dim|param)\\b");

    private final Function<JobOptions, ModelSpec> models;
    private final Map<Path, ImageReader.Dimensions> headers = new HashMap<>();
    private final Map<Path, Integer> inputSides = new HashMap<>();

    /** @param models finds a job's model (without fetching its weights: only the prototxt is read) */
    public WorkEstimate(Function<JobOptions, ModelSpec> models) {
        this.models = models;
    }

    /** The job's estimated work in pixel-iterations. */
    public long of(Job job) {
        JobOptions o = job.options();
        ModelSpec spec;
        try {
            spec = models.apply(o);
        } catch (BadInputException e) {
            throw new BadInputException("job " + job.number() + ": " + e.getMessage(), e);
        }
        int side = inputSides.computeIfAbsent(spec.prototxt(), WorkEstimate::inputSide);
        ImageReader.Dimensions content = header(job.content(), o.length());
        ImageReader.Dimensions style = header(job.style(), o.length());
        StyleTransfer.Sizes s = StyleTransfer.sizes(new int[] {1, 3, side, side}, style.height(), style.width(),
                content.height(), content.width(), o.length());
        long contentPixels = (long) s.contentHeight() * s.contentWidth();
        long stylePixels = (long) s.styleHeight() * s.styleWidth();
        return Math.min(1L << 50, contentPixels * o.iterations() + stylePixels); // no overflow when summed
    }

    private ImageReader.Dimensions header(Path image, double length) {
        return headers.computeIfAbsent(image, p -> {
            try {
                return ImageReader.dimensions(p);
            } catch (BadInputException e) {
                int l = (int) Math.min(Integer.MAX_VALUE, Math.round(length));
                return new ImageReader.Dimensions(l, l);
            }
        });
    }

    /**
     * The smaller spatial side of the net's input as the prototxt declares it ({@code input_shape { dim ... }},
     * {@code input_dim}, or an Input layer's {@code input_param { shape { dim ... } }}): the run scales each image's
     * shorter side up to at least this.
     */
    static int inputSide(Path prototxt) {
        String text;
        try {
            text = Files.readString(prototxt, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return DEFAULT_INPUT_SIDE;
        }
        Matcher start = INPUT.matcher(text);
        if (!start.find()) {
            return DEFAULT_INPUT_SIDE;
        }
        List<Integer> dims = new ArrayList<>();
        Matcher dim = DIM.matcher(text);
        for (int from = start.start(); dims.size() < 4 && dim.find(from); from = dim.end()) {
            try {
                dims.add(Integer.parseInt(dim.group(1)));
            } catch (NumberFormatException e) {
                return DEFAULT_INPUT_SIDE;
            }
        }
        if (dims.size() < 4 || Math.min(dims.get(2), dims.get(3)) < 1) {
            return DEFAULT_INPUT_SIDE;
        }
        return Math.min(dims.get(2), dims.get(3));
    }
}
