package styletransfer.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * The batch's log on stderr, shared by the workers (one line per call, never interleaved): plain text for
 * people, or one JSON object per line ({@code time, level, job, worker, message}) for log collectors.
 */
public final class BatchLog {
    public enum Format { TEXT, JSON }

    public enum Level { INFO, WARN, ERROR }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintWriter err;
    private final Format format;
    private final boolean quiet;
    private final Clock clock;

    /** With {@code quiet}, only errors are written. */
    public BatchLog(PrintWriter err, Format format, boolean quiet, Clock clock) {
        this.err = err;
        this.format = format;
        this.quiet = quiet;
        this.clock = clock;
    }

    public void info(Integer job, String worker, String message) {
        log(Level.INFO, job, worker, message);
    }

    public void error(Integer job, String worker, String message) {
        log(Level.ERROR, job, worker, message);
    }

    /** @param job the job's number, or null for a message about the whole batch */
    public synchronized void log(Level level, Integer job, String worker, String message) {
        if (quiet && level != Level.ERROR) {
            return;
        }
        if (format == Format.JSON) {
            ObjectNode n = JSON.createObjectNode();
            n.put("time", Instant.now(clock).toString());
            n.put("level", level.name().toLowerCase(Locale.ROOT));
            n.put("job", job);
            n.put("worker", worker);
            n.put("message", message);
            err.println(n.toString());
        } else {
            StringBuilder line = new StringBuilder();
            if (level != Level.INFO) {
                line.append(level.name().toLowerCase(Locale.ROOT)).append(": ");
            }
            if (job != null) {
                line.append("job ").append(job).append(": ");
            }
            line.append(message);
            if (worker != null) {
                line.append(" [").append(worker).append(']');
            }
            err.println(line);
        }
        err.flush();
    }
}
