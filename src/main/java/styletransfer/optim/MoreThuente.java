package styletransfer.optim;

/**
 * The Moré-Thuente line search of MINPACK-2 (dcsrch/dcstep) as L-BFGS-B drives it: one call
 * per trial step, with the state between calls kept in this object.
 */
final class MoreThuente {
    enum Outcome { EVALUATE, CONVERGED, WARNING, ERROR }

    private static final double XTRAPL = 1.1;
    private static final double XTRAPU = 4.0;

    private final double ftol;
    private final double gtol;
    private final double xtol;

    private boolean brackt;
    private int stage;
    private double ginit, gtest, gx, gy, finit, fx, fy, stx, sty, stmin, stmax, width, width1;

    /** The step to try next (also the input step of {@link #start}). */
    double stp;

    MoreThuente(double ftol, double gtol, double xtol) {
        this.ftol = ftol;
        this.gtol = gtol;
        this.xtol = xtol;
    }

    /** Begins a search from f, g (the slope) at step 0 with first trial step stp. */
    Outcome start(double f, double g, double step, double stpmin, double stpmax) {
        stp = step;
        if (stp < stpmin || stp > stpmax || g >= 0.0 || ftol < 0.0 || gtol < 0.0 || xtol < 0.0
                || stpmin < 0.0 || stpmax < stpmin) {
            return Outcome.ERROR;
        }
        brackt = false;
        stage = 1;
        finit = f;
        ginit = g;
        gtest = ftol * ginit;
        width = stpmax - stpmin;
        width1 = width / 0.5;
        stx = 0.0;
        fx = finit;
        gx = ginit;
        sty = 0.0;
        fy = finit;
        gy = ginit;
        stmin = 0.0;
        stmax = stp + XTRAPU * stp;
        return Outcome.EVALUATE;
    }

    /** Takes f and slope g at the current trial step stp and proposes the next one. */
    Outcome next(double f, double g, double stpmin, double stpmax) {
        double ftest = finit + stp * gtest;
        if (stage == 1 && f <= ftest && g >= 0.0) {
            stage = 2;
        }
        Outcome outcome = null;
        if (brackt && (stp <= stmin || stp >= stmax)) {
            outcome = Outcome.WARNING;
        }
        if (brackt && stmax - stmin <= xtol * stmax) {
            outcome = Outcome.WARNING;
        }
        if (stp == stpmax && f <= ftest && g <= gtest) {
            outcome = Outcome.WARNING;
        }
        if (stp == stpmin && (f > ftest || g >= gtest)) {
            outcome = Outcome.WARNING;
        }
        if (f <= ftest && Math.abs(g) <= gtol * (-ginit)) {
            outcome = Outcome.CONVERGED;
        }
        if (outcome != null) {
            return outcome;
        }

        if (stage == 1 && f <= fx && f > ftest) {
            // Work on the modified function psi(stp) = f(stp) - f(0) - ftol*stp*f'(0).
            double fm = f - stp * gtest;
            double fxm = fx - stx * gtest;
            double fym = fy - sty * gtest;
            double gm = g - gtest;
            double gxm = gx - gtest;
            double gym = gy - gtest;
            fx = fxm;
            gx = gxm;
            fy = fym;
            gy = gym;
            step(fm, gm, stmin, stmax);
            fx = fx + stx * gtest;
            fy = fy + sty * gtest;
            gx = gx + gtest;
            gy = gy + gtest;
        } else {
            step(f, g, stmin, stmax);
        }

        if (brackt) {
            if (Math.abs(sty - stx) >= 0.66 * width1) {
                stp = stx + 0.5 * (sty - stx);
            }
            width1 = width;
            width = Math.abs(sty - stx);
            stmin = Math.min(stx, sty);
            stmax = Math.max(stx, sty);
        } else {
            stmin = stp + XTRAPL * (stp - stx);
            stmax = stp + XTRAPU * (stp - stx);
        }

        stp = Math.max(stp, stpmin);
        stp = Math.min(stp, stpmax);

        // No further progress possible: fall back to the best step so far.
        if (brackt && (stp <= stmin || stp >= stmax || stmax - stmin <= xtol * stmax)) {
            stp = stx;
        }
        return Outcome.EVALUATE;
    }

