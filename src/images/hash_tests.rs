use image::imageops::{self, FilterType};
use image::{Rgb, RgbImage};

use super::*;
use crate::images::testutil::{save, scene};

fn encode(img: &RgbImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn png(img: &RgbImage) -> Vec<u8> {
    encode(img, image::ImageFormat::Png)
}

fn phash(bytes: &[u8]) -> u64 {
    hash_bytes(bytes).perceptual().unwrap_or_else(|| panic!("{:?}", hash_bytes(bytes).pixels))
}

#[test]
fn copies_hash_alike_and_a_changed_byte_changes_the_content_hash() {
    let bytes = png(&scene(1, 200, 150));
    assert_eq!(hash_bytes(&bytes), hash_bytes(&bytes.clone()));
    let mut other = bytes.clone();
    let last = other.len() - 1;
    other[last] ^= 1;
    assert_ne!(hash_bytes(&bytes).content, hash_bytes(&other).content);
    // XXH3-128 is a fixed algorithm: the cache stays valid across builds.
    assert_eq!(hash_bytes(b"").content, 0x99aa06d3014798d86001c324468d497f);
}

#[test]
fn resized_recompressed_and_lightly_edited_copies_stay_near() {
    let original = scene(7, 640, 480);
    let base = phash(&png(&original));
    let half = imageops::resize(&original, 320, 240, FilterType::Triangle);
    let mut edited = original.clone();
    for x in 300..330 {
        for y in 200..230 {
            edited.put_pixel(x, y, Rgb([255, 0, 0]));
        }
    }
    let mut brighter = original.clone();
    for p in brighter.pixels_mut() {
        p.0 = p.0.map(|v| v.saturating_add(20));
    }
    for (what, bytes) in [
        ("half size", png(&half)),
        ("jpeg", encode(&original, image::ImageFormat::Jpeg)),
        ("half-size jpeg", encode(&half, image::ImageFormat::Jpeg)),
        ("30 x 30 patch", png(&edited)),
        ("brighter", png(&brighter)),
    ] {
        let d = distance(base, phash(&bytes));
        assert!(d <= 4, "{what}: {d} bits from the original");
    }
}

#[test]
fn different_pictures_are_far_apart() {
    let hashes: Vec<u64> = (0..40).map(|s| phash(&png(&scene(100 + s, 160, 120)))).collect();
    let mut closest = u32::MAX;
    for (i, a) in hashes.iter().enumerate() {
        for b in &hashes[i + 1..] {
            closest = closest.min(distance(*a, *b));
        }
    }
    assert!(closest >= 10, "two unrelated pictures only {closest} bits apart");
}

#[test]
fn flat_images_get_no_perceptual_hash() {
    for colour in [[0, 0, 0], [255, 255, 255], [10, 120, 200]] {
        let flat = RgbImage::from_pixel(300, 200, Rgb(colour));
        assert_eq!(hash_bytes(&png(&flat)).pixels, Pixels::Flat);
        assert_eq!(hash_bytes(&encode(&flat, image::ImageFormat::Jpeg)).pixels, Pixels::Flat);
    }
    // Barely perceptible noise is still flat.
    let speckled = RgbImage::from_fn(64, 64, |x, y| Rgb([100 + ((x * 7 + y) % 3) as u8; 3]));
    assert_eq!(hash_bytes(&png(&speckled)).pixels, Pixels::Flat);
    // Bands in one direction only are not flat, and differ from bands in the other.
    let rows = RgbImage::from_fn(64, 64, |_, y| Rgb([(y * 4) as u8; 3]));
    let cols = RgbImage::from_fn(64, 64, |x, _| Rgb([(x * 4) as u8; 3]));
    assert!(distance(phash(&png(&rows)), phash(&png(&cols))) > 10);
}

/// A PNG that declares `w` x `h` pixels and holds none (an empty `IDAT`).
fn png_header(w: u32, h: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        let body = [kind, data].concat();
        out.extend((data.len() as u32).to_be_bytes());
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    }
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]); // 8-bit RGBA
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &[]);
    out
}

