"""Peers of conceptlint's image header probe: a Pillow `Image.open(p).size` loop, or
cleanvision's `odd_size` check, on the images of a manifest.

usage: probe.py pillow|cleanvision DATASET_DIR [MIN_SIDE=512]
Both read the image paths from DATASET_DIR/metadata.jsonl. Prints one JSON line: the seconds
the work took (after the imports), the import time, the number of images and, for Pillow, how
many have a side under MIN_SIDE (what conceptlint's small-image rule counts).
"""
import json
import os
import sys
import time

t0 = time.perf_counter()
if sys.argv[1] == "pillow":
    from PIL import Image
else:
    from cleanvision import Imagelab
t1 = time.perf_counter()

which, root = sys.argv[1], sys.argv[2]
min_side = int(sys.argv[3]) if len(sys.argv) > 3 else 512
with open(os.path.join(root, "metadata.jsonl")) as f:
    paths = [os.path.join(root, json.loads(line)["file_name"]) for line in f if line.strip()]
result = {"images": len(paths)}
if which == "pillow":
    small = 0
    for p in paths:
        with Image.open(p) as im:
            width, height = im.size
        small += width < min_side or height < min_side
    result["small"] = small
else:
    lab = Imagelab(filepaths=paths)
    lab.find_issues({"odd_size": {}})
    result["odd_size"] = int(lab.issue_summary["num_images"].sum())
t2 = time.perf_counter()
print(json.dumps({"seconds": t2 - t1, "import_seconds": t1 - t0, **result}))
