package styletransfer.transfer;

import java.util.function.Supplier;
import styletransfer.image.Image;

/**
 * How a caller follows and steers a run: progress per iteration, pictures along the way, a stop request, the
 * run's state to keep as checkpoints, the end of each scale of a coarse-to-fine run, and the phase times. Every
 * hook is optional; start from {@link #none()}.
 *
 * @param progress        told of the start and of every iteration, or null
 * @param stop            polled after every iteration: once raised, the run ends with the accepted iterate
 * @param snapshotEvery   give {@code snapshots} the picture every this many iterations (0: never)
 * @param snapshots       receives those pictures, or null
 * @param checkpointEvery give {@code checkpoints} the run's state every this many iterations (0: never)
 * @param checkpoints     keeps those states (e.g. {@link Checkpoint#save}), or null
 * @param scales          told when each scale of a coarse-to-fine run ends, or null
 * @param times           accumulates the seconds of each phase (forward, Gram/loss, backward, ...)
 */
public record Hooks(Progress progress, StopRequest stop, int snapshotEvery, Snapshots snapshots,
                    int checkpointEvery, Checkpoints checkpoints, Scales scales, PhaseTimes times) {
    /** Receives the picture after {@code iteration}. */
    @FunctionalInterface
    public interface Snapshots {
        void save(int iteration, Image picture);
    }

    /**
     * Keeps the run's state after an iteration: what {@link Request#resumeFrom()} continues. The state's iterate
     * is the optimiser's own array, valid during the call only; {@code picture} makes the picture of that state
     * on demand (as the net sees it: without {@link Controls#originalColors()}).
     */
    @FunctionalInterface
    public interface Checkpoints {
        void save(Checkpoint.Saved state, Supplier<Image> picture);
    }

    /** Told when a scale of a coarse-to-fine run ends. */
    @FunctionalInterface
    public interface Scales {
        void done(ScaleDone scale);
    }

    /**
     * A scale that ended: the {@code index}-th (1-based) of {@code count}, at {@code length}, working at
     * {@code height x width}, with its iterations and seconds.
     */
    public record ScaleDone(int index, int count, double length, int height, int width, int iterations,
                            double seconds) {}

    public Hooks {
        if (stop == null) {
            stop = new StopRequest();
        }
        if (times == null) {
            times = new PhaseTimes();
        }
        if (snapshotEvery < 0) {
            throw new IllegalArgumentException("snapshotEvery must be 0 (never) or more: " + snapshotEvery);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpointEvery must be 0 (never) or more: " + checkpointEvery);
        }
    }

    /** No hooks: the run just runs. */
    public static Hooks none() {
        return new Hooks(null, null, 0, null, 0, null, null, null);
    }

    public Hooks withProgress(Progress p) {
        return new Hooks(p, stop, snapshotEvery, snapshots, checkpointEvery, checkpoints, scales, times);
    }

    public Hooks withStop(StopRequest s) {
        return new Hooks(progress, s, snapshotEvery, snapshots, checkpointEvery, checkpoints, scales, times);
    }

    public Hooks withSnapshots(int every, Snapshots s) {
        return new Hooks(progress, stop, every, s, checkpointEvery, checkpoints, scales, times);
    }

    /** Checkpoints every {@code every} iterations (0: never), kept by {@code c}. */
    public Hooks withCheckpoints(int every, Checkpoints c) {
        return new Hooks(progress, stop, snapshotEvery, snapshots, every, c, scales, times);
    }

    public Hooks withScales(Scales s) {
        return new Hooks(progress, stop, snapshotEvery, snapshots, checkpointEvery, checkpoints, s, times);
    }

    public Hooks withTimes(PhaseTimes t) {
        return new Hooks(progress, stop, snapshotEvery, snapshots, checkpointEvery, checkpoints, scales, t);
    }
}
