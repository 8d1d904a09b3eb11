package styletransfer.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;
import styletransfer.transfer.StopRequest;

/**
 * While open, SIGINT (Ctrl-C) and SIGTERM raise the run's {@link StopRequest} instead of killing the JVM, so the
 * run stops after the current iteration and saves its picture. A second signal ends the program at once (the
 * output is written atomically, so nothing half-written is left). Closing restores the previous handlers.
 */
final class StopSignals implements AutoCloseable {
    static final int SIGINT_EXIT = 130;
    static final int SIGTERM_EXIT = 143;

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    StopSignals(StopRequest stop) {
        this(stop, System.err::println);
    }

    /** @param say where the two messages go (a batch sends them to its log, which may be JSON lines) */
    StopSignals(StopRequest stop, Consumer<String> say) {
        install("INT", SIGINT_EXIT, stop, say);
        install("TERM", SIGTERM_EXIT, stop, say);
    }

    private void install(String name, int exitCode, StopRequest stop, Consumer<String> say) {
        Signal signal = new Signal(name);
        try {
            previous.put(signal, Signal.handle(signal, s -> {
                if (stop.raised()) {
                    say.accept("error: SIG" + name + " again: stopping now without saving");
                    System.exit(exitCode);
                }
                stop.raise("SIG" + name);
                say.accept("SIG" + name + " received: stopping after the current iteration (again to quit"
                        + " at once).");
            }));
        } catch (IllegalArgumentException e) {
            // The JVM reserves this signal here (e.g. -Xrs); the run then simply cannot be stopped gracefully.
        }
    }

    /** The exit code after a run stopped for {@code reason}: 128 + the signal's number, as shells report it. */
    static int exitCode(String reason) {
        return "SIGTERM".equals(reason) ? SIGTERM_EXIT : SIGINT_EXIT;
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
