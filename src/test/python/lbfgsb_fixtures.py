#!/usr/bin/env python3
"""Writes the JSON fixtures that LbfgsBTest replays against styletransfer.optim.LbfgsB.

Each fixture is one scipy.optimize.minimize(method="L-BFGS-B") run with the installed scipy:
start, bounds (null = infinite), options, f and x after every iteration (from the callback)
and the final nit, nfev, status, message, x and fun.

The objectives are defined by closed formulas with sequential (left-to-right) sums, written
with np.cumsum, which is strictly sequential, so that the Java side (TestProblems) computes
bit-identical values. Large problems store x per iteration only at 50 sampled coordinates
plus its 2-norm (long runs at n = 100 likewise, to keep each file well below 1 MiB); the
final x is always stored in full.

Run from the repository root:  python3 src/test/python/lbfgsb_fixtures.py
"""
import ctypes
import glob
import json
import math
import os
import sys

import subprocess

import numpy as np
import scipy
from scipy.linalg import blas, lapack
from scipy.optimize import minimize

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "styletransfer", "optim")
FULL_X_MAX_ENTRIES = 20000  # full x per iteration while n * iterations stays below this
SAMPLES = 50


def openblas_core():
    """The OpenBLAS kernel set scipy runs with (e.g. "Haswell"), or None if unknown.

    The Java port rounds like the Haswell/Zen kernels; fixtures made with other kernels still
    agree on well-conditioned runs but not bit for bit on the long Rosenbrock ones.
    """
    libs = glob.glob(os.path.join(os.path.dirname(scipy.__file__), "..", "scipy.libs",
                                  "libscipy_openblas*.so*"))
    for path in libs:
        try:
            fn = ctypes.CDLL(path).scipy_openblas_get_corename
        except (OSError, AttributeError):
            continue
        fn.restype = ctypes.c_char_p
        return fn().decode()
    return None


CORE = openblas_core()


def seqsum(a):
    """Left-to-right sum (np.sum would sum pairwise)."""
    return float(np.cumsum(a)[-1]) if len(a) else 0.0


# ---------------------------------------------------------------- objectives (mirrored in Java)

def rosenbrock(x):
    a = x[1:] - x[:-1] * x[:-1]
    b = 1.0 - x[:-1]
    f = seqsum(100.0 * (a * a) + b * b)
    g = np.zeros_like(x)
    g[:-1] = -400.0 * x[:-1] * a - 2.0 * b
    g[1:] = g[1:] + 200.0 * a
    return f, g


def beale(x):
    u, v = x[0], x[1]
    v2 = v * v
    v3 = v2 * v
    t1 = 1.5 - u + u * v
    t2 = 2.25 - u + u * v2
    t3 = 2.625 - u + u * v3
    f = t1 * t1 + t2 * t2 + t3 * t3
    gu = 2.0 * t1 * (v - 1.0) + 2.0 * t2 * (v2 - 1.0) + 2.0 * t3 * (v3 - 1.0)
    gv = 2.0 * t1 * u + 2.0 * t2 * (2.0 * u * v) + 2.0 * t3 * (3.0 * u * v2)
    return f, np.array([gu, gv])


def quadratic_data(n, k):
    """f = 0.5 x'(D + V V')x - b'x with integer-formula entries (exact in both languages)."""
    i = np.arange(n, dtype=np.int64)
    diag = 1.0 + (i % 10).astype(np.float64) / 2.0
    j = np.arange(k, dtype=np.int64)
    v = (((i[:, None] * (j[None, :] + 3) * 7919) % 1000) - 500).astype(np.float64) / 1000.0 / 10.0
    b = (((i * 104729) % 2001) - 1000).astype(np.float64) / 100.0
    return diag, v, b


def quadratic(n, k):
    diag, v, b = quadratic_data(n, k)

    def fun(x):
        w = np.cumsum(v * x[:, None], axis=0)[-1]          # V'x, each column summed in order
        vw = np.cumsum(v * w[None, :], axis=1)[:, -1]     # V (V'x), each row summed in order
        f = 0.5 * seqsum(diag * x * x) + 0.5 * seqsum(w * w) - seqsum(b * x)
        g = diag * x + vw - b
        return f, g
    return fun


def make_fun(problem):
    kind = problem["type"]
    if kind == "rosenbrock":
        return rosenbrock
    if kind == "beale":
        return beale
    if kind == "quadratic":
        return quadratic(problem["n"], problem["k"])
    raise ValueError(kind)


# ---------------------------------------------------------------- runs

def jnum(a):
    return [None if math.isinf(float(t)) else float(t) for t in a]


