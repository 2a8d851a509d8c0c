"""Synthetic datasets for the benchmark suite: manifests, image files and predictions.

Everything is deterministic (seeded) and written once per set of parameters: a folder holds a
`.bench-stamp` with the parameters it was made with, and is rebuilt only when they change.

- `manifests`: N inputs over K concepts as JSON Lines, CSV, and the same records as ONE JSON
  array (one record per line) with a JSON schema, for the JSON language server.
- `images`: N distinct, valid PNG and JPEG files of mixed dimensions (about half under
  512 px on a side), with their manifest. Encoding 100,000 images would take minutes, so a few
  hundred base images (one per dimension) are encoded with Pillow, and every file is a base
  image plus a chunk that makes it unique (a PNG `tEXt` chunk, a JPEG `COM` segment): each file
  is valid, decodes, and has its own content and modification time; none is a hard link.
- `predictions`: N inputs over K mutually exclusive concepts (5% of the labels wrong on
  purpose) and an N x K CSV of softmax scores.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import struct
import zlib
from pathlib import Path

GEN_VERSION = 1
# One input in this many carries a concept that labels.txt does not declare.
UNKNOWN_EVERY = 10_007
UNKNOWN = "concept_xx"
# The config of folders whose images do not exist: the findings stay about the text.
# Every rule that reads image files (the header probe and hashes are measured by the probe
# benchmark): what is left lints the manifest text, as pandas reads and counts it.
NO_IMAGE_RULES = [
    "image-not-found",
    "small-image",
    "unreadable-image",
    "path-outside-root",
    "shortcut-cue",
    "conflicting-duplicate",
    "low-diversity",
]


def concepts(k: int) -> list[str]:
    return [f"concept_{i:02d}" for i in range(k)]


def _fresh(folder: Path, params: dict) -> bool:
    """True when `folder` was already made with `params` (else it is emptied for a rebuild)."""
    stamp = folder / ".bench-stamp"
    want = json.dumps({"gen": GEN_VERSION, **params}, sort_keys=True)
    if stamp.is_file() and stamp.read_text() == want:
        return True
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return False


def _stamp(folder: Path, params: dict) -> None:
    want = json.dumps({"gen": GEN_VERSION, **params}, sort_keys=True)
    (folder / ".bench-stamp").write_text(want)


def records(n: int, k: int, seed: int, ext=lambda i: "png") -> list[tuple[str, str]]:
    """(file_name, label) of n inputs: imbalanced concepts, some labels unknown."""
    rng = random.Random(seed)
    names = concepts(k)
    weights = [1.0 + i * 0.5 for i in range(k)]
    truth = rng.choices(names, weights=weights, k=n)
    out = []
    for i, concept in enumerate(truth):
        label = UNKNOWN if i % UNKNOWN_EVERY == UNKNOWN_EVERY - 1 else concept
        out.append((f"images/{concept}/{i:07d}.{ext(i)}", label))
    return out


def write_labels(folder: Path, k: int) -> None:
    (folder / "labels.txt").write_text("".join(f"{c}\n" for c in concepts(k)))


def write_jsonl(path: Path, recs: list[tuple[str, str]]) -> None:
    with open(path, "w") as f:
        f.writelines(f'{{"file_name": "{p}", "label": "{lab}"}}\n' for p, lab in recs)


def write_csv(path: Path, recs: list[tuple[str, str]]) -> None:
    with open(path, "w") as f:
        f.write("file_name,label\n")
        f.writelines(f"{p},{lab}\n" for p, lab in recs)


def write_json_array(path: Path, recs: list[tuple[str, str]]) -> None:
    """The records as one JSON array, one record a line: line i + 1 holds record i."""
    last = len(recs) - 1
    with open(path, "w") as f:
        f.write("[\n")
        f.writelines(
            f'  {{"file_name": "{p}", "label": "{lab}"}}{"," if i < last else ""}\n'
            for i, (p, lab) in enumerate(recs)
        )
        f.write("]\n")


def json_schema(k: int) -> dict:
    """What the JSON language server validates the array against: the same checks as
    conceptlint's text rules (a path, a declared concept)."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "array",
        "items": {
            "type": "object",
            "required": ["file_name", "label"],
            "additionalProperties": False,
            "properties": {
                "file_name": {"type": "string", "minLength": 1, "description": "Image path."},
                "label": {"enum": concepts(k), "description": "The input's concept."},
            },
        },
    }


def manifests(folder: Path, n: int, k: int, seed: int = 42) -> Path:
    """folder/{jsonl,csv}/ (metadata + labels.txt, images absent), folder/lsp/ (the JSONL with
    a config ignoring the image rules) and folder/json/ (manifest.json + schema.json)."""
    params = {"kind": "manifests", "n": n, "k": k, "seed": seed}
    if _fresh(folder, params):
        return folder
    recs = records(n, k, seed)
    for sub in ("jsonl", "csv", "lsp", "json"):
        (folder / sub).mkdir()
    write_jsonl(folder / "jsonl" / "metadata.jsonl", recs)
    write_labels(folder / "jsonl", k)
    write_csv(folder / "csv" / "metadata.csv", recs)
    write_labels(folder / "csv", k)
    os.link(folder / "jsonl" / "metadata.jsonl", folder / "lsp" / "metadata.jsonl")
    write_labels(folder / "lsp", k)
    ignore = ", ".join(f'"{r}"' for r in NO_IMAGE_RULES)
    (folder / "lsp" / "conceptlint.toml").write_text(f"ignore = [{ignore}]\n")
    write_json_array(folder / "json" / "manifest.json", recs)
    (folder / "json" / "schema.json").write_text(json.dumps(json_schema(k), indent=2))
    _stamp(folder, params)
    return folder


