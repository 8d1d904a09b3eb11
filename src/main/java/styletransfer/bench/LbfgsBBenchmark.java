package styletransfer.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import styletransfer.optim.DifferentiableFunction;
import styletransfer.optim.LbfgsB;
import styletransfer.optim.Result;
import styletransfer.optim.SectionTimes;
import styletransfer.optim.SectionTimes.Section;

/**
 * Times the optimizer's own work per iteration (everything but the objective) on a bounded
 * separable quadratic, in Java and in scipy (bench/lbfgsb_scipy.py, same problem), and prints
 * both and the ratio Java/scipy. Run it with bench/lbfgsb.sh (from the repository root, which
 * the scipy script's path is relative to).
 *
 * <p>Per-iteration overhead = (time between the first and last listener call - objective time
 * in between) / iterations in between, which leaves setup and JIT warm-up of the first
 * iteration out; the same is reported in process CPU time (all threads, in both), which is
 * the steadier number on a shared machine. Arguments: [n] [m]
 * [iterations] [rounds] [python command].
 */
public final class LbfgsBBenchmark {
    private LbfgsBBenchmark() {
    }

    /** One timed run: per-iteration overhead in ms, and what the run did. */
    record Timing(double overheadMsPerIteration, double cpuOverheadMsPerIteration, int iterations,
                  int evaluations, double f, String message, Map<Section, Double> sections) {
    }

    /** CPU time of the whole JVM (all threads, like Python's process_time). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String python = args.length > 4 ? args[4] : "python3";

        // OpenBLAS splits long dot products over its threads (one per CPU unless told
        // otherwise); summing in the same chunks makes the Java run reproduce scipy's bit for bit.
        // scipy is measured as it runs by default (OpenBLAS on every CPU) and single-threaded;
        // the rounds alternate Java and scipy so that both see the same machine load.
        int cpus = Runtime.getRuntime().availableProcessors();
        // Warm-up run so the JIT has compiled the hot loops before the measured ones.
        time(n, m, Math.max(5, iterations / 3), cpus);
        for (int threads : new int[] {cpus, 1}) {
            String label = threads == cpus ? "scipy as by default (OpenBLAS threads = " + cpus + ")"
                    : "scipy with OPENBLAS_NUM_THREADS=1";
            double[][] ratios = new double[2][rounds];
            boolean identical = true;
            for (int round = 0; round < rounds; round++) {
                Timing java = time(n, m, iterations, threads);
                System.out.printf("java  n=%d m=%d nit=%d nfev=%d cpu_overhead_ms_per_iter=%.3f "
                        + "overhead_ms_per_iter=%.3f f=%s message=%s%n", n, m, java.iterations(),
                        java.evaluations(), java.cpuOverheadMsPerIteration(), java.overheadMsPerIteration(),
                        seventeenDigits(java.f()), java.message());
                System.out.println("java  by section, ms per iteration: " + BenchReport.sections(java.sections()));
                double[] scipy = scipyOverhead(python, n, m, iterations, threads == cpus ? null : "1");
                ratios[0][round] = java.overheadMsPerIteration() / scipy[0];
                ratios[1][round] = java.cpuOverheadMsPerIteration() / scipy[2];
                identical &= java.f() == scipy[1];
            }
            System.out.printf("ratio java/%s, median of %d rounds = %.3f (wall time), %.3f (cpu time); "
                    + "final f identical in every round: %b%n", label, rounds, median(ratios[0]), median(ratios[1]),
                    identical);
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }

    /** f = sum h_i (x_i - c_i)^2 / 2 on [-1, 1]^n, as in bench/lbfgsb_scipy.py. */
    static Timing time(int n, int m, int iterations, int threads) {
        double[] h = new double[n];
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            h[i] = 1.0 + (i % 100) / 10.0;
            c[i] = ((((long) i * 7919) % 3001) - 1500) / 1000.0;
        }
        long[] evalNanos = {0, 0};
        DifferentiableFunction f = (x, g) -> {
            long t0 = System.nanoTime();
            long c0 = processCpuNanos();
            double s = 0.0;
            for (int i = 0; i < n; i++) {
                double r = x[i] - c[i];
                double hr = h[i] * r;
                g[i] = hr;
                s += hr * r;
            }
            evalNanos[1] += processCpuNanos() - c0;
            evalNanos[0] += System.nanoTime() - t0;
            return 0.5 * s;
        };
        double[] lower = new double[n];
        double[] upper = new double[n];
        java.util.Arrays.fill(lower, -1.0);
        java.util.Arrays.fill(upper, 1.0);
        List<long[]> marks = new ArrayList<>();
        LbfgsB.Options options = new LbfgsB.Options(m, 0.0, 0.0, iterations, 10 * iterations, 20, threads);
        // The sections count from the first listener call on, as the overhead does.
        SectionTimes sections = new SectionTimes();
        Result result = LbfgsB.minimize(f, new double[n], lower, upper, options,
                (k, x, fx) -> {
                    if (marks.isEmpty()) {
                        sections.reset();
                    }
                    marks.add(new long[] {System.nanoTime(), evalNanos[0], processCpuNanos(), evalNanos[1]});
                }, sections);
        long[] first = marks.get(0);
        long[] last = marks.get(marks.size() - 1);
        int steps = marks.size() - 1;
        double overhead = ((last[0] - first[0]) - (last[1] - first[1])) / 1e6 / steps;
        double cpu = ((last[2] - first[2]) - (last[3] - first[3])) / 1e6 / steps;
        Map<Section, Double> perIteration = new EnumMap<>(Section.class);
        sections.snapshot().forEach((section, nanos) -> perIteration.put(section, nanos / 1e9 / steps));
        return new Timing(overhead, cpu, result.iterations(), result.evaluations(), result.f(), result.message(),
                perIteration);
    }

    /**
     * Runs the scipy script with the OpenBLAS tuning variables removed from its environment
     * (and OPENBLAS_NUM_THREADS set if openblasThreads is not null);
     * returns its overhead per iteration in ms (wall time), its final f and its overhead per
     * iteration in ms of process CPU time.
     */
    static double[] scipyOverhead(String python, int n, int m, int iterations, String openblasThreads)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(python, "bench/lbfgsb_scipy.py", Integer.toString(n),
                Integer.toString(m), Integer.toString(iterations));
        pb.environment().remove("OPENBLAS_CORETYPE");
        pb.environment().remove("OPENBLAS_L2_SIZE");
        if (openblasThreads != null) {
            pb.environment().put("OPENBLAS_NUM_THREADS", openblasThreads);
        }
        pb.redirectErrorStream(true);
        Process process = pb.start();
        String line;
        Double overhead = null;
        double f = Double.NaN;
        double cpu = Double.NaN;
        Pattern pattern = Pattern.compile(
                "cpu_overhead_ms_per_iter=([0-9.eE+-]+) overhead_ms_per_iter=([0-9.eE+-]+) f=([0-9.eE+-]+)");
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            while ((line = in.readLine()) != null) {
                System.out.println(line);
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    cpu = Double.parseDouble(matcher.group(1));
                    overhead = Double.parseDouble(matcher.group(2));
                    f = Double.parseDouble(matcher.group(3));
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || overhead == null) {
            throw new IllegalStateException("scipy benchmark failed (exit " + exit + ")");
        }
        return new double[] {overhead, f, cpu};
    }

    /**
     * 17 significant digits of the double's exact value, as Python's {@code %.17g} prints them (Java's own
     * {@code %.17g} pads the shortest representation with zeros, so equal doubles would look different).
     */
    static String seventeenDigits(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN))
                .toPlainString();
    }
}
