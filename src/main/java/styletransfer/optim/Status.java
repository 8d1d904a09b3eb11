package styletransfer.optim;

/**
 * How a minimisation ended, as scipy's {@code status}: 0, 1 and 2; and STOPPED for 99, which scipy's minimize
 * reports when the callback asked to stop (here: the listener threw {@link StopRequested}).
 */
public enum Status { CONVERGED, LIMIT_REACHED, ABNORMAL, STOPPED }
