#!/usr/bin/python3
"""Expected outputs of scikit-image 0.13's rescale/resize, for RescaleTest.

Run with Debian's python3-skimage (0.19): /usr/bin/python3 src/test/python/rescale_fixtures.py
It writes src/test/resources/styletransfer/image/rescale_fixtures.json. It also reads two CC0 photos from the
team's shared folder (../shared next to the project, or $STYLETRANSFER_SHARED).

The reference calls skimage.transform.rescale(img, scale) of 0.13 with its defaults: order=1, mode='constant',
cval=0, clip=True, preserve_range=False. 0.19 reimplemented rescale/resize (anti-aliasing on by default,
scipy.ndimage.zoom instead of warp, output sides at least 1, another clip rule), so rather than trust that
it still matches, this script repeats what 0.13 does, step by step, with the parts that did not change:
  - output size: np.round(scale * rows), np.round(scale * cols)   (0.13 rescale; np.round rounds half to even)
  - the inverse map: an affine matrix with col' = (w/W)(col + 0.5) - 0.5, row' = (h/H)(row + 0.5) - 0.5
    (0.13 resize estimates it from three corner points, equal to this to ~1e-13; for a 1x1 output it uses the
    translation (w/2 - 0.5, h/2 - 0.5), the same values; for a 1-row or 1-column output the three points are
    collinear, which leaves only the coefficient of the constant coordinate undetermined, and that multiplies
    0; so we write the matrix down directly)
  - skimage.transform.warp(image, matrix, order=1, mode='constant', cval=0, clip=False): for a (3, 3) matrix and
    order 1 both versions run the Cython _warp_fast per channel with the same bilinear formula
  - 0.13's clip: np.clip to the input's overall [min, max], keeping outputs equal to cval when cval lies
    outside that range (0.19 widens the range instead; for these inputs the two never differ).
For comparison it prints how far 0.19's own rescale(..., anti_aliasing=False) lands from this (about 1e-15
when this was written: the two agree apart from rounding).
"""
import json
import os
import warnings

import numpy as np
import skimage
import skimage.io
from skimage.transform import warp, rescale as rescale_019

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "../resources/styletransfer/image/rescale_fixtures.json")


def clip_013(image, out, cval=0.0):
    lo, hi = image.min(), image.max()
    preserve_cval = not (lo <= cval <= hi)
    if preserve_cval:
        mask = out == cval
    np.clip(out, lo, hi, out=out)
    if preserve_cval:
        out[mask] = cval
    return out


def resize_013(image, rows, cols):
    h, w = image.shape[:2]
    row_scale = float(h) / rows
    col_scale = float(w) / cols
    matrix = np.array([[col_scale, 0.0, col_scale * 0.5 - 0.5],
                       [0.0, row_scale, row_scale * 0.5 - 0.5],
                       [0.0, 0.0, 1.0]])
    out = warp(image, matrix, output_shape=(rows, cols), order=1, mode='constant', cval=0.0,
               clip=False, preserve_range=False)
    return clip_013(image, out)


def rescale_013(image, scale):
    rows = int(np.round(scale * image.shape[0]))
    cols = int(np.round(scale * image.shape[1]))
    return resize_013(image, rows, cols)


def case(kind, image, out, **extra):
    entry = {"kind": kind, "height": image.shape[0], "width": image.shape[1]}
    entry.update(extra)
    entry.update({"input": [float(v) for v in image.ravel()],
                  "outHeight": out.shape[0], "outWidth": out.shape[1],
                  "output": [float(v) for v in out.ravel()]})
    return entry


