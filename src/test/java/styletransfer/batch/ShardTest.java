package styletransfer.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import styletransfer.BadInputException;

/** --shard K/N: parsing, and parts that are disjoint, cover the batch, and are balanced by work. */
class ShardTest {
    private static final JobOptions O = new JobOptions("squeezenet", null, "1e4", 10, 64, "content", 1L);

    @Test
    void parsesKOfN() {
        assertEquals(new Shard(2, 8), Shard.parse("2/8"));
        assertEquals(new Shard(0, 1), Shard.parse(" 0 / 1 "));
        assertEquals("2/8", Shard.parse("2/8").toString());
    }

    @Test
    void refusesWhatIsNotAPartOfN() {
        for (String bad : List.of("", "3", "3/3", "-1/2", "0/0", "a/b", "1/2/3", "$SLURM_ARRAY_TASK_ID/4", "1.5/4")) {
            BadInputException e = assertThrows(BadInputException.class, () -> Shard.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--shard must be K/N"), e.getMessage());
        }
        assertTrue(assertThrows(BadInputException.class, () -> Shard.parse("$X/4")).getMessage()
                .contains("unset variable"));
    }

    @Test
    void partsAreDisjointCoverEveryJobAndAreTheSameEachTime() {
        List<Job> jobs = jobs(37);
        Random r = new Random(5);
        Map<Job, Long> work = new java.util.HashMap<>();
        jobs.forEach(j -> work.put(j, 1 + (long) r.nextInt(1000)));
        for (int n : new int[] {1, 2, 3, 7, 37, 50}) {
            Set<Integer> seen = new HashSet<>();
            for (int k = 0; k < n; k++) {
                for (Job j : new Shard(k, n).select(jobs, work::get)) {
                    assertTrue(seen.add(j.number()), "job " + j.number() + " in two parts of " + n);
                }
            }
            assertEquals(37, seen.size(), "every job in some part of " + n);
            assertArrayEquals(Shard.assign(jobs, work::get, n), Shard.assign(List.copyOf(jobs), work::get, n));
        }
    }

    @Test
    void balancesByWorkNotByCount() {
        // One job as large as the nine others together: a split by count would put 5.5 of the work on one side.
        List<Job> jobs = jobs(10);
        ToLongFunction<Job> work = j -> j.number() == 4 ? 900 : 100;
        List<Job> a = new Shard(0, 2).select(jobs, work);
        List<Job> b = new Shard(1, 2).select(jobs, work);
        assertEquals(List.of(4), a.stream().map(Job::number).filter(n -> n == 4).toList());
        assertEquals(900, a.stream().mapToLong(work).sum());
        assertEquals(900, b.stream().mapToLong(work).sum());
        assertEquals(9, b.size());
        assertTrue(a.get(0).number() < a.get(a.size() - 1).number() || a.size() == 1, "batch order kept");

        // Equal work: counts differ by at most one, and the lower parts get the earlier jobs.
        List<Integer> sizes = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            sizes.add(new Shard(k, 4).select(jobs, j -> 7).size());
        }
        assertEquals(List.of(3, 3, 2, 2), sizes);
        assertEquals(List.of(1, 5, 9), new Shard(0, 4).select(jobs, j -> 7).stream().map(Job::number).toList());
    }

    private static List<Job> jobs(int n) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            jobs.add(new Job(i, Path.of("c" + i + ".jpg"), Path.of("s.jpg"), Path.of("out/" + i + ".png"), O));
        }
        return jobs;
    }
}
