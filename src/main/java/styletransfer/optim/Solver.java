package styletransfer.optim;

import styletransfer.optim.LbfgsB.Options;
import styletransfer.optim.SectionTimes.Section;

/**
 * One L-BFGS-B run. The reverse-communication loop of the Fortran/C code and scipy's Python
 * driver around it are folded into one straight loop here; the statements keep the original
 * order of floating-point operations so the iterates match scipy's.
 *
 * <p>Storage follows the original: S and Y are n x m column-major rings (column {@code
 * (head + j) % m} is the j-th oldest correction), the small matrices are column-major.
 *
 * <p>Where each routine of L-BFGS-B 3.0 ({@code lbfgsb.f}, as scipy's C translation) is:
 * <table>
 * <caption>L-BFGS-B 3.0 routines and their Java counterparts</caption>
 * <tr><th>L-BFGS-B 3.0</th><th>here</th></tr>
 * <tr><td>setulb, mainlb (and scipy's driver loop)</td><td>{@link #run()}, {@link #iterate()},
 *     {@link #finish(String)}, {@link #evaluate()}</td></tr>
 * <tr><td>errclb</td><td>the argument checks of {@link LbfgsB#minimize} and {@link LbfgsB.Options}</td></tr>
 * <tr><td>active</td><td>{@link #initBounds()}</td></tr>
 * <tr><td>projgr</td><td>{@link #projectedGradientNorm()}</td></tr>
 * <tr><td>cauchy</td><td>{@link #cauchy()}, with {@link #scan(ScanPart, int, int)}, {@link #accumulateWtd(int, int, int)},
 *     and {@link BreakpointOrder} for the order of the breakpoints</td></tr>
 * <tr><td>hpsolb</td><td>{@link BreakpointOrder#heapSelect(int, double[], int)}, used by {@link BreakpointOrder}</td></tr>
 * <tr><td>bmv</td><td>{@link #middleProduct(double[], double[])}</td></tr>
 * <tr><td>freev</td><td>{@link #freeVariables()}</td></tr>
 * <tr><td>formk</td><td>{@link #formK(boolean)}, with {@link #newRowsY(int, boolean)} and {@link
 *     #newRowsS(int, boolean)} (and in them
 *     {@link #columnDotPairs}: the new rows and subsm's W'Z r in one sweep),
 *     {@link #correctionSums(int, double[])}</td></tr>
 * <tr><td>formt</td><td>{@link #formT()}</td></tr>
 * <tr><td>cmprlb</td><td>{@link #reducedGradient()}, {@link #reducedGradientPart(int, int)}</td></tr>
 * <tr><td>subsm (with the Morales-Nocedal projection)</td><td>{@link #subspaceMinimization()},
 *     {@link #newtonStep(int, int, double[])}</td></tr>
 * <tr><td>cauchy then subsm, and the reset on a singular matrix</td><td>{@link #searchPoint()},
 *     {@link #resetMemory()}</td></tr>
 * <tr><td>lnsrlb</td><td>{@link #lineSearch()}</td></tr>
 * <tr><td>dcsrch, dcstep (MINPACK-2)</td><td>{@link MoreThuente}</td></tr>
 * <tr><td>matupd</td><td>{@link #updateMatrices(double, double)}</td></tr>
 * <tr><td>dpofa, dtrsl (LINPACK)</td><td>{@link Dense#choleskyUpper}, {@link Dense#solveUpper}</td></tr>
 * <tr><td>ddot, daxpy, dscal, dcopy, dnrm2 (BLAS, as OpenBLAS rounds them)</td><td>{@link Blas},
 *     {@link ExtendedNorm}</td></tr>
 * </table>
 */
final class Solver {
    /** From this n on a second thread takes half of the largest loops (when there is a CPU). */
    static final int PARALLEL_MIN_N = 100_000;

    private final DifferentiableFunction fn;
    private final IterationListener listener;
    private final Options opt;
    private final int n;
    private final int m;
    private final double factr;

    private final double[] x;
    private final double[] l;
    private final double[] u;
    /** 0 free, 1 lower only, 2 both, 3 upper only (the original nbd). */
    private final byte[] nbd;
    private final double[] g;

    private final double[] ws;
    private final double[] wy;
    private final double[] sy;
    private final double[] ss;
    private final double[] wt;
    private final double[] wn;
    private final double[] wn1;
    private final double[] z;
    private final double[] r;
    private final double[] d;
    /**
     * Scratch of 2n doubles with three uses that never overlap in time: cauchy's breakpoints
     * as (t, variable index) pairs side by side, so that a step of the heap touches one cache
     * line instead of two; then subsm's copy of the free variables' Cauchy point (second half,
     * XP, in the free list's order); then the line search's copy of the last iterate (first
     * half, the original's t).
     */
    private final double[] bp;
    private static final int XP = 1;
    private final double[] p;
    private final double[] c;
    private final double[] wbp;
    private final double[] v;
    private final int[] index;
    /**
     * Distance between consecutive corrections in ws and wy: n rounded up to a multiple of 512
     * plus 32, so that the m columns' elements with the same index fall into different sets of
     * the 4 KiB-aliased L1 cache instead of evicting each other in the loops over all columns.
     */
    private final int ld;
    /** ld * ((head + j) % m): where the j-th oldest correction starts in ws and wy. */
    private final int[] colOffset;
    private final double[] acc1;
    private final double[] acc2;
    private final double[] acc3;
    private final double[] acc4;
    /** formK's correction sums (six m x m blocks) and each thread's gathered block (2m x CORRECTION_BLOCK). */
    private final double[] corr;
    /** Whether the line search's new x differs from the old in each half. */
    private final boolean[] lineMoved = new boolean[2];
    /** The two halves' projected-gradient norms. */
    private final double[] pgHalves = new double[2];
    private final double[] gather0;
    private final double[] gather1;
    /** Per ring slot: whether that correction's s and y are known to hold only finite numbers. */
    private final boolean[] finiteCorrection;
    /** subsm's first product W'Z r: Y'Z r and S'Z r (before the factor theta), when wvReady. */
    private final double[] yzr;
    private final double[] szr;
    /** Whether formK's sweep already gave W'Z r (in yzr and szr) for subsm. */
    private boolean wvReady;
    private final int[] iwhere;
    private final int[] indx2;

    private final MoreThuente lineSearch = new MoreThuente(1e-3, 0.9, 0.1);

    private boolean cnstnd;
    private boolean boxed;
    private boolean updatd;
    private boolean wrk;
    private int col;
    private int head;
    private int itail;
    private int iupdat;
    private int iter;
    private int nfree;
    private int nenter;
    private int ileave;
    private int ifun;
    private int iback;
    private int info;
    private double theta = 1.0;
    private double fold;
    private double dnorm;
    private double dtd;
    private double gd;
    private double gdold;
    private double stp;
    private double stpmx;
    private double sbgnrm;

    /** The objective value L-BFGS-B works with at x. */
    private double f;
    /** The value of the most recent evaluation: what scipy reports as fun. */
    private double fEvaluated;
    /** Whether x equals the point of the most recent evaluation (scipy's memoization). */
    private boolean evaluatedAtX;
    private int nfev;
    private int nit;
    private boolean stopRequested;
    /** The helper thread of a parallel run, else null. */
    private final HelperThread helper;
    /** Runs two independent halves of a loop: on the helper thread and here, or in turn. */
    private final Blas.Pair pair;
    /** The order of the Cauchy breakpoints (the original's heap, built only when needed). */
    private final BreakpointOrder order;
    /** Where the time goes, or null. */
    private final SectionTimes sections;

    Solver(DifferentiableFunction fn, double[] x0, double[] lower, double[] upper, Options opt,
           IterationListener listener, boolean parallel) {
        this(fn, x0, lower, upper, opt, listener, parallel, false, null);
    }

