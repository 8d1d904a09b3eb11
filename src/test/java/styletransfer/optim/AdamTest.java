package styletransfer.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamTest {
    /** f(x) = sum (x_i - c_i)^2 with c outside the box on some coordinates: the answer is c clipped to the box. */
    @Test
    void reachesTheProjectedMinimumOfABoundedQuadratic() {
        double[] c = {3, -2, 0.5, 10};
        double[] lower = {0, 0, 0, Double.NEGATIVE_INFINITY};
        double[] upper = {1, 1, 1, Double.POSITIVE_INFINITY};
        DifferentiableFunction f = (x, g) -> {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                g[i] = 2 * (x[i] - c[i]);
                s += (x[i] - c[i]) * (x[i] - c[i]);
            }
            return s;
        };
        List<Double> values = new ArrayList<>();
        Result r = new Adam(Adam.Options.of(0.1, 2000))
                .minimize(f, new double[] {0.5, 0.5, 0.9, 0}, lower, upper, (k, x, fx) -> values.add(fx));
        assertEquals(1.0, r.x()[0], 1e-9);
        assertEquals(0.0, r.x()[1], 1e-9);
        assertEquals(0.5, r.x()[2], 1e-3);
        assertEquals(10.0, r.x()[3], 1e-3);
        assertEquals(2000, r.iterations());
        assertEquals(2001, r.evaluations());
        assertEquals(2000, values.size());
        assertTrue(values.get(1999) < values.get(0));
        for (int i = 0; i < r.x().length; i++) {
            assertTrue(r.x()[i] >= lower[i] && r.x()[i] <= upper[i]);
        }
    }

    @Test
    void aListenerCanStopTheRun() {
        DifferentiableFunction f = (x, g) -> {
            g[0] = 2 * x[0];
            return x[0] * x[0];
        };
        Result r = new Adam(Adam.Options.of(0.01, 100)).minimize(f, new double[] {1},
                new double[] {-5}, new double[] {5}, (k, x, fx) -> {
                    if (k == 3) {
                        throw new StopRequested();
                    }
                });
        assertEquals(3, r.iterations());
        assertEquals(Status.STOPPED, r.status());
    }
}
