#!/usr/bin/env python3
"""Writes a .caffemodel of seeded random weights for a deploy prototxt, the same weights that
style-transfer's benchmark gives a net without its real weights (CaffeNet.openWithRandomWeights with
BenchCase.WEIGHT_SEED): java.util.Random(seed), in Caffe's parameter order, every blob of more than one
axis He-normal (gaussian * sqrt(2 / fan-in), rounded to float32), every other blob (biases) zero.

Both programs can then load one file: style.py with --weights FILE, style-transfer with --weights FILE.

usage: PYTHONPATH=CAFFE/python python3 random_weights.py DEPLOY.prototxt OUT.caffemodel [--seed N]
"""

import argparse
import math
import os
import sys

import numpy as np

BENCH_SEED = 150806576  # styletransfer.bench.BenchCase.WEIGHT_SEED


class JavaRandom(object):
    """java.util.Random: the 48-bit linear congruential generator and its polar-method nextGaussian."""

    MULTIPLIER = 0x5DEECE66D
    MASK = (1 << 48) - 1

    def __init__(self, seed):
        self.seed = (seed ^ self.MULTIPLIER) & self.MASK
        self.next_gaussian = None

    def _next(self, bits):
        self.seed = (self.seed * self.MULTIPLIER + 0xB) & self.MASK
        return self.seed >> (48 - bits)  # bits <= 27 here: never negative

    def next_double(self):
        return ((self._next(26) << 27) + self._next(27)) * (1.0 / (1 << 53))

    def gaussian(self):
        if self.next_gaussian is not None:
            g, self.next_gaussian = self.next_gaussian, None
            return g
        while True:
            v1 = 2 * self.next_double() - 1
            v2 = 2 * self.next_double() - 1
            s = v1 * v1 + v2 * v2
            if 0 < s < 1:
                break
        multiplier = math.sqrt(-2 * math.log(s) / s)
        self.next_gaussian = v2 * multiplier
        return v1 * multiplier


def random_blobs(shapes, seed):
    """The values of each blob, in order, as style-transfer's benchmark fills them."""
    random = JavaRandom(seed)
    for shape in shapes:
        count = int(np.prod(shape))
        values = np.zeros(count, dtype=np.float32)
        if len(shape) > 1:
            std = math.sqrt(2.0 / (count // shape[0]))
            gaussian = random.gaussian
            values[:] = [gaussian() * std for _ in range(count)]  # float64 products, rounded once to float32
        yield values.reshape(shape)


def main():
    parser = argparse.ArgumentParser(description="Seeded random weights for a Caffe deploy prototxt, "
                                                 "as style-transfer's benchmark makes them.")
    parser.add_argument("prototxt")
    parser.add_argument("output")
    parser.add_argument("--seed", type=int, default=BENCH_SEED,
                        help="java.util.Random seed (default: the benchmark's, %d)" % BENCH_SEED)
    args = parser.parse_args()

    os.environ.setdefault("GLOG_minloglevel", "2")
    import caffe
    caffe.set_mode_cpu()
    net = caffe.Net(args.prototxt, caffe.TEST)
    blobs = [blob for layer in net.params.values() for blob in layer]
    for blob, values in zip(blobs, random_blobs([tuple(b.data.shape) for b in blobs], args.seed)):
        blob.data[...] = values
    net.save(args.output)
    print("wrote %s: %d blobs, %d values, seed %d"
          % (args.output, len(blobs), sum(b.data.size for b in blobs), args.seed), file=sys.stderr)


if __name__ == "__main__":
    main()