def run(name, problem, x0, lower, upper, options=None, stop_after=None):
    options = dict(options or {})
    fun = make_fun(problem)
    n = len(x0)
    x0 = np.asarray(x0, dtype=np.float64)
    lower = np.asarray(lower, dtype=np.float64)
    upper = np.asarray(upper, dtype=np.float64)
    bounds = [(None if math.isinf(lo) else lo, None if math.isinf(up) else up)
              for lo, up in zip(lower, upper)]
    iters = []
    xs = []

    def callback(intermediate_result):
        xs.append(np.array(intermediate_result.x, copy=True))
        iters.append({"f": float(intermediate_result.fun)})
        if stop_after is not None and len(iters) >= stop_after:
            raise StopIteration

    res = minimize(fun, x0, jac=True, method="L-BFGS-B", bounds=bounds, callback=callback,
                   options=options)
    sample = None
    if n * len(iters) > FULL_X_MAX_ENTRIES:
        sample = np.linspace(0, n - 1, SAMPLES).astype(int).tolist()
    for entry, x in zip(iters, xs):
        if sample is None:
            entry["x"] = x.tolist()
        else:
            entry["xSample"] = x[sample].tolist()
            entry["xNorm"] = float(np.linalg.norm(x))
    full = {"maxcor": 10, "ftol": 2.220446049250313e-09, "gtol": 1e-05, "maxiter": 15000,
            "maxfun": 15000, "maxls": 20}
    full.update(options)
    fixture = {
        "name": name,
        "scipy": scipy.__version__,
        "openblasCore": CORE,
        "problem": problem,
        "x0": x0.tolist(),
        "lower": jnum(lower),
        "upper": jnum(upper),
        "options": full,
        "stopAfter": stop_after,
        "sample": sample,
        "iterations": iters,
        "result": {"nit": int(res.nit), "nfev": int(res.nfev), "status": int(res.status),
                   "message": str(res.message), "f": float(res.fun), "x": res.x.tolist()},
    }
    with open(os.path.join(OUT, name + ".json"), "w") as fh:
        json.dump(fixture, fh, separators=(",", ":"))
    print(f"{name:28s} [{CORE}] n={n:6d} nit={res.nit:5d} nfev={res.nfev:5d} status={res.status} {res.message}")


# ---------------------------------------------------------------- BLAS/LAPACK kernels

def kernel_vector(n, salt):
    """Deterministic test vector, the same formula as BlasTest.vector in Java."""
    i = np.arange(n, dtype=np.int64)
    return ((((i * 7919 + salt * 104729) % 2003) - 1001).astype(np.float64) / 997.0
            * np.ldexp(1.0, (i % 9 - 4).astype(np.int32)))


def threaded_dots():
    """Run by the child processes: ddot for long vectors with this process's thread count."""
    print(json.dumps([float(blas.ddot(kernel_vector(n, 1), kernel_vector(n, 2)))
                      for n in DOT_LENGTHS]))


DOT_LENGTHS = [1, 7, 15, 16, 17, 31, 33, 100, 1000, 10000, 10001, 20000, 100003]


def kernels():
    """openblas_kernels.json: what scipy's OpenBLAS returns for the operations LbfgsB emulates."""
    rng = np.random.default_rng(20251125)
    dots = {}
    for threads in (1, 2):
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads))
        out = subprocess.run([sys.executable, __file__, "--threaded-dots"], env=env, check=True,
                             capture_output=True, text=True).stdout
        dots[str(threads)] = json.loads(out)
    nrm2 = [float(blas.dnrm2(kernel_vector(n, 3))) for n in DOT_LENGTHS]
    # Zeros, subnormals, and squares beyond the double range (x87 has room for them).
    special = [[0.0, -0.0, 0.0], [3e-310, -1e-320, 2.5e-308, 1.0], [1e200, -3e200, 7.0],
               [1e-200, 2e-200, 3e-200, 4e-200, 5e-200, 6e-200, 7e-200, 8e-200, 9e-200],
               [1.0 + 2.0 ** -52] * 17]
    nrm2_special = [{"x": v, "value": float(blas.dnrm2(np.array(v)))} for v in special]
    axpy = []
    for n in (1, 5, 15, 16, 17, 40):
        alpha = float(rng.standard_normal())
        y = blas.daxpy(kernel_vector(n, 4), kernel_vector(n, 5), a=alpha)
        axpy.append({"n": n, "alpha": alpha, "y": y.tolist()})
    potrf, trsv, trsm = [], [], []
    for n in range(1, 13):
        for _ in range(3):
            b = rng.standard_normal((n, n))
            a = b @ b.T + n * np.eye(n)
            c, info = lapack.dpotrf(a, lower=0, clean=1)
            potrf.append({"n": n, "a": a.T.ravel().tolist(), "u": c.T.ravel().tolist()})
            u = np.triu(rng.standard_normal((n, n))) + np.diag(rng.uniform(0.5, 2.0, n))
            rhs = rng.standard_normal(n)
            for trans in (0, 1):
                x, info = lapack.dtrtrs(u, rhs, lower=0, trans=trans)
                trsv.append({"n": n, "transpose": bool(trans), "u": u.T.ravel().tolist(),
                             "b": rhs.tolist(), "x": x.tolist()})
            if n > 11:
                continue  # LbfgsB reproduces the multi-right-hand-side path up to order 11
            rhs3 = rng.standard_normal((n, 3))
            x3, info = lapack.dtrtrs(u, rhs3, lower=0, trans=1)
            trsm.append({"n": n, "u": u.T.ravel().tolist(), "b": rhs3.T.ravel().tolist(),
                         "x": x3.T.ravel().tolist()})
    fixture = {"openblasCore": CORE, "dotLengths": DOT_LENGTHS, "dot": dots, "nrm2": nrm2,
               "nrm2Special": nrm2_special,
               "axpy": axpy, "potrf": potrf, "trsv": trsv, "trsm": trsm}
    with open(os.path.join(OUT, "openblas_kernels.json"), "w") as fh:
        json.dump(fixture, fh, separators=(",", ":"))
    print(f"openblas_kernels             [{CORE}] dot/nrm2/axpy/potrf/trtrs samples")