    /**
     * As above; with heapOrder the Cauchy breakpoints always go through the original's heap (the
     * reference that tests compare {@link BreakpointOrder}'s shortcut with); sections, if not null,
     * accumulates the time of each section.
     */
    Solver(DifferentiableFunction fn, double[] x0, double[] lower, double[] upper, Options opt,
           IterationListener listener, boolean parallel, boolean heapOrder, SectionTimes sections) {
        this.fn = fn;
        this.sections = sections;
        order = new BreakpointOrder(heapOrder);
        if (parallel) {
            helper = new HelperThread("lbfgsb-helper");
            pair = helper;
        } else {
            helper = null;
            pair = Blas.SEQUENTIAL;
        }
        this.listener = listener;
        this.opt = opt;
        this.n = x0.length;
        this.m = opt.maxCorrections();
        this.factr = opt.ftol() / LbfgsB.EPS;
        x = new double[n];
        l = new double[n];
        u = new double[n];
        nbd = new byte[n];
        for (int i = 0; i < n; i++) {
            boolean hasLower = !Double.isInfinite(lower[i]);
            boolean hasUpper = !Double.isInfinite(upper[i]);
            l[i] = hasLower ? lower[i] : 0.0;
            u[i] = hasUpper ? upper[i] : 0.0;
            nbd[i] = (byte) (hasLower ? (hasUpper ? 2 : 1) : (hasUpper ? 3 : 0));
            // np.clip(x0, lower, upper): max with lower first, then min with upper.
            double xi = x0[i];
            if (xi < lower[i]) {
                xi = lower[i];
            }
            if (xi > upper[i]) {
                xi = upper[i];
            }
            x[i] = xi;
        }
        g = new double[n];
        ld = n < 512 ? n : (int) Math.min(Integer.MAX_VALUE, ((n + 511L) & -512L) + 32);
        long mn = (long) m * ld;
        if (mn > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxCorrections * n too large: " + mn);
        }
        ws = new double[(int) mn];
        wy = new double[(int) mn];
        sy = new double[m * m];
        ss = new double[m * m];
        wt = new double[m * m];
        wn = new double[4 * m * m];
        wn1 = new double[4 * m * m];
        z = new double[n];
        r = new double[n];
        d = new double[n];
        bp = new double[2 * n];
        p = new double[2 * m];
        c = new double[2 * m];
        wbp = new double[2 * m];
        v = new double[2 * m];
        index = new int[n];
        colOffset = new int[m];
        finiteCorrection = new boolean[m];
        acc1 = new double[m];
        acc2 = new double[m];
        acc3 = new double[m];
        acc4 = new double[m];
        yzr = new double[m];
        szr = new double[m];
        corr = new double[6 * m * m];
        gather0 = new double[2 * m * CORRECTION_BLOCK];
        gather1 = new double[2 * m * CORRECTION_BLOCK];
        iwhere = new int[n];
        indx2 = new int[n];
        // r and indx2 are written only after the Cauchy step (by cmprlb and freev): during it the breakpoint order
        // may keep a selection of all the breakpoints there (the first step of a run passes nearly all of them).
        order.lendRoom(r, indx2);
    }

    /** The Cauchy breakpoint order's counters (for tests and measurements). */
    BreakpointOrder breakpointOrder() {
        return order;
    }

    /** Whether a run of this size should use a second thread on this machine. */
    static boolean worthParallel(int n) {
        return n >= PARALLEL_MIN_N && Runtime.getRuntime().availableProcessors() > 1;
    }

    Result run() {
        try {
            return iterate();
        } finally {
            if (helper != null) {
                helper.close();
            }
        }
    }

    private Result iterate() {
        if (sections != null) {
            sections.start();
        }
        evaluate();
        initBounds();
        nfree = n;
        sbgnrm = projectedGradientNorm();
        if (sbgnrm <= opt.gtol()) {
            return finish(LbfgsB.CONV_GRAD);
        }
        double tol = factr * LbfgsB.EPS;
        while (true) {
            mark(Section.OTHER);
            if (!searchPoint()) {
                resetMemory();
                continue;
            }
            pair.run(() -> difference(z, x, d, 0, n / 2), () -> difference(z, x, d, n / 2, n));
            boolean found = lineSearch();
            mark(Section.LINE_SEARCH);
            if (!found) {
                // The line search failed: go back to the last iterate.
                System.arraycopy(bp, 0, x, 0, n);
                System.arraycopy(r, 0, g, 0, n);
                f = fold;
                if (col == 0) {
                    iter++;
                    return finish(LbfgsB.ABNORMAL);
                }
                resetMemory();
                continue;
            }

            // A new iterate.
            iter++;
            sbgnrm = projectedGradientNorm();
            nit++;
            String stop = null;
            mark(Section.OTHER);
            if (listener != null) {
                try {
                    listener.iteration(nit, x, f, sbgnrm);
                } catch (StopRequested e) {
                    stopRequested = true;
                    stop = LbfgsB.STOP_CALLBACK;
                }
                skip();
            }
            if (stopRequested) {
                return finish(stop);
            }
            if (nit >= opt.maxIterations()) {
                stop = LbfgsB.STOP_ITERS;
            } else if (nfev > opt.maxEvaluations()) {
                stop = LbfgsB.STOP_EVALS;
            }
            if (stop != null) {
                return finish(stop);
            }

            if (sbgnrm <= opt.gtol()) {
                return finish(LbfgsB.CONV_GRAD);
            }
            double ddum = fmax(fmax(Math.abs(fold), Math.abs(f)), 1.0);
            if (fold - f <= tol * ddum) {
                return finish(LbfgsB.CONV_F);
            }

            // s = d * stp (scaled below), y = g - g_old.
            pair.run(() -> difference(g, r, r, 0, n / 2), () -> difference(g, r, r, n / 2, n));
            double rnorm = Blas.nrm2(n, r, pair);
            double rr = rnorm * rnorm;
            double dr;
            if (stp == 1.0) {
                dr = gd - gdold;
                ddum = -gdold;
            } else {
                dr = (gd - gdold) * stp;
                double st = stp;
                pair.run(() -> scale(d, st, 0, n / 2), () -> scale(d, st, n / 2, n));
                ddum = -gdold * stp;
            }
            if (dr <= LbfgsB.EPS * ddum) {
                // Curvature too small: skip the update.
                updatd = false;
                continue;
            }
            updatd = true;
            iupdat++;
            updateMatrices(rr, dr);
            if (formT() != 0) {
                resetMemory();
            }
            mark(Section.UPDATE);
        }
    }

    /** The time since the last mark went to section s (when sections are timed). */
    private void mark(Section s) {
        if (sections != null) {
            sections.mark(s);
        }
    }

    /** The time since the last mark was not the optimizer's. */
    private void skip() {
        if (sections != null) {
            sections.skip();
        }
    }

    private Result finish(String message) {
        Status status;
        if (stopRequested) {
            status = Status.STOPPED;
        } else if (message.startsWith("CONVERGENCE")) {
            status = Status.CONVERGED;
        } else if (nfev > opt.maxEvaluations() || nit >= opt.maxIterations()) {
            status = Status.LIMIT_REACHED;
        } else {
            status = Status.ABNORMAL;
        }
        return new Result(x.clone(), fEvaluated, nit, nfev, status, message);
    }

    private void evaluate() {
        mark(Section.LINE_SEARCH);
        f = fn.valueAndGradient(x, g);
        skip();
        fEvaluated = f;
        nfev++;
        evaluatedAtX = true;
    }

    /** Fills colOffset for the current head and col (the ring order of the corrections). */
    private void ringOffsets() {
        int pointr = head;
        for (int j = 0; j < col; j++) {
            colOffset[j] = ld * pointr;
            pointr = (pointr + 1) % m;
        }
    }

    /** Discards the limited-memory matrix (the original's response to numerical trouble). */
    private void resetMemory() {
        info = 0;
        col = 0;
        head = 0;
        theta = 1.0;
        iupdat = 0;
        updatd = false;
    }

    /** The original's subroutine active, after x is already inside the box. */
    private void initBounds() {
        cnstnd = false;
        boxed = true;
        for (int i = 0; i < n; i++) {
            if (nbd[i] != 2) {
                boxed = false;
            }
            if (nbd[i] == 0) {
                iwhere[i] = -1;
            } else {
                cnstnd = true;
                iwhere[i] = nbd[i] == 2 && u[i] - l[i] <= 0.0 ? 3 : 0;
            }
        }
    }

    /** v[i] *= a for i in [from, to). */
    private static void scale(double[] v, double a, int from, int to) {
        for (int i = from; i < to; i++) {
            v[i] *= a;
        }
    }

