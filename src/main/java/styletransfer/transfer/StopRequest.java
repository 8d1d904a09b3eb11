package styletransfer.transfer;

/**
 * A request, from outside the run, to stop at the next safe point (the end of the current iteration).
 * One object per run: a signal handler raises it, the run's iteration listener polls it.
 */
public final class StopRequest {
    private volatile String reason;

    /** Asks the run to stop; the first request wins. */
    public synchronized void raise(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    public boolean raised() {
        return reason != null;
    }

    /** What asked for the stop (e.g. "SIGINT"), or null. */
    public String reason() {
        return reason;
    }
}
