package styletransfer.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.Device;
import styletransfer.image.Image;
import styletransfer.model.ModelSpec;
import styletransfer.optim.SectionTimes.Section;
import styletransfer.transfer.Hooks;
import styletransfer.transfer.LayerPlan;
import styletransfer.transfer.Phase;
import styletransfer.transfer.PhaseTimes;
import styletransfer.transfer.Progress;
import styletransfer.transfer.Request;
import styletransfer.transfer.Schedule;
import styletransfer.transfer.Settings;
import styletransfer.transfer.StyleTransfer;

/**
 * Runs one case in this process: the real style transfer for a few iterations, timing each iteration and each
 * phase. Nets without weights at hand get seeded random weights: the work per pass does not depend on them.
 */
public final class BenchCase {
    public static final long WEIGHT_SEED = 1508_06576L;

    private BenchCase() {}

    /**
     * Runs {@code c} with {@code model} on {@code device}: the real style transfer ({@link StyleTransfer#run}) for
     * {@code warmup + measured} iterations, timing the measured ones and their phases.
     */
    public static CaseResult run(Case c, ModelSpec model, boolean randomWeights, Image style, Image content,
                                 int warmup, int measured, Device device) {
        if (warmup < 1) {
            throw new IllegalArgumentException("at least one warm-up iteration: the first includes the targets");
        }
        Schedule schedule = c.schedule();
        try (CaffeNet net = open(model, randomWeights, device)) {
            int total = warmup + measured;
            List<Double> wall = new ArrayList<>();
            List<Map<Phase, Double>> phases = new ArrayList<>();
            PhaseTimes times = new PhaseTimes();
            long[] last = {0};
            Map<Phase, Long> before = new EnumMap<>(Phase.class);
            List<Map<Section, Long>> sections = new ArrayList<>();
            Settings settings = Settings.reference().withIterations(total).withLength(c.length()).withSeed(1L)
                    .withSchedule(schedule);
            Progress progress = (k, loss, pg, parts) -> {
                long now = System.nanoTime();
                Map<Phase, Long> snap = times.snapshot();
                sections.add(times.optimizer().snapshot());
                if (k > warmup) {
                    double seconds = (now - last[0]) / 1e9;
                    wall.add(seconds);
                    Map<Phase, Double> split = new EnumMap<>(Phase.class);
                    double accounted = 0;
                    for (Phase p : Phase.values()) {
                        if (p == Phase.OPTIMIZER) {
                            continue;
                        }
                        double s = (snap.getOrDefault(p, 0L) - before.getOrDefault(p, 0L)) / 1e9;
                        split.put(p, s);
                        accounted += s;
                    }
                    split.put(Phase.OPTIMIZER, Math.max(0, seconds - accounted));
                    phases.add(split);
                }
                before.clear();
                before.putAll(snap);
                last[0] = now;
            };
            StyleTransfer.Outcome outcome = StyleTransfer.run(net, new Request(model, style, content, settings, null),
                    Hooks.none().withProgress(progress).withTimes(times));
            int[] shape = net.shape(CaffeNet.INPUT);
            LayerPlan plan = LayerPlan.of(net, model.content(), model.style()).sizedFor(net);
            double evaluationsPerIteration = outcome.evaluations() / (double) Math.max(1, outcome.iterations());
            double gflop = Flops.perEvaluation(net, plan, schedule) / 1e9 * evaluationsPerIteration;
            long peak = PeakMemory.bytes(); // before the rate probes, which need memory of their own
            MachineRates rates = MachineRates.measure();
            long n = 3L * shape[2] * shape[3];
            double lossLimit = device.isCpu()
                    ? rates.lossSeconds(Flops.lossFlops(plan), Flops.lossBytes(plan)) * evaluationsPerIteration
                    : Double.NaN;
            CaseResult.Limits limits = new CaseResult.Limits(
                    rates.optimizerSeconds(n, StyleTransfer.MAX_CORRECTIONS), lossLimit, rates.bandwidthGBps(),
                    rates.sgemmGflops());
            return new CaseResult(model.name(), schedule.name().toLowerCase(), c.length(), shape[2], shape[3],
                    wall.size(), median(wall), medianOf(phases, Phase.FORWARD), medianOf(phases, Phase.GRAM_LOSS),
                    medianOf(phases, Phase.BACKWARD), medianOf(phases, Phase.OPTIMIZER), medianOf(phases, Phase.COPIES),
                    peak, gflop, limits, sectionMedians(sections, warmup));
        }
    }

    /** The model's net with its own weights, or with the benchmark's seeded random ones. */
    public static CaffeNet open(ModelSpec model, boolean randomWeights, Device device) {
        return randomWeights ? CaffeNet.openWithRandomWeights(model.prototxt(), device, WEIGHT_SEED)
                : CaffeNet.open(model.prototxt(), model.weights(), device);
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * Per section, the median over the measured iterations of its seconds in each (totals[k] are the totals after
     * iteration k + 1); null when nothing was measured there (another optimizer than L-BFGS-B).
     */
    static Map<Section, Double> sectionMedians(List<Map<Section, Long>> totals, int warmup) {
        Map<Section, Double> medians = new EnumMap<>(Section.class);
        boolean any = false;
        for (Section s : Section.values()) {
            List<Double> perIteration = new ArrayList<>();
            for (int k = warmup; k < totals.size(); k++) {
                long ns = totals.get(k).get(s) - totals.get(k - 1).get(s);
                perIteration.add(ns / 1e9);
                any |= ns > 0;
            }
            medians.put(s, median(perIteration));
        }
        return any ? medians : null;
    }

    private static double medianOf(List<Map<Phase, Double>> phases, Phase p) {
        return median(phases.stream().map(m -> m.get(p)).toList());
    }
}
