#!/usr/bin/env python3
"""scipy's L-BFGS-B on the benchmark problem of src/main/java/styletransfer/bench/LbfgsBBenchmark.java.

Prints one line "scipy n=<n> m=<m> nit=<nit> nfev=<nfev> ... overhead_ms_per_iter=<o>": the
wall time from the first to the last iteration callback, minus the time spent in the objective
in between, divided by the number of iterations in between. This leaves out the one-time setup
(scipy's per-variable Python loop over the bounds takes seconds at this n). The same in process
CPU time (all threads) is printed as cpu_overhead_ms_per_iter: on a loaded machine it is the
steadier number.
Usage: python3 bench/lbfgsb_scipy.py [n] [m] [iterations]
"""
import sys
import time

import numpy as np
from scipy.optimize import Bounds, minimize


def problem(n):
    """f = sum h_i (x_i - c_i)^2 / 2 on [-1, 1]^n; about a third of the c_i lie outside the box."""
    i = np.arange(n)
    h = 1.0 + (i % 100) / 10.0
    c = ((i * 7919) % 3001 - 1500) / 1000.0
    return h, c


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    m = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    iters = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    h, c = problem(n)
    eval_ns = [0]
    eval_cpu = [0]
    marks = []  # (wall, accumulated eval wall, cpu, accumulated eval cpu) at each callback

    def callback(intermediate_result):
        marks.append((time.perf_counter_ns(), eval_ns[0], time.process_time_ns(), eval_cpu[0]))

    def fun(x):
        t0 = time.perf_counter_ns()
        c0 = time.process_time_ns()
        r = x - c
        hr = h * r
        # Left-to-right sum (cumsum), as the Java side sums, so both get identical f and g.
        f = 0.5 * float(np.cumsum(hr * r)[-1])
        eval_cpu[0] += time.process_time_ns() - c0
        eval_ns[0] += time.perf_counter_ns() - t0
        return f, hr

    x0 = np.zeros(n)
    bounds = Bounds(np.full(n, -1.0), np.full(n, 1.0))
    opts = {"maxcor": m, "maxiter": iters, "ftol": 0.0, "gtol": 0.0, "maxfun": 10 * iters}
    t0 = time.perf_counter_ns()
    res = minimize(fun, x0, jac=True, method="L-BFGS-B", bounds=bounds, options=opts,
                   callback=callback)
    total = time.perf_counter_ns() - t0
    first, last = marks[0], marks[-1]
    steps = len(marks) - 1
    over = ((last[0] - first[0]) - (last[1] - first[1])) / 1e6 / steps
    over_cpu = ((last[2] - first[2]) - (last[3] - first[3])) / 1e6 / steps
    print(f"scipy n={n} m={m} nit={res.nit} nfev={res.nfev} total_ms={total / 1e6:.1f} "
          f"eval_ms={eval_ns[0] / 1e6:.1f} cpu_overhead_ms_per_iter={over_cpu:.3f} "
          f"overhead_ms_per_iter={over:.3f} f={res.fun:.17g} message={res.message}")


if __name__ == "__main__":
    main()
