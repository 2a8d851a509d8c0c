//! Content and perceptual hashes of one image file.
//!
//! Invariants: the content hash covers every byte of the file; a decode is bounded (at most
//! [`MAX_DECODE_SIDE`] px a side, [`MAX_DECODE_ALLOC`] bytes of pixels, files up to
//! [`MAX_DECODE_BYTES`]), so a decompression bomb is refused, not expanded; a flat image gets
//! no perceptual hash (every flat image would hash alike).

use std::fs::{File, Metadata};
use std::io::{self, Cursor, Read};
use std::path::Path;

use image::{ImageError, ImageReader, Limits};
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

/// Images wider or taller than this are not decoded.
pub const MAX_DECODE_SIDE: u32 = 16_384;
/// Decoders may allocate at most this much (the decoded pixels count).
pub const MAX_DECODE_ALLOC: u64 = 256 << 20;
/// Files larger than this are hashed as a stream and not decoded.
pub const MAX_DECODE_BYTES: u64 = 64 << 20;
/// A downscaled image whose gray levels span at most this many steps (of 255) is flat.
pub const FLAT_RANGE: u8 = 4;
/// Near-duplicates also agree in colour: mean difference of their mean-centred 8 x 8 RGB
/// downscales at most this (of 255).
pub const MAX_COLOUR_DISTANCE: f32 = 6.0;

/// Side of the grayscale downscale the perceptual hash is computed on.
const SIDE: usize = 32;
/// The low-frequency block of the DCT kept for the hash (8 x 8 = 64 bits).
const BLOCK: usize = 8;
/// Bytes of the colour downscale: 8 x 8 RGB.
const COLOUR_LEN: usize = 8 * 8 * 3;

/// What the pixels of an image say.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "p", rename_all = "kebab-case")]
pub enum Pixels {
    /// A 64-bit perceptual hash (DCT of a 32 x 32 grayscale downscale, each low frequency
    /// compared to their median); near-identical images differ in few bits. `colour` is an
    /// 8 x 8 RGB downscale (192 bytes, row-major): it tells apart pictures whose grayscale
    /// layout agrees but whose colours do not (a red tulip and a yellow sunflower against the
    /// same sky).
    Hash {
        hash: u64,
        #[serde(with = "hex_bytes")]
        colour: Vec<u8>,
    },
    /// One colour, or nearly: not hashed, since all flat images would look like duplicates.
    Flat,
    /// Not decoded: too large, or pixel data the decoder rejects.
    Skipped { reason: String },
}

/// The hashes of one image file: they depend only on its content, so they can be cached.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Hashes {
    /// XXH3-128 of the file's bytes: equal for byte-identical files.
    #[serde(with = "hex128")]
    pub content: u128,
    #[serde(flatten)]
    pub pixels: Pixels,
}

impl Hashes {
    /// The perceptual hash, when the image has one.
    pub fn perceptual(&self) -> Option<u64> {
        match self.pixels {
            Pixels::Hash { hash, .. } => Some(hash),
            _ => None,
        }
    }
}

/// Number of bits in which two perceptual hashes differ.
pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Mean absolute difference (0-255) of two colour downscales after removing each one's mean
/// per channel (so a global brightness or colour shift does not count); `None` when either is
/// missing or malformed.
pub fn colour_distance(a: &Hashes, b: &Hashes) -> Option<f32> {
    let (Pixels::Hash { colour: a, .. }, Pixels::Hash { colour: b, .. }) = (&a.pixels, &b.pixels)
    else {
        return None;
    };
    if a.len() != COLOUR_LEN || b.len() != COLOUR_LEN {
        return None;
    }
    let mean =
        |v: &[u8], c: usize| v.iter().skip(c).step_by(3).map(|&x| f32::from(x)).sum::<f32>() / 64.0;
    let (ma, mb) = ([mean(a, 0), mean(a, 1), mean(a, 2)], [mean(b, 0), mean(b, 1), mean(b, 2)]);
    let total: f32 = a
        .iter()
        .zip(b.iter())
        .enumerate()
        .map(|(i, (&x, &y))| ((f32::from(x) - ma[i % 3]) - (f32::from(y) - mb[i % 3])).abs())
        .sum();
    Some(total / COLOUR_LEN as f32)
}

