"""Peer of `conceptlint check` on a manifest: pandas reads it and counts the labels.

usage: check.py MANIFEST (.jsonl or .csv)
Prints one JSON line: the seconds the work took (reading + counting, after the imports), the
import time, and the number of inputs and of distinct labels.
"""
import json
import sys
import time

t0 = time.perf_counter()
import pandas as pd  # noqa: E402

t1 = time.perf_counter()
path = sys.argv[1]
frame = pd.read_json(path, lines=True) if path.endswith(".jsonl") else pd.read_csv(path)
counts = frame["label"].value_counts()
t2 = time.perf_counter()
print(json.dumps({"seconds": t2 - t1, "import_seconds": t1 - t0, "inputs": int(counts.sum()),
                  "labels": len(counts)}))
