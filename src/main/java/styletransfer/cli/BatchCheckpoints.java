package styletransfer.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import styletransfer.RunFailedException;
import styletransfer.batch.Job;
import styletransfer.batch.JobCheckpoints;
import styletransfer.transfer.Checkpoint;

/**
 * A batch job's checkpoint in the single run's format, beside the job's output: {@code <output>.checkpoint/}
 * (see {@link Checkpoint}). Outputs are distinct, so each job has its own; on a cluster they are on the shared
 * filesystem with the outputs, so a requeued task on another node finds them.
 */
final class BatchCheckpoints implements JobCheckpoints {
    @Override
    public Checkpoint.Saved load(Job job) {
        Path folder = Checkpoint.folderFor(job.output());
        return Checkpoint.exists(folder) ? Checkpoint.load(folder, key(job)) : null;
    }

    @Override
    public void save(Job job, Checkpoint.Saved state) {
        Path folder = Checkpoint.folderFor(job.output());
        try {
            Checkpoint.save(folder, key(job), state.iterations(), state.loss(), state.height(), state.width(),
                    state.x());
        } catch (RunFailedException e) {
            if (!Checkpoint.exists(folder)) {
                deleteFolder(folder); // a first checkpoint that failed leaves no empty folder behind
            }
            throw new RunFailedException("cannot save the job's checkpoint: " + e.getMessage()
                    + " (free some space, or run without --checkpoint-every)", e);
        }
    }

    @Override
    public void delete(Job job) {
        deleteFolder(Checkpoint.folderFor(job.output()));
    }

    /** What the checkpoint must have been made with: as the single run's key, from the job's settings. */
    private static Checkpoint.RunKey key(Job job) {
        return new Checkpoint.RunKey(job.style().toAbsolutePath().normalize().toString(),
                job.content().toAbsolutePath().normalize().toString(), job.options().model(), job.options().init(),
                job.options().ratio(), job.options().length());
    }

    /** Best effort: a checkpoint left behind is harmless (a later run of the job would go on from it). */
    private static void deleteFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // Nothing to do: see above.
        }
    }
}
