package styletransfer.caffe;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.caffe.BlobShape;
import org.bytedeco.caffe.ConcatParameter;
import org.bytedeco.caffe.ConvolutionParameter;
import org.bytedeco.caffe.LayerParameter;
import org.bytedeco.caffe.NetParameter;
import org.bytedeco.caffe.PoolingParameter;
import styletransfer.BadInputException;

/**
 * Computes every blob's shape in Java, before Caffe does, for the layer types our nets use, and refuses what
 * Caffe would refuse with a fatal CHECK (or a division by zero) while shaping the net: zero kernels or strides,
 * blobs that shrink to nothing, concatenations of blobs that differ, blobs of more than 2^31-1 values.
 *
 * <p>The input is checked at its smallest working size, d x d with d the shorter declared side: every run works
 * at that size or larger (the images are scaled so their shorter side is at least d), and output sizes only grow
 * with the input, so a net that passes here cannot reach a non-positive size later. Blobs of layer types not
 * modelled here get an unknown shape, and layers fed by them are left to Caffe.
 */
final class ShapeCheck {
    private final Object prototxt;
    /** The 4-d input's height and width to check at, or null for the smallest working size. */
    private final int[] inputSize;
    private final Map<String, long[]> shapes = new HashMap<>();

    private ShapeCheck(Object prototxt, int[] inputSize) {
        this.prototxt = prototxt;
        this.inputSize = inputSize;
    }

    /** Sentinel for {@link #inputSize}: the input as declared, the size Caffe builds the net at. */
    private static final int[] DECLARED = new int[0];

    /** Checks the net as Caffe will build it (declared input), and at its smallest working size. */
    static void check(Path prototxt, NetParameter p) {
        new ShapeCheck(prototxt, DECLARED).run(p);
        new ShapeCheck(prototxt, null).run(p);
    }

    /** Checks the net with its 4-d input reshaped to 1x3x{@code height}x{@code width}, before Caffe reshapes it. */
    static void checkAt(String net, NetParameter p, int height, int width) {
        if (height < 1 || width < 1) {
            throw new BadInputException(net + ": input size " + height + "x" + width + " is not positive");
        }
        new ShapeCheck(net, new int[] {height, width}).run(p);
    }

    /**
     * Every blob's shape with the 4-d input at 1x3x{@code height}x{@code width}, computed in Java as
     * {@link #checkAt} checks it; blobs of layer types not modelled here (and those they feed) are absent.
     */
    static Map<String, long[]> shapesAt(String net, NetParameter p, int height, int width) {
        if (height < 1 || width < 1) {
            throw new BadInputException(net + ": input size " + height + "x" + width + " is not positive");
        }
        ShapeCheck check = new ShapeCheck(net, new int[] {height, width});
        check.run(p);
        return check.shapes;
    }

    private void run(NetParameter p) {
        for (int i = 0; i < p.layer_size(); i++) {
            layer(p.layer(i));
        }
    }

    /** Caffe's CheckBlobCounts for the modelled types: min and max bottoms, min and max tops. */
    private static final Map<String, int[]> BLOB_COUNTS = Map.ofEntries(
            Map.entry("Input", new int[] {0, 0, 1, Integer.MAX_VALUE}),
            Map.entry("Convolution", new int[] {1, Integer.MAX_VALUE, 1, Integer.MAX_VALUE}),
            Map.entry("Pooling", new int[] {1, 1, 1, 2}),
            Map.entry("Concat", new int[] {1, Integer.MAX_VALUE, 1, 1}),
            Map.entry("Eltwise", new int[] {2, Integer.MAX_VALUE, 1, 1}),
            Map.entry("Split", new int[] {1, 1, 1, Integer.MAX_VALUE}),
            Map.entry("ReLU", new int[] {1, 1, 1, 1}), Map.entry("Dropout", new int[] {1, 1, 1, 1}),
            Map.entry("LRN", new int[] {1, 1, 1, 1}), Map.entry("Softmax", new int[] {1, 1, 1, 1}),
            Map.entry("Sigmoid", new int[] {1, 1, 1, 1}), Map.entry("TanH", new int[] {1, 1, 1, 1}));

