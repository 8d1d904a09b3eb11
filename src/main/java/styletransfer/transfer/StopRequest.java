package styletransfer.transfer;

/**
 * A request, from outside the run, to stop at the next safe point (the end of the current L-BFGS-B iteration).
 * One object per run: a signal handler raises it, the run's iteration listener polls it.
 */
public final class StopRequest {
    private volatile String reason;
    private volatile int exitCode;

    /** Asks the run to stop; the first request wins. */
    public synchronized void raise(String why, int code) {
        if (reason == null) {
            reason = why;
            exitCode = code;
        }
    }

    public boolean raised() {
        return reason != null;
    }

    /** What asked for the stop (e.g. "SIGINT"), or null. */
    public String reason() {
        return reason;
    }

    /** The exit code the program should end with after stopping (130 for SIGINT, 143 for SIGTERM). */
    public int exitCode() {
        return exitCode;
    }
}
