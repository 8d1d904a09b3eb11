package styletransfer.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import styletransfer.optim.SectionTimes.Section;

/** Prints the benchmark's table, the growth exponents, the memory limits and the schedule ratio. */
public final class BenchReport {
    private BenchReport() {}

    /** "cauchyScan 2.9, cauchyProduct 2.4, ..." in the order an iteration runs them. */
    static String sections(Map<Section, Double> seconds) {
        StringBuilder b = new StringBuilder();
        for (Section s : Section.values()) {
            Double v = seconds.get(s);
            if (v != null) {
                b.append(b.length() == 0 ? "" : ", ").append(s.key()).append(' ')
                        .append(String.format(Locale.ROOT, "%.1f", 1e3 * v));
            }
        }
        return b.toString();
    }

    public static void print(List<CaseResult> results, double contentAspect, PrintWriter out) {
        out.printf(Locale.ROOT, "%-11s %-9s %5s %10s %8s %8s %8s %8s %8s %8s %9s %7s %9s %8s%n", "net", "schedule",
                "-l", "size", "s/iter", "forward", "gram+loss", "backward", "optim", "copies", "peak MiB", "GFLOP/s",
                "optim/lim", "loss/lim");
        for (CaseResult r : results) {
            out.printf(Locale.ROOT, "%-11s %-9s %5d %10s %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %9d %7.1f %9s %8s%n", r.net(),
                    r.schedule(), r.length(), r.height() + "x" + r.width(), r.secondsPerIteration(), r.forward(),
                    r.gramLoss(), r.backward(), r.optimizer(), r.copies(), r.peakRssBytes() >> 20, r.gflops(),
                    ratio(r.optimizerRatio()), ratio(r.lossRatio()));
        }
        out.println();
        // How far the parts we own are from what this machine can do: measured time / limit (1.0 = at the limit).
        for (CaseResult r : results) {
            CaseResult.Limits lim = r.limits();
            if (lim == null) {
                continue;
            }
            out.printf(Locale.ROOT, "%s -l %d %s: optimizer %.1f ms, limit %.1f ms (%.1fx); gram+loss %.1f ms, limit %s "
                            + "(%s); memory %.1f GB/s, sgemm %.0f GFLOP/s measured in the case%n", r.net(), r.length(),
                    r.schedule(), 1e3 * r.optimizer(), 1e3 * lim.optimizerSeconds(), r.optimizerRatio(),
                    1e3 * r.gramLoss(), Double.isNaN(lim.lossSeconds()) ? "unknown on a GPU"
                            : String.format(Locale.ROOT, "%.1f ms", 1e3 * lim.lossSeconds()),
                    ratio(r.lossRatio()) + "x", lim.bandwidthGBps(), lim.sgemmGflops());
            if (r.optimizerSections() != null) {
                out.println("  the optimizer by section, ms per iteration: " + sections(r.optimizerSections()));
            }
        }
        out.println();
        Map<String, List<CaseResult>> byNet = new TreeMap<>();
        for (CaseResult r : results) {
            if (r.schedule().equals("minimal")) {
                byNet.computeIfAbsent(r.net(), k -> new ArrayList<>()).add(r);
            }
        }
        long machine = PeakMemory.machineBytes();
        for (Map.Entry<String, List<CaseResult>> e : byNet.entrySet()) {
            List<CaseResult> rs = e.getValue();
            if (rs.size() < 2) {
                continue;
            }
            double[] logPixels = rs.stream().mapToDouble(r -> Math.log(r.pixels())).toArray();
            double[] logSeconds = rs.stream().mapToDouble(r -> Math.log(r.secondsPerIteration())).toArray();
            double exponent = slope(logPixels, logSeconds);
            // Memory grows linearly with pixels: fit bytes = a + b * pixels and solve for 90% of the machine.
            double[] pixels = rs.stream().mapToDouble(CaseResult::pixels).toArray();
            double[] bytes = rs.stream().mapToDouble(CaseResult::peakRssBytes).toArray();
            double b = slope(pixels, bytes);
            double a = mean(bytes) - b * mean(pixels);
            double maxPixels = (0.9 * machine - a) / b;
            long maxLength = (long) Math.floor(Math.sqrt(maxPixels / contentAspect));
            out.printf(Locale.ROOT, "%-11s time per iteration grows as pixels^%.2f; memory %.0f MiB + %.0f bytes/pixel; "
                            + "largest -l in %.1f GiB: about %d%n", e.getKey(), exponent, a / (1 << 20), b,
                    machine / (double) (1L << 30), maxLength);
        }
        for (CaseResult ref : results) {
            if (!ref.schedule().equals("reference")) {
                continue;
            }
            for (CaseResult min : results) {
                if (min.schedule().equals("minimal") && min.net().equals(ref.net()) && min.length() == ref.length()) {
                    out.printf(Locale.ROOT, "%s -l %d: minimal / reference seconds per iteration = %.3f / %.3f = %.2f; "
                                    + "peak memory %d / %d MiB%n", ref.net(), ref.length(), min.secondsPerIteration(),
                            ref.secondsPerIteration(), min.secondsPerIteration() / ref.secondsPerIteration(),
                            min.peakRssBytes() >> 20, ref.peakRssBytes() >> 20);
                    // The schedules differ only in Caffe's work; Gram/loss and the optimizer cost the same in both.
                    double caffeMin = min.forward() + min.backward();
                    double caffeRef = ref.forward() + ref.backward();
                    out.printf(Locale.ROOT, "%s -l %d: Caffe's forward + backward alone: minimal / reference = %.3f / "
                                    + "%.3f = %.2f%n", ref.net(), ref.length(), caffeMin, caffeRef,
                            caffeMin / caffeRef);
                }
            }
        }
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.1f", r);
    }

    /** Least-squares slope of y over x. */
    static double slope(double[] x, double[] y) {
        double mx = mean(x);
        double my = mean(y);
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - mx) * (y[i] - my);
            den += (x[i] - mx) * (x[i] - mx);
        }
        return num / den;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }
}
