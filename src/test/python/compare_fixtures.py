"""Writes src/test/resources/styletransfer/compare/image_metrics.json: PSNR, SSIM and largest difference of small
8-bit image pairs as scikit-image computes them, for ImageMetricsTest.

SSIM is structural_similarity(a, b, channel_axis=-1, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
data_range=255) (Wang et al. 2004, K1 0.01, K2 0.03 by default), the settings `style-transfer compare` follows.

Run from the project root with Debian's scikit-image (apt-get install python3-skimage):
    /usr/bin/python3 src/test/python/compare_fixtures.py
"""
import json
import warnings

import numpy as np
import skimage
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

rng = np.random.default_rng(20261125)


def smooth(h, w):
    """A picture-like image: gradients and a disc, so SSIM's structure term matters."""
    r, c = np.mgrid[0:h, 0:w]
    img = np.stack([r * 255.0 / (h - 1), c * 255.0 / (w - 1), 128 + 100 * ((r - h / 2) ** 2 + (c - w / 2) ** 2 < (h / 3) ** 2)], axis=-1)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def case(name, a, b):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # identical images: PSNR divides by zero, as intended
        psnr = float(peak_signal_noise_ratio(a, b, data_range=255))
    ssim = float(structural_similarity(a, b, channel_axis=-1, gaussian_weights=True, sigma=1.5,
                                       use_sample_covariance=False, data_range=255))
    diff = int(np.abs(a.astype(int) - b.astype(int)).max())
    return {"name": name, "height": a.shape[0], "width": a.shape[1], "a": a.ravel().tolist(), "b": b.ravel().tolist(),
            "psnr": "inf" if np.isinf(psnr) else psnr, "ssim": ssim, "max_diff": diff}


cases = []
noise = rng.integers(0, 256, (17, 13, 3), dtype=np.uint8)
cases.append(case("identical random", noise, noise.copy()))
base = smooth(16, 20)
one = base.copy()
one[7, 11, 2] = 255 - one[7, 11, 2]
cases.append(case("one value changed", base, one))
noisy = np.clip(base.astype(float) + rng.normal(0, 12, base.shape), 0, 255).round().astype(np.uint8)
cases.append(case("gaussian noise sigma 12", base, noisy))
cases.append(case("brighter by 20", base, np.clip(base.astype(int) + 20, 0, 255).astype(np.uint8)))
edge = smooth(11, 11)
cases.append(case("smallest size, noise", edge,
                  np.clip(edge.astype(float) + rng.normal(0, 30, edge.shape), 0, 255).round().astype(np.uint8)))
cases.append(case("unrelated random", rng.integers(0, 256, (12, 15, 3), dtype=np.uint8),
                  rng.integers(0, 256, (12, 15, 3), dtype=np.uint8)))

with open("src/test/resources/styletransfer/compare/image_metrics.json", "w") as f:
    json.dump({"generator": "src/test/python/compare_fixtures.py", "skimage": skimage.__version__,
               "numpy": np.__version__, "cases": cases}, f)
