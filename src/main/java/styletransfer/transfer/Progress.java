package styletransfer.transfer;

/**
 * Told how a run goes: once when it starts, then after every iteration (as scipy's callback).
 */
@FunctionalInterface
public interface Progress {
    /**
     * What a run will do, known once its checks have passed.
     *
     * @param sizes       the working sizes (of the finest scale)
     * @param resumedFrom the checkpoint the run continues, or null
     */
    record Start(StyleTransfer.Sizes sizes, Checkpoint.Saved resumedFrom) {}

    /** Before the first iteration, after the memory and checkpoint checks; does nothing unless overridden. */
    default void started(Start start) {}

    /**
     * After iteration {@code k} (1-based, counting on across scales and from a resumed checkpoint), with its loss,
     * the max-norm of the projected gradient and the loss's parts.
     */
    void iteration(int k, double loss, double projectedGradientNorm, LossParts parts);
}
