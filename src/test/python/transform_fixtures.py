#!/usr/bin/python3
"""Expected numbers for CaffeTransformTest and ImageWriterTest, from numpy and PIL.

Run with Debian's python3: /usr/bin/python3 src/test/python/transform_fixtures.py
It writes src/test/resources/styletransfer/image/transform_fixtures.json.

What it reproduces (the reference's steps, written out with numpy; the dtypes are what matter):
  - caffe.io.Transformer.preprocess as style.py configures it (transpose (2,0,1), channel swap (2,1,0),
    raw scale 255, mean per channel): the image is cast to float32 first, `*= 255` runs in float32, and
    `-= mean` with the float64 mean computes in float64 and stores back into the float32 array.
  - deprocess of the float32 data blob: `+= mean` (float64 math, stored as float32), `/= 255` in float32,
    channels back to RGB, transpose to HxWx3.
  - skimage 0.13 img_as_ubyte of that float32 image: `*= 255` in float32, np.rint (half to even), clip.
  - PIL's JPEG encoder at its default quality (75), which scipy.misc.imsave used: its quantisation tables
    in file (zigzag) order, and its chroma subsampling.
"""
import io
import json
import os

import numpy as np
from PIL import Image as PilImage

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "../resources/styletransfer/image/transform_fixtures.json")
# The ILSVRC 2012 mean reduced per channel, B, G, R (style.py's load_model: np.load(mean_file).mean(1).mean(1)).
MEAN_BGR = np.array([104.0069879317889, 116.66876761696767, 122.6789143406786])


def preprocess(rgb):
    data = rgb.astype(np.float32)
    data = data.transpose(2, 0, 1)[(2, 1, 0), :, :]
    data *= 255
    data -= MEAN_BGR[:, np.newaxis, np.newaxis]
    return data


def deprocess(blob):
    data = blob.copy()
    data += MEAN_BGR[:, np.newaxis, np.newaxis]
    data /= 255
    return data[(2, 1, 0), :, :].transpose(1, 2, 0)


def as_ubyte(image):
    image = image.astype(np.float32)
    image *= 255
    np.rint(image, out=image)
    np.clip(image, 0, 255, out=image)
    return image.astype(np.uint8)


def jpeg_facts():
    buf = io.BytesIO()
    PilImage.new("RGB", (16, 16), (120, 40, 200)).save(buf, "JPEG")
    data = buf.getvalue()
    tables, sampling = [], None
    i = 2
    while i < len(data) and data[i] == 0xFF:
        marker, length = data[i + 1], data[i + 2] << 8 | data[i + 3]
        body = data[i + 4:i + 2 + length]
        if marker == 0xDB:  # DQT: one or more (precision/id byte, 64 entries) tables
            j = 0
            while j < len(body):
                precision = body[j] >> 4
                size = 128 if precision else 64
                entries = body[j + 1:j + 1 + size]
                tables.append(list(entries) if not precision
                              else [entries[k] << 8 | entries[k + 1] for k in range(0, 128, 2)])
                j += 1 + size
        elif marker == 0xC0:  # SOF0: per component (id, sampling factors, table)
            count = body[5]
            sampling = [body[6 + 3 * c + 1] for c in range(count)]
        elif marker == 0xDA:
            break
        i += 2 + length
    return tables, sampling


def main():
    rng = np.random.default_rng(1508)
    rgb = rng.uniform(0.0, 1.0, (3, 4, 3))
    rgb[0, 0] = (0.0, 1.0, 0.5)
    rgb[0, 1] = (0.1, 1 / 3, 2 / 3)
    pre = preprocess(rgb)
    # A blob as the optimiser leaves it: float32, inside the bounds [-mean, 255 - mean].
    blob = (rng.uniform(0.0, 255.0, (3, 4, 3)).transpose(2, 0, 1) - MEAN_BGR[:, None, None]).astype(np.float32)
    blob[:, 0, 0] = (-MEAN_BGR).astype(np.float32)
    blob[:, 0, 1] = (255 - MEAN_BGR).astype(np.float32)
    de = deprocess(blob)
    # Quantisation: values at and around the half-way points, in float32 as the reference's image is.
    values = np.array([(k + 0.5) / 255 for k in range(0, 255, 3)] + [k / 255 for k in range(0, 256, 5)]
                      + [np.nextafter((k + 0.5) / 255, 0) for k in range(0, 255, 7)]
                      + [1e-9, 0.999999], dtype=np.float32)
    tables, sampling = jpeg_facts()
    fixtures = {
        "generator": "src/test/python/transform_fixtures.py", "numpy": np.__version__,
        "meanBgr": MEAN_BGR.tolist(),
        "preprocess": {"height": 3, "width": 4, "rgb": rgb.ravel().tolist(),
                       "chw": [float(v) for v in pre.ravel()]},
        "deprocess": {"height": 3, "width": 4, "chw": [float(v) for v in blob.ravel()],
                      "rgb": [float(v) for v in de.ravel()]},
        "quantise": {"values": [float(v) for v in values], "bytes": as_ubyte(values).tolist()},
        "pilJpegQuality75": {"quantTables": tables, "samplingFactors": sampling},
    }
    with open(OUT, "w") as f:
        json.dump(fixtures, f, separators=(",", ":"))
        f.write("\n")
    print("wrote %s (%d bytes)" % (os.path.normpath(OUT), os.path.getsize(OUT)))


if __name__ == "__main__":
    main()
