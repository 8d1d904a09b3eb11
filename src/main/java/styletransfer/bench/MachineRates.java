package styletransfer.bench;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleSupplier;
import styletransfer.transfer.FeatureRates;

/**
 * What this machine can do, measured where the benchmark runs: the memory read rate on all cores and OpenBLAS's
 * sgemm rate. The limits of the optimizer and the loss are computed from these (see docs/performance.md).
 */
public record MachineRates(double bandwidthGBps, double sgemmGflops) {
    private static final int REPEATS = 5;

    /** Best of a few runs of each probe: the rates the machine reaches, not what a noisy moment leaves of them. */
    public static MachineRates measure() {
        return new MachineRates(best(MachineRates::bandwidthOnce), best(() -> FeatureRates.sgemmGflops(1024)));
    }

    private static double best(DoubleSupplier probe) {
        double best = 0;
        for (int i = 0; i < REPEATS; i++) {
            best = Math.max(best, probe.getAsDouble());
        }
        return best;
    }

    /** GB/s of summing a 256 MiB array that no cache holds, split over the available cores. */
    private static double bandwidthOnce() {
        int threads = Runtime.getRuntime().availableProcessors();
        long[] data = Holder.DATA;
        int part = data.length / threads;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bandwidth-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            long t0 = System.nanoTime();
            Future<?>[] parts = new Future<?>[threads];
            long[] sums = new long[threads];
            for (int t = 0; t < threads; t++) {
                int from = t * part;
                int to = t == threads - 1 ? data.length : from + part;
                int slot = t;
                parts[t] = pool.submit(() -> {
                    long s = 0;
                    for (int i = from; i < to; i++) {
                        s += data[i];
                    }
                    sums[slot] = s;
                });
            }
            for (Future<?> f : parts) {
                f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return data.length * 8.0 / seconds / 1e9 + (sums[0] == 42 ? 1e-12 : 0); // keep the sums alive
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static final class Holder {
        static final long[] DATA = new long[32 << 20];

        static {
            for (int i = 0; i < DATA.length; i++) {
                DATA[i] = i;
            }
        }
    }

    /**
     * The optimizer's limit per iteration: L-BFGS-B must read its 2m correction vectors of n doubles at least
     * {@value #CORRECTION_PASSES} times (p = W'd in the Cauchy step with the new S'Y row, the new rows of formk with
     * the reduced gradient, W'Zr, the Newton step) plus about {@value #VECTOR_PASSES} passes over single n-vectors
     * (x, g, d, z, r, the bounds).
     */
    public double optimizerSeconds(long n, int m) {
        return n * 8.0 * (CORRECTION_PASSES * 2.0 * m + VECTOR_PASSES) / (bandwidthGBps * 1e9);
    }

    /** The loss's limit: its matrix products at the sgemm rate plus its element-wise passes at the memory rate. */
    public double lossSeconds(double flops, double bytes) {
        return flops / (sgemmGflops * 1e9) + bytes / (bandwidthGBps * 1e9);
    }

    static final int CORRECTION_PASSES = 4;
    static final int VECTOR_PASSES = 12;
}
