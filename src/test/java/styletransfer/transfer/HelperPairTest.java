package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The loss's helper thread runs every second task exactly once, and hands its failures back. */
class HelperPairTest {
    @Test
    void bothTasksRunOncePerPair() {
        try (HelperPair pair = new HelperPair("test-helper")) {
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
        try (HelperPair pair = new HelperPair("test-helper")) {
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
