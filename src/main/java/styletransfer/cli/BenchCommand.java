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
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import styletransfer.BadInputException;
import styletransfer.RunFailedException;
import styletransfer.bench.BenchCase;
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
                + "schedule ratio.", "googlenet and vgg16 use seeded random weights (their real weights are not needed "
                + "to time them); squeezenet uses its real weights."})
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

    @Option(names = "--squeezenet-weights", paramLabel = "FILE",
            description = "SqueezeNet v1.1 caffemodel. Default: the model folder's, else ../shared/models/squeezenet_v1.1/.")
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

    @Option(names = "--case", hidden = true, description = "Internal: run one case NET:LENGTH:SCHEDULE and print JSON.")
    String oneCase;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (oneCase != null) {
            return runCase(oneCase);
        }
        if (layers != null) {
            return runLayers(layers);
        }
        Device device = Devices.forId(gpu); // refused here once, not in every case's JVM
        List<String> cases = cases();
        List<CaseResult> results = new ArrayList<>();
        for (String c : cases) {
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

    /**
     * The cases in the order they run, after checking every option here: a mistake is one error line before the
     * first case starts, not a failure in a case's own JVM minutes later.
     */
    private List<String> cases() {
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
            model(net); // an unknown net or missing SqueezeNet weights is refused here
        }
        boolean explicit = spec.commandLine().getParseResult().hasMatchedOption("--compare");
        List<String> chosen = new ArrayList<>();
        for (String c : compare) {
            String[] parts = c.split(":", -1);
            boolean known = parts.length == 2 && nets.contains(parts[0])
                    && lengths.stream().anyMatch(l -> String.valueOf(l).equals(parts[1]));
            if (known) {
                chosen.add(c);
            } else if (explicit) {
                throw new BadInputException("--compare " + c + ": give NET:LENGTH with a net of --nets " + nets
                        + " and a length of --lengths " + lengths);
            }
        }
        List<String> cases = new ArrayList<>();
        for (String net : nets) {
            for (int length : lengths) {
                cases.add(net + ":" + length + ":minimal");
                if (chosen.contains(net + ":" + length)) {
                    cases.add(net + ":" + length + ":reference");
                }
            }
        }
        return cases;
    }

    private CaseResult runChild(String c) throws IOException, InterruptedException {
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
        cmd.add("--case=" + c);
        cmd.add("--warmup=" + warmup);
        cmd.add("--iterations=" + iterations);
        if (squeezenetWeights != null) {
            cmd.add("--squeezenet-weights=" + squeezenetWeights);
        }
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

    private int runLayers(String c) {
        String[] parts = c.split(":", -1);
        int length;
        try {
            length = parts.length == 2 ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length <= 0) {
            throw new BadInputException("--layers must be NET:LENGTH with a positive length, got " + c);
        }
        Device device = caseDevice();
        ModelSpec model = model(parts[0]);
        Image content = ImageReader.read(contentImage());
        try (CaffeNet net = BenchCase.open(model, randomWeights(parts[0]), device)) {
            StyleTransfer.Sizes sizes = StyleTransfer.sizes(net.shape(CaffeNet.INPUT), content.height(),
                    content.width(), content.height(), content.width(), length);
            MemoryEstimate.require(net, sizes);
            net.reshapeInput(sizes.contentHeight(), sizes.contentWidth());
            net.disableWeightGradients();
            int last = LayerPlan.of(net, model.content(), model.style()).forwardEnd(Schedule.MINIMAL);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%s -l %d (%dx%d), %s, seconds per pass, mean of 5 after a warm-up:%n%n",
                    model.name(), length, sizes.contentHeight(), sizes.contentWidth(), device);
            LayerTimes.print(LayerTimes.measure(net, last, 5), 12, out);
            out.flush();
        }
        return Main.OK;
    }

    private int runCase(String c) throws IOException {
        String[] parts = c.split(":");
        if (parts.length != 3) {
            throw new BadInputException("--case must be NET:LENGTH:SCHEDULE, got " + c);
        }
        Device device = caseDevice();
        String net = parts[0];
        int length;
        Schedule schedule;
        try {
            length = Integer.parseInt(parts[1]);
            schedule = Schedule.valueOf(parts[2].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--case must be NET:LENGTH:SCHEDULE, got " + c);
        }
        ModelSpec model = model(net);
        Image style = ImageReader.read(Install.home().resolve("images/style/hubble_deep_field.jpg"));
        Image content = ImageReader.read(contentImage());
        CaseResult r = BenchCase.run(model, randomWeights(net), style, content, length, schedule, warmup, iterations,
                device);
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

    /** The net's model; SqueezeNet with its real weights, the others get seeded random ones. */
    private ModelSpec model(String net) {
        ModelSpec model = ModelCommands.resolve(modelsDir.resolve(), net, null);
        return randomWeights(net) ? model : model.withWeights(squeezenetWeights(model));
    }

    private static boolean randomWeights(String net) {
        return !net.equals("squeezenet");
    }

    private static Path contentImage() {
        // 640x427: the aspect ratio of the reference's sample photos.
        return Install.home().resolve("images/content/rocket.jpg");
    }

    private Path squeezenetWeights(ModelSpec model) {
        if (squeezenetWeights != null) {
            if (!Files.isRegularFile(squeezenetWeights)) {
                throw new BadInputException("--squeezenet-weights " + squeezenetWeights + ": no such file");
            }
            return squeezenetWeights;
        }
        if (Files.isRegularFile(model.weights())) {
            return model.weights();
        }
        Path shared = Install.home().resolve("../shared/models/squeezenet_v1.1/squeezenet_v1.1.caffemodel").normalize();
        if (Files.isRegularFile(shared)) {
            return shared;
        }
        throw new BadInputException("SqueezeNet weights not found: run 'style-transfer fetch-models squeezenet' "
                + "or give --squeezenet-weights FILE");
    }
}
