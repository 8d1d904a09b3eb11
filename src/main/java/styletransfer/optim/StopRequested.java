package styletransfer.optim;

/** Thrown by an {@link IterationListener} to end the run after the current iterate (status {@link Status#STOPPED}). */
public final class StopRequested extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StopRequested() {
        super("stop requested", null, false, false);
    }
}