# ---- images ----------------------------------------------------------------------------------

BASES_PER_FORMAT = 120


def _dimensions(rng: random.Random) -> tuple[int, int]:
    """Log-uniform width in 160..1600 px and a common aspect ratio: about half of the images
    are under 512 px on a side (small-image findings), none is huge (the peers decode them)."""
    width = int(round(160 * (1600 / 160) ** rng.random()))
    aspect = rng.choice([1.0, 4 / 3, 3 / 4, 16 / 9, 3 / 2, 2 / 3])
    return width, max(32, int(round(width / aspect)))


def _encode(fmt: str, size: tuple[int, int], rng: random.Random) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    w, h = size
    draw.rectangle([w // 4, h // 4, w // 2, h // 2], fill=tuple(rng.randrange(256) for _ in range(3)))
    buf = io.BytesIO()
    if fmt == "png":
        img.save(buf, "PNG", compress_level=6)
    else:
        img.save(buf, "JPEG", quality=80)
    return buf.getvalue()


def _unique_png(base: bytes, i: int) -> bytes:
    """`base` with a tEXt chunk after IHDR (signature 8 bytes + IHDR chunk 25 bytes)."""
    data = b"bench\x00" + str(i).encode()
    chunk = struct.pack(">I", len(data)) + b"tEXt" + data
    chunk += struct.pack(">I", zlib.crc32(b"tEXt" + data) & 0xFFFFFFFF)
    return base[:33] + chunk + base[33:]


def _unique_jpeg(base: bytes, i: int) -> bytes:
    """`base` with a COM segment right after SOI."""
    data = f"bench {i}".encode()
    return base[:2] + b"\xff\xfe" + struct.pack(">H", len(data) + 2) + data + base[2:]


def images(folder: Path, n: int, k: int, seed: int = 7) -> Path:
    """folder/metadata.jsonl + labels.txt + images/<concept>/NNNNNNN.{png,jpg} (n files, about
    half PNG, half JPEG)."""
    params = {"kind": "images", "n": n, "k": k, "seed": seed, "bases": BASES_PER_FORMAT}
    if _fresh(folder, params):
        return folder
    rng = random.Random(seed)
    bases = {
        fmt: [_encode(fmt, _dimensions(rng), rng) for _ in range(BASES_PER_FORMAT)]
        for fmt in ("png", "jpg")
    }
    formats = [rng.choice(("png", "jpg")) for _ in range(n)]
    recs = records(n, k, seed, ext=lambda i: formats[i])
    recs = [(p, lab if lab != UNKNOWN else p.split("/")[1]) for p, lab in recs]
    for c in concepts(k):
        (folder / "images" / c).mkdir(parents=True)
    for i, (path, _label) in enumerate(recs):
        fmt = formats[i]
        base = bases[fmt][rng.randrange(BASES_PER_FORMAT)]
        data = _unique_png(base, i) if fmt == "png" else _unique_jpeg(base, i)
        with open(folder / path, "wb") as f:
            f.write(data)
    write_jsonl(folder / "metadata.jsonl", recs)
    write_labels(folder, k)
    _stamp(folder, params)
    return folder


# ---- predictions -----------------------------------------------------------------------------


def predictions(folder: Path, n: int, k: int, seed: int = 42) -> Path:
    """folder/metadata.jsonl (5% of the labels wrong), labels.txt, predictions.csv (file_name +
    one softmax score per concept, 6 significant digits)."""
    import numpy as np

    params = {"kind": "predictions", "n": n, "k": k, "seed": seed}
    if _fresh(folder, params):
        return folder
    rng = np.random.default_rng(seed)
    names = concepts(k)
    truth = rng.integers(0, k, size=n)
    wrong = rng.random(n) < 0.05
    given = np.where(wrong, (truth + rng.integers(1, k, size=n)) % k, truth)
    logits = rng.normal(0.0, 1.0, size=(n, k))
    logits[np.arange(n), truth] += rng.normal(3.0, 1.5, size=n)
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    write_labels(folder, k)
    files = [f"images/{i:07d}.png" for i in range(n)]
    write_jsonl(folder / "metadata.jsonl", [(f, names[g]) for f, g in zip(files, given)])
    with open(folder / "predictions.csv", "w") as f:
        f.write("file_name," + ",".join(names) + "\n")
        text = np.char.mod("%.6g", probs)
        f.writelines(name + "," + ",".join(row) + "\n" for name, row in zip(files, text))
    _stamp(folder, params)
    return folder
