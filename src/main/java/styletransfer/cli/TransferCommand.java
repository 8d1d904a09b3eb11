package styletransfer.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import styletransfer.BadInputException;
import styletransfer.InvalidSettingException;
import styletransfer.RunFailedException;
import styletransfer.Setting;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.Device;
import styletransfer.caffe.Devices;
import styletransfer.caffe.NativeRuntime;
import styletransfer.image.Image;
import styletransfer.image.ImageReader;
import styletransfer.image.ImageWriter;
import styletransfer.image.OutputNames;
import styletransfer.model.ModelSpec;
import styletransfer.optim.Status;
import styletransfer.transfer.Checkpoint;
import styletransfer.transfer.Controls;
import styletransfer.transfer.Hooks;
import styletransfer.transfer.InitMode;
import styletransfer.transfer.Request;
import styletransfer.transfer.Schedule;
import styletransfer.transfer.Settings;
import styletransfer.transfer.StopRequest;
import styletransfer.transfer.StyleTransfer;

/** The main job: paint the content image in the style of the style image, as the reference's style.py. */
@Command(name = "style-transfer", mixinStandardHelpOptions = true, versionProvider = Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Paints the content image in the style of the style image (Gatys, Ecker, Bethge), "
                + "a Java port of fzliu/style-transfer's style.py running the same Caffe nets.", ""},
        subcommands = {FetchModelsCommand.class, BenchCommand.class, BatchCommand.class, CompareCommand.class,
                DescribeCommand.class},
        footer = {"", "Differences from style.py: -m defaults to googlenet (the tutorial's net); -g defaults to the "
                + "first GPU when this is the GPU build and a CUDA device is present, else the CPU.",
                "Ctrl-C or SIGTERM stops after the current iteration and saves the image so far (exit 130 / 143); "
                + "see docs/faults.md.",
                "Exit codes: 0 done, 1 failure while running, 2 bad usage or bad input, 130/143 stopped by a signal."})
