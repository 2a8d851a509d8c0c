"""The work of `conceptlint report` done with pandas and cleanlab, or pandas and scikit-learn.

usage: report.py cleanlab|sklearn DATASET_DIR [OUT_JSON] [THRESHOLD=0.5]
Both read metadata.jsonl, labels.txt and predictions.csv and align scores to inputs by
file_name. `cleanlab`: find_label_issues with its defaults, ranked by self-confidence.
`sklearn`: per concept ROC AUC, average precision, precision/recall/F1 at the threshold, and
the top-1 confusion matrix. Prints one JSON line: the seconds the work took (after the imports),
the import time, and what it found; OUT_JSON (when given) receives the flagged file names in
rank order, or the ROC AUC per concept, for the suite's agreement check.
"""
import json
import sys
import time

t0 = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

which, folder = sys.argv[1], sys.argv[2]
out = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] != "-" else None
threshold = float(sys.argv[4]) if len(sys.argv) > 4 else 0.5
if which == "cleanlab":
    from cleanlab.filter import find_label_issues
else:
    from sklearn.metrics import (average_precision_score, confusion_matrix,
                                 precision_recall_fscore_support, roc_auc_score)
t1 = time.perf_counter()

meta = pd.read_json(f"{folder}/metadata.jsonl", lines=True)
preds = pd.read_csv(f"{folder}/predictions.csv")
concepts = [line.strip() for line in open(f"{folder}/labels.txt") if line.strip()]
preds = preds.set_index("file_name").loc[meta["file_name"]]
scores = preds[concepts].to_numpy(dtype=float)
given = meta["label"].map({c: i for i, c in enumerate(concepts)}).to_numpy()

if which == "cleanlab":
    ranked = find_label_issues(labels=given, pred_probs=scores,
                               return_indices_ranked_by="self_confidence")
    found = {"flagged": len(ranked)}
    detail = [str(meta["file_name"].iloc[i]) for i in ranked]
else:
    aucs = {}
    for c, name in enumerate(concepts):
        y = given == c
        aucs[name] = roc_auc_score(y, scores[:, c])
        average_precision_score(y, scores[:, c])
        precision_recall_fscore_support(y, scores[:, c] >= threshold, average="binary",
                                        zero_division=0)
    confusion_matrix(given, scores.argmax(axis=1), labels=range(len(concepts)))
    found = {"mean_roc_auc": float(np.mean(list(aucs.values())))}
    detail = aucs
t2 = time.perf_counter()
if out:
    with open(out, "w") as f:
        json.dump(detail, f)
print(json.dumps({"seconds": t2 - t1, "import_seconds": t1 - t0, **found}))
