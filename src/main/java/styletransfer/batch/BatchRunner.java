package styletransfer.batch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import styletransfer.BadInputException;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.Device;
import styletransfer.image.Image;
import styletransfer.image.ImageReader;
import styletransfer.image.ImageWriter;
import styletransfer.model.ModelSpec;
import styletransfer.transfer.Checkpoint;
import styletransfer.transfer.CheckpointException;
import styletransfer.transfer.Hooks;
import styletransfer.transfer.InitMode;
import styletransfer.transfer.LossParts;
import styletransfer.transfer.Progress;
import styletransfer.transfer.Request;
import styletransfer.transfer.Schedule;
import styletransfer.transfer.Settings;
import styletransfer.transfer.StopRequest;
import styletransfer.transfer.StyleTransfer;

/**
 * Runs many jobs on a few workers, one thread per worker. Each worker opens its own {@link CaffeNet} on its own
 * thread (Caffe's mode and device are thread-local) and keeps it for every following job of the same model and
 * weights: a worker asks the queue for a job of its open model first, so a model is loaded once per worker
 * unless the jobs' models interleave across workers.
 *
 * <p>A job whose output exists is skipped (unless overwriting): outputs appear atomically, so an existing file
 * is a finished job, and running the same batch again after a kill does only what is left. A failed job is
 * reported and the others go on.
 *
 * <p>A stop request (SIGTERM from a scheduler's pre-emption) ends each running job after its current iteration
 * without writing its output, and the jobs not started are not started: all of them are reported
 * {@link JobResult.Status#STOPPED}. With checkpoints ({@link Options#checkpointEvery()}), a job saves its iterate
 * every N iterations and a later run of the same batch goes on from there.
 */
public final class BatchRunner {
    /**
     * @param workers  one worker per entry, on that device (the CPU may appear several times)
     * @param overwrite run jobs whose output exists instead of skipping them
     * @param checkpointEvery save each job's iterate to {@code checkpoints} every N iterations (0: never); a job
     *                        with a checkpoint goes on from it
     */
    public record Options(List<Device> workers, boolean overwrite, Schedule schedule, int checkpointEvery,
                          JobCheckpoints checkpoints) {
        public Options {
            workers = List.copyOf(workers);
            if (workers.isEmpty()) {
                throw new BadInputException("a batch needs at least one worker");
            }
            Objects.requireNonNull(schedule, "schedule");
            if (checkpointEvery < 0 || (checkpointEvery > 0 && checkpoints == null)) {
                throw new BadInputException("checkpoints every " + checkpointEvery + " iterations need a place");
            }
        }

        /** Without checkpoints. */
        public Options(List<Device> workers, boolean overwrite, Schedule schedule) {
            this(workers, overwrite, schedule, 0, null);
        }
    }

    /** Counts of the jobs by how they ended. */
    public record Summary(int ok, int failed, int skipped, int stopped) {
        public Summary(int ok, int failed, int skipped) {
            this(ok, failed, skipped, 0);
        }
    }

    private final Options options;
    private final Function<JobOptions, ModelSpec> models;
    private final BatchLog log;
    private final Consumer<JobResult> results;

    /**
     * @param models  finds the model of a job's options (called once per distinct model and weights, before
     *                any job runs, so an unknown model is bad input of the whole batch)
     * @param results receives each finished, failed or skipped job, one call at a time
     */
    public BatchRunner(Options options, Function<JobOptions, ModelSpec> models, BatchLog log,
                       Consumer<JobResult> results) {
        this.options = options;
        this.models = models;
        this.log = log;
        this.results = results;
    }

    public Summary run(List<Job> jobs) {
        return run(jobs, new StopRequest());
    }

