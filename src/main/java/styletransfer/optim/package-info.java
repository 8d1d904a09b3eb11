/**
 * L-BFGS-B, bound-constrained limited-memory BFGS, as a pure-Java port that reproduces the
 * iterates of scipy's {@code minimize(method="L-BFGS-B")} (scipy 1.15 and later, which runs a
 * C translation of L-BFGS-B 3.0 with the Morales-Nocedal 2011 subspace correction).
 *
 * <h2>Use</h2>
 * <pre>{@code
 * Result r = LbfgsB.minimize(f, x0, lower, upper, LbfgsB.Options.defaults(),
 *         (k, x, fx) -> System.out.println(k + " " + fx));
 * }</pre>
 * An infinite {@code lower[i]} or {@code upper[i]} leaves that side unbounded (scipy's None).
 * {@code x0} is first clipped into the box and is not modified. The function receives the
 * optimizer's own x and gradient arrays: it must write the gradient and must not modify x.
 *
 * <h2>What matches scipy</h2>
 * <ul>
 * <li>The algorithm (Cauchy point, subspace minimization with the 2011 projection fix,
 *     Moré-Thuente line search, memory resets on numerical trouble) and the driver of
 *     {@code _minimize_lbfgsb}: factr = ftol / eps; iterations (nit) are counted and the listener
 *     is called on every new iterate, before the convergence tests; the maxiter and maxfun
 *     limits are checked only there, so evaluations may exceed maxfun within the last line
 *     search; evaluations (nfev) are counted as scipy's memoizing ScalarFunction counts them
 *     (the start point is evaluated once; a repeated point is not evaluated again).</li>
 * <li>Status and message wording, including scipy's quirk that after an abnormal line-search
 *     end {@code x} is the last iterate but {@code f} the value at the last point tried.</li>
 * <li>A listener that throws {@link styletransfer.optim.StopRequested} ends the run
 *     with that iterate as the result, status {@code STOPPED} and the message scipy's minimize
 *     gives when a callback raises StopIteration (its status 99). This is how a run can be
 *     interrupted (e.g. on Ctrl-C) and keep its last iterate.</li>
 * <li>Rounding. scipy's C code is plain IEEE arithmetic, but its BLAS/LAPACK calls go to
 *     OpenBLAS, whose kernels sum in their own orders, with fused multiply-adds and (dnrm2)
 *     in x87 extended precision. {@code Blas} and {@code Dense} reproduce the kernels scipy's
 *     OpenBLAS selects on Haswell/Zen-class CPUs (AVX2 + FMA): ddot, daxpy, dnrm2, dpotrf
 *     (via dpotf2 and the dgemv_t kernel) and dtrtrs (via dtrsv, or dtrsm's kernel for several
 *     right-hand sides), checked bit for bit against scipy's OpenBLAS ({@code BlasTest}).
 *     Consequently the iterates are identical to scipy's, not merely close: all recorded
 *     runs agree to the last bit, including 500-iteration Rosenbrock runs whose trajectories
 *     amplify a one-ulp difference to O(1) within some tens of iterations.</li>
 * </ul>
 *
 * <h2>Limits of the bit-for-bit agreement (conditioning)</h2>
 * <ul>
 * <li>Other OpenBLAS kernel sets (e.g. SkylakeX AVX-512, or {@code OPENBLAS_CORETYPE} forcing
 *     another core) round differently. Well-conditioned runs hardly notice (with textbook-rounded
 *     factorizations, an earlier state of this port, they agreed to 1.4e-12 or better). The
 *     long Rosenbrock runs (rosen2_free, rosen10_free, rosen10_start_outside, rosen100_free,
 *     rosen100_m3_ftol) are ill-conditioned in that sense: along the curved valley scipy's own
 *     trajectory is not stable under a one-ulp perturbation, so they would then agree only in
 *     their first 25-30 iterations and in the end result. {@code LbfgsBTest} applies that
 *     weaker check when a fixture records a kernel set other than Haswell or Zen.</li>
 * <li>For n > 10000 OpenBLAS splits each ddot over its threads. Set
 *     {@link styletransfer.optim.LbfgsB.Options#openblasThreads()} to scipy's OpenBLAS thread
 *     count (the CPU count unless OPENBLAS_NUM_THREADS says otherwise) to reproduce such runs;
 *     the benchmark does so and checks that its final f equals scipy's bit for bit.</li>
 * <li>The multi-right-hand-side triangular solve is reproduced up to order 11, i.e. for
 *     maxCorrections up to 11 (scipy's default is 10, the style transfer uses 8).</li>
 * </ul>
 *
 * <h2>Tests and fixtures</h2>
 * {@code LbfgsBTest} replays 21 runs of the installed scipy (1.17) stored as JSON under
 * {@code src/test/resources/styletransfer/optim} and demands the same nit, nfev, status,
 * message and listener calls, and f and x after every iteration equal to the last bit (for a
 * fixture recorded with other OpenBLAS kernels than Haswell's or Zen's: within 1e-10 relative,
 * see the limits above). All 21 shipped fixtures were recorded with the emulated kernels. {@code BlasTest} checks the kernels against
 * {@code openblas_kernels.json}. Regenerate all fixtures with
 * {@code python3 src/test/python/lbfgsb_fixtures.py} (from the repository root; needs scipy and
 * numpy; the objectives are defined identically on both sides, see {@code TestProblems}).
 * {@code bench/lbfgsb.sh} compares the optimizer's per-iteration overhead with scipy's.
 *
 * <h2>Performance</h2>
 * All n-sized storage (x, g, 2m correction vectors, five work vectors, three index vectors) is
 * allocated once per run; an iteration allocates only a few small objects, nothing that grows
 * with n. Loops over the corrections are reordered for the cache (blocked, fused, sums kept in
 * registers) only where every sum still adds the same terms in the same order; a few tests on
 * unpredictable signs (the projected-gradient norm, the line search's step bound) pick a side
 * without a branch where the result is provably the original's (see their javadoc). From n = 100000 on, and if there is
 * more than one CPU, a helper thread (daemon, one per run, stopped at its end) takes half of
 * the largest loops, split so that no sum changes: results are identical either way. The
 * function is always evaluated on the caller's thread. The ring of corrections is one
 * flat column-major array per S and Y, so m * n must stay below 2^31. The Cauchy point passes
 * its breakpoints in the order of the original's heap, but builds the heap only when a tie
 * among them could matter (see {@code BreakpointOrder}).
 *
 * <h2>Origin and license</h2>
 * Written anew in Java from the papers below and from reading scipy's C translation
 * ({@code scipy/optimize/__lbfgsb.c}, Copyright (C) 2024 SciPy developers, BSD-3-Clause) and
 * its Python driver. The original L-BFGS-B 3.0 (Fortran) was written by Ciyou Zhu, Richard
 * Byrd, Jorge Nocedal and Jose Luis Morales and carries this condition for use:
 * <blockquote>
 * This software is freely available, but we expect that all publications describing work
 * using this software, or all commercial products using it, quote at least one of the
 * references given below. This software is released under the BSD License.
 * <ul>
 * <li>R. H. Byrd, P. Lu and J. Nocedal. A Limited Memory Algorithm for Bound Constrained
 *     Optimization, (1995), SIAM Journal on Scientific and Statistical Computing, 16, 5,
 *     pp. 1190-1208.</li>
 * <li>C. Zhu, R. H. Byrd and J. Nocedal. L-BFGS-B: Algorithm 778: L-BFGS-B, FORTRAN routines
 *     for large scale bound constrained optimization (1997), ACM Transactions on Mathematical
 *     Software, 23, 4, pp. 550 - 560.</li>
 * <li>J.L. Morales and J. Nocedal. L-BFGS-B: Remark on Algorithm 778: L-BFGS-B, FORTRAN
 *     routines for large scale bound constrained optimization (2011), ACM Transactions on
 *     Mathematical Software, 38, 1.</li>
 * </ul>
 * </blockquote>
 * The BSD license terms (of the original code and of scipy's translation) are:
 * <blockquote>
 * Redistribution and use in source and binary forms, with or without modification, are
 * permitted provided that the following conditions are met:
 * (a) Redistributions of source code must retain the above copyright notice, this list of
 * conditions and the following disclaimer.
 * (b) Redistributions in binary form must reproduce the above copyright notice, this list of
 * conditions and the following disclaimer in the documentation and/or other materials
 * provided with the distribution.
 * (c) Neither the names of the copyright holders nor the names of the contributors may be
 * used to endorse or promote products derived from this software without specific prior
 * written permission.
 * <p>
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS
 * OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE
 * COPYRIGHT HOLDERS OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,
 * EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF
 * SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION)
 * HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR
 * TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
 * SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 * </blockquote>
 */
package styletransfer.optim;
