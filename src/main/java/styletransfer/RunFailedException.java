package styletransfer;

/** A failure while running on valid input (I/O, native, numerical): reported as one line, exit code 1. */
public class RunFailedException extends RuntimeException {
    public RunFailedException(String message) {
        super(message);
    }

    public RunFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
