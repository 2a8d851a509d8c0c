#!/usr/bin/env python3
"""Generates the example datasets under examples/ (standard library only).

    python3 examples/generate.py

writes examples/pets/ (a dataset on which every core rule of conceptlint fires) and
examples/clean/ (a dataset on which nothing fires). The output is deterministic: fixed seeds,
no timestamps, so running it again gives the same files. Images are real PNG files (zlib +
struct) and, for a few birds, baseline JPEG files from the small encoder below. They are drawn
from large flat areas and simple shapes so that each file is a few KB even at 512 x 512 px.
"""

import math
import os
import random
import shutil
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


# --- PNG -------------------------------------------------------------------------------------


def png_bytes(width, height, palette, rows):
    """An 8-bit palette PNG. `rows` yields `height` bytes objects of `width` palette indexes."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = bytearray()
    for row in rows:
        raw.append(0)  # filter: none
        raw += row
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
    plte = b"".join(bytes(c) for c in palette)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"PLTE", plte)
        + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + chunk(b"IEND", b"")
    )


# --- Drawing ---------------------------------------------------------------------------------
# A picture is a background of horizontal bands plus shapes; each shape gives, for a row, the
# span of columns it covers. Rows are built by slice assignment, so drawing is fast.


class Picture:
    def __init__(self, width, height, bands):
        self.width, self.height = width, height
        self.bands = bands  # [(first_row, colour index)], sorted
        self.shapes = []  # [(colour index, span function)]

    def ellipse(self, colour, cx, cy, rx, ry):
        def span(y):
            d = (y - cy) / ry
            if abs(d) >= 1:
                return None
            half = rx * math.sqrt(1 - d * d)
            return int(cx - half), int(cx + half)

        self.shapes.append((colour, span))

    def rect(self, colour, x0, y0, x1, y1):
        self.shapes.append((colour, lambda y: (x0, x1) if y0 <= y < y1 else None))

    def triangle(self, colour, cx, top, half_base, height):
        def span(y):
            if not top <= y < top + height:
                return None
            half = half_base * (y - top) / height
            return int(cx - half), int(cx + half)

        self.shapes.append((colour, span))

    def rows(self):
        band = 0
        for y in range(self.height):
            while band + 1 < len(self.bands) and self.bands[band + 1][0] <= y:
                band += 1
            row = bytearray([self.bands[band][1]]) * self.width
            for colour, span in self.shapes:
                s = span(y)
                if s:
                    x0, x1 = max(0, int(s[0])), min(self.width, int(s[1]))
                    if x0 < x1:
                        row[x0:x1] = bytes([colour]) * (x1 - x0)
            yield bytes(row)

    def pixels(self, palette):
        """Rows of grey levels (for the JPEG encoder)."""
        grey = [round(0.299 * r + 0.587 * g + 0.114 * b) for r, g, b in palette]
        for row in self.rows():
            yield [grey[i] for i in row]


def jitter(rng, colour, amount=18):
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in colour)


# Each concept: background colours (top to bottom), body colour, accent colour, and a drawing.
STYLES = {
    "cat": ([(238, 226, 200), (214, 196, 160)], (222, 132, 48), (60, 40, 30)),
    "dog": ([(190, 220, 170), (120, 160, 90)], (140, 96, 60), (30, 30, 30)),
    "bird": ([(150, 200, 240), (200, 230, 250)], (40, 90, 200), (250, 200, 40)),
    "rabbit": ([(230, 230, 215), (160, 190, 120)], (200, 200, 205), (240, 160, 170)),
    "tulip": ([(200, 225, 245), (110, 170, 80)], (220, 40, 70), (40, 120, 50)),
    "sunflower": ([(130, 190, 240), (90, 150, 70)], (250, 200, 30), (100, 60, 20)),
}


def draw(concept, rng, width, height):
    """A picture of `concept`: the same layout for a concept, varied position, size, colours."""
    backs, body, accent = STYLES[concept]
    palette = [jitter(rng, c) for c in backs] + [jitter(rng, body), jitter(rng, accent)]
    palette.append(jitter(rng, (60, 130, 50)))  # 4: stems
    # The upper part is a stepped gradient (flat bands compress well), the lower part flat.
    split = rng.randrange(height // 3, 2 * height // 3) // 8 * 8
    steps = rng.randrange(4, 9)
    top, shade = palette[0], rng.choice((-1, 1)) * rng.randrange(20, 50)
    bands = []
    for k in range(steps):
        bands.append((split * k // steps, len(palette)))
        palette.append(tuple(max(0, min(255, c + shade * k // steps)) for c in top))
    pic = Picture(width, height, bands + [(split, 1)])
    s = min(width, height)
    cx = rng.randrange(s // 3, width - s // 3)
    cy = rng.randrange(s // 3, height - s // 4)
    r = rng.randrange(s // 8, s // 5)
    if concept == "cat":
        pic.ellipse(2, cx, cy + r, r * 1.3, r)  # body
        pic.ellipse(2, cx, cy - r // 3, r * 0.7, r * 0.6)  # head
        pic.triangle(2, cx - r // 2, cy - r - r // 3, r // 4, r // 2)  # ears
        pic.triangle(2, cx + r // 2, cy - r - r // 3, r // 4, r // 2)
        pic.ellipse(3, cx - r // 4, cy - r // 3, r // 12 + 1, r // 10 + 1)  # eyes
        pic.ellipse(3, cx + r // 4, cy - r // 3, r // 12 + 1, r // 10 + 1)
    elif concept == "dog":
        pic.rect(2, cx - r * 1.4, cy, cx + r * 1.2, cy + r)  # body
        pic.rect(2, cx - r * 1.3, cy + r, cx - r, cy + r * 1.8)  # legs
        pic.rect(2, cx + r * 0.8, cy + r, cx + r * 1.1, cy + r * 1.8)
        pic.ellipse(2, cx + r * 1.3, cy - r // 3, r * 0.5, r * 0.45)  # head
        pic.ellipse(3, cx + r * 1.1, cy - r // 3, r // 5, r // 2)  # ear
    elif concept == "bird":
        pic.ellipse(2, cx, cy, r * 1.2, r * 0.6)  # body
        pic.triangle(2, cx - r // 3, cy - r * 1.2, r, r * 0.9)  # wing
        pic.ellipse(2, cx + r, cy - r // 2, r * 0.4, r * 0.35)  # head
        pic.triangle(3, cx + r * 1.5, cy - r // 2 - 4, r // 6 + 1, r // 5 + 2)  # beak
    elif concept == "rabbit":
        pic.ellipse(2, cx, cy + r // 2, r, r * 0.8)  # body
        pic.ellipse(2, cx + r // 2, cy - r // 2, r * 0.45, r * 0.4)  # head
        pic.ellipse(2, cx + r // 3, cy - r * 1.3, r // 8 + 1, r // 2)  # ears
        pic.ellipse(3, cx + r // 3, cy - r * 1.3, r // 16 + 1, r // 3)
        pic.ellipse(2, cx + r * 0.7, cy - r * 1.3, r // 8 + 1, r // 2)
    elif concept == "tulip":
        pic.rect(4, cx - 3, cy, cx + 3, height)  # stem
        pic.ellipse(2, cx, cy, r * 0.6, r * 0.8)  # bloom
        pic.triangle(2, cx, cy - r * 1.1, r * 0.5, r * 0.6)
    elif concept == "sunflower":
        pic.rect(4, cx - 4, cy, cx + 4, height)  # stem
        pic.ellipse(2, cx, cy, r * 1.1, r * 1.1)  # petals
        pic.ellipse(3, cx, cy, r * 0.5, r * 0.5)  # centre
    return pic, palette


def picture_png(concept, rng, width=512, height=512):
    pic, palette = draw(concept, rng, width, height)
    return png_bytes(width, height, palette, pic.rows())


def picture_jpeg(concept, rng, width=512, height=512):
    pic, palette = draw(concept, rng, width, height)
    return jpeg_grey(width, height, list(pic.pixels(palette)))


# --- A small baseline JPEG encoder (greyscale, standard tables) ------------------------------

ZIGZAG = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27,
    20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58,
    59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]
# ITU T.81 Annex K tables (luminance), quantization at quality 75 (scaled by 0.5).
QUANT = [
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69,
    56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104,
    113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
]
QUANT = [max(1, (q + 1) // 2) for q in QUANT]
DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
DC_VALS = list(range(12))
AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D]
AC_VALS = bytes.fromhex(
    "01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a"
    "25262728292a3435363738393a434445464748494a535455565758595a636465666768696a73747576777879"
    "7a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9"
    "cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa"
)
COS = [[math.cos((2 * x + 1) * u * math.pi / 16) for x in range(8)] for u in range(8)]
C = [1 / math.sqrt(2)] + [1.0] * 7


def huffman_codes(bits, vals):
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


class BitWriter:
    def __init__(self):
        self.out, self.acc, self.n = bytearray(), 0, 0

    def write(self, value, length):
        self.acc = (self.acc << length) | (value & ((1 << length) - 1))
        self.n += length
        while self.n >= 8:
            self.n -= 8
            byte = (self.acc >> self.n) & 0xFF
            self.out.append(byte)
            if byte == 0xFF:
                self.out.append(0)  # byte stuffing
        self.acc &= (1 << self.n) - 1

    def flush(self):
        if self.n:
            self.write((1 << (8 - self.n)) - 1, 8 - self.n)  # pad with ones
        return bytes(self.out)


def magnitude(v):
    """(category, bits) of a coefficient as JPEG codes it."""
    size = abs(v).bit_length()
    return size, (v if v >= 0 else v + (1 << size) - 1)


def fdct(block):
    """2-D DCT-II of an 8x8 block (row-major list of 64 level-shifted samples)."""
    tmp = [0.0] * 64
    for y in range(8):
        row = block[8 * y : 8 * y + 8]
        for u in range(8):
            tmp[8 * y + u] = sum(row[x] * COS[u][x] for x in range(8))
    out = [0.0] * 64
    for u in range(8):
        for v in range(8):
            out[8 * v + u] = 0.25 * C[u] * C[v] * sum(tmp[8 * y + u] * COS[v][y] for y in range(8))
    return out


def jpeg_grey(width, height, pixels):
    """A baseline greyscale JPEG of `pixels` (rows of 0..255); dimensions multiples of 8."""
    assert width % 8 == 0 and height % 8 == 0
    dc_codes, ac_codes = huffman_codes(DC_BITS, DC_VALS), huffman_codes(AC_BITS, AC_VALS)
    bits, prev_dc = BitWriter(), 0
    for by in range(0, height, 8):
        for bx in range(0, width, 8):
            block = [pixels[by + y][bx + x] - 128 for y in range(8) for x in range(8)]
            if min(block) == max(block):
                coeffs = [8.0 * block[0]] + [0.0] * 63
            else:
                coeffs = fdct(block)
            q = [int(round(coeffs[ZIGZAG[i]] / QUANT[i])) for i in range(64)]
            size, value = magnitude(q[0] - prev_dc)
            prev_dc = q[0]
            bits.write(*dc_codes[size])
            bits.write(value, size)
            run = 0
            for coef in q[1:]:
                if coef == 0:
                    run += 1
                    continue
                while run > 15:
                    bits.write(*ac_codes[0xF0])
                    run -= 16
                size, value = magnitude(coef)
                bits.write(*ac_codes[(run << 4) | size])
                bits.write(value, size)
                run = 0
            if run:
                bits.write(*ac_codes[0x00])  # end of block

    def segment(marker, data):
        return bytes([0xFF, marker]) + struct.pack(">H", len(data) + 2) + data

    return (
        b"\xff\xd8"
        + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + segment(0xDB, b"\x00" + bytes(QUANT))
        + segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
        + segment(0xC4, b"\x00" + bytes(DC_BITS) + bytes(DC_VALS))
        + segment(0xC4, b"\x10" + bytes(AC_BITS) + AC_VALS)
        + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + bits.flush()
        + b"\xff\xd9"
    )


# --- The datasets ----------------------------------------------------------------------------


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def reset(folder):
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)


NOT_AN_IMAGE = b"""<!DOCTYPE html>
<html><head><title>404 Not Found</title></head>
<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>
"""


def pets(root):
    """examples/pets: Hugging Face ImageFolder metadata.csv on which every core rule fires."""
    reset(root)
    rng = random.Random(20240611)
    rows = []  # (file_name, label)
    notes = []  # (row index, rule, what)

    def image(concept, n, size=(512, 512), fmt="png"):
        name = f"images/{concept}/{concept}_{n:03d}.{'jpg' if fmt == 'jpeg' else 'png'}"
        make = picture_jpeg if fmt == "jpeg" else picture_png
        write(os.path.join(root, name), make(concept, rng, *size))
        return name

    def row(name, label, rule=None, what=None):
        if rule:
            notes.append((len(rows), rule, what))
        rows.append((name, label))

    # Sizes vary a little; all of these are at least 512 x 512.
    big = [(512, 512), (512, 512), (640, 512), (512, 640), (768, 768)]
    for n in range(1, 129):
        if n == 7:
            row(image("cat", n, (256, 256)), "cat", "small-image", "256 x 256 px")
        else:
            row(image("cat", n, big[n % len(big)]), "cat")
    cut = image("cat", 129)
    path = os.path.join(root, cut)
    with open(path, "rb") as f:
        data = f.read()
    write(path, data[:24])  # an interrupted download: cut inside the IHDR header
    row(cut, "cat", "unreadable-image", "truncated PNG header (24 bytes)")
    row("images/cat/cat_042.png", "cat", "duplicate-input", "`cat_042.png` listed a second time")
    for n in range(1, 61):
        if n == 13:
            row(image("dog", n, (640, 300)), "dog", "small-image", "640 x 300 px")
        else:
            row(image("dog", n, big[n % len(big)]), "dog")
    row(image("dog", 61), "dgo", "unknown-concept", "`dgo` is not in labels.txt (did you mean `dog`?)")
    write(os.path.join(root, "images/dog/dog_062.png"), NOT_AN_IMAGE)
    row("images/dog/dog_062.png", "dog", "unreadable-image", "an HTML error page saved as `.png`")
    mixed = "images/mixed/cat_dog_001.png"
    pic, palette = draw("cat", rng, 640, 512)
    backs, body, accent = STYLES["dog"]
    dog = len(palette)
    palette.append(jitter(rng, body))
    pic.rect(dog, 420, 300, 600, 400)  # a dog-coloured body beside the cat
    pic.ellipse(dog, 600, 280, 45, 40)
    write(os.path.join(root, mixed), png_bytes(640, 512, palette, pic.rows()))
    row(mixed, "cat;dog", "exclusive-violation", "two concepts on one input of a single-label set")
    for n in range(1, 56):
        if n == 21:
            row(image("bird", n, (480, 480)), "bird", "small-image", "480 x 480 px")
        elif n > 50:
            row(image("bird", n, fmt="jpeg"), "bird")
        else:
            row(image("bird", n, big[n % len(big)]), "bird")
    row("images/bird/bird_056.png", "bird", "image-not-found", "listed, but the file does not exist")
    row("../outside.png", "bird", "path-outside-root", "leaves the dataset folder: never read")
    for n in range(1, 13):
        row(image("rabbit", n), "rabbit")

    with open(os.path.join(root, "metadata.csv"), "w", newline="\n") as f:
        f.write("file_name,label\n")
        for name, label in rows:
            f.write(f"{name},{label}\n")
    with open(os.path.join(root, "labels.txt"), "w", newline="\n") as f:
        f.write("cat\ndog\nbird\nrabbit\n")

    counts = {}
    for _, label in rows:
        for concept in label.split(";"):
            counts[concept] = counts.get(concept, 0) + 1
    write(os.path.join(root, "README.md"), pets_readme(rows, notes, counts).encode())


def pets_readme(rows, notes, counts):
    line = lambda i: i + 2  # the header is line 1
    table = "\n".join(
        f"| `{rule}` | `metadata.csv` line {line(i)}: `{rows[i][0]},{rows[i][1]}` | {what} |"
        for i, rule, what in sorted(notes, key=lambda n: n[1])
    )
    count_rows = "\n".join(f"| `{c}` | {n} |" for c, n in counts.items())
    return f"""# Example dataset: pets

