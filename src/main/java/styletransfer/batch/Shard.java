package styletransfer.batch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import styletransfer.BadInputException;

/**
 * Part {@code index} of {@code count} of a batch ({@code --shard K/N}), for N tasks of a job array that each paint
 * their own part of one manifest.
 *
 * <p>Which job belongs to which part is computed from the jobs alone (and their estimated work), the same way by
 * every task, so the N parts are disjoint and together hold every job once, without the tasks talking to each
 * other. The parts are balanced by estimated work, not by count: jobs are placed largest first, each on the part
 * with the least work so far (ties: the lower job number, then the lower part), which keeps the largest part
 * within one job of the average.
 */
public record Shard(int index, int count) {
    /** The whole batch: one part. */
    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new BadInputException("--shard must be K/N with N at least 1 and K from 0 to N-1, got "
                    + index + "/" + count);
        }
    }

    /** Parses {@code K/N}, e.g. {@code 2/8} (Slurm: {@code $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT}). */
    public static Shard parse(String text) {
        String t = text == null ? "" : text.trim();
        int slash = t.indexOf('/');
        if (slash < 0) {
            throw new BadInputException("--shard must be K/N (this task's part K, from 0, of N parts), e.g. 0/4;"
                    + " got '" + text + "'");
        }
        int k;
        int n;
        try {
            k = Integer.parseInt(t.substring(0, slash).trim());
            n = Integer.parseInt(t.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new BadInputException("--shard must be K/N with whole numbers, e.g. 0/4; got '" + text + "'"
                    + (t.contains("$") ? " (an unset variable?)" : ""));
        }
        return new Shard(k, n);
    }

    /**
     * The part of every job: {@code parts[i]} is the part of {@code jobs.get(i)}. Depends only on the jobs'
     * numbers and their work, so every task computes the same answer.
     */
    public static int[] assign(List<Job> jobs, ToLongFunction<Job> work, int count) {
        List<Integer> order = new ArrayList<>();
        long[] w = new long[jobs.size()];
        for (int i = 0; i < jobs.size(); i++) {
            order.add(i);
            w[i] = Math.max(1, work.applyAsLong(jobs.get(i)));
        }
        order.sort(Comparator.<Integer>comparingLong(i -> -w[i]).thenComparingInt(i -> jobs.get(i).number()));
        long[] load = new long[count];
        int[] parts = new int[jobs.size()];
        for (int i : order) {
            int least = 0;
            for (int p = 1; p < count; p++) {
                if (load[p] < load[least]) {
                    least = p;
                }
            }
            parts[i] = least;
            load[least] += w[i];
        }
        return parts;
    }

    /** This part's jobs, in the batch's order. */
    public List<Job> select(List<Job> jobs, ToLongFunction<Job> work) {
        int[] parts = assign(jobs, work, count);
        List<Job> mine = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            if (parts[i] == index) {
                mine.add(jobs.get(i));
            }
        }
        return mine;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
