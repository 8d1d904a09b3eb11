package styletransfer.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A helper thread runs every second task exactly once, and hands its failures back. */
class HelperThreadTest {
    @Test
    void bothTasksRunOncePerPair() {
        try (HelperThread pair = new HelperThread("test-helper")) {
            AtomicInteger a = new AtomicInteger();
            AtomicInteger b = new AtomicInteger();
            for (int i = 0; i < 10_000; i++) {
                int before = b.get();
                pair.run(a::incrementAndGet, b::incrementAndGet);
                assertEquals(before + 1, b.get(), "the second task is done when run returns");
            }
            assertEquals(10_000, a.get());
            assertEquals(10_000, b.get());
        }
    }

    @Test
    void aFailureOfTheSecondTaskIsThrownByRun() {
        try (HelperThread pair = new HelperThread("test-helper")) {
            IllegalArgumentException failure = new IllegalArgumentException("bad");
            for (int i = 0; i < 100; i++) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pair.run(() -> { },
                        () -> {
                            throw failure;
                        }));
                assertSame(failure, e);
                pair.run(() -> { }, () -> { }); // and the next pair is clean
            }
        }
    }
}
