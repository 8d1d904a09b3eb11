package styletransfer.transfer;

/**
 * The objective produced a NaN or infinite loss or gradient: the optimizer cannot go on from there. Thrown by
 * {@link Objective}; {@link StyleTransfer} turns it into an outcome that keeps the last finite iterate.
 */
public final class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NonFiniteLossException(String message) {
        super(message);
    }
}
