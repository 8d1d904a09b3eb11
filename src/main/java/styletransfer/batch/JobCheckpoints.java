package styletransfer.batch;

import styletransfer.transfer.Checkpoint;

/**
 * Where a batch keeps each job's checkpoint ({@code --checkpoint-every}), so that a job stopped by SIGTERM or
 * killed goes on from its last checkpoint when the batch runs again. Each job has its own (the command line keeps
 * it beside the job's output, {@code <output>.checkpoint/}, so on the shared filesystem when the outputs are).
 */
public interface JobCheckpoints {
    /**
     * The job's checkpoint, or null when it has none.
     *
     * @throws styletransfer.BadInputException when there is one but it was made with other settings or is damaged
     */
    Checkpoint.Saved load(Job job);

    /**
     * Replaces the job's checkpoint; a failure (a full disk) leaves the previous one or none, never a partial one.
     *
     * @throws styletransfer.RunFailedException when it cannot be written
     */
    void save(Job job, Checkpoint.Saved state);

    /** Removes the job's checkpoint once its output is written (a no-op without one). */
    void delete(Job job);
}
