package styletransfer.optim;

import java.util.EnumMap;
import java.util.Map;

/**
 * Where L-BFGS-B's own time goes: wall-clock nanoseconds per section of an iteration, accumulated over a run (the
 * function's evaluations and the listener's calls excluded). A benchmark reads it between iterations to see which
 * part of the optimizer is left to make faster; a run pays a few clock readings per iteration for it.
 */
public final class SectionTimes {
    /** The sections, in the order an iteration runs them (L-BFGS-B 3.0's routines in parentheses). */
    public enum Section {
        /** The Cauchy step's first loop over the variables: bound status, direction, breakpoints. */
        CAUCHY_SCAN("cauchyScan"),
        /** p = W'd, the Cauchy direction against every correction. */
        CAUCHY_PRODUCT("cauchyProduct"),
        /** The walk over the breakpoints in the order of their t, to the Cauchy point. */
        CAUCHY_WALK("cauchyWalk"),
        /** The free and active lists and what entered or left (freev). */
        FREE_VARIABLES("freev"),
        /** The middle matrix for the free variables and its factors (formk). */
        FORM_K("formk"),
        /** The reduced gradient and W'Zr (cmprlb). */
        REDUCED_GRADIENT("cmprlb"),
        /** The Newton step on the free variables and its projection (subsm). */
        SUBSPACE("subsm"),
        /** The line search's own work: |d|, the step bound, copies, the trial points (lnsrlb). */
        LINE_SEARCH("lineSearch"),
        /** y = g - g_old, its norm, the new corrections and their dots, T (matupd, formt). */
        UPDATE("update"),
        /** The projected-gradient norm, the stopping tests and what else lies between the sections. */
        OTHER("other");

        private final String key;

        Section(String key) {
            this.key = key;
        }

        /** A short name for the printed reports. */
        public String key() {
            return key;
        }
    }

    private final long[] nanos = new long[Section.values().length];
    private long last;

    /** Starts the clock: what follows until the next {@link #mark} belongs to that mark's section. */
    void start() {
        last = System.nanoTime();
    }

    /** The time since the last mark (or start) was spent in section s. */
    void mark(Section s) {
        long now = System.nanoTime();
        nanos[s.ordinal()] += now - last;
        last = now;
    }

    /** The time since the last mark was not the optimizer's (an evaluation, the listener): it is dropped. */
    void skip() {
        last = System.nanoTime();
    }

    public long nanos(Section s) {
        return nanos[s.ordinal()];
    }

    /** Back to zero in every section. */
    public void reset() {
        java.util.Arrays.fill(nanos, 0L);
    }

    /** The totals so far, per section. */
    public Map<Section, Long> snapshot() {
        Map<Section, Long> m = new EnumMap<>(Section.class);
        for (Section s : Section.values()) {
            m.put(s, nanos[s.ordinal()]);
        }
        return m;
    }
}
