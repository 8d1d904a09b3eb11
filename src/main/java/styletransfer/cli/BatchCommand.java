package styletransfer.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import styletransfer.BadInputException;
import styletransfer.InvalidSettingException;
import styletransfer.Setting;
import styletransfer.batch.BatchLog;
import styletransfer.batch.BatchRunner;
import styletransfer.batch.Job;
import styletransfer.batch.JobOptions;
import styletransfer.batch.JobResult;
import styletransfer.batch.Manifest;
import styletransfer.batch.Shard;
import styletransfer.batch.WorkEstimate;
import styletransfer.caffe.Device;
import styletransfer.caffe.Devices;
import styletransfer.caffe.MissingNativeLibraryException;
import styletransfer.caffe.NativeRuntime;
import styletransfer.image.OutputNames;
import styletransfer.model.ModelSpec;
import styletransfer.transfer.Schedule;
import styletransfer.transfer.StopRequest;

/** {@code style-transfer batch}: many jobs, each model loaded once per worker, one JSON line per job on stdout. */
@Command(name = "batch", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs many style transfers: the jobs of a manifest (JSON lines, or CSV with a header row; fields "
                + "content, style, output and any of model, weights, ratio, num-iters, length, init, seed), or every "
                + "--contents image with every --styles image.",
                "Prints one JSON line per job on stdout: job, content, style, output, model, iterations, evaluations, "
                + "seconds, final_loss, status (ok, failed, skipped, stopped), optimizer, error, shard. Jobs whose "
                + "output exists are skipped, so running a killed batch again finishes it.",
                "On a cluster, --shard K/N runs part K of N of the jobs (e.g. a Slurm job array); see docs/cluster.md.",
                ""},
        footer = {"", "SIGTERM or Ctrl-C stops the running jobs after their current iteration without writing their "
                + "outputs and starts no more; each is reported 'stopped' and a rerun finishes them (from their "
                + "checkpoints with --checkpoint-every).",
                "Exit codes: 0 every job done or skipped, 1 some job failed, 2 bad usage, manifest or model, "
                + "130/143 stopped by Ctrl-C/SIGTERM."})
