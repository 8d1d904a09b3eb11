package styletransfer.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import styletransfer.model.ModelCatalog;
import styletransfer.model.ModelSpec;
import styletransfer.transfer.Schedule;

/** Real SqueezeNet runs, tiny (-l 64 -n 2): resuming after a lost output, and a failed job among good ones. */
class BatchRunnerTest {
    @TempDir
    Path out;

    private final StringWriter logText = new StringWriter();
    private final List<JobResult> results = Collections.synchronizedList(new ArrayList<>());

    @Test
    void runningAgainDoesOnlyTheJobsWithoutOutput() {
        List<Job> jobs = twoByTwo();
        BatchRunner.Summary first = runner(1, false).run(jobs);
        assertEquals(new BatchRunner.Summary(4, 0, 0), first);
        jobs.forEach(j -> assertTrue(Files.isRegularFile(j.output()), j.output() + " written"));

        results.clear();
        Path lost = jobs.get(2).output();
        assertTrue(lost.toFile().delete());
        BatchRunner.Summary second = runner(1, false).run(jobs);
        assertEquals(new BatchRunner.Summary(1, 0, 3), second);
        JobResult redone = results.stream().filter(r -> r.status() == JobResult.Status.OK).findFirst().orElseThrow();
        assertEquals(3, redone.job());
        assertEquals(2, redone.iterations());
        assertTrue(Double.isFinite(redone.finalLoss()) && redone.finalLoss() > 0);
        assertTrue(Files.isRegularFile(lost));

        results.clear();
        assertEquals(new BatchRunner.Summary(4, 0, 0), runner(1, true).run(jobs), "--overwrite runs them all");
    }

    @Test
    void aFailedJobDoesNotStopTheOthers() {
        List<Job> jobs = new ArrayList<>(twoByTwo().subList(0, 2));
        JobOptions o = jobs.get(0).options();
        jobs.add(1, new Job(3, out.resolve("missing.jpg"), jobs.get(0).style(), out.resolve("never.png"), o));
        BatchRunner.Summary s = runner(1, false).run(jobs);
        assertEquals(new BatchRunner.Summary(2, 1, 0), s);
        JobResult failed = results.stream().filter(r -> r.status() == JobResult.Status.FAILED).findFirst().orElseThrow();
        assertEquals(3, failed.job());
        assertTrue(failed.error().contains("missing.jpg"), failed.error());
        assertNull(failed.optimizer());
        assertTrue(failed.toJsonLine().contains("\"final_loss\":null"), failed.toJsonLine());
        assertTrue(logText.toString().contains("error: job 3: "), logText.toString());
        assertEquals(1, count(logText.toString(), "loaded model"), "one worker, one model: loaded once");
    }

    private BatchRunner runner(int cpuWorkers, boolean overwrite) {
        BatchLog log = new BatchLog(new PrintWriter(logText, true), BatchLog.Format.TEXT, false, Clock.systemUTC());
        return new BatchRunner(new BatchRunner.Options(Collections.nCopies(cpuWorkers, Device.CPU), overwrite,
                Schedule.MINIMAL), BatchRunnerTest::squeezenet, log, results::add);
    }

    static ModelSpec squeezenet(JobOptions o) {
        ModelSpec spec = new ModelCatalog(Path.of("models")).resolve(o.model());
        return o.weights() != null ? spec.withWeights(o.weights()) : spec;
    }

    /** nanjing and sanfrancisco in the style of starry_night and of rocket, as PNG in the temporary folder. */
    private List<Job> twoByTwo() {
        Path weights = SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel");
        JobOptions o = new JobOptions("squeezenet", weights, "1e4", 2, 64, "content", 1L);
        return Manifest.product(
                List.of(SharedData.referenceImage("content/nanjing.jpg").toString(),
                        SharedData.referenceImage("content/sanfrancisco.jpg").toString()),
                List.of(SharedData.referenceImage("style/starry_night.jpg").toString(),
                        SharedData.require("images-cc0/rocket.jpg").toString()),
                o, out + "/{content}-{style}.png");
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
