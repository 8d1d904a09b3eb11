package styletransfer.optim;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A second thread for one owner (a solver, or the loss of one run): {@link #run} offers the second task to it, runs
 * the first here, and takes the second back if the helper has not started it yet. On a loaded machine the helper may
 * not be scheduled for milliseconds; then the pair costs what it costs on one thread instead of that plus the wait.
 * Nothing is allocated per pair. Pure Java: what the tasks touch is the owner's business (the loss hands it host
 * buffers only, never a call into Caffe).
 */
public final class HelperThread implements Blas.Pair, AutoCloseable {
    private final Thread thread;
    private final AtomicReference<Runnable> offered = new AtomicReference<>();
    private volatile boolean done;
    private volatile Throwable failure;
    private volatile boolean closed;
    private volatile Thread waiter;

    /** Starts the (daemon) thread; {@link #close} ends it. */
    public HelperThread(String name) {
        thread = new Thread(this::serve, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs a here and b on the helper (or here, after a, if the helper has not started it); b's failure is thrown. */
    @Override
    public void run(Runnable a, Runnable b) {
        done = false;
        failure = null;
        waiter = Thread.currentThread();
        offered.set(b);
        LockSupport.unpark(thread);
        try {
            a.run();
        } finally {
            if (offered.compareAndSet(b, null)) {
                b.run(); // the helper never started it
            } else {
                awaitHelper();
            }
        }
        Throwable t = failure;
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException("helper thread failed", t);
        }
    }

    private void awaitHelper() {
        int spins = 0;
        while (!done) {
            if (spins < 2000) {
                spins++;
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 100_000);
            }
        }
    }

    private void serve() {
        while (!closed) {
            Runnable task = offered.getAndSet(null);
            if (task == null) {
                LockSupport.park(this);
                continue;
            }
            try {
                task.run();
            } catch (Throwable t) {
                failure = t;
            } finally {
                done = true;
                LockSupport.unpark(waiter);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