    private void layer(LayerParameter l) {
        String where = prototxt + ": layer \"" + NetFiles.text(l.name()) + "\"";
        String type = NetFiles.text(l.type());
        int[] counts = BLOB_COUNTS.get(type);
        if (counts != null && (l.bottom_size() < counts[0] || l.bottom_size() > counts[1]
                || l.top_size() < counts[2] || l.top_size() > counts[3]
                || (type.equals("Convolution") && l.bottom_size() != l.top_size())
                || (type.equals("Pooling") && l.pooling_param().pool() != 0 /* MAX */ && l.top_size() > 1))) {
            throw new BadInputException(where + " (" + type + ") has " + l.bottom_size() + " bottom and "
                    + l.top_size() + " top blobs, which Caffe does not accept for this type; fix its bottom/top");
        }
        long[][] in = new long[l.bottom_size()][];
        for (int j = 0; j < in.length; j++) {
            in[j] = shapes.get(NetFiles.text(l.bottom(j)));
            if (in[j] == null && !type.equals("Input")) {
                unknownTops(l); // fed by a layer we do not model
                return;
            }
        }
        long[] out = switch (type) {
            case "Input" -> input(where, l);
            case "Convolution" -> convolution(where, l.convolution_param(), in);
            case "Pooling" -> pooling(where, l.pooling_param(), in);
            case "Concat" -> concat(where, l.concat_param(), in);
            case "ReLU", "Dropout", "LRN", "Sigmoid", "TanH", "Softmax", "BatchNorm", "Scale", "Split", "Power",
                 "AbsVal", "ELU", "PReLU" -> in.length > 0 ? in[0] : null;
            case "Eltwise" -> eltwise(where, in);
            default -> null;
        };
        if (type.equals("Input")) {
            return; // input() registered its tops
        }
        for (int t = 0; t < l.top_size(); t++) {
            String top = NetFiles.text(l.top(t));
            if (out == null) {
                shapes.remove(top);
            } else {
                requireCountFits(where, top, out);
                shapes.put(top, out);
            }
        }
    }

    private void unknownTops(LayerParameter l) {
        for (int t = 0; t < l.top_size(); t++) {
            shapes.remove(NetFiles.text(l.top(t)));
        }
    }

    private long[] input(String where, LayerParameter l) {
        for (int t = 0; t < l.top_size(); t++) {
            BlobShape s = l.input_param().shape(l.input_param().shape_size() == 1 ? 0 : t);
            long[] dims = new long[s.dim_size()];
            for (int d = 0; d < dims.length; d++) {
                dims[d] = s.dim(d);
            }
            requireCountFits(where, NetFiles.text(l.top(t)), dims);
            if (inputSize == DECLARED) {
                // as declared: checked above
            } else if (dims.length == 4 && inputSize != null) {
                dims = new long[] {1, dims[1], inputSize[0], inputSize[1]};
                requireCountFits(where, NetFiles.text(l.top(t)), dims);
            } else if (dims.length == 4) {
                // The smallest size a run works at: see the class comment.
                long side = Math.min(dims[2], dims[3]);
                dims = new long[] {1, dims[1], side, side};
            }
            shapes.put(NetFiles.text(l.top(t)), dims);
        }
        return null;
    }