/// Hashes the regular file at `path` (whose metadata is `meta`).
///
/// `Err` is an I/O failure: it says nothing about the content and must not be cached.
pub fn hash_file(path: &Path, meta: &Metadata) -> Result<Hashes, String> {
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_DECODE_BYTES {
        let content =
            stream_hash(File::open(path).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
        let reason =
            format!("file of {} MiB: larger than {} MiB", meta.len() >> 20, MAX_DECODE_BYTES >> 20);
        return Ok(Hashes { content, pixels: Pixels::Skipped { reason } });
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    Ok(hash_bytes(&bytes))
}

/// Hashes an image file's bytes.
pub fn hash_bytes(bytes: &[u8]) -> Hashes {
    Hashes { content: xxh3_128(bytes), pixels: pixels(bytes) }
}

fn stream_hash(mut file: File) -> io::Result<u128> {
    let mut hasher = Xxh3::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match file.read(&mut buf) {
            Ok(0) => return Ok(hasher.digest128()),
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Decodes (within the limits) and computes the perceptual hash.
fn pixels(bytes: &[u8]) -> Pixels {
    let skipped = |reason: String| Pixels::Skipped { reason };
    let mut reader = match ImageReader::new(Cursor::new(bytes)).with_guessed_format() {
        Ok(r) => r,
        Err(e) => return skipped(e.to_string()),
    };
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODE_SIDE);
    limits.max_image_height = Some(MAX_DECODE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let image = match reader.decode() {
        Ok(image) => image,
        Err(ImageError::Limits(e)) => return skipped(format!("too large to decode: {e}")),
        Err(e) => return skipped(format!("cannot decode: {e}")),
    };
    let small = image.thumbnail_exact(SIDE as u32, SIDE as u32).to_rgb8();
    let luma = image::imageops::grayscale(&small);
    let gray = luma.as_raw();
    let (lo, hi) = gray.iter().fold((u8::MAX, 0u8), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    if gray.len() != SIDE * SIDE || hi.saturating_sub(lo) <= FLAT_RANGE {
        return Pixels::Flat;
    }
    let colour = image::imageops::thumbnail(&small, 8, 8).into_raw();
    Pixels::Hash { hash: dct_hash(gray), colour }
}

/// The perceptual hash of a `SIDE` x `SIDE` grayscale image (row-major): bit `u * 8 + v` is
/// set when DCT coefficient `(u, v)` exceeds the median of the 63 non-DC coefficients of the
/// 8 x 8 low-frequency block. Bit 0 (the DC term, overall brightness) is always 0.
fn dct_hash(gray: &[u8]) -> u64 {
    // cos((2x + 1) u pi / 2N) for the low frequencies u < BLOCK.
    let mut basis = [[0f32; SIDE]; BLOCK];
    for (u, row) in basis.iter_mut().enumerate() {
        for (x, c) in row.iter_mut().enumerate() {
            let angle = (2 * x + 1) as f32 * u as f32 * std::f32::consts::PI / (2 * SIDE) as f32;
            *c = angle.cos();
        }
    }
    // Rows first: r[y][v] = sum_x p[y][x] basis[v][x].
    let mut r = [[0f32; BLOCK]; SIDE];
    for (y, out) in r.iter_mut().enumerate() {
        let line = &gray[y * SIDE..(y + 1) * SIDE];
        for (v, o) in out.iter_mut().enumerate() {
            *o = line.iter().zip(&basis[v]).map(|(&p, &c)| f32::from(p) * c).sum();
        }
    }
    let mut coef = [0f32; BLOCK * BLOCK];
    for u in 0..BLOCK {
        for v in 0..BLOCK {
            coef[u * BLOCK + v] = (0..SIDE).map(|y| basis[u][y] * r[y][v]).sum();
        }
    }
    let mut ac: Vec<f32> = coef[1..].to_vec();
    ac.sort_by(f32::total_cmp);
    let median = ac[ac.len() / 2];
    coef.iter()
        .enumerate()
        .skip(1)
        .filter(|(_, c)| **c > median)
        .fold(0u64, |h, (i, _)| h | (1 << i))
}

/// Serializes a `u128` as 32 lowercase hex digits (JSON numbers that large are not portable).
mod hex128 {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(v: &u128, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{v:032x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u128, D::Error> {
        let text = String::deserialize(d)?;
        u128::from_str_radix(&text, 16).map_err(D::Error::custom)
    }
}

/// Serializes bytes as lowercase hex.
mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.iter().map(|b| format!("{b:02x}")).collect::<String>())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        if !text.is_ascii() || text.len() % 2 != 0 {
            return Err(D::Error::custom("odd or non-ASCII hex"));
        }
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).map_err(D::Error::custom))
            .collect()
    }
}

#[cfg(test)]
#[path = "hash_tests.rs"]
mod tests;