final class TransferCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--style-img"}, paramLabel = "IMAGE",
            description = "Style (art) image; several by repeating -s or separated by commas (a path that names an"
                    + " existing file is one image, commas and all), mixed with --style-blend. Required.")
    List<String> styleArgs;

    /** The style images of -s, each argument split at commas unless it names an existing file. */
    List<Path> styles;

    @Option(names = {"-c", "--content-img"}, paramLabel = "IMAGE", description = "Content image. Required.")
    Path content;

    @Option(names = {"-g", "--gpu-id"}, paramLabel = "ID",
            description = "GPU device number; -1 = CPU. Default: GPU 0 on the GPU build with a CUDA device, else CPU.")
    Integer gpu;

    @Mixin
    ModelOption model = new ModelOption();

    @Option(names = {"-i", "--init"}, paramLabel = "INIT", defaultValue = "content",
            description = "Start point: content, mixed, an integer exponent for pink noise (e.g. -1), or an image path. Default: ${DEFAULT-VALUE}.")
    String init;

    @Option(names = {"-r", "--ratio"}, paramLabel = "RATIO", defaultValue = "1e4",
            description = "Style-to-content weight ratio. Default: ${DEFAULT-VALUE}.")
    String ratio;

    @Option(names = {"-n", "--num-iters"}, paramLabel = "N", defaultValue = "512",
            description = "L-BFGS-B iteration limit. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = {"-l", "--length"}, paramLabel = "PIXELS", defaultValue = "512",
            description = "Longest side of the working image. Default: ${DEFAULT-VALUE}.")
    double length;

    @Option(names = {"-v", "--verbose"}, description = "One line per iteration instead of the progress bar.")
    boolean verbose;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Output image (.jpg/.jpeg: JPEG quality 75, .png: lossless). "
                    + "Default: outputs/{content}-{style}-{model}-{init}-{ratio}-{num_iters}.jpg")
    Path output;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the pink-noise start (reproducible runs).")
    Long seed;

    @Mixin
    ModelsDirOption modelsDir = new ModelsDirOption();

    @Option(names = "--weights", paramLabel = "FILE", description = "Use this .caffemodel instead of the model's own.")
    Path weights;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Write one JSON line per iteration: iter, loss, pgnorm (projected-gradient max-norm), seconds.")
    Path trace;

    @Option(names = "--threads", paramLabel = "N", description = "OpenBLAS threads. Default: native-config or all cores.")
    Integer threads;

    @Option(names = "--schedule", paramLabel = "KIND", defaultValue = "minimal",
            description = "Caffe work per evaluation: minimal (only what the result needs) or reference "
                    + "(exactly style.py's). Same result. Default: ${DEFAULT-VALUE}.")
    Schedule schedule;

    @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "100000000",
            description = "Refuse input images larger than N pixels, checked from the file's header before"
                    + " decoding (decoding takes about 28 bytes per pixel). Default: ${DEFAULT-VALUE}.")
    long maxPixels;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0",
            description = "Every N iterations, save the current image to the output path and the exact state to"
                    + " <output>.checkpoint/ (0: never). Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--resume", description = "Continue the run saved in <output>.checkpoint/ up to -n iterations;"
            + " all other settings must be the same. L-BFGS-B's memory restarts, so the path differs slightly from"
            + " an uninterrupted run.")
    boolean resume;

    @Option(names = "--json", description = "Print the result as one JSON line on stdout, as batch does.")
    boolean json;

    @Mixin
    DebugOption debug = new DebugOption();

    @ArgGroup(exclusive = false, heading = "%nArtist controls (all off by default: a default run is the reference's):%n")
    ArtistOptions artist = new ArtistOptions();

    /** The run's start, for --json's seconds; whether --json's line was printed (a run prints one line, once). */
    private long startNanos;
    private boolean jsonPrinted;
    /** The checked output, once known (--json names it also when the run fails). */
    private Path resolvedOutput;

    @Override
    public Integer call() {
        startNanos = System.nanoTime();
        try {
            return paint();
        } catch (RuntimeException e) {
            // --json promises one line per run: a failed run's says so, with the error line's text.
            printJson(styletransfer.batch.JobResult.Status.FAILED, null, Main.oneLine(Advice.message(e)));
            throw e;
        }
    }

    /** With --json, the run's line on stdout: ok, failed or stopped, with the error (null when ok). */
    private void printJson(styletransfer.batch.JobResult.Status status, StyleTransfer.Outcome outcome, String error) {
        if (!json || jsonPrinted) {
            return;
        }
        jsonPrinted = true;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Path style = styles == null || styles.isEmpty() ? null : styles.get(0);
        Path out = resolvedOutput != null ? resolvedOutput : output;
        styletransfer.batch.JobResult result = new styletransfer.batch.JobResult(1, content, style, out, model.name,
                outcome == null ? 0 : outcome.iterations(), outcome == null ? 0 : outcome.evaluations(), seconds,
                outcome == null ? Double.NaN : outcome.finalLoss(), status,
                outcome == null ? null : outcome.status().name().toLowerCase(Locale.ROOT), error);
        spec.commandLine().getOut().println(result.toJsonLine());
        spec.commandLine().getOut().flush();
    }

    private Integer paint() {
        Plan plan = validate();
        resolvedOutput = plan.output();
        StopRequest stop = new StopRequest();
        // From here Ctrl-C/SIGTERM stop at the next safe point: between set-up steps, or after an iteration.
        try (StopSignals signals = new StopSignals(stop)) {
            return paint(plan, stop);
        }
    }

    /** A stop requested during set-up: nothing was painted or written. */
    private Integer stoppedInSetUp(StopRequest stop, String when, PrintWriter log) {
        String stopped = "stopped by " + stop.reason() + " during set-up (" + when + "); nothing was written";
        log.println("S" + stopped.substring(1) + ".");
        log.flush();
        printJson(styletransfer.batch.JobResult.Status.STOPPED, null, stopped);
        return StopSignals.exitCode(stop.reason());
    }

    private Integer paint(Plan plan, StopRequest stop) {
        PrintWriter log = spec.commandLine().getErr();
        log.println("Starting style transfer.");
        if (plan.replacesDefault()) {
            log.println("Note: " + plan.output() + " exists and is replaced by this run (the default name of these"
                    + " settings, as style.py's; -o FILE keeps both).");
        }
        Device device = chooseDevice();
        log.println(device.isCpu() ? "Running net on CPU." : "Running net on GPU " + device.gpuId() + ".");
        if (!device.isCpu() && Devices.tf32Allowed()) {
            log.println("TF32 allowed (NVIDIA_TF32_OVERRIDE is not 0): on Ampere or newer GPUs convolutions round to"
                    + " TF32, about 1e-3 from float32; gpu.tf32=false in native-config/native.properties for exact");
        }
        log.flush();
        if (threads != null) {
            NativeRuntime.setThreads(threads);
        }
        ModelSpec modelSpec = ModelCommands.resolve(modelsDir.resolve(), model.name, weights);
        // Every image is read here, before the net is loaded: a bad file is found at once.
        List<Image> styleImages = new ArrayList<>();
        for (Path style : styles) {
            styleImages.add(ImageReader.read(style, maxPixels));
        }
        Image contentImage = ImageReader.read(content, maxPixels);
        Settings settings = plan.settings();
        if (settings.init() instanceof InitMode.FromImage from) {
            settings = settings.withInit(from.withImage(ImageReader.read(from.path(), maxPixels)));
        }
        log.println("Successfully loaded images.");
        log.flush();
        if (stop.raised()) {
            return stoppedInSetUp(stop, "after reading the images", log);
        }
        ModelCommands.ensureWeights(modelSpec, log);
        if (stop.raised()) {
            return stoppedInSetUp(stop, "before loading the model", log);
        }
        Path folder = Checkpoint.folderFor(plan.output());
        Checkpoint.RunKey key = runKey();
        Checkpoint.Saved saved = resume ? Checkpoint.load(folder, key) : null;
        if (saved != null && saved.iterations() >= settings.iterations()) {
            // The run is finished: nothing to optimise. Its output is written from the checkpoint if missing.
            if (Files.isRegularFile(plan.output())) {
                log.println("The checkpoint in " + folder + " already has " + saved.iterations() + " iterations (-n "
                        + settings.iterations() + "): the run is finished and " + plan.output() + " is there;"
                        + " nothing to do (a larger -n continues it).");
                log.flush();
                printJson(styletransfer.batch.JobResult.Status.OK, new StyleTransfer.Outcome(null,
                        saved.iterations(), 0, saved.loss(), styletransfer.optim.Status.LIMIT_REACHED,
                        "already finished", null, StyleTransfer.Ending.FINISHED), null);
                return Main.OK;
            }
            log.println("The checkpoint in " + folder + " already has " + saved.iterations() + " iterations (-n "
                    + settings.iterations() + "): the run is finished; writing its picture to " + plan.output() + ".");
            log.flush();
        }
        Request request = new Request(modelSpec, styleImages, contentImage, settings, plan.output(), saved);
        try (CaffeNet net = CaffeNet.open(modelSpec.prototxt(), modelSpec.weights(), device)) {
            log.println("Successfully loaded model " + model.name + ".");
            log.flush();
            if (stop.raised()) {
                return stoppedInSetUp(stop, "after loading the model", log);
            }
            Hooks hooks = Hooks.none().withStop(stop)
                    .withSnapshots(artist.saveEvery, (k, image) -> ImageWriter.write(image,
                            OutputNames.snapshot(plan.output(), k)))
                    .withCheckpoints(checkpointEvery, (state, picture) -> {
                        Checkpoint.save(folder, key, state.iterations(), state.loss(), state.height(), state.width(),
                                state.x());
                        ImageWriter.write(picture.get(), plan.output());
                    })
                    .withScales(scale -> {
                        log.println(String.format(Locale.ROOT, "Scale %d of %d: -l %.0f, %dx%d, %d iterations in %.1fs.",
                                scale.index(), scale.count(), scale.length(), scale.height(), scale.width(),
                                scale.iterations(), scale.seconds()));
                        log.flush();
                    });
            long t0 = System.nanoTime();
            StyleTransfer.Outcome outcome;
            try (ProgressReporter reporter = new ProgressReporter(System.err, settings.totalIterations(), verbose,
                         Terminal.stderrIsTerminal() || verbose, trace, artist.printEvery, log)) {
                outcome = StyleTransfer.run(net, request, hooks.withProgress(reporter));
            }
            if (outcome.ending() == StyleTransfer.Ending.STOPPED && outcome.image() == null) {
                return stoppedInSetUp(stop, "before the first iteration", log);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            log.printf(Locale.ROOT, "Ran %d iteration%s in %.0fs.%n", outcome.iterations(),
                    outcome.iterations() == 1 ? "" : "s", seconds);
            log.flush();
            Path out = plan.output();
            switch (outcome.ending()) {
                case STOPPED -> {
                    String stopped = "stopped by " + stop.reason() + " after " + outcome.iterations()
                            + " iterations; the image so far was saved to " + out;
                    log.println("S" + stopped.substring(1) + ".");
                    log.flush();
                    printJson(styletransfer.batch.JobResult.Status.STOPPED, outcome, stopped);
                    return StopSignals.exitCode(stop.reason());
                }
                case NON_FINITE -> {
                    RunFailedException broke = new RunFailedException("the optimization broke down ("
                            + outcome.message() + "); the last finite image, after " + outcome.iterations()
                            + " iterations, was saved to " + out + "; use a smaller -r");
                    printJson(styletransfer.batch.JobResult.Status.FAILED, outcome, Main.oneLine(broke.getMessage()));
                    throw broke;
                }
                default -> {
                    log.println("Output saved to " + out + ".");
                    if (checkpointEvery > 0 || resume) {
                        log.println("The checkpoint in " + folder + " is kept: --resume with a larger -n continues"
                                + " from it; delete the folder when the run needs no more iterations.");
                    }
                    log.flush();
                    printJson(styletransfer.batch.JobResult.Status.OK, outcome, null);
                }
            }
        }
        return Main.OK;
    }

    /** The run's settings and output, checked. */
    private record Plan(Settings settings, Path output, boolean replacesDefault) {}

    /** What a resume must repeat: the images, model, init, ratio (as typed) and length. */
    private Checkpoint.RunKey runKey() {
        List<String> paths = new ArrayList<>();
        for (Path p : styles) {
            paths.add(p.toAbsolutePath().normalize().toString());
        }
        return new Checkpoint.RunKey(String.join(",", paths), content.toAbsolutePath().normalize().toString(), model.name,
                init, ratio, length);
    }

    /**
     * Every check that needs no file or native work, so a typo fails at once. The settings check their values
     * themselves ({@link Settings}); Main names a bad one by its flag.
     */
    private Plan validate() {
        styles = styleArgs == null ? null : stylePaths(styleArgs);
        if (styles == null || styles.isEmpty() || content == null) {
            throw new BadInputException("both -s STYLE and -c CONTENT images are required (see --help)");
        }
        // An empty argument (an unset shell variable) would be read as the working folder.
        if (styles.stream().anyMatch(p -> p.toString().isEmpty())) {
            throw new BadInputException("-s: the path is empty; give the path of an image file");
        }
        if (content.toString().isEmpty()) {
            throw new BadInputException("-c: the path is empty; give the path of an image file");
        }
        if (gpu != null) {
            DeviceChoice.check(gpu);
        }
        if (!(length > 0) || !Double.isFinite(length)) {
            // Echo -l as typed ("0", not picocli's parsed 0.0).
            throw new InvalidSettingException(Setting.LENGTH, "must be a positive number of pixels, got '"
                    + typed("-l", length) + "'");
        }
        double r = Settings.parseRatio(ratio);
        Settings settings = Settings.reference().withRatio(r).withIterations(iterations).withLength(length);
        if (maxPixels <= 0) {
            throw new InvalidSettingException(Setting.MAX_PIXELS, "must be at least 1, got " + maxPixels);
        }
        if (threads != null && threads < 0) {
            throw new InvalidSettingException(Setting.THREADS, "must be 0 (all cores) or more, got " + threads);
        }
        if (checkpointEvery < 0) {
            throw new InvalidSettingException(Setting.CHECKPOINT_EVERY,
                    "must be 0 (never) or a number of iterations, got " + checkpointEvery);
        }
        settings = settings.withInit(Settings.parseInit(init)).withSeed(seed).withSchedule(schedule);
        Path out = output != null ? output
                : OutputNames.defaultOutput(content, styles.get(0), model.name, init, ratio, iterations);
        if (Files.isDirectory(out)) {
            throw new BadInputException("-o " + out + " is a folder: give a file name ending in .jpg, .jpeg or .png"
                    + " (e.g. " + out.resolve("painted.jpg") + ")");
        }
        ImageWriter.checkFormat(out);
        checkOutputFolder(out);
        Controls controls = artist.parse(styles.size(), iterations, checkpointEvery > 0 || resume);
        // style.py's default name repeats for the same settings: keep it, but say when it replaces a file.
        boolean replaces = output == null && Files.isRegularFile(out) && !resume;
        return new Plan(settings.withControls(controls), out, replaces);
    }

    /**
     * The images of the -s arguments. style.py splits at commas; a file whose name holds a comma ("a,b.png") is
     * still one image, so an argument that names an existing file is taken whole.
     */
    static List<Path> stylePaths(List<String> args) {
        List<Path> paths = new ArrayList<>();
        for (String arg : args) {
            if (!arg.contains(",") || Files.exists(Path.of(arg))) {
                paths.add(Path.of(arg));
                continue;
            }
            for (String part : arg.split(",", -1)) {
                paths.add(Path.of(part));
            }
        }
        return paths;
    }

    /** What the user typed for {@code option}, or the value itself when it was not given. */
    private String typed(String option, Object value) {
        var matched = spec.commandLine().getParseResult().matchedOption(option);
        return matched != null && !matched.originalStringValues().isEmpty()
                ? matched.originalStringValues().get(matched.originalStringValues().size() - 1) : String.valueOf(value);
    }

    /** The output's folder must exist or be creatable: found now, not after a long run. */
    private static void checkOutputFolder(Path out) {
        for (Path p = out.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) {
                if (!Files.isWritable(p)) {
                    throw new BadInputException("cannot write the output " + out + ": folder " + p
                            + " is not writable; choose another -o");
                }
                return;
            }
            if (Files.exists(p)) {
                throw new BadInputException("cannot write the output " + out + ": " + p
                        + " is a file, not a folder; choose another -o");
            }
        }
    }

    private Device chooseDevice() {
        return DeviceChoice.of(gpu);
    }
}