    private long[] convolution(String where, ConvolutionParameter c, long[][] in) {
        long[] b = spatialInput(where, in, "convolution");
        int[] kernel = twoD(where, "kernel", c.kernel_size_size(), c::kernel_size, c.has_kernel_h(), c.kernel_h(),
                c.kernel_w(), -1);
        int[] stride = twoD(where, "stride", c.stride_size(), c::stride, c.has_stride_h(), c.stride_h(),
                c.stride_w(), 1);
        int[] pad = twoD(where, "pad", c.pad_size(), c::pad, c.has_pad_h(), c.pad_h(), c.pad_w(), 0);
        int[] dilation = twoD(where, "dilation", c.dilation_size(), c::dilation, false, 0, 0, 1);
        long group = c.group();
        if (group <= 0 || b[1] % group != 0) {
            throw new BadInputException(where + ": its input has " + b[1] + " channels, not a multiple of group "
                    + group + "; fix group or the layer below");
        }
        long[] out = {b[0], c.num_output(), 0, 0};
        for (int a = 0; a < 2; a++) {
            requirePositive(where, "kernel", kernel[a]);
            requirePositive(where, "stride", stride[a]);
            requirePositive(where, "dilation", dilation[a]);
            long extent = (long) dilation[a] * (kernel[a] - 1) + 1;
            long size = b[2 + a] + 2L * pad[a];
            if (size < extent) {
                throw tooSmall(where, b, extent);
            }
            out[2 + a] = (size - extent) / stride[a] + 1;
        }
        long weights = c.num_output() * (b[1] / group) * kernel[0] * kernel[1];
        if (weights > Integer.MAX_VALUE) {
            throw new BadInputException(where + " would have " + weights + " weights, more than Caffe's 2^31-1 per"
                    + " blob; check num_output and kernel_size");
        }
        return out;
    }

    private long[] pooling(String where, PoolingParameter pp, long[][] in) {
        long[] b = spatialInput(where, in, "pooling");
        if (pp.global_pooling()) {
            if (pp.has_kernel_size() || pp.has_kernel_h() || pp.has_pad() || pp.has_pad_h() || pp.has_stride()
                    || pp.has_stride_h()) {
                throw new BadInputException(where + ": global_pooling takes no kernel_size, pad or stride; remove"
                        + " them");
            }
            return new long[] {b[0], b[1], 1, 1};
        }
        if (pp.has_kernel_size() == (pp.has_kernel_h() || pp.has_kernel_w())) {
            throw new BadInputException(where + " needs either kernel_size or kernel_h and kernel_w, not both");
        }
        int[] kernel = pp.has_kernel_size() ? new int[] {pp.kernel_size(), pp.kernel_size()}
                : new int[] {pp.kernel_h(), pp.kernel_w()};
        int[] stride = pp.has_stride_h() ? new int[] {pp.stride_h(), pp.stride_w()}
                : new int[] {pp.stride(), pp.stride()};
        int[] pad = pp.has_pad_h() ? new int[] {pp.pad_h(), pp.pad_w()} : new int[] {pp.pad(), pp.pad()};
        long[] out = {b[0], b[1], 0, 0};
        for (int a = 0; a < 2; a++) {
            requirePositive(where, "kernel", kernel[a]);
            requirePositive(where, "stride", stride[a]);
            if (pad[a] < 0 || pad[a] >= kernel[a]) {
                throw new BadInputException(where + ": pad " + pad[a] + " must be smaller than the kernel "
                        + kernel[a]);
            }
            long size = b[2 + a] + 2L * pad[a];
            if (size < kernel[a]) {
                throw tooSmall(where, b, kernel[a]);
            }
            // Caffe's rule: ceil, then drop a last window that would start inside the padding.
            long pooled = (long) Math.ceil((double) (size - kernel[a]) / stride[a]) + 1;
            if (pad[a] > 0 && (pooled - 1) * stride[a] >= b[2 + a] + pad[a]) {
                pooled--;
            }
            out[2 + a] = pooled;
        }
        return out;
    }

