package styletransfer.transfer;

import styletransfer.BadInputException;

/**
 * A run cannot resume from its checkpoint. It says which way and what was found; the caller advises in its own
 * words (the same settings, more iterations, or starting again).
 */
public class CheckpointException extends BadInputException {
    /** Why the checkpoint cannot be resumed. */
    public enum Problem {
        /** There is no checkpoint beside the output. */
        MISSING,
        /** It was made with other settings (the message names the setting and both values). */
        OTHER_SETTINGS,
        /** Its working size differs from this run's (other images or length). */
        OTHER_SIZE,
        /** Its files are damaged, incomplete or unreadable. */
        DAMAGED
    }

    private final Problem problem;

    public CheckpointException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public CheckpointException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