    /** Runs the jobs until done or until {@code stop} is raised (see the class comment). */
    public Summary run(List<Job> jobs, StopRequest stop) {
        Map<ModelKey, ModelSpec> specs = new LinkedHashMap<>();
        Map<Job, ModelKey> keys = new HashMap<>();
        for (Job job : jobs) {
            ModelKey key = new ModelKey(job.options().model(), job.options().weights());
            if (!specs.containsKey(key)) {
                try {
                    specs.put(key, models.apply(job.options()));
                } catch (BadInputException e) {
                    throw new BadInputException("job " + job.number() + ": " + e.getMessage(), e);
                }
            }
            keys.put(job, key);
        }
        Counter counter = new Counter();
        List<Job> todo = new ArrayList<>();
        for (Job job : jobs) {
            if (!options.overwrite() && Files.exists(job.output())) {
                report(counter, JobResult.skipped(job));
            } else {
                todo.add(job);
            }
        }
        log.info(null, null, String.format(Locale.ROOT, "%d jobs: %d to run, %d already done (outputs exist), "
                + "%d worker(s)", jobs.size(), todo.size(), jobs.size() - todo.size(), options.workers().size()));
        JobQueue queue = new JobQueue(todo, j -> specs.get(keys.get(j)));
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < options.workers().size(); i++) {
            Device device = options.workers().get(i);
            String name = "worker " + (i + 1) + " (" + device + ")";
            Thread t = new Thread(() -> work(name, device, queue, counter, stop), name);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new styletransfer.RunFailedException("interrupted while waiting for the workers", e);
            }
        }
        // A worker that died left its jobs in the queue: they did not run, so they failed.
        for (JobQueue.Entry left = queue.take(null); left != null; left = queue.take(null)) {
            report(counter, JobResult.failed(left.job(), 0, "not run: every worker stopped before this job"));
        }
        return counter.summary();
    }

    /**
     * Reports jobs that cannot run at all (the natives did not load): each is failed with {@code error}, except
     * those already done (output exists, not overwriting), which are skipped as in a run.
     */
    public static Summary notRun(List<Job> jobs, boolean overwrite, String error, Consumer<JobResult> results) {
        Counter counter = new Counter();
        for (Job job : jobs) {
            JobResult r = !overwrite && Files.exists(job.output()) ? JobResult.skipped(job)
                    : JobResult.failed(job, 0, error);
            counter.add(r.status());
            results.accept(r);
        }
        return counter.summary();
    }

    /** A worker: take jobs until none is left, keeping the open net while the model stays the same. */
    private void work(String name, Device device, JobQueue queue, Counter counter, StopRequest stop) {
        CaffeNet net = null;
        ModelSpec open = null;
        String openError = null;
        try {
            for (JobQueue.Entry entry = queue.take(open); entry != null; entry = queue.take(open)) {
                Job job = entry.job();
                long t0 = System.nanoTime();
                if (stop.raised()) { // the batch is stopping: every job left is reported, none started
                    report(counter, JobResult.stopped(job, null, 0));
                    continue;
                }
                try {
                    if (!entry.model().equals(open)) {
                        if (net != null) {
                            net.close();
                            net = null;
                        }
                        open = entry.model();
                        openError = null;
                        try {
                            net = CaffeNet.open(open.prototxt(), open.weights(), device);
                            log.info(job.number(), name, String.format(Locale.ROOT, "loaded model %s in %.1fs",
                                    job.options().model(), (System.nanoTime() - t0) / 1e9));
                            t0 = System.nanoTime(); // a job's seconds are its own work, not the shared load
                        } catch (RuntimeException | LinkageError e) {
                            openError = "cannot load model " + job.options().model() + ": " + Advice.message(e);
                        }
                    }
                    if (openError != null) { // the same model would fail the same way: no reload per job
                        fail(counter, name, job, t0, openError);
                        continue;
                    }
                    report(counter, runOne(name, net, open, job, t0, stop));
                } catch (Throwable e) {
                    // One job's failure, whatever it is (an Error too: a native library that does not load is a
                    // LinkageError), must not stop the batch: report it and take the next.
                    fail(counter, name, job, t0, Advice.message(e));
                }
            }
        } finally {
            if (net != null) {
                net.close();
            }
        }
    }

    private JobResult runOne(String name, CaffeNet net, ModelSpec spec, Job job, long t0, StopRequest stop) {
        JobOptions o = job.options();
        log.info(job.number(), name, "painting " + job.content() + " in the style of " + job.style());
        Image style = ImageReader.read(job.style());
        Image content = ImageReader.read(job.content());
        Settings settings = o.settings(options.schedule());
        if (settings.init() instanceof InitMode.FromImage from) {
            settings = settings.withInit(from.withImage(ImageReader.read(from.path())));
        }
        // The run writes no output: an existing output means a finished job, so a stopped job must leave none.
        Request request = new Request(spec, style, content, settings, null).resumingFrom(savedState(name, job));
        Hooks hooks = Hooks.none().withStop(stop).withProgress(new Progress() {
            @Override
            public void started(Start start) {
                if (start.resumedFrom() != null) {
                    log.info(job.number(), name, String.format(Locale.ROOT, "resuming from its checkpoint at"
                            + " iteration %d (loss %.6g)", start.resumedFrom().iterations(), start.resumedFrom().loss()));
                }
            }

            @Override
            public void iteration(int k, double loss, double projectedGradientNorm, LossParts parts) {}
        });
        if (options.checkpointEvery() > 0) {
            hooks = hooks.withCheckpoints(options.checkpointEvery(), (state, picture) -> {
                if (state.iterations() < o.iterations()) { // the last iteration's state goes straight into the output
                    options.checkpoints().save(job, state);
                }
            });
        }
        // As for a single run, the run checks the memory first: a job too large for the memory left (other
        // workers hold theirs) fails alone, with the numbers, instead of the OOM killer ending the whole batch.
        StyleTransfer.Outcome outcome;
        try {
            outcome = StyleTransfer.run(net, request, hooks);
        } catch (CheckpointException e) { // the run's resume check: another working size, or no iterations left
            if (request.resumeFrom() == null) {
                throw e;
            }
            log.log(BatchLog.Level.WARN, job.number(), name, "starting from the beginning: " + e.getMessage());
            request = request.resumingFrom(null);
            outcome = StyleTransfer.run(net, request, hooks);
        }
        if (outcome.ending() == StyleTransfer.Ending.STOPPED && outcome.iterations() < o.iterations()) {
            // Not written: an existing output means a finished job. A rerun goes on from the last checkpoint.
            double seconds = (System.nanoTime() - t0) / 1e9;
            log.info(job.number(), name, String.format(Locale.ROOT, "stopped by %s after %d iterations (%s)",
                    stop.reason(), outcome.iterations(), options.checkpointEvery() == 0 && request.resumeFrom() == null
                            ? "no checkpoints: a rerun starts it again"
                            : "a rerun goes on from its last checkpoint"));
            return JobResult.stopped(job, outcome, seconds);
        }
        ImageWriter.write(outcome.image(), job.output());
        if (options.checkpoints() != null && (request.resumeFrom() != null || options.checkpointEvery() > 0)) {
            options.checkpoints().delete(job);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.info(job.number(), name, String.format(Locale.ROOT, "ran %d iterations in %.1fs, saved %s",
                outcome.iterations(), seconds, job.output()));
        return JobResult.ok(job.number(), job.content(), job.style(), job.output(), o.model(), outcome, seconds);
    }

    /**
     * The job's checkpoint, if it has one made with its settings; one it cannot use is named in the log and
     * ignored (the run itself checks that it fits the job).
     */
    private Checkpoint.Saved savedState(String name, Job job) {
        if (options.checkpoints() == null) {
            return null;
        }
        try {
            return options.checkpoints().load(job);
        } catch (BadInputException e) {
            log.log(BatchLog.Level.WARN, job.number(), name, "starting from the beginning: " + Advice.message(e));
            return null;
        }
    }

    private void fail(Counter counter, String name, Job job, long t0, String error) {
        log.error(job.number(), name, error);
        report(counter, JobResult.failed(job, (System.nanoTime() - t0) / 1e9, error));
    }

    private void report(Counter counter, JobResult result) {
        synchronized (counter) {
            counter.add(result.status());
            results.accept(result);
        }
    }

    /** What decides whether a worker's open net can be reused: the model as named and the weights override. */
    private record ModelKey(String model, Path weights) {}

    /** Jobs by status, updated under its own lock. */
    private static final class Counter {
        private int ok;
        private int failed;
        private int skipped;
        private int stopped;

        void add(JobResult.Status status) {
            switch (status) {
                case OK -> ok++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
                case STOPPED -> stopped++;
            }
        }

        synchronized Summary summary() {
            return new Summary(ok, failed, skipped, stopped);
        }
    }
}
