package styletransfer.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import styletransfer.InvalidSettingException;
import styletransfer.Setting;
import styletransfer.image.ImageTooLargeException;
import styletransfer.transfer.RunTooLargeException;
import styletransfer.transfer.StyleTransfer;

/** A batch job's failure is advised in the manifest's fields, never in the single run's flags. */
class AdviceTest {
    @Test
    void settingsAreNamedByTheirManifestField() {
        assertEquals("num-iters must be at least 1, got 0",
                Advice.message(new InvalidSettingException(Setting.ITERATIONS, "must be at least 1, got 0")));
        assertEquals("length must be a positive number of pixels, got 0.0",
                Advice.message(new InvalidSettingException(Setting.LENGTH, "must be a positive number of pixels, got 0.0")));
    }

    @Test
    void aJobTooLargeIsAdvisedAboutItsLength() {
        String m = Advice.message(new RunTooLargeException(RunTooLargeException.Limit.HOST_MEMORY,
                new StyleTransfer.Sizes(13344, 20000, 16000, 20000), 10L << 30, 1L << 30, "the working images ..."));
        assertTrue(m.contains("use a smaller length"), m);
        assertFalse(m.contains("-l"), m);
        String image = Advice.message(new ImageTooLargeException(Path.of("big.png"), 20, 20, 399));
        assertFalse(image.contains("--max-pixels"), image);
        assertTrue(image.contains("more than the limit of 399 pixels"), image);
    }

    @Test
    void aJobThatRunsOutOfMemoryIsToldToUseASmallerLength() {
        assertEquals("out of memory (Java heap space): use a smaller length",
                Advice.message(new OutOfMemoryError("Java heap space")));
    }
}