def alternating(n):
    return [-1.2 if i % 2 == 0 else 1.0 for i in range(n)]


def main():
    os.makedirs(OUT, exist_ok=True)
    kernels()
    inf = math.inf
    rosen = {"type": "rosenbrock"}

    run("rosen2_free", rosen, [-1.2, 1.0], [-inf] * 2, [inf] * 2)
    run("rosen2_box", rosen, [-1.2, 1.0], [-2.0, -2.0], [0.5, 2.0])
    run("rosen10_free", rosen, alternating(10), [-inf] * 10, [inf] * 10)
    run("rosen10_box", rosen, alternating(10), [-2.0] * 10, [0.8 if i % 3 == 0 else 2.0 for i in range(10)])
    run("rosen100_free", rosen, alternating(100), [-inf] * 100, [inf] * 100)
    # Mixed bound types: free, lower only, upper only, both.
    lo = [[-inf, -0.5, -inf, -1.0][i % 4] for i in range(100)]
    up = [[inf, inf, 0.7, 0.9][i % 4] for i in range(100)]
    run("rosen100_mixed", rosen, alternating(100), lo, up)
    run("beale_free", {"type": "beale"}, [1.0, 1.0], [-inf] * 2, [inf] * 2)
    run("beale_box", {"type": "beale"}, [1.0, 1.0], [-4.5, -4.5], [4.5, 0.4])
    # Start partly on and partly outside the bounds (x0 is clipped first).
    x0 = [-3.0, 2.0, 0.5, -2.0, 5.0, -1.2, 1.0, 0.0, 3.0, -4.0]
    run("rosen10_start_outside", rosen, x0, [-2.0] * 10, [2.0] * 10)
    n = 10000
    run("quad10000_box", {"type": "quadratic", "n": n, "k": 5}, [0.0] * n, [-1.0] * n, [1.0] * n,
        {"maxcor": 8})
    n = 50
    run("quad50_most_active", {"type": "quadratic", "n": n, "k": 3}, [0.0] * n, [-0.05] * n, [0.05] * n)
    run("rosen100_maxiter", rosen, alternating(100), [-inf] * 100, [inf] * 100, {"maxiter": 15})
    run("rosen10_maxfun", rosen, alternating(10), [-2.0] * 10, [2.0] * 10, {"maxfun": 20})
    run("rosen2_gtol_at_start", rosen, [1.0, 1.0], [-inf] * 2, [inf] * 2)
    run("quad100_gtol_loose", {"type": "quadratic", "n": 100, "k": 2}, [0.3] * 100, [-1.0] * 100, [1.0] * 100,
        {"gtol": 1e3})
    run("rosen100_maxls1", rosen, alternating(100), [-inf] * 100, [inf] * 100, {"maxls": 1})
    run("rosen10_box_maxls1", rosen, alternating(10), [-2.0] * 10, [0.8 if i % 3 == 0 else 2.0 for i in range(10)],
        {"maxls": 1})
    run("rosen100_mixed_maxls2", rosen, alternating(100), lo, up, {"maxls": 2})
    # maxls = 2 makes one line search give up: the memory is reset and the run goes on.
    run("rosen2_maxls2_restart", rosen, [-1.2, 1.0], [-inf] * 2, [inf] * 2, {"maxls": 2})
    run("rosen100_callback_stop", rosen, alternating(100), [-inf] * 100, [inf] * 100, stop_after=7)
    run("rosen100_m3_ftol", rosen, alternating(100), [-2.0] * 100, [2.0] * 100, {"maxcor": 3, "ftol": 1e-12})


if __name__ == "__main__":
    if sys.argv[1:] == ["--threaded-dots"]:
        threaded_dots()
    else:
        sys.exit(main())