A small image-classification dataset in Hugging Face ImageFolder layout (`metadata.csv` with
`file_name,label`, plus `labels.txt`), with real image files, built so that every core rule of
conceptlint fires on it:

```sh
cargo run -- check examples/pets
```

{len(rows)} rows in `metadata.csv`. Images are PNG, plus five baseline JPEGs (`bird_051.jpg`
to `bird_055.jpg`), all at least 512 x 512 px except the three listed below. Rows per label as
written (`cat;dog` counts for both):

| label | rows |
| --- | --- |
{count_rows}

## What fires where

| rule | where | why |
| --- | --- | --- |
{table}
| `too-few-inputs` | `labels.txt` line 4: `rabbit` | {counts['rabbit']} inputs, 50 needed |
| `class-imbalance` | `labels.txt` lines 1 and 4 | `cat` ({counts['cat']}) has over 10 x the inputs of `rabbit` ({counts['rabbit']}) |

The misspelled `dgo` is reported once, as `unknown-concept`: with a label manifest, rules that
count inputs per concept (`too-few-inputs`, `class-imbalance`) count declared concepts only.

`exclusive-violation` applies because the dataset is single-label everywhere else, so the
concepts are inferred to be mutually exclusive. `../outside.png` does not exist and would not be
read if it did: a path that leaves the dataset's folder is reported, never opened.

