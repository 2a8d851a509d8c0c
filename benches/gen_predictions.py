#!/usr/bin/env python3
"""Writes a synthetic dataset with model predictions: N inputs over K mutually exclusive concepts.

usage: gen_predictions.py OUT_DIR [N=1000000] [K=10]
Writes OUT_DIR/metadata.jsonl (Hugging Face style, 5% of the labels wrong on purpose),
OUT_DIR/labels.txt and OUT_DIR/predictions.csv (`file_name` + one softmax score per concept,
6 significant digits). Deterministic (fixed seed). Needs numpy and pandas.
"""
import os
import sys

import numpy as np
import pandas as pd

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
k = int(sys.argv[3]) if len(sys.argv) > 3 else 10
rng = np.random.default_rng(42)
concepts = [f"concept_{i:02d}" for i in range(k)]
truth = rng.integers(0, k, size=n)
wrong = rng.random(n) < 0.05
given = np.where(wrong, (truth + rng.integers(1, k, size=n)) % k, truth)
logits = rng.normal(0.0, 1.0, size=(n, k))
logits[np.arange(n), truth] += rng.normal(3.0, 1.5, size=n)
probs = np.exp(logits - logits.max(axis=1, keepdims=True))
probs /= probs.sum(axis=1, keepdims=True)
names = np.char.add("images/", np.char.add(np.char.zfill(np.arange(n).astype(str), 7), ".png"))
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "labels.txt"), "w") as f:
    f.write("\n".join(concepts) + "\n")
pd.DataFrame({"file_name": names, "label": np.array(concepts)[given]}).to_json(
    os.path.join(out, "metadata.jsonl"), orient="records", lines=True
)
frame = pd.DataFrame(probs, columns=concepts)
frame.insert(0, "file_name", names)
frame.to_csv(os.path.join(out, "predictions.csv"), index=False, float_format="%.6g")