    /**
     * dcstep: a safeguarded cubic/quadratic step that also updates the interval [stx, sty]
     * holding a minimizer, from the values (fx, gx), (fy, gy) and (fp, dp) at stp. The step
     * bounds passed in are the current search interval [stmin, stmax], not the global ones.
     */
    private void step(double fp, double dp, double stpmin, double stpmax) {
        double sgnd = dp * (gx / Math.abs(gx));
        double stpf;
        if (fp > fx) {
            // Higher function value: the minimum is bracketed.
            double theta = 3.0 * (fx - fp) / (stp - stx) + gx + dp;
            double s = Math.max(Math.abs(theta), Math.max(Math.abs(gx), Math.abs(dp)));
            double ts = theta / s;
            double gamma = s * Math.sqrt(ts * ts - (gx / s) * (dp / s));
            if (stp < stx) {
                gamma = -gamma;
            }
            double p = (gamma - gx) + theta;
            double q = ((gamma - gx) + gamma) + dp;
            double r = p / q;
            double stpc = stx + r * (stp - stx);
            double stpq = stx + ((gx / ((fx - fp) / (stp - stx) + gx)) / 2.0) * (stp - stx);
            if (Math.abs(stpc - stx) < Math.abs(stpq - stx)) {
                stpf = stpc;
            } else {
                stpf = stpc + (stpq - stpc) / 2.0;
            }
            brackt = true;
        } else if (sgnd < 0.0) {
            // Lower value, slopes of opposite sign: bracketed.
            double theta = 3.0 * (fx - fp) / (stp - stx) + gx + dp;
            double s = Math.max(Math.abs(theta), Math.max(Math.abs(gx), Math.abs(dp)));
            double ts = theta / s;
            double gamma = s * Math.sqrt(ts * ts - (gx / s) * (dp / s));
            if (stp > stx) {
                gamma = -gamma;
            }
            double p = (gamma - dp) + theta;
            double q = ((gamma - dp) + gamma) + gx;
            double r = p / q;
            double stpc = stp + r * (stx - stp);
            double stpq = stp + (dp / (dp - gx)) * (stx - stp);
            stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
            brackt = true;
        } else if (Math.abs(dp) < Math.abs(gx)) {
            // Lower value, same slope sign, slope magnitude decreasing.
            double theta = 3.0 * (fx - fp) / (stp - stx) + gx + dp;
            double s = Math.max(Math.abs(theta), Math.max(Math.abs(gx), Math.abs(dp)));
            double ts = theta / s;
            double gamma = s * Math.sqrt(Math.max(0.0, ts * ts - (gx / s) * (dp / s)));
            if (stp > stx) {
                gamma = -gamma;
            }
            double p = (gamma - dp) + theta;
            double q = (gamma + (gx - dp)) + gamma;
            double r = p / q;
            double stpc;
            if (r < 0.0 && gamma != 0.0) {
                stpc = stp + r * (stx - stp);
            } else if (stp > stx) {
                stpc = stpmax;
            } else {
                stpc = stpmin;
            }
            double stpq = stp + (dp / (dp - gx)) * (stx - stp);
            if (brackt) {
                stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
                if (stp > stx) {
                    stpf = Math.min(stp + 0.66 * (sty - stp), stpf);
                } else {
                    stpf = Math.max(stp + 0.66 * (sty - stp), stpf);
                }
            } else {
                stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
                stpf = Math.min(stpmax, stpf);
                stpf = Math.max(stpmin, stpf);
            }
        } else {
            // Lower value, same slope sign, slope not decreasing.
            if (brackt) {
                double theta = 3.0 * (fp - fy) / (sty - stp) + gy + dp;
                double s = Math.max(Math.abs(theta), Math.max(Math.abs(gy), Math.abs(dp)));
                double ts = theta / s;
                double gamma = s * Math.sqrt(ts * ts - (gy / s) * (dp / s));
                if (stp > sty) {
                    gamma = -gamma;
                }
                double p = (gamma - dp) + theta;
                double q = ((gamma - dp) + gamma) + gy;
                double r = p / q;
                stpf = stp + r * (sty - stp);
            } else if (stp > stx) {
                stpf = stpmax;
            } else {
                stpf = stpmin;
            }
        }

        if (fp > fx) {
            sty = stp;
            fy = fp;
            gy = dp;
        } else {
            if (sgnd < 0.0) {
                sty = stx;
                fy = fx;
                gy = gx;
            }
            stx = stp;
            fx = fp;
            gx = dp;
        }
        stp = stpf;
    }
}