`cat_129.png` is cut inside its header. Image checks read headers only (never pixel data), so a
PNG cut later, inside its pixel data, would still be probed as a valid image of its stated size.

## Regenerate

```sh
python3 examples/generate.py
```

Python 3 standard library only (PNG via `zlib` + `struct`, JPEG from a small encoder in the
script); the output is deterministic (fixed seeds), so the files only change when the script
does. The script rewrites `examples/pets/` and `examples/clean/` and nothing else.
"""


def clean(root):
    """examples/clean: metadata.jsonl + labels.txt on which nothing fires."""
    reset(root)
    rng = random.Random(7)
    lines = []
    for concept in ("tulip", "sunflower"):
        for n in range(1, 51):
            name = f"images/{concept}_{n:03d}.png"
            write(os.path.join(root, name), picture_png(concept, rng))
            lines.append(f'{{"file_name": "{name}", "label": "{concept}"}}\n')
    with open(os.path.join(root, "metadata.jsonl"), "w", newline="\n") as f:
        f.writelines(lines)
    with open(os.path.join(root, "labels.txt"), "w", newline="\n") as f:
        f.write("tulip\nsunflower\n")
    write(
        os.path.join(root, "README.md"),
        b"""# Example dataset: clean

Two concepts (`tulip`, `sunflower`) with 50 images of 512 x 512 px each, listed once each in a
Hugging Face `metadata.jsonl`, all declared in `labels.txt`. conceptlint finds nothing here:

```sh
cargo run -- check examples/clean
```

Generated by `python3 examples/generate.py` (see `examples/pets/README.md`).
""",
    )


if __name__ == "__main__":
    pets(os.path.join(HERE, "pets"))
    clean(os.path.join(HERE, "clean"))
    for name in ("pets", "clean"):
        folder = os.path.join(HERE, name)
        files = [os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs]
        size = sum(os.path.getsize(f) for f in files)
        print(f"examples/{name}: {len(files)} files, {size / 1024:.0f} KiB")
