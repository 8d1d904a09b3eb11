package styletransfer.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import styletransfer.RunFailedException;
import styletransfer.batch.Job;
import styletransfer.batch.JobCheckpoints;

/**
 * A batch job's checkpoint in the single run's format, beside the job's output: {@code <output>.checkpoint/}
 * (see {@link Checkpoint}). Outputs are distinct, so each job has its own; on a cluster they are on the shared
 * filesystem with the outputs, so a requeued task on another node finds them.
 */
final class BatchCheckpoints implements JobCheckpoints {
    @Override
    public Saved load(Job job) {
        Path folder = Checkpoint.folderFor(job.output());
        if (!Files.isRegularFile(folder.resolve(Checkpoint.STATE))) {
            return null;
        }
        Checkpoint.Saved s = Checkpoint.load(folder, key(job));
        return new Saved(s.iterations(), s.loss(), s.height(), s.width(), s.x());
    }

    @Override
    public void save(Job job, int iterations, double loss, int height, int width, double[] x) {
        Path folder = Checkpoint.folderFor(job.output());
        try {
            Checkpoint.save(folder, key(job), iterations, loss, height, width, x);
        } catch (RunFailedException e) {
            if (!Files.exists(folder.resolve(Checkpoint.STATE))) {
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
