package styletransfer;

/**
 * A mistake in what the user gave us (a flag, an image, a model folder): reported as one line, exit code 2.
 * The message says what is wrong and what to do about it.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
