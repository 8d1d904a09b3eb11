package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.NetLayer;
import styletransfer.caffe.ShapedNet;
import styletransfer.model.LayerWeight;
import styletransfer.model.ModelCatalog;
import styletransfer.model.ModelSpec;

/** {@code style-transfer describe}: the shipped nets' layers at a size, as Caffe shapes them, and their DOT graph. */
class DescribeCommandTest {
    static final ModelCatalog CATALOG = new ModelCatalog(Path.of("models"));
    static final Pattern MEMORY = Pattern.compile("memory estimate: ([0-9.]+) (MiB|GiB) \\(net ");
    static final Pattern WORK = Pattern.compile("work: ([0-9.]+) GFLOP per loss evaluation");

    @TempDir
    Path dir;

    /** One printed row: layer, type, output shape, weight. */
    record Row(String layer, String type, String shape, String weight) {}

    @ParameterizedTest
    @ValueSource(strings = {"squeezenet", "googlenet"})
    void shapesAt256AreWhatCaffeMakesOfTheNetAndTheWeightedLayersAreMarked(String name) {
        Cli.Output run = Cli.capture(List.of("describe", "-m", name, "-l", "256"));
        assertEquals(Main.OK, run.exit(), run.err());
        Map<String, Row> rows = rows(run.out());
        ModelSpec spec = CATALOG.resolve(name);
        List<NetLayer> layers = ShapedNet.at(spec.prototxt(), 256, 256).layers();
        assertEquals(layers.stream().map(NetLayer::name).toList(), List.copyOf(rows.keySet()));

        try (CaffeNet net = CaffeNet.openUntrained(spec.prototxt())) {
            net.reshapeInput(256, 256);
            for (NetLayer l : layers) {
                Row r = rows.get(l.name());
                assertEquals(l.type(), r.type());
                long[] printed = Arrays.stream(r.shape().split("x")).mapToLong(Long::parseLong).toArray();
                int[] caffe = net.shape(l.tops().get(0));
                assertArrayEquals(Arrays.stream(caffe).asLongStream().toArray(), printed, name + " " + l.name());
            }
        }
        Map<String, String> weights = new HashMap<>();
        for (LayerWeight w : spec.content()) {
            weights.merge(w.blob(), "content " + plain(w.weight()), (a, b) -> a + ", " + b);
        }
        for (LayerWeight w : spec.style()) {
            weights.merge(w.blob(), "style " + plain(w.weight()), (a, b) -> a + ", " + b);
        }
        for (Row r : rows.values()) {
            assertEquals(weights.getOrDefault(r.layer(), ""), r.weight(), r.layer());
        }
        assertTrue(rows.get("input").shape().equals("1x3x256x256"), rows.get("input").toString());
    }