final class BatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "MANIFEST", description = "Jobs file: .csv, else JSON lines.")
    Path manifest;

    @Option(names = "--contents", paramLabel = "GLOB", description = "Content images, e.g. 'photos/*.jpg' (quoted: expanded here). Repeatable.")
    List<String> contents;

    @Option(names = "--styles", paramLabel = "GLOB", description = "Style images, e.g. 'art/*.jpg'. Repeatable.")
    List<String> styles;

    @Option(names = "--output-pattern", paramLabel = "PATTERN", defaultValue = OutputNames.DEFAULT_PATTERN,
            description = "Output of a job without one: {content} {style} {model} {init} {ratio} {num_iters} {length}. "
                    + "Default: ${DEFAULT-VALUE}.")
    String outputPattern;

    @Option(names = {"-m", "--model"}, paramLabel = "NAME|DIR", defaultValue = "googlenet",
            description = "Model of jobs that name none. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--weights", paramLabel = "FILE", description = "Weights of jobs that name none, instead of the model's own.")
    Path weights;

    @Option(names = {"-r", "--ratio"}, paramLabel = "RATIO", defaultValue = "1e4", description = "Default: ${DEFAULT-VALUE}.")
    String ratio;

    @Option(names = {"-n", "--num-iters"}, paramLabel = "N", defaultValue = "512", description = "Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = {"-l", "--length"}, paramLabel = "PIXELS", defaultValue = "512", description = "Default: ${DEFAULT-VALUE}.")
    double length;

    @Option(names = {"-i", "--init"}, paramLabel = "INIT", defaultValue = "content", description = "Default: ${DEFAULT-VALUE}.")
    String init;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the pink-noise start.")
    Long seed;

    @Option(names = {"-g", "--gpu-id"}, paramLabel = "ID", split = ",",
            description = "Devices, one worker each: GPU numbers, or -1 for the CPU. Default: GPU 0 on the GPU build "
                    + "with a CUDA device, else the CPU.")
    List<Integer> gpus;

    @Option(names = "--workers", paramLabel = "N",
            description = "Workers on the CPU, each with its own net (memory grows with N). Default: 1.")
    Integer workers;

    @Option(names = "--overwrite", description = "Run jobs whose output exists instead of skipping them.")
    boolean overwrite;

    @Option(names = "--shard", paramLabel = "K/N",
            description = "Run only part K (from 0) of N of the jobs: the parts are computed from the jobs alone, "
                    + "disjoint, and balanced by estimated work (pixels x iterations). Slurm: "
                    + "--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT. Default: all jobs (0/1).")
    String shard;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0",
            description = "Every N iterations, save each job's state to <output>.checkpoint/ (deleted when the job's "
                    + "output is written); a job that has one goes on from it. 0: never. Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = {"-q", "--quiet"}, description = "Log errors only; no progress bar.")
    boolean quiet;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Log lines on stderr: text, or json (time, level, job, worker, message). Default: ${DEFAULT-VALUE}.")
    BatchLog.Format logFormat;

    @Mixin
    ModelsDirOption modelsDir = new ModelsDirOption();

    @Option(names = "--threads", paramLabel = "N", description = "OpenBLAS threads, shared by all workers. Default: cores / workers with several CPU workers, "
                    + "else native-config or all cores.")
    Integer threads;

    @Option(names = "--schedule", paramLabel = "KIND", defaultValue = "minimal", description = "minimal or reference. Default: ${DEFAULT-VALUE}.")
    Schedule schedule;

    @Mixin
    DebugOption debug = new DebugOption();

    @Override
    public Integer call() {
        Shard part = shard == null ? Shard.WHOLE : Shard.parse(shard);
        if (checkpointEvery < 0) {
            throw new InvalidSettingException(Setting.CHECKPOINT_EVERY,
                    "must be 0 (never) or a number of iterations, got " + checkpointEvery);
        }
        // A mistake here is in the command line: Main names the setting by its flag.
        JobOptions defaults = new JobOptions(model, weights, ratio, iterations, length, init, seed);
        List<Job> jobs;
        if (manifest != null) {
            if (contents != null || styles != null) {
                throw new BadInputException("give either a MANIFEST or --contents/--styles, not both");
            }
            jobs = Manifest.read(manifest, defaults, outputPattern);
        } else {
            if (contents == null || styles == null) {
                throw new BadInputException("give a MANIFEST, or both --contents and --styles (see --help)");
            }
            jobs = Manifest.product(contents, styles, defaults, outputPattern);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BatchLog log = new BatchLog(err, logFormat, quiet, Clock.systemUTC());
        if (part.count() > 1) {
            // After the whole manifest was checked (outputs distinct across all parts): this task's part.
            int all = jobs.size();
            Path models = modelsDir.resolve();
            jobs = part.select(jobs, new WorkEstimate(o -> ModelCommands.resolve(models, o.model(), o.weights()))::of);
            log.info(null, null, "shard " + part + ": " + jobs.size() + " of " + all + " jobs");
        }
        List<Device> devices;
        try {
            Devices.requireNatives();
            devices = devices();
        } catch (MissingNativeLibraryException e) {
            // Nothing can run in this JVM: one error line, and every job reported as not run.
            String error = Main.oneLine(NativeAdvice.missingLibrary(e));
            log.error(null, null, error);
            BatchRunner.Summary summary = BatchRunner.notRun(jobs, overwrite, error, result -> {
                out.println(result.toJsonLine(part));
                out.flush();
            });
            log.info(null, null, summary.ok() + " done, " + summary.failed() + " failed, " + summary.skipped()
                    + " skipped");
            return Main.FAILED;
        }
        if (threads != null) {
            NativeRuntime.setThreads(threads);
        } else if (devices.size() > 1 && devices.stream().allMatch(Device::isCpu)) {
            // OpenBLAS's pool is shared: N workers each asking for every core would oversubscribe the CPU.
            int cores = Runtime.getRuntime().availableProcessors();
            NativeRuntime.setThreads(Math.max(1, cores / devices.size()));
            log.info(null, null, "OpenBLAS threads: " + NativeRuntime.threads() + " (" + cores + " cores / "
                    + devices.size() + " workers; --threads to change)");
        }
        boolean bar = !quiet && logFormat == BatchLog.Format.TEXT && Terminal.stderrIsTerminal();
        BatchRunner.Summary summary;
        StopRequest stop = new StopRequest();
        try (StopSignals signals = new StopSignals(stop, m -> {
                 if (m.startsWith("error: ")) {
                     log.error(null, null, m.substring("error: ".length()));
                 } else {
                     log.log(BatchLog.Level.WARN, null, null, m);
                 }
             });
             ProgressBar progress = bar ? new ProgressBarBuilder().setTaskName("Jobs").setInitialMax(jobs.size())
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err)).build() : null) {
            BatchRunner runner = new BatchRunner(new BatchRunner.Options(devices, overwrite, schedule,
                    checkpointEvery, new BatchCheckpoints()),
                    o -> resolve(o, err), log, result -> {
                        out.println(result.toJsonLine(part));
                        out.flush(); // a line per job as it ends, for tail -f and a resumed batch
                        if (progress != null) {
                            progress.step();
                        }
                    });
            summary = runner.run(jobs, stop);
        }
        log.info(null, null, summary.ok() + " done, " + summary.failed() + " failed, " + summary.skipped() + " skipped"
                + (stop.raised() ? ", " + summary.stopped() + " stopped by " + stop.reason() + " (run again to finish them)"
                : ""));
        if (stop.raised()) {
            return StopSignals.exitCode(stop.reason());
        }
        return summary.failed() > 0 ? Main.FAILED : Main.OK;
    }

    private ModelSpec resolve(JobOptions o, PrintWriter log) {
        ModelSpec s = ModelCommands.resolve(modelsDir.resolve(), o.model(), o.weights());
        ModelCommands.ensureWeights(s, log);
        return s;
    }

    /** -g 0,1: one worker per GPU; on the CPU, --workers of them. */
    private List<Device> devices() {
        List<Device> devices = new ArrayList<>();
        if (gpus == null) {
            devices.add(Devices.defaultDevice());
        } else {
            for (int id : gpus) {
                Device device = DeviceChoice.of(id);
                if (!device.isCpu() && devices.contains(device)) {
                    throw new BadInputException("-g lists GPU " + id + " twice; one worker per GPU");
                }
                devices.add(device);
            }
        }
        if (workers != null) {
            if (workers < 1) {
                throw new BadInputException("--workers must be at least 1, got " + workers);
            }
            if (devices.size() != 1 || !devices.get(0).isCpu()) {
                throw new BadInputException("--workers is for the CPU; on GPUs list the devices with -g 0,1,...");
            }
            return java.util.Collections.nCopies(workers, Device.CPU);
        }
        return devices;
    }
}