#[test]
fn decompression_bombs_are_refused_before_decoding() {
    for (w, h) in [(100_000, 100_000), (16_000, 16_000), (20_000, 10)] {
        let hashes = hash_bytes(&png_header(w, h));
        let Pixels::Skipped { reason } = &hashes.pixels else { panic!("{w}x{h}: {hashes:?}") };
        assert!(reason.starts_with("too large to decode"), "{w}x{h}: {reason}");
    }
    // Within the limits, a missing pixel stream is a decode error, not a panic.
    let Pixels::Skipped { reason } = hash_bytes(&png_header(64, 64)).pixels else { panic!() };
    assert!(reason.starts_with("cannot decode"), "{reason}");
    let Pixels::Skipped { reason } = hash_bytes(b"not an image at all").pixels else { panic!() };
    assert!(reason.starts_with("cannot decode"), "{reason}");
}

#[test]
fn files_are_hashed_whole_and_streams_agree() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.png");
    save(&scene(3, 90, 60), &path);
    let meta = std::fs::metadata(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(hash_file(&path, &meta).unwrap(), hash_bytes(&bytes));
    assert_eq!(stream_hash(File::open(&path).unwrap()).unwrap(), xxh3_128(&bytes));
    let meta = std::fs::metadata(dir.path()).unwrap();
    assert!(hash_file(dir.path(), &meta).is_err());
}

#[test]
fn hashes_serialize_as_hex_and_back() {
    let h = Hashes { content: 0xab, pixels: Pixels::Hash { hash: 5, colour: vec![0xab, 1] } };
    let json = serde_json::to_string(&h).unwrap();
    assert_eq!(
        json,
        r#"{"content":"000000000000000000000000000000ab","p":"hash","hash":5,"colour":"ab01"}"#
    );
    assert_eq!(serde_json::from_str::<Hashes>(&json).unwrap(), h);
    let flat = Hashes { content: u128::MAX, pixels: Pixels::Flat };
    let json = serde_json::to_string(&flat).unwrap();
    assert_eq!(serde_json::from_str::<Hashes>(&json).unwrap(), flat);
    assert!(serde_json::from_str::<Hashes>(r#"{"content":"xyz","p":"flat"}"#).is_err());
    let odd = r#"{"content":"00","p":"hash","hash":5,"colour":"abc"}"#;
    assert!(serde_json::from_str::<Hashes>(odd).is_err());
}

#[test]
fn colour_tells_apart_pictures_with_one_grayscale_layout() {
    // Two drawings of the clean example: a tulip and a sunflower against sky and grass.
    let read = |name: &str| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clean/images");
        hash_bytes(&std::fs::read(dir.join(name)).unwrap())
    };
    let (tulip, sunflower) = (read("tulip_004.png"), read("sunflower_028.png"));
    let d = distance(tulip.perceptual().unwrap(), sunflower.perceptual().unwrap());
    assert!(d <= 2, "the grayscale layouts agree: {d} bits");
    let c = colour_distance(&tulip, &sunflower).unwrap();
    assert!(c > MAX_COLOUR_DISTANCE, "but not the colours: {c}");
    // Re-encoding, resizing and a global brightness shift keep the colours.
    let original = scene(9, 320, 240);
    let base = hash_bytes(&png(&original));
    let mut brighter = original.clone();
    for p in brighter.pixels_mut() {
        p.0 = p.0.map(|v| v.saturating_add(20));
    }
    for copy in [
        encode(&original, image::ImageFormat::Jpeg),
        png(&imageops::resize(&original, 100, 75, FilterType::Triangle)),
        png(&brighter),
    ] {
        let c = colour_distance(&base, &hash_bytes(&copy)).unwrap();
        assert!(c <= 3.0, "{c}");
    }
    assert_eq!(colour_distance(&base, &hash_bytes(&png(&RgbImage::new(9, 9)))), None);
}
