package styletransfer.transfer;

import java.util.EnumMap;
import java.util.Map;
import styletransfer.optim.SectionTimes;

/**
 * Accumulated wall-clock nanoseconds per {@link Phase}, and the optimizer's phase by its sections; one instance per
 * run, used on the Caffe thread.
 */
public final class PhaseTimes {
    private final EnumMap<Phase, Long> nanos = new EnumMap<>(Phase.class);
    private final SectionTimes optimizer = new SectionTimes();

    /** L-BFGS-B's time by section, accumulated over the run. */
    public SectionTimes optimizer() {
        return optimizer;
    }

    public void add(Phase phase, long ns) {
        nanos.merge(phase, ns, Long::sum);
    }

    public double seconds(Phase phase) {
        return nanos.getOrDefault(phase, 0L) / 1e9;
    }

    public Map<Phase, Long> snapshot() {
        return Map.copyOf(nanos);
    }

    public void reset() {
        nanos.clear();
        optimizer.reset();
    }
}
