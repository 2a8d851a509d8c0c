#!/usr/bin/env python3
"""Writes a synthetic Hugging Face-style metadata.jsonl of N inputs over K concepts.

usage: gen_jsonl.py OUT_DIR [N=1000000] [K=10]
Writes OUT_DIR/metadata.jsonl and OUT_DIR/labels.txt. Images are not created: `check` then
reports every input as image-not-found, which exercises parsing, rules and rendering of
findings at scale. Deterministic (fixed seed).
"""
import os
import random
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
k = int(sys.argv[3]) if len(sys.argv) > 3 else 10
rng = random.Random(42)
concepts = [f"concept_{i:02d}" for i in range(k)]
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "labels.txt"), "w") as f:
    f.write("\n".join(concepts) + "\n")
with open(os.path.join(out, "metadata.jsonl"), "w") as f:
    for i in range(n):
        f.write('{"file_name": "images/%07d.png", "label": "%s"}\n' % (i, rng.choice(concepts)))
