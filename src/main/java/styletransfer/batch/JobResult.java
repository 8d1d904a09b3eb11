package styletransfer.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import styletransfer.transfer.StyleTransfer;

/**
 * How one job ended: the line printed on stdout for it (batch, and the single run with --json).
 *
 * @param finalLoss the loss of the last evaluation, NaN when the job did not run
 * @param optimizer how L-BFGS-B stopped (converged, limit_reached, ...), null when the job did not run
 * @param error     one-line reason of a failure, null otherwise
 */
public record JobResult(int job, Path content, Path style, Path output, String model, int iterations,
                        int evaluations, double seconds, double finalLoss, Status status, String optimizer,
                        String error) {

    /** STOPPED: interrupted (SIGTERM, Ctrl-C) or not started because the batch was stopped; a rerun finishes it. */
    public enum Status { OK, FAILED, SKIPPED, STOPPED }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static JobResult ok(int job, Path content, Path style, Path output, String model,
                               StyleTransfer.Outcome outcome, double seconds) {
        return new JobResult(job, content, style, output, model, outcome.iterations(), outcome.evaluations(), seconds,
                outcome.finalLoss(), Status.OK, outcome.status().name().toLowerCase(Locale.ROOT), null);
    }

    public static JobResult failed(Job job, double seconds, String error) {
        return new JobResult(job.number(), job.content(), job.style(), job.output(), job.options().model(), 0, 0,
                seconds, Double.NaN, Status.FAILED, null, error);
    }

    public static JobResult skipped(Job job) {
        return new JobResult(job.number(), job.content(), job.style(), job.output(), job.options().model(), 0, 0, 0,
                Double.NaN, Status.SKIPPED, null, null);
    }

    /**
     * A job the batch stopped: {@code outcome} is the interrupted run (null when the job had not started). Its
     * output is not written, so a rerun does it (from its checkpoint, if it has one).
     */
    public static JobResult stopped(Job job, StyleTransfer.Outcome outcome, double seconds) {
        return new JobResult(job.number(), job.content(), job.style(), job.output(), job.options().model(),
                outcome == null ? 0 : outcome.iterations(), outcome == null ? 0 : outcome.evaluations(), seconds,
                outcome == null ? Double.NaN : outcome.finalLoss(), Status.STOPPED,
                outcome == null ? null : outcome.status().name().toLowerCase(Locale.ROOT), null);
    }

    /**
     * One JSON object on one line, every field always present so that {@code jq} filters need no defaults.
     * Non-finite numbers become null: NaN is not JSON.
     */
    public String toJsonLine() {
        return write(node());
    }

    /** As {@link #toJsonLine()}, with the batch's part it ran in: {@code "shard": "K/N"} ("0/1" when unsharded). */
    public String toJsonLine(Shard shard) {
        ObjectNode n = node();
        n.put("shard", shard.toString());
        return write(n);
    }

    private ObjectNode node() {
        ObjectNode n = JSON.createObjectNode();
        n.put("job", job);
        // A single run that failed early (--json) may not know its images or output yet.
        n.put("content", content == null ? null : content.toString());
        n.put("style", style == null ? null : style.toString());
        n.put("output", output == null ? null : output.toString());
        n.put("model", model);
        n.put("iterations", iterations);
        n.put("evaluations", evaluations);
        n.put("seconds", Math.round(seconds * 1000) / 1000.0);
        if (Double.isFinite(finalLoss)) {
            n.put("final_loss", finalLoss);
        } else {
            n.putNull("final_loss");
        }
        n.put("status", status.name().toLowerCase(Locale.ROOT));
        n.put("optimizer", optimizer);
        n.put("error", error);
        return n;
    }

    private static String write(ObjectNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }
}