def photo_case(name, factor):
    """A real photo at the reference's working size, stored as a digest: the sum and 256 sampled values.

    The photos are the team's CC0 samples (shared/images-cc0, or $STYLETRANSFER_SHARED/images-cc0); PNGs,
    so decoding is exact. The image is loaded as the reference's caffe.io.load_image does it,
    skimage.img_as_float(skimage.io.imread(f)).astype(np.float32), alpha dropped: v / 255 rounded to float32,
    which is also what the Java ImageReader gives. (0.13's img_as_float divides by 255.0 in float64; 0.19's
    multiplies by 1/255, an ulp away for some v, but the two agree once rounded to float32; asserted below.)
    0.13's warp then converts that float32 input with its img_as_float, which in 0.13 gives float64, so the
    rescale itself runs in float64 on the float32 values; we pass float64 because 0.19's warp would stay in
    float32.
    """
    shared = os.environ.get("STYLETRANSFER_SHARED",
                            os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../shared"))
    raw = skimage.io.imread(os.path.join(shared, "images-cc0", name))
    assert raw.dtype == np.uint8, raw.dtype
    image = (raw.astype(np.float64) / 255.0).astype(np.float32)  # load_image, with 0.13's img_as_float
    assert np.array_equal(image, skimage.img_as_float(raw).astype(np.float32))
    image = image[:, :, :3]
    h, w = image.shape[:2]
    scale = factor * max(512.0 / max(h, w), 224.0 / min(h, w))  # style.py's sizing, net side 224
    out = rescale_013(image.astype(np.float64), scale)
    flat = out.ravel()
    picks = np.linspace(0, flat.size - 1, 256).round().astype(int)
    return {"file": "images-cc0/" + name, "scale": scale, "outHeight": out.shape[0], "outWidth": out.shape[1],
            "sum": float(flat.sum()), "indices": picks.tolist(), "values": [float(v) for v in flat[picks]]}


def main():
    rng = np.random.default_rng(20150826)
    cases = []
    worst_019 = 0.0
    # Inputs: random in [0.05, 0.95] so that edge samples fall below the minimum and clipping matters;
    # one with exact 0 and 1 values; one that is not in [0, 1] (rescale does not assume the range).
    images = {
        "7x5": rng.uniform(0.05, 0.95, (7, 5, 3)),
        "13x17": rng.uniform(0.05, 0.95, (13, 17, 3)),
        "1x9": rng.uniform(0.05, 0.95, (1, 9, 3)),
        "9x1": rng.uniform(0.05, 0.95, (9, 1, 3)),
        "6x4 with 0 and 1": rng.integers(0, 2, (6, 4, 3)).astype(np.float64),
        "5x3 negative": rng.uniform(-2.0, -0.5, (5, 3, 3)),
    }
    for name, image in images.items():
        for scale in (0.3, 0.5, 0.8, 1.2, 1.9, 2.5):
            rows, cols = np.round(scale * image.shape[0]), np.round(scale * image.shape[1])
            if rows < 1 or cols < 1:
                continue  # 0.13 would produce an empty image; the Java port refuses such scales
            out = rescale_013(image, scale)
            cases.append(case("rescale", image, out, name=name, scale=scale))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                other = rescale_019(image, scale, order=1, mode='constant', cval=0, clip=True,
                                    preserve_range=False, anti_aliasing=False, channel_axis=-1)
            if other.shape == out.shape:
                worst_019 = max(worst_019, float(np.abs(other - out).max()))
    # Odd sizes, including a 1x1 output (0.13's separate translation-only branch), through resize.
    for name, (h, w), (rows, cols) in (("7x5 to 9x4", (7, 5), (9, 4)),
                                       ("13x17 to 5x23", (13, 17), (5, 23)),
                                       ("3x3 to 1x1", (3, 3), (1, 1)),
                                       ("4x6 to 1x1", (4, 6), (1, 1)),
                                       ("2x2 to 11x3", (2, 2), (11, 3))):
        image = rng.uniform(0.05, 0.95, (h, w, 3))
        cases.append(case("resize", image, resize_013(image, rows, cols), name=name))
    # rescale to 1x1 via the size rule: 3x3 at 0.3 rounds to 1x1.
    image = rng.uniform(0.05, 0.95, (3, 3, 3))
    cases.append(case("rescale", image, rescale_013(image, 0.3), name="3x3 at 0.3 to 1x1", scale=0.3))

    photos = [photo_case(name, factor) for name, factor in (("chelsea.png", 1.0), ("astronaut.png", 1.2))]

    with open(OUT, "w") as f:
        json.dump({"generator": "src/test/python/rescale_fixtures.py",
                   "skimage": skimage.__version__, "numpy": np.__version__,
                   "cases": cases, "photos": photos}, f, separators=(",", ":"))
        f.write("\n")
    print("wrote %d cases to %s (%d bytes)" % (len(cases), os.path.normpath(OUT), os.path.getsize(OUT)))
    print("largest difference of 0.19's own rescale(anti_aliasing=False) from 0.13's: %.3g" % worst_019)


if __name__ == "__main__":
    main()
