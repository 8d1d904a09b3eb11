package styletransfer.batch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import styletransfer.model.ModelSpec;

/**
 * The jobs not yet taken, shared by the workers. A worker gets a job of the model it has open when there is one,
 * so that nets are not reloaded for every job; otherwise the earliest job left.
 */
final class JobQueue {
    /** A job with the model it needs. */
    record Entry(Job job, ModelSpec model) {}

    private final List<Entry> left = new ArrayList<>();

    JobQueue(List<Job> jobs, Function<Job, ModelSpec> modelOf) {
        for (Job j : jobs) {
            left.add(new Entry(j, modelOf.apply(j)));
        }
    }

    /** The next job for a worker with {@code open} loaded (null when none), or null when all are taken. */
    synchronized Entry take(ModelSpec open) {
        for (Iterator<Entry> it = left.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.model().equals(open)) {
                it.remove();
                return e;
            }
        }
        return left.isEmpty() ? null : left.remove(0);
    }
}