    /** out[i] = a[i] - b[i] for i in [from, to). */
    private static void difference(double[] a, double[] b, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = a[i] - b[i];
        }
    }

    /**
     * Infinity norm of the projected gradient (projgr); a NaN in g is passed on. A maximum of
     * absolute values does not depend on the order, so the two threads take halves (the first
     * half's NaN, if any, is the one the original's loop would meet first).
     */
    private double projectedGradientNorm() {
        double[] half = pgHalves;
        int mid = n / 2;
        pair.run(() -> half[0] = projectedGradientNorm(0, mid), () -> half[1] = projectedGradientNorm(mid, n));
        if (half[0] != half[0]) {
            return half[0];
        }
        if (half[1] != half[1]) {
            return half[1];
        }
        return fmax(half[0], half[1]);
    }

    /**
     * The projected-gradient norm over [from, to): the first NaN of g there, else the largest
     * |projected g_i|. Four independent maxima (a maximum does not depend on the order; every
     * term is >= +0, so there is no signed zero to tell apart) instead of one dependent chain;
     * a NaN, rare, is looked for again in order so that the same one is returned.
     */
    private double projectedGradientNorm(int from, int to) {
        double n0 = 0.0, n1 = 0.0, n2 = 0.0, n3 = 0.0;
        boolean nan = false;
        int i = from;
        for (; i + 3 < to; i += 4) {
            double a0 = projectedGradient(i), a1 = projectedGradient(i + 1);
            double a2 = projectedGradient(i + 2), a3 = projectedGradient(i + 3);
            nan |= a0 != a0 | a1 != a1 | a2 != a2 | a3 != a3;
            n0 = a0 > n0 ? a0 : n0;
            n1 = a1 > n1 ? a1 : n1;
            n2 = a2 > n2 ? a2 : n2;
            n3 = a3 > n3 ? a3 : n3;
        }
        for (; i < to; i++) {
            double a0 = projectedGradient(i);
            nan |= a0 != a0;
            n0 = a0 > n0 ? a0 : n0;
        }
        if (nan) {
            for (int k = from; k < to; k++) {
                if (g[k] != g[k]) {
                    return g[k];
                }
            }
        }
        n0 = n1 > n0 ? n1 : n0;
        n2 = n3 > n2 ? n3 : n2;
        return n2 > n0 ? n2 : n0;
    }

    /**
     * |g_i| projected on the box as projgr does; NaN exactly when g_i is NaN (then g_i itself).
     * For a variable with both bounds and x_i inside them (every pixel of a style transfer) the
     * original's fmax(x - u, g) for g < 0 and fmin(x - l, g) otherwise have the absolute value
     * min(|g|, u - x) and min(|g|, x - l) (u - x rounds to exactly -(x - u); signed zeros vanish
     * in the absolute value): the side is picked by g's sign bit without a branch, since the
     * sign of a gradient is unpredictable. Everything else goes the original way.
     */
    private double projectedGradient(int i) {
        double gi = g[i];
        double xi = x[i];
        double li = l[i];
        double ui = u[i];
        if (nbd[i] == 2 && xi >= li && xi <= ui && gi == gi) {
            long below = Double.doubleToRawLongBits(xi - li);
            long above = Double.doubleToRawLongBits(ui - xi);
            long negative = Double.doubleToRawLongBits(gi) >> 63;
            return Math.min(Math.abs(gi), Double.longBitsToDouble(below ^ ((below ^ above) & negative)));
        }
        if (gi != gi) {
            return gi;
        }
        byte b = nbd[i];
        if (b != 0) {
            if (gi < 0.0) {
                if (b >= 2) {
                    gi = fmax(xi - ui, gi);
                }
            } else {
                if (b <= 2) {
                    gi = fmin(xi - li, gi);
                }
            }
        }
        return Math.abs(gi);
    }

    /**
     * Computes the next target point z: the generalized Cauchy point followed by subspace
     * minimization. Returns false when the limited-memory matrix must be reset first.
     */
    private boolean searchPoint() {
        if (!cnstnd && col > 0) {
            System.arraycopy(x, 0, z, 0, n);
            wrk = updatd;
        } else {
            int inf = cauchy();
            mark(Section.CAUCHY_WALK);
            if (inf != 0) {
                return false;
            }
            freeVariables();
            mark(Section.FREE_VARIABLES);
        }
        if (nfree == 0 || col == 0) {
            return true;
        }
        // formk's new rows and subsm's W'Z r are both sums over the free variables' Y and S columns, in the
        // same order, and neither needs the other: with cmprlb's r first, one sweep gives both.
        boolean fused = wrk && updatd && cnstnd;
        wvReady = false;
        if (fused) {
            info = reducedGradient();
            mark(Section.REDUCED_GRADIENT);
            if (info != 0) {
                return false;
            }
        }
        if (wrk) {
            info = formK(fused);
            mark(Section.FORM_K);
        }
        if (info != 0) {
            return false;
        }
        if (!fused) {
            info = reducedGradient();
            mark(Section.REDUCED_GRADIENT);
        }
        if (info == 0) {
            info = subspaceMinimization();
            mark(Section.SUBSPACE);
        }
        return info == 0;
    }

    // ---------------------------------------------------------------- middle matrix products

    /**
     * Multiplies the 2col vector vin by the middle matrix M of the compact L-BFGS form (bmv),
     * writing out. Returns nonzero on a singular triangular factor.
     */
    private int middleProduct(double[] vin, double[] out) {
        if (col == 0) {
            return 0;
        }
        out[col] = vin[col];
        for (int i = 1; i < col; i++) {
            double sum = 0.0;
            for (int k = 0; k < i; k++) {
                sum = sum + sy[i + m * k] * vin[k] / sy[k + m * k];
            }
            out[col + i] = vin[col + i] + sum;
        }
        int inf = Dense.solveUpper(wt, 0, m, col, true, out, col, col, 1);
        if (inf != 0) {
            return inf;
        }
        for (int i = 0; i < col; i++) {
            out[i] = vin[i] / Math.sqrt(sy[i + m * i]);
        }
        inf = Dense.solveUpper(wt, 0, m, col, false, out, col, col, 1);
        if (inf != 0) {
            return inf;
        }
        for (int i = 0; i < col; i++) {
            out[i] = -out[i] / Math.sqrt(sy[i + m * i]);
        }
        for (int i = 0; i < col; i++) {
            double sum = 0.0;
            for (int k = i + 1; k < col; k++) {
                sum = sum + sy[k + m * i] * out[col + k] / sy[i + m * i];
            }
            out[i] = out[i] + sum;
        }
        return 0;
    }

    // ---------------------------------------------------------------- generalized Cauchy point

    /**
     * The generalized Cauchy point (cauchy): the first local minimizer of the quadratic model
     * along the projected steepest-descent path, written into z. Also leaves c = W'(z - x)
     * and the breakpoint bookkeeping in iwhere. Returns nonzero on a singular factor.
     *
     * <p>The first loop over the variables runs by halves on two threads ({@link #scan(ScanPart, int, int)}); f1, a
     * sum in variable order, is the lower half's sum continued over the upper half's d afterwards.
     * The breakpoints are passed in the heap's order without building the heap when that order is
     * certain ({@link BreakpointOrder}): the heap's build and its steps over 300,000-520,000
     * breakpoints were the largest part of the optimizer in a style transfer. (Computing each passed
     * breakpoint's row of W and its product with M ahead on the helper thread was tried: it made the
     * optimizer slower, 65-71 against 56-60 ms per iteration at -l 512, and was removed.)
     */
    private int cauchy() {
        if (sbgnrm <= 0.0) {
            System.arraycopy(x, 0, z, 0, n);
            return 0;
        }
        int col2 = 2 * col;
        // Breakpoint k is bp[2k] (its t) and bp[2k + 1] (its variable), the original's t and
        // iorder side by side. The original also lists the free variables at the top of iorder,
        // but never reads that list: here they are only counted.
        ringOffsets();
        for (int j = 0; j < col2; j++) {
            p[j] = 0.0;
        }
        pair.run(scanLowTask, scanHighTask);
        mark(Section.CAUCHY_SCAN);
        ScanPart lo = scanLow;
        ScanPart hi = scanHigh;
        int nbreak = lo.count + hi.count - 1;
        int free = n - lo.unbroken - hi.unbroken;
        boolean bnded = lo.bnded && hi.bnded;
        int ibkmin;
        double bkmin;
        if (lo.count > 0 && !(hi.count > 0 && hi.bkmin < lo.bkmin)) {
            ibkmin = lo.ibkmin;
            bkmin = lo.bkmin;
        } else {
            ibkmin = lo.count + hi.ibkmin;
            bkmin = hi.bkmin;
        }

        // p = W'd on both threads; meanwhile f1 continues over the upper half and the upper half's
        // breakpoints move down behind the lower half's (the list in variable order, as the original's).
        pair.run(cauchyPartATask, cauchyPartBTask);
        mark(Section.CAUCHY_PRODUCT);
        double f1 = f1Total;
        if (lo.sawNaN || hi.sawNaN) {
            // With a NaN breakpoint the halves' minima do not combine: the original's scan over the list.
            for (int k = 0; k <= nbreak; k++) {
                double tk = bp[2 * k];
                if (k == 0 || tk < bkmin) {
                    bkmin = tk;
                    ibkmin = k;
                }
            }
        }
        if (theta != 1.0) {
            for (int j = 0; j < col; j++) {
                p[col + j] *= theta;
            }
        }
        System.arraycopy(x, 0, z, 0, n);
        if (nbreak == -1 && free == n) {
            return 0;
        }
        for (int j = 0; j < col2; j++) {
            c[j] = 0.0;
        }

        double f2 = -theta * f1;
        double f2Org = f2;
        if (col > 0) {
            int inf = middleProduct(p, v);
            if (inf != 0) {
                return inf;
            }
            f2 = f2 - Blas.dot(col2, v, p);
        }
        double dtm = -f1 / f2;
        double tsum = 0.0;

        if (nbreak != -1) {
            order.begin(bp, nbreak, ibkmin);
            int nleft = nbreak;
            int pass = 0;
            double tj = 0.0;
            while (true) {
                double tj0 = tj;
                int ibp;
                if (pass == 0) {
                    // The smallest breakpoint is known: often no order beyond it is needed at all.
                    tj = bkmin;
                    ibp = (int) bp[2 * ibkmin + 1];
                } else {
                    tj = order.t(pass);
                    ibp = order.variable(pass);
                }
                double dt = tj - tj0;
                if (dtm < dt) {
                    break;
                }

                // Pass the breakpoint: fix variable ibp at its bound.
                tsum = tsum + dt;
                nleft--;
                pass++;
                double dibp = d[ibp];
                d[ibp] = 0.0;
                double zibp;
                if (dibp > 0.0) {
                    zibp = u[ibp] - x[ibp];
                    z[ibp] = u[ibp];
                    iwhere[ibp] = 2;
                } else {
                    zibp = l[ibp] - x[ibp];
                    z[ibp] = l[ibp];
                    iwhere[ibp] = 1;
                }
                // (The original's early exit for "all n variables fixed" can never trigger in
                // the 0-based C translation scipy runs, so it is left out here too.)
                double dibp2 = dibp * dibp;
                f1 = f1 + dt * f2 + dibp2 - theta * dibp * zibp;
                f2 = f2 - theta * dibp2;
                if (col > 0) {
                    Blas.axpy(col2, dt, p, 0, c, 0);
                    for (int j = 0; j < col; j++) {
                        wbp[j] = wy[ibp + colOffset[j]];
                        wbp[col + j] = theta * ws[ibp + colOffset[j]];
                    }
                    int inf = middleProduct(wbp, v);
                    if (inf != 0) {
                        order.end(pass);
                        return inf;
                    }
                    double wmc = Blas.dot(col2, c, v);
                    double wmp = Blas.dot(col2, p, v);
                    double wmw = Blas.dot(col2, wbp, v);
                    Blas.axpy(col2, -dibp, wbp, 0, p, 0);
                    f1 = f1 + dibp * wmc;
                    f2 = f2 + dibp * 2.0 * wmp - dibp2 * wmw;
                }
                f2 = fmax(LbfgsB.EPS * f2Org, f2);
                if (nleft >= 0) {
                    dtm = -f1 / f2;
                } else {
                    dtm = bnded ? 0.0 : -f1 / f2;
                    break;
                }
            }
            order.end(pass);
        }

        if (dtm <= 0.0) {
            dtm = 0.0;
        }
        tsum = tsum + dtm;
        Blas.axpy(n, tsum, d, 0, z, 0);
        if (col > 0) {
            Blas.axpy(col2, dtm, p, 0, c, 0);
        }
        return 0;
    }

    /** What one half of cauchy's first loop found. */
    private static final class ScanPart {
        /** Breakpoints listed, from bp entry {@code from} of the half on. */
        int count;
        /** The least t and its entry (counted from the half's first), first occurrence. */
        double bkmin;
        int ibkmin;
        /** Variables of the half that move along d without a breakpoint (the original's free--). */
        int unbroken;
        boolean bnded;
        /** Whether a t was NaN (only possible with infinite x, bounds or gradient). */
        boolean sawNaN;
    }

    private final ScanPart scanLow = new ScanPart();
    private final ScanPart scanHigh = new ScanPart();
    /** f1 over all variables, in variable order. */
    private double f1Total;
    private final Runnable scanLowTask = this::scanLowHalf;
    private final Runnable scanHighTask = this::scanHighHalf;
    private final Runnable cauchyPartATask = this::cauchyPartA;
    private final Runnable cauchyPartBTask = this::cauchyPartB;

    private void scanLowHalf() {
        scan(scanLow, 0, n / 2);
    }

    private void scanHighHalf() {
        scan(scanHigh, n / 2, n);
    }

    /** The lower half of p = W'd, then f1 continued over the upper half's d. */
    private void cauchyPartA() {
        accumulateWtd(col, 0, col / 2);
        double f1 = f1Total;
        for (int i = n / 2; i < n; i++) {
            f1 = f1 - d[i] * d[i];
        }
        f1Total = f1;
    }

    /** The upper half's breakpoints moved behind the lower half's, then the upper half of p = W'd. */
    private void cauchyPartB() {
        int from = n / 2;
        int lowCount = scanLow.count;
        if (lowCount < from && scanHigh.count > 0) {
            System.arraycopy(bp, 2 * from, bp, 2 * lowCount, 2 * scanHigh.count);
        }
        accumulateWtd(col, col / 2, col);
    }

    /**
     * The first loop of cauchy over the variables [from, to): iwhere, d and the breakpoints,
     * listed from bp entry from on. The lower half (from = 0) also sums f1 into f1Total; for the
     * upper half it is continued later from d, whose zero entries cannot change it (f1 - 0 * 0 = f1).
     */
    private void scan(ScanPart part, int from, int to) {
        boolean withF1 = from == 0;
        boolean bnded = true;
        int unbroken = 0;
        int nbreak = -1;
        int ibkmin = 0;
        double bkmin = 0.0;
        boolean nan = false;
        double f1 = 0.0;
        double tl = 0.0;
        double tu = 0.0;
        for (int i = from; i < to; i++) {
            double neggi = -g[i];
            if (iwhere[i] != 3 && iwhere[i] != -1) {
                if (nbd[i] <= 2) {
                    tl = x[i] - l[i];
                }
                if (nbd[i] >= 2) {
                    tu = u[i] - x[i];
                }
                boolean xlower = nbd[i] <= 2 && tl <= 0.0;
                boolean xupper = nbd[i] >= 2 && tu <= 0.0;
                iwhere[i] = 0;
                if (xlower) {
                    if (neggi <= 0.0) {
                        iwhere[i] = 1;
                    }
                } else if (xupper) {
                    if (neggi >= 0.0) {
                        iwhere[i] = 2;
                    }
                } else if (Math.abs(neggi) <= 0.0) {
                    iwhere[i] = -3;
                }
            }
            if (iwhere[i] != 0 && iwhere[i] != -1) {
                d[i] = 0.0;
            } else {
                d[i] = neggi;
                if (withF1) {
                    f1 = f1 - neggi * neggi;
                }
                if (nbd[i] <= 2 && nbd[i] != 0 && neggi < 0.0) {
                    nbreak++;
                    double tk = tl / (-neggi);
                    bp[2 * (from + nbreak)] = tk;
                    bp[2 * (from + nbreak) + 1] = i;
                    nan |= tk != tk;
                    if (nbreak == 0 || tk < bkmin) {
                        bkmin = tk;
                        ibkmin = nbreak;
                    }
                } else if (nbd[i] >= 2 && neggi > 0.0) {
                    nbreak++;
                    double tk = tu / neggi;
                    bp[2 * (from + nbreak)] = tk;
                    bp[2 * (from + nbreak) + 1] = i;
                    nan |= tk != tk;
                    if (nbreak == 0 || tk < bkmin) {
                        bkmin = tk;
                        ibkmin = nbreak;
                    }
                } else {
                    unbroken++;
                    if (Math.abs(neggi) > 0.0) {
                        bnded = false;
                    }
                }
            }
        }
        part.count = nbreak + 1;
        part.bkmin = bkmin;
        part.ibkmin = ibkmin;
        part.unbroken = unbroken;
        part.bnded = bnded;
        part.sawNaN = nan;
        if (withF1) {
            f1Total = f1;
        }
    }

    /**
     * p = W'd for the Cauchy direction d (Y part first, then S), each sum over the variables in
     * increasing order as the original's per-variable loop adds them. Going through the
     * variables in cache-sized blocks, two corrections at a time, is much faster than the
     * original's row-wise order and adds the same terms in the same order. The original skips the
     * terms with d_i = 0; adding them instead changes nothing while the corrections are finite
     * (the product is then a zero, and these sums, which start at +0, are never -0), and saves a
     * branch that half the variables mispredicted (it cost a third of this loop). With a correction
     * that may hold an infinity or NaN the terms are skipped, as the original's. Columns from
     * (inclusive) to (exclusive) only, so that two threads can share the work.
     */
    private void accumulateWtd(int col, int from, int to) {
        final int block = 1024;
        boolean skipZeros = false;
        for (int j = 0; j < col; j++) {
            skipZeros |= !finiteCorrection[colOffset[j] / ld];
        }
        for (int start = 0; start < n; start += block) {
            int end = Math.min(n, start + block);
            int j = from;
            for (; j + 1 < to; j += 2) {
                int o0 = colOffset[j];
                int o1 = colOffset[j + 1];
                double y0 = p[j], y1 = p[j + 1], s0 = p[col + j], s1 = p[col + j + 1];
                for (int i = start; i < end; i++) {
                    double di = d[i];
                    if (skipZeros && di == 0.0) {
                        continue;
                    }
                    y0 = y0 + wy[o0 + i] * di;
                    y1 = y1 + wy[o1 + i] * di;
                    s0 = s0 + ws[o0 + i] * di;
                    s1 = s1 + ws[o1 + i] * di;
                }
                p[j] = y0;
                p[j + 1] = y1;
                p[col + j] = s0;
                p[col + j + 1] = s1;
            }
            if (j < to) {
                int o0 = colOffset[j];
                double y0 = p[j], s0 = p[col + j];
                for (int i = start; i < end; i++) {
                    double di = d[i];
                    if (skipZeros && di == 0.0) {
                        continue;
                    }
                    y0 = y0 + wy[o0 + i] * di;
                    s0 = s0 + ws[o0 + i] * di;
                }
                p[j] = y0;
                p[col + j] = s0;
            }
        }
    }

    /**
     * freev: index[0..nfree) becomes the free variables at the Cauchy point, the rest the
     * active ones; indx2 lists the variables that entered ([0, nenter)) and left
     * ([ileave, n)) the free set since the last iteration.
     */
    private void freeVariables() {
        nenter = 0;
        ileave = n;
        if (iter > 0 && cnstnd) {
            ileave = listLeaving(index, nfree, iwhere, indx2, n);
            nenter = listEntering(index, nfree, iwhere, indx2, n);
        }
        wrk = ileave < n || nenter > 0 || updatd;
        nfree = listFree(iwhere, index, n);
    }

    // The three lists of freev without a branch on the bound status, which changes at random among
    // the variables (the branches were mispredicted about every other variable): each step writes its
    // variable to the slot it would take and advances the count only when it belongs there. A slot
    // written in vain is written again before the end or lies outside the final list.
    // FreeVariablesTest compares them with the original loops.

    /**
     * index[0..nfree) = the variables with iwhere <= 0 (free at the Cauchy point) in increasing order,
     * index[nfree..n) the others in decreasing order; returns nfree.
     */
    static int listFree(int[] iwhere, int[] index, int n) {
        int free = 0;
        int active = n;
        for (int i = 0; i < n; i++) {
            int isFree = (iwhere[i] - 1) >>> 31;
            index[active - 1] = i;
            index[free] = i;
            free += isFree;
            active -= isFree ^ 1;
        }
        return free;
    }

    /**
     * indx2[ileave..n) = the variables of the old free list index[0..nfree) that are now active
     * (iwhere > 0), in reverse order of that list; returns ileave.
     */
    static int listLeaving(int[] index, int nfree, int[] iwhere, int[] indx2, int n) {
        int leave = n;
        for (int i = 0; i < nfree; i++) {
            int k = index[i];
            indx2[leave - 1] = k;
            leave -= ((iwhere[k] - 1) >>> 31) ^ 1;
        }
        return leave;
    }

    /**
     * indx2[0..nenter) = the variables of the old active list index[nfree..n) that are now free
     * (iwhere <= 0), in that list's order; returns nenter. Call after {@link #listLeaving}: a write
     * in vain here lands below that list (fewer than all the old active variables entered).
     */
    static int listEntering(int[] index, int nfree, int[] iwhere, int[] indx2, int n) {
        int enter = 0;
        for (int i = nfree; i < n; i++) {
            int k = index[i];
            indx2[enter] = k;
            enter += (iwhere[k] - 1) >>> 31;
        }
        return enter;
    }

    // ---------------------------------------------------------------- subspace minimization

    /**
     * formk: forms and factors K = [-D - Y'ZZ'Y/theta, L_a' - R_z'; L_a - R_z, theta S'AA'S]
     * (as LEL', in wn), updating N's lower triangle in wn1 incrementally as the free set
     * changes. Returns nonzero when a factorization fails. With withProduct (r already holds
     * cmprlb's reduced gradient), the sweep for the new rows also gives subsm's W'Z r.
     */
    private int formK(boolean withProduct) {
        int m2 = 2 * m;
        int upcl = updatd ? col - 1 : col;
        if (updatd && iupdat > m) {
            // Drop the oldest correction: shift the old blocks up and left by one.
            for (int jy = 0; jy < m - 1; jy++) {
                int js = m + jy;
                int len = m - (jy + 1);
                System.arraycopy(wn1, (jy + 1) + m2 * (jy + 1), wn1, jy + m2 * jy, len);
                System.arraycopy(wn1, (js + 1) + m2 * (js + 1), wn1, js + m2 * js, len);
                System.arraycopy(wn1, (m + 1) + m2 * (jy + 1), wn1, m + m2 * jy, m - 1);
            }
        }
        ringOffsets();
        // The corrections of the old blocks (1,1), (2,2) and (2,1) for the variables entering and
        // leaving the free set: the original sums each entry in its own loop over those variables;
        // here one sweep over them fills all the sums (each still over the variables in the same
        // order), gathering each variable's 2 upcl values once.
        java.util.Arrays.fill(corr, 0, 6 * m * m, 0.0);
        if (updatd) {
            // New row of blocks (1,1), (2,1), (2,2) for the newest correction. The new rows stream
            // all of W and the corrections wait on scattered rows. Each sum stays on one thread;
            // the threads get the new rows and the corrections side by side (both threads sharing
            // the corrections was slower: each gathered every scattered row), or, with few
            // corrections, half the new rows each (the corrections after one half).
            int ipntr = head + col - 1;
            if (ipntr >= m) {
                ipntr -= m;
            }
            int ip = ld * ipntr;
            if ((long) CORRECTION_COST * (nenter + (n - ileave)) < n / 2) {
                pair.run(() -> newRowsY(ip, withProduct), () -> {
                    newRowsS(ip, withProduct);
                    correctionSums(upcl, gather1);
                });
            } else {
                pair.run(() -> {
                    newRowsY(ip, withProduct);
                    newRowsS(ip, withProduct);
                }, () -> correctionSums(upcl, gather1));
            }
            wvReady = withProduct;
            int iy = col - 1;
            int is = m + col - 1;
            for (int jy = 0; jy < col; jy++) {
                int js = m + jy;
                wn1[iy + m2 * jy] = acc1[jy];
                wn1[is + m2 * js] = acc2[jy];
                wn1[is + m2 * jy] = acc3[jy];
            }
            // New column of block (2,1).
            for (int i = 0; i < col; i++) {
                wn1[m + i + m2 * (col - 1)] = acc4[i];
            }
        } else {
            // No new correction (the update was skipped, which is rare): the corrections alone.
            correctionSums(upcl, gather0);
        }
        int mm = m * m;
        for (int iy = 0; iy < upcl; iy++) {
            int is = m + iy;
            for (int jy = 0; jy <= iy; jy++) {
                int js = m + jy;
                int e = iy * m + jy;
                wn1[iy + m2 * jy] = wn1[iy + m2 * jy] + corr[e] - corr[2 * mm + e];
                wn1[is + m2 * js] = wn1[is + m2 * js] - corr[mm + e] + corr[3 * mm + e];
            }
        }
        for (int iy = 0; iy < upcl; iy++) {
            int is = m + iy;
            for (int jy = 0; jy < upcl; jy++) {
                int e = iy * m + jy;
                double temp1 = corr[4 * mm + e];
                double temp3 = corr[5 * mm + e];
                if (is <= jy + m) {
                    wn1[is + m2 * jy] = wn1[is + m2 * jy] + temp1 - temp3;
                } else {
                    wn1[is + m2 * jy] = wn1[is + m2 * jy] - temp1 + temp3;
                }
            }
        }

        // Upper triangle of [Y'ZZ'Y/theta + D, -L_a' + R_z'; ., theta S'AA'S].
        for (int iy = 0; iy < col; iy++) {
            int is = col + iy;
            int is1 = m + iy;
            for (int jy = 0; jy <= iy; jy++) {
                int js = col + jy;
                int js1 = m + jy;
                wn[jy + m2 * iy] = wn1[iy + m2 * jy] / theta;
                wn[js + m2 * is] = wn1[is1 + m2 * js1] * theta;
            }
            for (int jy = 0; jy < iy; jy++) {
                wn[jy + m2 * is] = -wn1[is1 + m2 * jy];
            }
            for (int jy = iy; jy < col; jy++) {
                wn[jy + m2 * is] = wn1[is1 + m2 * jy];
            }
            wn[iy + m2 * iy] = wn[iy + m2 * iy] + sy[iy + m * iy];
        }

        if (Dense.choleskyUpper(wn, 0, m2, col) != 0) {
            return -1;
        }
        int col2 = 2 * col;
        Dense.solveUpper(wn, 0, m2, col, true, wn, m2 * col, m2, col);
        for (int is = col; is < col2; is++) {
            for (int js = is; js < col2; js++) {
                wn[is + m2 * js] = wn[is + m2 * js] + Blas.dot(col, wn, m2 * is, wn, m2 * js);
            }
        }
        if (Dense.choleskyUpper(wn, col + m2 * col, m2, col) != 0) {
            return -2;
        }
        return 0;
    }

    /**
     * formk's new rows for the newest correction (y and s at ip), the sweeps over Y's columns: acc1, the new row of
     * Y'ZZ'Y (the newest y against every y, over the free variables); acc2, the new row of S'AA'S (the newest s
     * against every s, over the active variables, which reads S's columns there). With withProduct the first sweep
     * also gives subsm's Y'Z r (into yzr). Each sum runs over the variables in index order, as the original's.
     */
    private void newRowsY(int ip, boolean withProduct) {
        if (withProduct) {
            columnDotPairs(wy, wy, ip, acc1, yzr);
        } else {
            indexedDots(wy, ip, wy, 0, nfree, acc1);
        }
        indexedDots(ws, ip, ws, nfree, n, acc2);
    }

    /**
     * The other half of the new rows, the sweeps over S's columns (then Y's over the active variables): acc4, the
     * new column of R_z (every s against the newest y, free variables); acc3, the new row of L_a (the newest s
     * against every y, active variables); with withProduct also S'Z r (into szr).
     */
    private void newRowsS(int ip, boolean withProduct) {
        if (withProduct) {
            columnDotPairs(ws, wy, ip, acc4, szr);
        } else {
            indexedDots(wy, ip, ws, 0, nfree, acc4);
        }
        indexedDots(ws, ip, wy, nfree, n, acc3);
    }

    /**
     * out[j] = sum over k in [from, to) (in order) of a[index[k] + aOff] * w[index[k] + colOffset[j]]
     * for j < col: {@link #columnDots} with the multiplier taken by variable.
     */
    private void indexedDots(double[] a, int aOff, double[] w, int from, int to, double[] out) {
        columnDots(w, a, aOff, true, from, to, out);
    }

    /**
     * What one entering or leaving variable costs formk's corrections, in variables of a sweep over all of W: its 2m
     * values are scattered (0.08 against 0.0085 µs per variable, measured in a SqueezeNet run).
     */
    private static final int CORRECTION_COST = 10;

    /** Variables per block of {@link #correctionSums}: a thread's gathered block is 2m * 256 doubles. */
    private static final int CORRECTION_BLOCK = 256;

    /**
     * formk's corrections for the rows iy below rows: into corr (six m x m blocks, entry iy * m +
     * jy) the sums over the entering variables of y_iy y_jy, s_iy s_jy (jy <= iy) and s_iy y_jy
     * (all jy), then the same over the leaving variables; every sum in the order of indx2, as the
     * original's per-entry loops. The variables go in blocks: their
     * values are gathered once into gather (column c's block at c * CORRECTION_BLOCK, S at m + c),
     * then each entry's sum runs over the block in a register (in memory, each term waited for
     * the last one's store).
     */
    private void correctionSums(int rows, double[] gather) {
        if (rows == 0) {
            return;
        }
        final int gb = CORRECTION_BLOCK;
        int mm = m * m;
        for (int part = 0; part < 2; part++) {
            int from = part == 0 ? 0 : ileave;
            int to = part == 0 ? nenter : n;
            int base = part == 0 ? 0 : 2 * mm;
            int baseWs = base + mm;
            int baseX = 4 * mm + part * mm;
            for (int bs = from; bs < to; bs += gb) {
                int cnt = Math.min(to - bs, gb);
                // Column by column: one stream of addresses at a time for the prefetcher.
                for (int c = 0; c < rows; c++) {
                    int o = colOffset[c];
                    int gy = c * gb;
                    int gs = (m + c) * gb;
                    for (int t = 0; t < cnt; t++) {
                        int k1 = indx2[bs + t];
                        gather[gy + t] = wy[k1 + o];
                        gather[gs + t] = ws[k1 + o];
                    }
                }
                for (int iy = 0; iy < rows; iy++) {
                    int yi = iy * gb;
                    int si = (m + iy) * gb;
                    int row = iy * m;
                    for (int jy = 0; jy <= iy; jy++) {
                        int yj = jy * gb;
                        int sj = (m + jy) * gb;
                        double yy = corr[base + row + jy];
                        double ss2 = corr[baseWs + row + jy];
                        double sy2 = corr[baseX + row + jy];
                        for (int t = 0; t < cnt; t++) {
                            double y = gather[yj + t];
                            double sv = gather[si + t];
                            yy = yy + gather[yi + t] * y;
                            ss2 = ss2 + sv * gather[sj + t];
                            sy2 = sy2 + sv * y;
                        }
                        corr[base + row + jy] = yy;
                        corr[baseWs + row + jy] = ss2;
                        corr[baseX + row + jy] = sy2;
                    }
                    for (int jy = iy + 1; jy < rows; jy++) {
                        int yj = jy * gb;
                        double sy2 = corr[baseX + row + jy];
                        for (int t = 0; t < cnt; t++) {
                            sy2 = sy2 + gather[si + t] * gather[yj + t];
                        }
                        corr[baseX + row + jy] = sy2;
                    }
                }
            }
        }
    }

    /** formt: T = theta S'S + L D^-1 L', factored as J J' in the upper triangle of wt. */
    private int formT() {
        for (int j = 0; j < col; j++) {
            wt[m * j] = theta * ss[m * j];
        }
        for (int i = 1; i < col; i++) {
            for (int j = i; j < col; j++) {
                int k1 = Math.min(i, j);
                double ddum = 0.0;
                for (int k = 0; k < k1; k++) {
                    ddum = ddum + ((sy[i + m * k] * sy[j + m * k]) / sy[k + m * k]);
                }
                wt[i + m * j] = ddum + theta * ss[i + m * j];
            }
        }
        return Dense.choleskyUpper(wt, 0, m, col) != 0 ? -3 : 0;
    }

    /** cmprlb: r = -Z'(B(z - x) + g) for the free variables, using c = W'(z - x). */
    private int reducedGradient() {
        if (!cnstnd && col > 0) {
            for (int i = 0; i < n; i++) {
                r[i] = -g[i];
            }
            return 0;
        }
        if (middleProduct(c, p) != 0) {
            return -8;
        }
        ringOffsets();
        for (int j = 0; j < col; j++) {
            acc1[j] = p[j];
            acc2[j] = theta * p[col + j];
        }
        // r[i] = -theta (z - x) - g plus W row i times the coefficients (corrections oldest
        // first, the original order), the two threads taking halves of the free variables.
        int half = nfree / 2;
        pair.run(() -> reducedGradientPart(0, half), () -> reducedGradientPart(half, nfree));
        return 0;
    }

    /**
     * cmprlb's r[i] for the free variables i in [from, to), with the coefficients in acc1, acc2.
     * Block by block of variables (r's block stays in L1), four corrections per sweep: reading
     * all 2 col columns for each variable in turn needs more concurrent address streams than
     * the hardware prefetcher follows. Each r[i] still adds its terms in the original order
     * (y_j then s_j, j ascending).
     */
    private void reducedGradientPart(int from, int to) {
        double th = theta;
        for (int start = from; start < to; start += 2 * BLOCK) {
            int end = Math.min(to, start + 2 * BLOCK);
            for (int i = start; i < end; i++) {
                int k = index[i];
                r[i] = -th * (z[k] - x[k]) - g[k];
            }
            int j = 0;
            for (; j + 3 < col; j += 4) {
                int o0 = colOffset[j], o1 = colOffset[j + 1], o2 = colOffset[j + 2], o3 = colOffset[j + 3];
                double a0 = acc1[j], b0 = acc2[j], a1 = acc1[j + 1], b1 = acc2[j + 1];
                double a2 = acc1[j + 2], b2 = acc2[j + 2], a3 = acc1[j + 3], b3 = acc2[j + 3];
                for (int i = start; i < end; i++) {
                    int k = index[i];
                    r[i] = r[i] + wy[o0 + k] * a0 + ws[o0 + k] * b0 + wy[o1 + k] * a1 + ws[o1 + k] * b1
                            + wy[o2 + k] * a2 + ws[o2 + k] * b2 + wy[o3 + k] * a3 + ws[o3 + k] * b3;
                }
            }
            for (; j < col; j++) {
                int o = colOffset[j];
                double a0 = acc1[j];
                double b0 = acc2[j];
                for (int i = start; i < end; i++) {
                    int k = index[i] + o;
                    r[i] = r[i] + wy[k] * a0 + ws[k] * b0;
                }
            }
        }
    }

    /** Free variables per block of the loops that keep several sums in registers. */
    private static final int BLOCK = 512;

    /**
     * out[j] = sum over the free variables i (in order) of w[index[i] + colOffset[j]] * v[i]:
     * {@link #columnDots} with the multiplier taken by position in the free list.
     */
    private void freeProduct(double[] w, double[] v, double[] out) {
        columnDots(w, v, 0, false, 0, nfree, out);
    }

    /**
     * out[j] = sum over i in [from, to) (in order) of w[index[i] + colOffset[j]] times the multiplier
     * a[index[i] + aOff] (byVariable) or a[i] (by position in the free list), for j < col: the sums in
     * registers, up to eight columns per sweep, in blocks of variables when there are more columns
     * (in memory, each term waited for the last one's store). A product's operands commute exactly,
     * so the order of w and a does not matter; the flag is loop-invariant, so the JIT unswitches it.
     */
    private void columnDots(double[] w, double[] a, int aOff, boolean byVariable, int from, int to,
                            double[] out) {
        java.util.Arrays.fill(out, 0, col, 0.0);
        int block = col <= 8 ? Math.max(1, to - from) : BLOCK;
        for (int start = from; start < to; start += block) {
            int end = Math.min(to, start + block);
            int j = 0;
            for (; j + 7 < col; j += 8) {
                int o0 = colOffset[j], o1 = colOffset[j + 1], o2 = colOffset[j + 2], o3 = colOffset[j + 3];
                int o4 = colOffset[j + 4], o5 = colOffset[j + 5], o6 = colOffset[j + 6], o7 = colOffset[j + 7];
                double s0 = out[j], s1 = out[j + 1], s2 = out[j + 2], s3 = out[j + 3];
                double s4 = out[j + 4], s5 = out[j + 5], s6 = out[j + 6], s7 = out[j + 7];
                for (int i = start; i < end; i++) {
                    int k = index[i];
                    double ai = byVariable ? a[k + aOff] : a[i];
                    s0 = s0 + w[k + o0] * ai;
                    s1 = s1 + w[k + o1] * ai;
                    s2 = s2 + w[k + o2] * ai;
                    s3 = s3 + w[k + o3] * ai;
                    s4 = s4 + w[k + o4] * ai;
                    s5 = s5 + w[k + o5] * ai;
                    s6 = s6 + w[k + o6] * ai;
                    s7 = s7 + w[k + o7] * ai;
                }
                out[j] = s0;
                out[j + 1] = s1;
                out[j + 2] = s2;
                out[j + 3] = s3;
                out[j + 4] = s4;
                out[j + 5] = s5;
                out[j + 6] = s6;
                out[j + 7] = s7;
            }
            for (; j + 3 < col; j += 4) {
                int o0 = colOffset[j], o1 = colOffset[j + 1], o2 = colOffset[j + 2], o3 = colOffset[j + 3];
                double s0 = out[j], s1 = out[j + 1], s2 = out[j + 2], s3 = out[j + 3];
                for (int i = start; i < end; i++) {
                    int k = index[i];
                    double ai = byVariable ? a[k + aOff] : a[i];
                    s0 = s0 + w[k + o0] * ai;
                    s1 = s1 + w[k + o1] * ai;
                    s2 = s2 + w[k + o2] * ai;
                    s3 = s3 + w[k + o3] * ai;
                }
                out[j] = s0;
                out[j + 1] = s1;
                out[j + 2] = s2;
                out[j + 3] = s3;
            }
            for (; j < col; j++) {
                int o0 = colOffset[j];
                double s0 = out[j];
                for (int i = start; i < end; i++) {
                    int k = index[i];
                    s0 = s0 + w[k + o0] * (byVariable ? a[k + aOff] : a[i]);
                }
                out[j] = s0;
            }
        }
    }

    /**
     * Two {@link #columnDots} in one sweep over the free variables i: outA[j] = sum of
     * w[index[i] + colOffset[j]] * a[index[i] + aOff] (by variable) and outB[j] = sum of the same w
     * times r[i] (cmprlb's reduced gradient, by position), for j &lt; col, each sum in order, as
     * columnDots computes each of them alone.
     */
    private void columnDotPairs(double[] w, double[] a, int aOff, double[] outA, double[] outB) {
        double[] b = r;
        java.util.Arrays.fill(outA, 0, col, 0.0);
        java.util.Arrays.fill(outB, 0, col, 0.0);
        int block = col <= 8 ? Math.max(1, nfree) : BLOCK;
        for (int start = 0; start < nfree; start += block) {
            int end = Math.min(nfree, start + block);
            int j = 0;
            for (; j + 7 < col; j += 8) {
                int o0 = colOffset[j], o1 = colOffset[j + 1], o2 = colOffset[j + 2], o3 = colOffset[j + 3];
                int o4 = colOffset[j + 4], o5 = colOffset[j + 5], o6 = colOffset[j + 6], o7 = colOffset[j + 7];
                double s0 = outA[j], s1 = outA[j + 1], s2 = outA[j + 2], s3 = outA[j + 3];
                double s4 = outA[j + 4], s5 = outA[j + 5], s6 = outA[j + 6], s7 = outA[j + 7];
                double t0 = outB[j], t1 = outB[j + 1], t2 = outB[j + 2], t3 = outB[j + 3];
                double t4 = outB[j + 4], t5 = outB[j + 5], t6 = outB[j + 6], t7 = outB[j + 7];
                for (int i = start; i < end; i++) {
                    int k = index[i];
                    double ai = a[k + aOff];
                    double bi = b[i];
                    double w0 = w[k + o0], w1 = w[k + o1], w2 = w[k + o2], w3 = w[k + o3];
                    double w4 = w[k + o4], w5 = w[k + o5], w6 = w[k + o6], w7 = w[k + o7];
                    s0 = s0 + w0 * ai;
                    s1 = s1 + w1 * ai;
                    s2 = s2 + w2 * ai;
                    s3 = s3 + w3 * ai;
                    s4 = s4 + w4 * ai;
                    s5 = s5 + w5 * ai;
                    s6 = s6 + w6 * ai;
                    s7 = s7 + w7 * ai;
                    t0 = t0 + w0 * bi;
                    t1 = t1 + w1 * bi;
                    t2 = t2 + w2 * bi;
                    t3 = t3 + w3 * bi;
                    t4 = t4 + w4 * bi;
                    t5 = t5 + w5 * bi;
                    t6 = t6 + w6 * bi;
                    t7 = t7 + w7 * bi;
                }
                outA[j] = s0; outA[j + 1] = s1; outA[j + 2] = s2; outA[j + 3] = s3;
                outA[j + 4] = s4; outA[j + 5] = s5; outA[j + 6] = s6; outA[j + 7] = s7;
                outB[j] = t0; outB[j + 1] = t1; outB[j + 2] = t2; outB[j + 3] = t3;
                outB[j + 4] = t4; outB[j + 5] = t5; outB[j + 6] = t6; outB[j + 7] = t7;
            }
            for (; j < col; j++) {
                int o0 = colOffset[j];
                double s0 = outA[j];
                double t0 = outB[j];
                for (int i = start; i < end; i++) {
                    int k = index[i];
                    double w0 = w[k + o0];
                    s0 = s0 + w0 * a[k + aOff];
                    t0 = t0 + w0 * b[i];
                }
                outA[j] = s0;
                outB[j] = t0;
            }
        }
    }

    /**
     * subsm with the Morales-Nocedal correction: the Newton step on the free variables from z,
     * projected into the box, falling back to a truncated step when the projected one is not
     * a descent direction. Works on z in place; r holds the reduced gradient on entry.
     */
    private int subspaceMinimization() {
        int nsub = nfree;
        if (nsub <= 0) {
            return 0;
        }
        double[] dsub = r;
        double[] wv = p;
        ringOffsets();
        if (!wvReady) {
            // Y'Z r on one thread, S'Z r on the other (each sum in subsm's own order).
            pair.run(() -> freeProduct(wy, dsub, yzr), () -> freeProduct(ws, dsub, szr));
        }
        for (int i = 0; i < col; i++) {
            wv[i] = yzr[i];
            wv[col + i] = theta * szr[i];
        }
        int m2 = 2 * m;
        int col2 = 2 * col;
        if (Dense.solveUpper(wn, 0, m2, col2, true, wv, 0, m2, 1) != 0) {
            return 1;
        }
        for (int i = 0; i < col; i++) {
            wv[i] = -wv[i];
        }
        if (Dense.solveUpper(wn, 0, m2, col2, false, wv, 0, m2, 1) != 0) {
            return 1;
        }
        // d = (d + Z'W wv-terms) / theta, then the projected Newton point z + d, one variable
        // at a time (bp's second half keeps the free variables' Cauchy point, in the free list's
        // order, for the fallback below); two threads take halves of the free variables.
        boolean[] hit = new boolean[2];
        int half = nsub / 2;
        pair.run(() -> hit[0] = newtonStep(0, half, wv), () -> hit[1] = newtonStep(half, nsub, wv));
        boolean hitBound = hit[0] || hit[1];
        if (!hitBound) {
            return 0;
        }
        double ddP = 0.0;
        for (int i = 0; i < n; i++) {
            ddP = ddP + (z[i] - x[i]) * g[i];
        }
        if (ddP <= 0.0) {
            return 0;
        }

        // Not a descent direction: step from the Cauchy point along d until the first bound.
        for (int i = 0; i < nsub; i++) {
            z[index[i]] = bp[XP * n + i];
        }
        double alpha = 1.0;
        double temp1 = 1.0;
        int ibd = 0;
        for (int i = 0; i < nsub; i++) {
            int k = index[i];
            double dk = dsub[i];
            if (nbd[k] != 0) {
                if (dk < 0.0 && nbd[k] <= 2) {
                    double temp2 = l[k] - z[k];
                    if (temp2 >= 0.0) {
                        temp1 = 0.0;
                    } else if (dk * alpha < temp2) {
                        temp1 = temp2 / dk;
                    }
                } else if (dk > 0.0 && nbd[k] >= 2) {
                    double temp2 = u[k] - z[k];
                    if (temp2 <= 0.0) {
                        temp1 = 0.0;
                    } else if (dk * alpha > temp2) {
                        temp1 = temp2 / dk;
                    }
                }
                if (temp1 < alpha) {
                    alpha = temp1;
                    ibd = i;
                }
            }
        }
        if (alpha < 1.0) {
            double dk = dsub[ibd];
            int k = index[ibd];
            if (dk > 0.0) {
                z[k] = u[k];
                dsub[ibd] = 0.0;
            } else if (dk < 0.0) {
                z[k] = l[k];
                dsub[ibd] = 0.0;
            }
        }
        for (int i = 0; i < nsub; i++) {
            int k = index[i];
            z[k] = z[k] + alpha * dsub[i];
        }
        return 0;
    }

    /**
     * subsm's Newton step for the free variables from (inclusive) to (exclusive): completes
     * d_i (in r) and moves z to the projection of z + d, keeping z's old values in bp from XP * n
     * (by position in the free list). Returns whether a bound was hit.
     * Block by block of variables, four corrections per sweep, as {@link #reducedGradientPart}:
     * each d_i still adds its terms in the original order. The division by theta per term
     * stays: y_i wv_j * (1 / theta) would round differently, and the FMA-corrected quotients
     * that are provably exact need a double-word reciprocal and a correction step per term.
     */
    private boolean newtonStep(int from, int to, double[] wv) {
        double[] dsub = r;
        double th = theta;
        double scale = 1.0 / th;
        boolean hitBound = false;
        for (int start = from; start < to; start += 2 * BLOCK) {
            int end = Math.min(to, start + 2 * BLOCK);
            int jy = 0;
            for (; jy + 3 < col; jy += 4) {
                int o0 = colOffset[jy], o1 = colOffset[jy + 1], o2 = colOffset[jy + 2], o3 = colOffset[jy + 3];
                double a0 = wv[jy], b0 = wv[col + jy], a1 = wv[jy + 1], b1 = wv[col + jy + 1];
                double a2 = wv[jy + 2], b2 = wv[col + jy + 2], a3 = wv[jy + 3], b3 = wv[col + jy + 3];
                for (int i = start; i < end; i++) {
                    int k = index[i];
                    dsub[i] = dsub[i] + (wy[o0 + k] * a0 / th) + (ws[o0 + k] * b0)
                            + (wy[o1 + k] * a1 / th) + (ws[o1 + k] * b1)
                            + (wy[o2 + k] * a2 / th) + (ws[o2 + k] * b2)
                            + (wy[o3 + k] * a3 / th) + (ws[o3 + k] * b3);
                }
            }
            for (; jy < col; jy++) {
                int o = colOffset[jy];
                double a0 = wv[jy];
                double b0 = wv[col + jy];
                for (int i = start; i < end; i++) {
                    int k = index[i] + o;
                    dsub[i] = dsub[i] + (wy[k] * a0 / th) + (ws[k] * b0);
                }
            }
            for (int i = start; i < end; i++) {
                int k = index[i];
                double dk = dsub[i] * scale;
                dsub[i] = dk;
                double xk = z[k];
                bp[XP * n + i] = xk;
                switch (nbd[k]) {
                    case 1 -> {
                        z[k] = fmax(l[k], xk + dk);
                        if (z[k] == l[k]) {
                            hitBound = true;
                        }
                    }
                    case 2 -> {
                        xk = fmax(l[k], xk + dk);
                        z[k] = fmin(u[k], xk);
                        if (z[k] == l[k] || z[k] == u[k]) {
                            hitBound = true;
                        }
                    }
                    case 3 -> {
                        z[k] = fmin(u[k], xk + dk);
                        if (z[k] == u[k]) {
                            hitBound = true;
                        }
                    }
                    default -> z[k] = xk + dk;
                }
            }
        }
        return hitBound;
    }

    // ---------------------------------------------------------------- line search

    /**
     * lnsrlb and the driver's evaluations: searches along d from x. Returns true with the new
     * iterate in x, f, g; false when the search failed (then t, r, fold hold the old iterate).
     */
    private boolean lineSearch() {
        dnorm = Blas.nrm2(n, d, pair);
        dtd = dnorm * dnorm;
        stpmx = 1.0e10;
        boolean bounded = cnstnd && iter != 0;
        if (cnstnd && iter == 0) {
            stpmx = 1.0;
        }
        // The step bound (a sequential loop) on one thread, the copies of the iterate on the other.
        pair.run(() -> {
            if (bounded) {
                stpmx = stepBound(n, d, x, l, u, nbd, 1.0e10);
            }
        }, () -> {
            System.arraycopy(x, 0, bp, 0, n);
            System.arraycopy(g, 0, r, 0, n);
        });
        stp = iter == 0 && !boxed ? fmin(1.0 / dnorm, stpmx) : 1.0;
        fold = f;
        ifun = 0;
        iback = 0;

        while (true) {
            gd = Blas.dot(n, g, 0, d, 0, opt.openblasThreads(), pair);
            MoreThuente.Outcome outcome;
            if (ifun == 0) {
                gdold = gd;
                if (gd >= 0.0) {
                    // Not a descent direction: no line search possible.
                    info = -4;
                    return false;
                }
                outcome = lineSearch.start(f, gd, stp, 0.0, stpmx);
            } else {
                outcome = lineSearch.next(f, gd, 0.0, stpmx);
            }
            stp = lineSearch.stp;
            if (outcome == MoreThuente.Outcome.CONVERGED || outcome == MoreThuente.Outcome.WARNING) {
                return true;
            }
            if (outcome == MoreThuente.Outcome.ERROR) {
                // Unreachable with the arguments used here (see MoreThuente.start).
                info = -10;
                evaluatedAtX = evaluatedAtX && ifun == 0;
                return false;
            }
            ifun++;
            iback = ifun - 1;
            boolean[] moved = lineMoved;
            double st = stp;
            pair.run(() -> moved[0] = stepTo(st, 0, n / 2), () -> moved[1] = stepTo(st, n / 2, n));
            boolean unchanged = evaluatedAtX && !moved[0] && !moved[1];
            if (iback >= opt.maxLineSearch()) {
                info = 0;
                evaluatedAtX = false;
                return false;
            }
            if (unchanged) {
                // scipy memoizes on x: the same point is not evaluated (nor counted) again.
                continue;
            }
            evaluate();
        }
    }

    /**
     * lnsrlb's largest step along d that keeps x in the box, from the start value stpmx: the
     * original's loop, each update depending on the last. For a variable with both bounds the
     * side is picked without a branch on d's sign (unpredictable): with a1 = -|d_i| and a2 =
     * l_i - x_i (d_i < 0) or x_i - u_i (d_i > 0, exactly -(u_i - x_i)), the original's tests and
     * quotient for d_i > 0 become the d_i < 0 ones (negation is exact; a2 / a1 is unchanged);
     * d_i = 0 or NaN (no update in the original) gets a2 = -1, which changes nothing. The
     * remaining branches (a bound reached, a smaller step) are rarely taken.
     */
    static double stepBound(int n, double[] d, double[] x, double[] l, double[] u, byte[] nbd, double stpmx) {
        final long sign = 0x8000000000000000L;
        final long inf = 0x7FF0000000000000L;
        final long minusOne = Double.doubleToRawLongBits(-1.0);
        for (int i = 0; i < n; i++) {
            double a1 = d[i];
            byte b = nbd[i];
            if (b == 2) {
                long bits = Double.doubleToRawLongBits(a1);
                long below = Double.doubleToRawLongBits(l[i] - x[i]);
                long above = Double.doubleToRawLongBits(x[i] - u[i]);
                long negative = bits >> 63;
                long a2bits = above ^ ((above ^ below) & negative);
                long skip = Long.compareUnsigned((bits & ~sign) - 1, inf) >= 0 ? -1L : 0L;
                double a2 = Double.longBitsToDouble((a2bits & ~skip) | (minusOne & skip));
                double na1 = Double.longBitsToDouble(bits | sign);
                if (a2 >= 0.0) {
                    stpmx = 0.0;
                } else if (na1 * stpmx < a2) {
                    stpmx = a2 / na1;
                }
            } else if (b != 0) {
                if (a1 < 0.0 && b <= 2) {
                    double a2 = l[i] - x[i];
                    if (a2 >= 0.0) {
                        stpmx = 0.0;
                    } else if (a1 * stpmx < a2) {
                        stpmx = a2 / a1;
                    }
                } else if (a1 > 0.0 && b >= 2) {
                    double a2 = u[i] - x[i];
                    if (a2 <= 0.0) {
                        stpmx = 0.0;
                    } else if (a1 * stpmx > a2) {
                        stpmx = a2 / a1;
                    }
                }
            }
        }
        return stpmx;
    }

    /**
     * x = the projection of bp + st d (x = z when st is 1) for the variables in [from, to), as
     * lnsrlb; returns whether any x_i changed.
     */
    private boolean stepTo(double st, int from, int to) {
        boolean moved = false;
        if (st == 1.0) {
            for (int i = from; i < to; i++) {
                if (z[i] != x[i]) {
                    moved = true;
                }
                x[i] = z[i];
            }
        } else {
            for (int i = from; i < to; i++) {
                double xi = st * d[i] + bp[i];
                if (nbd[i] == 1 || nbd[i] == 2) {
                    xi = fmax(xi, l[i]);
                }
                if (nbd[i] == 2 || nbd[i] == 3) {
                    xi = fmin(xi, u[i]);
                }
                if (xi != x[i]) {
                    moved = true;
                }
                x[i] = xi;
            }
        }
        return moved;
    }

    /** matupd: appends s = d, y = r to the ring and the new row/column of S'Y and S'S. */
    private void updateMatrices(double rr, double dr) {
        if (iupdat <= m) {
            col = iupdat;
            itail = (head + iupdat - 1) % m;
        } else {
            itail = (itail + 1) % m;
            head = (head + 1) % m;
        }
        theta = rr / dr;
        if (iupdat > m) {
            // Drop the oldest: move SS's upper and SY's lower triangle one step up-left.
            for (int j = 1; j < col; j++) {
                System.arraycopy(ss, 1 + m * j, ss, m * (j - 1), j);
                System.arraycopy(sy, j + m * j, sy, (j - 1) + m * (j - 1), col - j);
            }
        }
        // New row of S'Y (d'y_j) and column of S'S (s_j'd): all 2(col-1) dots in two sweeps,
        // each thread first storing one of the new corrections (the dots read only older ones).
        ringOffsets();
        int threads = opt.openblasThreads();
        int newest = itail * ld;
        pair.run(() -> {
            System.arraycopy(r, 0, wy, newest, n);
            Blas.dots(n, d, wy, colOffset, col - 1, acc1, threads);
        }, () -> {
            System.arraycopy(d, 0, ws, newest, n);
            Blas.dots(n, d, ws, colOffset, col - 1, acc2, threads);
        });
        for (int j = 0; j < col - 1; j++) {
            sy[col - 1 + m * j] = acc1[j];
            ss[j + m * (col - 1)] = acc2[j];
        }
        double sNorm2 = stp == 1.0 ? dtd : stp * stp * dtd;
        ss[(col - 1) + m * (col - 1)] = sNorm2;
        sy[(col - 1) + m * (col - 1)] = dr;
        // A finite sum of squares means finite entries (an infinite or NaN one makes it so too).
        finiteCorrection[itail] = Double.isFinite(rr) && Double.isFinite(sNorm2);
    }

    /** C's fmax: a NaN argument loses. */
    static double fmax(double a, double b) {
        if (a != a) {
            return b;
        }
        if (b != b) {
            return a;
        }
        return a >= b ? a : b;
    }

    /** C's fmin: a NaN argument loses. */
    static double fmin(double a, double b) {
        if (a != a) {
            return b;
        }
        if (b != b) {
            return a;
        }
        return a <= b ? a : b;
    }
}
