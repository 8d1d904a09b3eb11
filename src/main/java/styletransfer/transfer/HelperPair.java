package styletransfer.transfer;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The loss's second thread: {@link #run} offers the second task to it, runs the first here, and takes the second
 * back if the helper has not started it yet, so on a loaded machine (the helper not scheduled for a while) a pair
 * costs what one thread costs instead of that plus the wait. Nothing is allocated per pair. The helper never calls
 * into Caffe: it only reads and writes host buffers handed to it. (The optimizer has its own such thread.)
 */
final class HelperPair implements LayerLoss.Pair, AutoCloseable {
    private final Thread thread;
    private final AtomicReference<Runnable> offered = new AtomicReference<>();
    private volatile boolean done;
    private volatile Throwable failure;
    private volatile boolean closed;
    private volatile Thread waiter;

    HelperPair(String name) {
        thread = new Thread(this::serve, name);
        thread.setDaemon(true);
        thread.start();
    }

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
            throw new IllegalStateException("loss helper thread failed", t);
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