    @Test
    void memoryAndWorkGrowWithTheSizeAndNeedNoWeights() throws IOException {
        // a copy of the model folder: prototxt and model.json only, no caffemodel, nothing downloaded
        Path models = dir.resolve("models");
        Path folder = Files.createDirectories(models.resolve("squeezenet"));
        for (String f : List.of("deploy.prototxt", "model.json")) {
            Files.copy(Path.of("models/squeezenet").resolve(f), folder.resolve(f));
        }
        double[] small = figures("-l", "256", "--models-dir", models.toString());
        double[] large = figures("-l", "512", "--models-dir", models.toString());
        assertTrue(large[0] > 2 * small[0] && large[1] > 3 * small[1],
                Arrays.toString(small) + " " + Arrays.toString(large));
        double[] reference = figures("-l", "256", "--models-dir", models.toString(), "--schedule", "reference");
        assertTrue(reference[1] > small[1], "the reference schedule does more work");
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(2, files.count(), "no weights fetched");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"squeezenet", "googlenet"})
    void dotIsAGraphOfEveryLayerWithItsShapeAndEdgesAlongTheBlobs(String name) throws IOException {
        Path dot = dir.resolve(name + ".dot");
        Cli.Output run = Cli.capture(List.of("describe", "-m", name, "-l", "256", "--dot", dot.toString()));
        assertEquals(Main.OK, run.exit(), run.err());
        Map<String, Row> rows = rows(run.out());
        List<Row> ordered = List.copyOf(rows.values());
        List<String> lines = Files.readAllLines(dot);

        Pattern node = Pattern.compile("^  L(\\d+) \\[label=\"((?:[^\"\\\\]|\\\\.)*)\"(, fillcolor=\"#[0-9a-f]{6}\")?\\];$");
        Pattern edge = Pattern.compile("^  L(\\d+) -> L(\\d+);$");
        assertTrue(lines.get(0).startsWith("// "));
        assertEquals("digraph \"" + name + "\" {", lines.get(1));
        assertEquals("}", lines.get(lines.size() - 1));
        Map<Integer, String> labels = new LinkedHashMap<>();
        Map<Integer, Boolean> filled = new HashMap<>();
        List<int[]> edges = new ArrayList<>();
        for (String line : lines.subList(2, lines.size() - 1)) {
            Matcher n = node.matcher(line);
            Matcher e = edge.matcher(line);
            if (n.matches()) {
                assertEquals(null, labels.put(Integer.parseInt(n.group(1)), n.group(2)), "node declared twice: " + line);
                filled.put(Integer.parseInt(n.group(1)), n.group(3) != null);
            } else if (e.matches()) {
                edges.add(new int[] {Integer.parseInt(e.group(1)), Integer.parseInt(e.group(2))});
            } else {
                assertTrue(line.startsWith("  rankdir=") || line.startsWith("  node ["), "unexpected line: " + line);
            }
        }
        assertEquals(ordered.size(), labels.size());
        for (int i = 0; i < ordered.size(); i++) {
            Row r = ordered.get(i);
            String[] parts = labels.get(i).split("\\\\n");
            assertEquals(r.layer(), parts[0]);
            assertEquals(r.type(), parts[1]);
            assertTrue(parts[2].startsWith(r.shape()), parts[2]);
            assertEquals(!r.weight().isEmpty(), filled.get(i), r.layer());
        }
        boolean[] reached = new boolean[ordered.size()];
        reached[0] = true;
        for (int[] e : edges) {
            assertTrue(labels.containsKey(e[0]) && labels.containsKey(e[1]) && e[0] < e[1], Arrays.toString(e));
            reached[e[1]] = true;
        }
        for (int i = 0; i < reached.length; i++) {
            assertTrue(reached[i], "layer " + ordered.get(i).layer() + " has no input edge");
        }
        // a Concat has an edge from each branch it joins
        for (int i = 0; i < ordered.size(); i++) {
            if (ordered.get(i).type().equals("Concat")) {
                int to = i;
                assertTrue(edges.stream().filter(e -> e[1] == to).count() >= 2, ordered.get(i).layer());
            }
        }
    }

    @Test
    void badInputIsOneErrorLineAndExitCodeTwo() throws IOException {
        for (List<String> args : List.of(List.of("-l", "0"), List.of("-m", "nosuchnet"),
                List.of("-l", "1e9"), List.of("--dot", Files.createDirectories(dir.resolve("folder")).toString()))) {
            List<String> all = new ArrayList<>(List.of("describe", "-m", "squeezenet"));
            all.addAll(args);
            Cli.Output run = Cli.capture(all);
            assertEquals(Main.BAD_INPUT, run.exit(), args + ": " + run.out() + run.err());
            assertTrue(run.err().startsWith("error: ") && run.err().strip().lines().count() == 1, run.err());
            assertFalse(run.out().contains("memory estimate"), run.out());
        }
    }

    /** The memory estimate in MiB and the GFLOP of one evaluation. */
    private static double[] figures(String... args) {
        List<String> all = new ArrayList<>(List.of("describe", "-m", "squeezenet"));
        all.addAll(List.of(args));
        Cli.Output run = Cli.capture(all);
        assertEquals(Main.OK, run.exit(), run.err());
        Matcher m = MEMORY.matcher(run.out());
        Matcher w = WORK.matcher(run.out());
        assertTrue(m.find() && w.find(), run.out());
        double mib = Double.parseDouble(m.group(1)) * (m.group(2).equals("GiB") ? 1024 : 1);
        return new double[] {mib, Double.parseDouble(w.group(1))};
    }

    static Map<String, Row> rows(String out) {
        List<String> lines = out.lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("layer ")).findFirst().orElseThrow());
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : lines.subList(header + 1, lines.size())) {
            if (line.startsWith("memory estimate:")) {
                break;
            }
            String[] f = line.trim().split("\\s+", 4);
            String rest = f.length > 3 ? f[3].replace("(in place)", "").trim() : "";
            rows.put(f[0], new Row(f[0], f[1], f[2], rest));
        }
        return rows;
    }

    private static String plain(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
