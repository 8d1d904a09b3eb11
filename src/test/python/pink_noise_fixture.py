"""Writes src/test/resources/styletransfer/transfer/pink_noise.json: the reference's pink-noise start
(restated from style.py's _make_noise_input) for fixed normal draws,
so the Java port can be compared with numpy's FFT on the same a and b.

Run from the project root: python3 src/test/python/pink_noise_fixture.py
"""
import json
import numpy as np
from numpy.fft import ifftn

def pink_noise(h, w, k, a, b):
    dims = (h, w, 3)
    grid = np.mgrid[0:dims[0], 0:dims[1]]
    sf = (grid[0] - (dims[0] - 1) / 2.0) ** 2 + (grid[1] - (dims[1] - 1) / 2.0) ** 2
    sf[np.where(sf == 0)] = 1
    sf = np.sqrt(sf)
    sf = np.dstack((sf ** int(k),) * dims[2])
    kernel = np.cos(2 * np.pi * a) + 1j * np.sin(2 * np.pi * b)
    img = np.abs(ifftn(sf * kernel))
    img -= img.min()
    img /= img.max()
    return img

rng = np.random.default_rng(20261125)
cases = []
for (h, w, k) in [(5, 4, -1), (6, 7, -2), (9, 8, 1), (3, 3, 0)]:
    a = rng.standard_normal((h, w, 3))
    b = rng.standard_normal((h, w, 3))
    cases.append({"height": h, "width": w, "exponent": k, "a": a.ravel().tolist(), "b": b.ravel().tolist(),
                  "expected": pink_noise(h, w, k, a, b).ravel().tolist()})
with open("src/test/resources/styletransfer/transfer/pink_noise.json", "w") as f:
    json.dump({"generator": "src/test/python/pink_noise_fixture.py", "cases": cases}, f)
