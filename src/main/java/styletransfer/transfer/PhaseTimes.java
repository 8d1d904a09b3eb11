package styletransfer.transfer;

import java.util.EnumMap;
import java.util.Map;

/** Accumulated wall-clock nanoseconds per {@link Phase}; one instance per run, used on the Caffe thread. */
public final class PhaseTimes {
    private final EnumMap<Phase, Long> nanos = new EnumMap<>(Phase.class);

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
    }
}
