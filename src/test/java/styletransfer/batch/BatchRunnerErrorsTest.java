package styletransfer.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.SharedData;
import styletransfer.caffe.Device;
import styletransfer.transfer.Schedule;

/** Jobs that end in an Error, or cannot run at all, are counted as failed: a batch never exits 0 over them. */
class BatchRunnerErrorsTest {
    @TempDir
    Path out;

    private final List<JobResult> results = Collections.synchronizedList(new ArrayList<>());

    @Test
    void aJobEndingInAnErrorFailsAloneAndTheWorkerGoesOn() {
        // The log line that starts job 1 throws what a native library that does not load throws.
        StringWriter text = new StringWriter() {
            @Override
            public void write(String s, int off, int len) {
                if (s.contains("job 1: painting")) {
                    throw new UnsatisfiedLinkError("libcudnn.so.8: cannot open shared object file");
                }
                super.write(s, off, len);
            }
        };
        BatchLog log = new BatchLog(new PrintWriter(text, true), BatchLog.Format.TEXT, false, Clock.systemUTC());
        BatchRunner runner = new BatchRunner(new BatchRunner.Options(List.of(Device.CPU), false, Schedule.MINIMAL),
                BatchRunnerTest::squeezenet, log, results::add);

        List<Job> jobs = jobs(2);
        // Job 2 fails fast on its own (no such content image): what matters is that the worker got to it.
        Job second = jobs.get(1);
        jobs.set(1, new Job(2, out.resolve("missing.jpg"), second.style(), second.output(), second.options()));

        BatchRunner.Summary s = runner.run(jobs);

        assertEquals(new BatchRunner.Summary(0, 2, 0), s);
        assertEquals(List.of(1, 2), results.stream().map(JobResult::job).toList());
        assertTrue(results.get(0).error().contains("libcudnn.so.8"), results.get(0).error());
        assertTrue(results.get(1).error().contains("missing.jpg"), results.get(1).error());
    }

    @Test
    void jobsThatCannotRunAreFailedExceptThoseAlreadyDone() throws IOException {
        List<Job> jobs = jobs(3);
        Files.writeString(jobs.get(1).output(), "done before");

        BatchRunner.Summary s = BatchRunner.notRun(jobs, false, "libcudart.so.11.0 was not found", results::add);

        assertEquals(new BatchRunner.Summary(0, 2, 1), s);
        assertEquals(List.of(JobResult.Status.FAILED, JobResult.Status.SKIPPED, JobResult.Status.FAILED),
                results.stream().map(JobResult::status).toList());
        assertEquals("libcudart.so.11.0 was not found", results.get(0).error());
        assertEquals(new BatchRunner.Summary(0, 3, 0),
                BatchRunner.notRun(jobs, true, "x", r -> { }), "with --overwrite nothing counts as done");
    }

    /** SqueezeNet jobs at -l 64 -n 1: the rocket in the style of the deep-field photo, n times. */
    private List<Job> jobs(int n) {
        Path weights = SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel");
        JobOptions o = new JobOptions("squeezenet", weights, "1e4", 1, 64, "content", 1L);
        List<Job> jobs = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            jobs.add(new Job(i, Path.of("images/content/rocket.jpg"), Path.of("images/style/hubble_deep_field.jpg"),
                    out.resolve("out" + i + ".png"), o));
        }
        return jobs;
    }
}
