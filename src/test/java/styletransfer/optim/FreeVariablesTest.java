package styletransfer.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** freev's branch-free lists (Solver.listFree, listLeaving, listEntering) against the original's loops. */
class FreeVariablesTest {
    private static final int[] STATES = {-3, -1, 0, 1, 2, 3};

    @Test
    void listsEqualTheOriginalLoopsForRandomAndExtremeBoundStatus() {
        Random random = new Random(11);
        for (int n : new int[] {1, 2, 7, 64, 1000}) {
            for (int pattern = 0; pattern < 6; pattern++) {
                int[] before = status(n, pattern, random);
                int[] after = status(n, (pattern + 1 + random.nextInt(5)) % 6, random);
                check(before, after);
                check(after, after);
                check(before, flipped(before));
            }
        }
    }

    /** 0, 1: all free, all active; 2, 3: random, mostly free or mostly active; 4: random; 5: alternating. */
    private static int[] status(int n, int pattern, Random random) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            boolean free = switch (pattern) {
                case 0 -> true;
                case 1 -> false;
                case 2 -> random.nextInt(10) != 0;
                case 3 -> random.nextInt(10) == 0;
                case 4 -> random.nextBoolean();
                default -> i % 2 == 0;
            };
            s[i] = free ? STATES[random.nextInt(3)] : STATES[3 + random.nextInt(3)];
        }
        return s;
    }

    private static int[] flipped(int[] s) {
        int[] f = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            f[i] = s[i] <= 0 ? 1 : 0;
        }
        return f;
    }

    /** The old lists from before, then the three lists for after, both ways. */
    private static void check(int[] before, int[] after) {
        int n = before.length;
        int[] index = new int[n];
        int nfree = originalFree(before, index);
        int[] expectedIndex = new int[n];
        int expectedFree = originalFree(after, expectedIndex);
        int[] expected2 = new int[n];
        int expectedLeave = n;
        for (int i = 0; i < nfree; i++) {
            if (after[index[i]] > 0) {
                expected2[--expectedLeave] = index[i];
            }
        }
        int expectedEnter = 0;
        for (int i = nfree; i < n; i++) {
            if (after[index[i]] <= 0) {
                expected2[expectedEnter++] = index[i];
            }
        }

        int[] indx2 = new int[n];
        Arrays.fill(indx2, -7);
        int leave = Solver.listLeaving(index, nfree, after, indx2, n);
        int enter = Solver.listEntering(index, nfree, after, indx2, n);
        assertEquals(expectedLeave, leave);
        assertEquals(expectedEnter, enter);
        assertArrayEquals(Arrays.copyOfRange(expected2, 0, expectedEnter), Arrays.copyOfRange(indx2, 0, enter));
        assertArrayEquals(Arrays.copyOfRange(expected2, expectedLeave, n), Arrays.copyOfRange(indx2, leave, n));

        int[] actualIndex = index.clone();
        assertEquals(expectedFree, Solver.listFree(after, actualIndex, n));
        assertArrayEquals(expectedIndex, actualIndex);
    }

    /** The original freev's last loop. */
    private static int originalFree(int[] iwhere, int[] index) {
        int nfree = 0;
        int iact = iwhere.length;
        for (int i = 0; i < iwhere.length; i++) {
            if (iwhere[i] <= 0) {
                index[nfree++] = i;
            } else {
                index[--iact] = i;
            }
        }
        return nfree;
    }
}
