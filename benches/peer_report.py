#!/usr/bin/env python3
"""The work of `conceptlint report` done with pandas and cleanlab, or pandas and scikit-learn.

usage: peer_report.py cleanlab|sklearn DATASET_DIR [THRESHOLD=0.5]
Both read metadata.jsonl, labels.txt and predictions.csv and align scores to inputs by
file_name. `cleanlab`: find_label_issues with its defaults, ranked by self-confidence.
`sklearn`: per concept ROC AUC, average precision, precision/recall/F1 at the threshold, and
the top-1 confusion matrix. Prints one line: what it found and the seconds it took.
"""
import sys
import time

t0 = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

which, folder = sys.argv[1], sys.argv[2]
threshold = float(sys.argv[3]) if len(sys.argv) > 3 else 0.5
meta = pd.read_json(f"{folder}/metadata.jsonl", lines=True)
preds = pd.read_csv(f"{folder}/predictions.csv")
concepts = [line.strip() for line in open(f"{folder}/labels.txt") if line.strip()]
preds = preds.set_index("file_name").loc[meta["file_name"]]
scores = preds[concepts].to_numpy(dtype=float)
given = meta["label"].map({c: i for i, c in enumerate(concepts)}).to_numpy()

if which == "cleanlab":
    from cleanlab.filter import find_label_issues

    ranked = find_label_issues(labels=given, pred_probs=scores,
                               return_indices_ranked_by="self_confidence")
    found = f"{len(ranked)} label issues"
else:
    from sklearn.metrics import (average_precision_score, confusion_matrix,
                                 precision_recall_fscore_support, roc_auc_score)

    aucs = []
    for c in range(len(concepts)):
        y = given == c
        aucs.append(roc_auc_score(y, scores[:, c]))
        average_precision_score(y, scores[:, c])
        precision_recall_fscore_support(y, scores[:, c] >= threshold, average="binary",
                                        zero_division=0)
    confusion_matrix(given, scores.argmax(axis=1), labels=range(len(concepts)))
    found = f"mean ROC AUC {np.mean(aucs):.4f}"
print(f"{which}: {found} in {time.perf_counter() - t0:.2f} s")
