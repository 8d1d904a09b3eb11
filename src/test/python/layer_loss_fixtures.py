"""Writes src/test/resources/styletransfer/transfer/layer_loss.json: one style layer and one content layer computed
with numpy float32 exactly as the reference's _compute_style_grad / _compute_content_grad and style_optfn do
(restated from style.py's _compute_style_grad and _compute_content_grad), so LayerLoss can be checked against numpy.

Run from the project root: python3 src/test/python/layer_loss_fixtures.py
"""
import json
import numpy as np

rng = np.random.default_rng(1508)
cases = []
for (n, m, w, ratio) in [(4, 10, 0.2, 1e4), (16, 49, 0.2, 1e3), (7, 33, 0.9998, 1.0)]:
    f = np.maximum(rng.standard_normal((n, m)).astype(np.float32) * 3, 0).astype(np.float32)  # post-ReLU
    s = np.maximum(rng.standard_normal((n, m + 5)).astype(np.float32) * 3, 0).astype(np.float32)
    a = np.dot(s, s.T).astype(np.float32)  # a style image's Gram matrix
    p = np.maximum(rng.standard_normal((n, m)).astype(np.float32) * 3, 0).astype(np.float32)
    diff0 = (rng.standard_normal((n, m)) * 1e-3).astype(np.float32)  # what backward left in the blob's diff

    # style, as the reference
    g = np.dot(f, f.T)
    c = n ** -2 * m ** -2
    e = g - a
    style_loss = w * ratio * (c / 4 * (e ** 2).sum())
    grad = c * np.dot(e, f) * (f > 0)
    style_diff = diff0 + (w * grad * ratio).astype(np.float32)

    # content, as the reference
    el = f - p
    content_loss = w * ((el ** 2).sum() / 2)
    content_diff = diff0 + (w * (el * (f > 0))).astype(np.float32)

    cases.append({"n": n, "m": m, "weight": w, "ratio": ratio,
                  "f": f.ravel().tolist(), "gram_target": a.ravel().tolist(), "content_target": p.ravel().tolist(),
                  "diff0": diff0.ravel().tolist(),
                  "style_loss": float(style_loss), "style_diff": style_diff.ravel().tolist(),
                  "content_loss": float(content_loss), "content_diff": content_diff.ravel().tolist()})
with open("src/test/resources/styletransfer/transfer/layer_loss.json", "w") as out:
    json.dump({"generator": "src/test/python/layer_loss_fixtures.py", "cases": cases}, out)