    private long[] concat(String where, ConcatParameter cp, long[][] in) {
        if (in.length == 0) {
            throw new BadInputException(where + " has no bottom blobs to concatenate");
        }
        int axes = in[0].length;
        long axis = cp.has_concat_dim() ? cp.concat_dim() : cp.axis();
        if (axis < -axes || axis >= axes) {
            throw new BadInputException(where + ": axis " + axis + " is out of range for " + axes + "-d blobs");
        }
        int ax = (int) (axis < 0 ? axis + axes : axis);
        long[] out = in[0].clone();
        for (int j = 1; j < in.length; j++) {
            if (in[j].length != axes) {
                throw new BadInputException(where + " concatenates blobs of different dimensions: "
                        + Arrays.toString(in[0]) + " and " + Arrays.toString(in[j]));
            }
            for (int a = 0; a < axes; a++) {
                if (a != ax && in[j][a] != in[0][a]) {
                    throw new BadInputException(where + " concatenates blobs whose shapes differ outside axis " + ax
                            + ": " + Arrays.toString(in[0]) + " and " + Arrays.toString(in[j])
                            + " (at the smallest working input); fix the layers that feed it");
                }
            }
            out[ax] += in[j][ax];
        }
        return out;
    }

    private long[] eltwise(String where, long[][] in) {
        for (int j = 1; j < in.length; j++) {
            if (!Arrays.equals(in[0], in[j])) {
                throw new BadInputException(where + " combines blobs of different shapes "
                        + Arrays.toString(in[0]) + " and " + Arrays.toString(in[j]));
            }
        }
        return in.length > 0 ? in[0] : null;
    }

    private static long[] spatialInput(String where, long[][] in, String what) {
        if (in.length == 0) {
            throw new BadInputException(where + " has no bottom blob");
        }
        for (long[] b : in) {
            if (b.length != 4 || !Arrays.equals(b, in[0])) {
                throw new BadInputException(where + ": " + what + " needs 4-d inputs (N, C, H, W) of one shape,"
                        + " got " + Arrays.toString(b));
            }
        }
        return in[0];
    }

    /** A 2-d parameter given as a repeated field (one value, or one per axis) or as _h/_w. */
    private static int[] twoD(String where, String name, int count, java.util.function.IntUnaryOperator repeated,
                              boolean hasHw, int h, int w, int missing) {
        if (hasHw) {
            if (count > 0) {
                throw new BadInputException(where + ": give either " + name + "_size/" + name + " or " + name
                        + "_h and " + name + "_w, not both");
            }
            return new int[] {h, w};
        }
        if (count == 0) {
            if (missing < 0) {
                throw new BadInputException(where + " needs convolution_param { kernel_size: K }");
            }
            return new int[] {missing, missing};
        }
        if (count > 2) {
            throw new BadInputException(where + ": " + count + " values of " + name + " for 2 spatial axes;"
                    + " give one or two");
        }
        return new int[] {repeated.applyAsInt(0), repeated.applyAsInt(count - 1)};
    }

    private static void requirePositive(String where, String what, int v) {
        if (v <= 0) {
            throw new BadInputException(where + ": " + what + " must be positive, got " + Integer.toUnsignedString(v));
        }
    }

    private BadInputException tooSmall(String where, long[] b, long window) {
        return new BadInputException(where + ": its " + b[2] + "x" + b[3] + " input is smaller than its " + window
                + "-pixel window" + (inputSize == DECLARED ? " at the declared input size; fix the net's input_shape"
                : inputSize == null ? " at the smallest working input size; the net's input_shape"
                + " is too small for its layers" : " at input size " + inputSize[0] + "x" + inputSize[1]
                + "; use a larger image size"));
    }

    private static void requireCountFits(String where, String blob, long[] dims) {
        long count = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new BadInputException(where + ": blob \"" + blob + "\" would have a negative size "
                        + Arrays.toString(dims));
            }
            count = d == 0 ? 0 : (count > Integer.MAX_VALUE / d ? Long.MAX_VALUE : count * d);
        }
        if (count > Integer.MAX_VALUE) {
            throw new BadInputException(where + ": blob \"" + blob + "\" would hold " + Arrays.toString(dims)
                    + " values, more than Caffe's 2^31-1 per blob; check the layer's num_output and the input size");
        }
    }
}
