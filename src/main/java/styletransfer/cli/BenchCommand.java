package styletransfer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
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
import styletransfer.bench.BenchCase;
import styletransfer.bench.Case;
import styletransfer.bench.BenchReport;
import styletransfer.bench.LayerTimes;
import styletransfer.bench.CaseResult;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.Device;
import styletransfer.caffe.Devices;
import styletransfer.caffe.NativeRuntime;
import styletransfer.image.Image;
import styletransfer.image.ImageReader;
import styletransfer.model.ModelSpec;
import styletransfer.transfer.LayerPlan;
import styletransfer.transfer.MemoryEstimate;
import styletransfer.transfer.Schedule;
import styletransfer.transfer.StyleTransfer;

/**
 * {@code style-transfer bench}: seconds per iteration and where they go, per net and size. Each case runs in a
 * fresh JVM so its peak memory is its own.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmarks the style transfer on the CPU (or with -g N on a GPU): for each net and -l, seconds per iteration (median "
                + "after warm-up), the split into forward, Gram/loss, backward, optimizer and copies, peak memory and "
                + "GFLOP/s; then growth with pixel count, the largest -l that fits in memory, and the minimal/reference "
                + "schedule ratio.", "A net uses its real weights when they are at hand (its model folder's, or "
                + "--weights NET=FILE); the others get seeded random weights: the work per pass does not depend on "
                + "them."})
final class BenchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--nets", split = ",", defaultValue = "squeezenet,googlenet,vgg16", description = "Nets. Default: ${DEFAULT-VALUE}.")
    List<String> nets;

    @Option(names = "--lengths", split = ",", defaultValue = "256,512,1024", description = "Values of -l. Default: ${DEFAULT-VALUE}.")
    List<Integer> lengths;

    @Option(names = "--compare", split = ",", defaultValue = "googlenet:512",
            description = "NET:LENGTH cases also run with --schedule reference. Default: ${DEFAULT-VALUE} (when "
                    + "googlenet and 512 are among the cases).")
    List<String> compare;

    @Spec
    CommandSpec spec;

    @Option(names = "--warmup", defaultValue = "1", description = "Warm-up iterations (the first also computes the targets). Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--iterations", defaultValue = "5", description = "Measured iterations per case, at least 5 (the median needs them). Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--weights", paramLabel = "NET=FILE", description = "The caffemodel of a net of --nets, "
            + "instead of its model folder's. Repeatable.")
    Map<String, Path> weights = new LinkedHashMap<>();

    @Option(names = "--squeezenet-weights", paramLabel = "FILE", hidden = true,
            description = "Same as --weights squeezenet=FILE (kept for scripts written before --weights).")
    Path squeezenetWeights;

    @Mixin
    ModelsDirOption modelsDir = new ModelsDirOption();

    @Option(names = "--threads", paramLabel = "N", description = "OpenBLAS threads. Default: all cores.")
    Integer threads;

    @Option(names = {"-g", "--gpu-id", "--gpu"}, paramLabel = "ID", defaultValue = "-1",
            description = "GPU id as in the other commands (--gpu is the older name), -1 for the CPU. On a GPU the split into phases is approximate (kernels run "
                    + "asynchronously); seconds per iteration are exact. Default: ${DEFAULT-VALUE}.")
    int gpu;

    @Option(names = "--layers", paramLabel = "NET:LENGTH",
            description = "Instead of the cases: time each layer of Caffe's forward pass and of its backward pass "
                    + "with data gradients only (the minimal schedule's work) for one net and -l, with totals by layer "
                    + "type.")
    String layers;

    @Option(names = "--run-case", paramLabel = "NET:LENGTH:SCHEDULE",
            description = "Run only this case, in this JVM, and print its figures as one JSON line. bench runs each "
                    + "case this way in a fresh JVM, so that its peak memory is its own.")
    String runCase;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (runCase != null) {
            return runCase(parse(runCase, "--run-case", true));
        }
        if (layers != null) {
            return runLayers(parse(layers, "--layers", false));
        }
        Device device = DeviceChoice.of(gpu); // refused here once, not in every case's JVM
        List<Case> cases = cases();
        List<CaseResult> results = new ArrayList<>();
        for (Case c : cases) {
            System.err.println("bench: " + c);
            results.add(runChild(c));
        }
        Image content = ImageReader.read(contentImage());
        PrintWriter out = spec.commandLine().getOut();
        out.println("device: " + device);
        BenchReport.print(results, content.height() / (double) content.width(), out);
        out.flush();
        return Main.OK;
    }

    /** A case as an option gives it, {@code NET:LENGTH} or with {@code withSchedule} {@code NET:LENGTH:SCHEDULE}. */
    private static Case parse(String text, String option, boolean withSchedule) {
        String form = withSchedule ? "NET:LENGTH:SCHEDULE" : "NET:LENGTH";
        try {
            if (text.split(":", -1).length == form.split(":").length) {
                return Case.parse(text);
            }
        } catch (IllegalArgumentException e) {
            // said below, in the option's words
        }
        throw new BadInputException(option + " must be " + form + " with a positive length, got " + text);
    }

    /**
     * The cases in the order they run, after checking every option here: a mistake is one error line before the
     * first case starts, not a failure in a case's own JVM minutes later.
     */
    private List<Case> cases() {
        if (iterations < 5) {
            throw new BadInputException("--iterations must be at least 5 (the median needs them), got " + iterations);
        }
        if (warmup < 1) {
            throw new BadInputException("--warmup must be at least 1 (the first iteration also computes the targets), "
                    + "got " + warmup);
        }
        if (threads != null && threads < 0) {
            throw new BadInputException("--threads must be 0 (all cores) or more, got " + threads);
        }
        for (int length : lengths) {
            if (length <= 0) {
                throw new BadInputException("--lengths must be positive numbers of pixels, got " + length);
            }
        }
        for (String net : nets) {
            model(net); // an unknown net or a missing --weights file is refused here
        }
        for (String net : weights().keySet()) {
            if (!nets.contains(net)) {
                throw new BadInputException("--weights " + net + "=...: " + net + " is not one of --nets " + nets);
            }
        }
        boolean explicit = spec.commandLine().getParseResult().hasMatchedOption("--compare");
        List<String> chosen = new ArrayList<>();
        for (String c : compare) {
            Case parsed = null;
            try {
                parsed = c.split(":", -1).length == 2 ? Case.parse(c) : null;
            } catch (IllegalArgumentException e) {
                // not a case: refused below when given explicitly
            }
            boolean known = parsed != null && nets.contains(parsed.net()) && lengths.contains(parsed.length());
            if (known) {
                chosen.add(parsed.netAndLength());
            } else if (explicit) {
                throw new BadInputException("--compare " + c + ": give NET:LENGTH with a net of --nets " + nets
                        + " and a length of --lengths " + lengths);
            }
        }
        List<Case> cases = new ArrayList<>();
        for (String net : nets) {
            for (int length : lengths) {
                Case c = new Case(net, length, Schedule.MINIMAL);
                cases.add(c);
                if (chosen.contains(c.netAndLength())) {
                    cases.add(c.with(Schedule.REFERENCE));
                }
            }
        }
        return cases;
    }

    private CaseResult runChild(Case c) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-D") || arg.startsWith("-Xmx")) {
                cmd.add(arg);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("bench");
        cmd.add("--run-case=" + c);
        cmd.add("--warmup=" + warmup);
        cmd.add("--iterations=" + iterations);
        weights().forEach((net, file) -> cmd.add("--weights=" + net + "=" + file));
        if (modelsDir.dir != null) {
            cmd.add("--models-dir=" + modelsDir.dir);
        }
        if (threads != null) {
            cmd.add("--threads=" + threads);
        }
        cmd.add("--gpu=" + gpu);
        // The case's stderr is passed on, except its error line, which becomes part of this command's one line.
        Process p = new ProcessBuilder(cmd).start();
        String[] error = {null};
        Thread errors = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("error: ")) {
                        error[0] = line.substring("error: ".length());
                    } else {
                        System.err.println(line);
                    }
                }
            } catch (IOException e) {
                error[0] = "its error output could not be read (" + e.getMessage() + ")";
            }
        });
        errors.start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                last = line;
            }
        }
        int code = p.waitFor();
        errors.join();
        if (code != 0 || last == null) {
            throw new RunFailedException("bench case " + c + " failed (exit code " + code + ")"
                    + (error[0] != null ? ": " + error[0] : ""));
        }
        return JSON.readValue(last, CaseResult.class);
    }

    private int runLayers(Case c) {
        Device device = caseDevice();
        ModelSpec model = model(c.net());
        Image content = ImageReader.read(contentImage());
        try (CaffeNet net = BenchCase.open(model, randomWeights(model), device)) {
            StyleTransfer.Sizes sizes = StyleTransfer.sizes(net.shape(CaffeNet.INPUT), content.height(),
                    content.width(), content.height(), content.width(), c.length());
            MemoryEstimate.require(net, sizes);
            net.reshapeInput(sizes.contentHeight(), sizes.contentWidth());
            net.disableWeightGradients();
            int last = LayerPlan.of(net, model.content(), model.style()).forwardEnd(Schedule.MINIMAL);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%s -l %d (%dx%d), %s, seconds per pass, mean of 5 after a warm-up:%n%n",
                    model.name(), c.length(), sizes.contentHeight(), sizes.contentWidth(), device);
            LayerTimes.print(LayerTimes.measure(net, last, 5), 12, out);
            out.flush();
        }
        return Main.OK;
    }

    private int runCase(Case c) throws IOException {
        Device device = caseDevice();
        ModelSpec model = model(c.net());
        Image style = ImageReader.read(Install.home().resolve("images/style/hubble_deep_field.jpg"));
        Image content = ImageReader.read(contentImage());
        CaseResult r = BenchCase.run(c, model, randomWeights(model), style, content, warmup, iterations, device);
        spec.commandLine().getOut().println(JSON.writeValueAsString(r));
        spec.commandLine().getOut().flush();
        return Main.OK;
    }

    /** This process's OpenBLAS threads and device, for a case run in it. */
    private Device caseDevice() {
        if (threads != null) {
            NativeRuntime.setThreads(threads);
        }
        return Devices.forId(gpu);
    }

    /** The net's model, with the weights of --weights NET=FILE when given (which must exist). */
    private ModelSpec model(String net) {
        ModelSpec model = ModelCommands.resolve(modelsDir.resolve(), net, null);
        Path file = weights().get(net);
        if (file == null) {
            return model;
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException((net.equals("squeezenet") && squeezenetWeights != null
                    ? "--squeezenet-weights " : "--weights " + net + "=") + file + ": no such file");
        }
        return model.withWeights(file);
    }

    /** --weights, with the older --squeezenet-weights folded in. */
    private Map<String, Path> weights() {
        Map<String, Path> all = new LinkedHashMap<>(weights);
        if (squeezenetWeights != null) {
            all.putIfAbsent("squeezenet", squeezenetWeights);
        }
        return all;
    }

    /** A net without its weights at hand is timed with seeded random ones: the work per pass is the same. */
    private static boolean randomWeights(ModelSpec model) {
        return !Files.isRegularFile(model.weights());
    }

    private static Path contentImage() {
        // 640x427: the aspect ratio of the reference's sample photos.
        return Install.home().resolve("images/content/rocket.jpg");
    }
}
