package styletransfer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import styletransfer.BadInputException;
import styletransfer.RunFailedException;
import styletransfer.bench.Flops;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.NetLayer;
import styletransfer.caffe.ShapedNet;
import styletransfer.model.LayerWeight;
import styletransfer.model.ModelSpec;
import styletransfer.transfer.LayerPlan;
import styletransfer.transfer.MemoryEstimate;
import styletransfer.transfer.Schedule;
import styletransfer.transfer.Settings;
import styletransfer.transfer.StyleTransfer;

/** {@code style-transfer describe -m NAME}: the net's layers and output shapes at a size, its weighted layers, its cost. */
@Command(name = "describe", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Prints the net's layers with their output shapes at the working size of -l (computed in Java, "
                + "as every run checks them before Caffe), marks the content and style layers with their weights, "
                + "and gives a run's memory estimate and FLOPs per loss evaluation, for square content and style "
                + "images (others: the shorter side scales as the image). Reads no weights: works before "
                + "fetch-models.", ""},
        footer = {"", "Exit codes: 0 done, 2 bad input (unknown model, bad prototxt, a size the net cannot take)."})
final class DescribeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model = new ModelOption();

    @Option(names = {"-l", "--length"}, paramLabel = "PIXELS", defaultValue = "512",
            description = "Longest side of the working image, as for a run. Default: ${DEFAULT-VALUE}.")
    double length;

    @Option(names = "--schedule", paramLabel = "KIND", defaultValue = "minimal",
            description = "Caffe work counted per evaluation: minimal or reference, as for a run. Default: ${DEFAULT-VALUE}.")
    Schedule schedule;

    @Option(names = "--dot", paramLabel = "FILE",
            description = "Also write the net as Graphviz DOT (layers with their shapes, weighted layers filled): "
                    + "render with e.g. 'dot -Tsvg FILE -o net.svg'.")
    Path dot;

    @Mixin
    ModelsDirOption modelsDir = new ModelsDirOption();

    @Mixin
    DebugOption debug = new DebugOption();

    /** One layer as described: its output shape (null when not computed) and its role in the loss. */
    record Row(NetLayer layer, long[] shape, boolean inPlace, String role) {}

    @Override
    public Integer call() {
        Settings.reference().withLength(length); // checks it as for a run; Main names the flag
        ModelSpec spec = ModelCommands.resolve(modelsDir.resolve(), model.name, null);
        String text;
        List<Row> rows;
        String header;
        try (CaffeNet net = CaffeNet.openUntrained(spec.prototxt())) {
            int[] declared = net.shape(CaffeNet.INPUT);
            int side = (int) Math.min(Integer.MAX_VALUE, Math.round(length));
            StyleTransfer.Sizes sizes = StyleTransfer.sizes(declared, side, side, side, side, length);
            ShapedNet shaped = ShapedNet.at(spec.prototxt(), sizes.contentHeight(),
                    sizes.contentWidth());
            rows = rows(shaped, spec);
            header = String.format(Locale.ROOT, "%s: %s at -l %s: content and style images %dx%d (square images; "
                    + "the net's smallest input side is %d)", spec.name(), spec.prototxt(), fmt(length),
                    sizes.contentHeight(), sizes.contentWidth(), Math.min(declared[2], declared[3]));
            MemoryEstimate memory = MemoryEstimate.of(net, sizes);
            memory.check(sizes, Long.MAX_VALUE); // a size past Caffe's blob limit is refused before any reshape
            LayerPlan plan = LayerPlan.of(net, spec.content(), spec.style());
            net.reshapeInput(sizes.contentHeight(), sizes.contentWidth());
            double flops = Flops.perEvaluation(net, plan.sizedFor(net), schedule);
            text = table(header, rows) + String.format(Locale.ROOT,
                    "memory estimate: %s (net %s, optimizer %s, images %s)%n"
                    + "work: %.2f GFLOP per loss evaluation (--schedule %s: forward, backward and Gram matrices); "
                    + "L-BFGS-B makes about one evaluation per iteration, more when its line search backtracks%n",
                    bytes(memory.totalBytes()), bytes(memory.netBytes()), bytes(memory.optimizerBytes()),
                    bytes(memory.imageBytes()), flops / 1e9, schedule.name().toLowerCase(Locale.ROOT));
        }
        if (dot != null) {
            writeAtomically(dot, dot(spec.name(), header, rows));
        }
        PrintWriter out = this.spec.commandLine().getOut();
        out.print(text);
        if (dot != null) {
            out.println("dot: " + dot);
        }
        out.flush();
        return Main.OK;
    }

    static List<Row> rows(ShapedNet shaped, ModelSpec spec) {
        Map<String, String> roles = new LinkedHashMap<>();
        for (LayerWeight w : spec.content()) {
            roles.merge(w.blob(), "content " + fmt(w.weight()), (a, b) -> a + ", " + b);
        }
        for (LayerWeight w : spec.style()) {
            roles.merge(w.blob(), "style " + fmt(w.weight()), (a, b) -> a + ", " + b);
        }
        List<Row> rows = new ArrayList<>();
        for (NetLayer l : shaped.layers()) {
            String top = l.tops().isEmpty() ? null : l.tops().get(0);
            long[] shape = top == null ? null : shaped.blobShapes().get(top);
            boolean inPlace = !l.tops().isEmpty() && l.tops().equals(l.bottoms());
            // A weighted blob is read after the layer of its name (and its in-place ReLU): mark that layer.
            String role = roles.getOrDefault(l.name(), "");
            rows.add(new Row(l, shape, inPlace, role));
        }
        return rows;
    }

    private static String table(String header, List<Row> rows) {
        int name = "layer".length();
        int type = "type".length();
        int shape = "output".length();
        for (Row r : rows) {
            name = Math.max(name, r.layer().name().length());
            type = Math.max(type, r.layer().type().length());
            shape = Math.max(shape, shape(r).length());
        }
        StringBuilder b = new StringBuilder(header).append(System.lineSeparator());
        String format = "%-" + name + "s  %-" + type + "s  %-" + shape + "s  %s";
        b.append(String.format(Locale.ROOT, format, "layer", "type", "output", "weight").stripTrailing())
                .append(System.lineSeparator());
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, format, r.layer().name(), r.layer().type(), shape(r), r.role())
                    .stripTrailing()).append(System.lineSeparator());
        }
        return b.toString();
    }

    /** N x C x H x W, "(in place)" for a layer that rewrites its input, "?" for a layer type not modelled. */
    static String shape(Row r) {
        if (r.shape() == null) {
            return "?";
        }
        StringBuilder s = new StringBuilder();
        for (long d : r.shape()) {
            s.append(s.length() == 0 ? "" : "x").append(d);
        }
        return s + (r.inPlace() ? " (in place)" : "");
    }

    /** Graphviz DOT: one box per layer (weighted ones filled), an edge from each blob's last writer to its readers. */
    static String dot(String name, String header, List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("// ").append(header).append('\n');
        b.append("digraph ").append(quote(name)).append(" {\n");
        b.append("  rankdir=TB;\n");
        b.append("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=10];\n");
        Map<String, Integer> writer = new HashMap<>();
        List<String> edges = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            String label = escape(r.layer().name()) + "\\n" + escape(r.layer().type()) + "\\n" + shape(r)
                    + (r.role().isEmpty() ? "" : "\\n" + r.role());
            b.append("  L").append(i).append(" [label=\"").append(label).append('"');
            if (!r.role().isEmpty()) {
                b.append(", fillcolor=").append(quote(r.role().contains("content") ? "#9ecae1" : "#fdd49e"));
            }
            b.append("];\n");
            for (String bottom : r.layer().bottoms()) {
                Integer from = writer.get(bottom);
                if (from != null) {
                    edges.add("  L" + from + " -> L" + i + ";\n");
                }
            }
            for (String top : r.layer().tops()) {
                writer.put(top, i);
            }
        }
        edges.forEach(b::append);
        b.append("}\n");
        return b.toString();
    }

    private static String quote(String s) {
        return "\"" + escape(s) + "\"";
    }

    /** Text inside a DOT string: backslashes and quotes escaped. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void writeAtomically(Path file, String text) {
        if (Files.isDirectory(file)) {
            throw new BadInputException("--dot " + file + " is a folder; give a file name");
        }
        Path target = file.toAbsolutePath();
        Path temp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the write failure matters more
            }
            throw new RunFailedException("cannot write " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private static String bytes(long b) {
        return b >= 1L << 30 ? String.format(Locale.ROOT, "%.2f GiB", b / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.0f MiB", b / (double) (1L << 20));
    }

    /** 1, 0.2, 0.0002: a weight as model.json would write it, without exponents. */
    static String fmt(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
