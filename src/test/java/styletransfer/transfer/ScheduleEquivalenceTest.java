package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import styletransfer.caffe.Device;

/**
 * The minimal schedule (forward only to the deepest weighted blob, no weight gradients, no repeated backward layers)
 * gives the reference schedule's result: the same loss at every iteration and the same picture.
 */
class ScheduleEquivalenceTest {
    @Test
    void googlenetGivesTheSameLossesAndImageUnderBothSchedules() {
        TestNets.Run reference = TestNets.googlenetRun(Device.CPU, Schedule.REFERENCE, 20);
        TestNets.Run minimal = TestNets.googlenetRun(Device.CPU, Schedule.MINIMAL, 20);

        assertEquals(20, reference.losses().size());
        assertEquals(reference.losses().size(), minimal.losses().size());
        for (int i = 0; i < reference.losses().size(); i++) {
            double a = reference.losses().get(i);
            double b = minimal.losses().get(i);
            assertTrue(Math.abs(a - b) <= 1e-6 * Math.abs(a), "iteration " + (i + 1) + ": " + a + " vs " + b);
        }
        assertTrue(reference.losses().get(19) < reference.losses().get(0));
        assertEquals(reference.image().height(), minimal.image().height());
        assertArrayEquals(reference.image().rgb(), minimal.image().rgb(), 1e-6);
    }
}
