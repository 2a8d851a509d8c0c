use std::io::Cursor;

use proptest::prelude::*;

use super::*;
use crate::images::probe::{Header, full_header, header_of};
use crate::images::testutil::{scene, write_image};

/// The bytes of a `w` x `h` image in `ext`'s format (written by the `image` crate).
fn encoded(ext: &str, w: u32, h: u32) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("a.{ext}"));
    write_image(&path, w, h);
    std::fs::read(&path).unwrap()
}

/// The fast answer for `bytes` (as [`header_of`] gives it), and the full path's.
fn both(bytes: &[u8]) -> (Result<Header, String>, Result<Header, String>) {
    let len = bytes.len() as u64;
    (header_of(Cursor::new(bytes), len), full_header(Cursor::new(bytes), len))
}

fn fast(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut head = bytes[..bytes.len().min(FIRST_READ)].to_vec();
    let mut rest = Cursor::new(&bytes[head.len()..]);
    dimensions(format_of(bytes)?, &mut head, &mut rest)
}

/// `jpeg` with a segment (`marker`, `body`) inserted right after SOI.
fn with_segment(jpeg: &[u8], marker: u8, body: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xff, marker]);
    out.extend_from_slice(&u16::try_from(body.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(body);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Offset of the first `ff <marker>` in `jpeg`.
fn marker_at(jpeg: &[u8], marker: u8) -> usize {
    jpeg.windows(2).position(|w| w == [0xff, marker]).unwrap()
}

#[test]
fn png_and_jpeg_sizes_come_from_the_fast_path() {
    for (ext, w, h) in [("png", 640, 300), ("jpg", 33, 17), ("jpg", 1601, 900), ("png", 1, 1)] {
        let bytes = encoded(ext, w, h);
        assert_eq!(fast(&bytes), Some((w, h)), "{ext} {w}x{h}");
        let (ours, full) = both(&bytes);
        assert_eq!(ours, full);
    }
}

#[test]
fn a_large_exif_segment_is_read_past() {
    let jpeg = encoded("jpg", 120, 80);
    let mut exif = b"Exif\0\0".to_vec();
    exif.resize(20_000, 7);
    let big = with_segment(&jpeg, 0xe1, &exif);
    assert_eq!(fast(&big), Some((120, 80)));
    // A segment longer than the whole file: the full path decides.
    let mut cut = with_segment(&jpeg, 0xe1, &exif);
    cut.truncate(9_000);
    assert_eq!(fast(&cut), None);
    let (ours, full) = both(&cut);
    assert_eq!(ours, full);
    assert!(matches!(ours, Ok(Header::Invalid { .. })), "{ours:?}");
}

#[test]
fn progressive_and_lossless_frames_answer_as_the_decoder_does() {
    let jpeg = encoded("jpg", 64, 48);
    let sof = marker_at(&jpeg, 0xc0);
    for (marker, expected) in [(0xc2u8, Some((64, 48))), (0xc1, Some((64, 48))), (0xc3, None)] {
        let mut bytes = jpeg.clone();
        bytes[sof + 1] = marker;
        assert_eq!(fast(&bytes), expected, "SOF {marker:x}");
        let (ours, full) = both(&bytes);
        assert_eq!(ours, full, "SOF {marker:x}");
    }
}

#[test]
fn unusual_marker_layouts_take_the_full_path() {
    let jpeg = encoded("jpg", 40, 30);
    // Fill bytes before a marker, a restart marker, EOI before the scan, a length under 2.
    let mut fill = jpeg[..2].to_vec();
    fill.push(0xff);
    fill.extend_from_slice(&jpeg[2..]);
    let mut eoi = jpeg[..2].to_vec();
    eoi.extend_from_slice(&[0xff, 0xd9]);
    let mut short = jpeg[..2].to_vec();
    short.extend_from_slice(&[0xff, 0xe0, 0x00, 0x01]);
    let mut rst = jpeg[..2].to_vec();
    rst.extend_from_slice(&[0xff, 0xd0]);
    for bytes in [fill, eoi, short, rst] {
        assert_eq!(fast(&bytes), None);
    }
}

#[test]
fn every_truncation_answers_as_the_full_path() {
    for ext in ["png", "jpg"] {
        let img = scene(3, 50, 40);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("s.{ext}"));
        crate::images::testutil::save(&img, &path);
        let bytes = std::fs::read(&path).unwrap();
        for cut in 0..bytes.len().min(2_000) {
            let (ours, full) = both(&bytes[..cut]);
            assert_eq!(ours, full, "{ext} cut at {cut}");
        }
    }
}

#[test]
fn corrupt_header_bytes_answer_as_the_full_path() {
    let jpeg = encoded("jpg", 30, 20);
    let sos = marker_at(&jpeg, 0xda);
    let png = encoded("png", 30, 20);
    for (bytes, end) in [(&jpeg, sos + 14), (&png, 64)] {
        for i in 2..end.min(bytes.len()) {
            for v in [0x00, 0xff, bytes[i] ^ 0x10] {
                let mut b = bytes.clone();
                b[i] = v;
                let (ours, full) = both(&b);
                assert_eq!(ours, full, "byte {i} set to {v:#x}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any bytes after a PNG or JPEG signature: no panic, and the same answer as the full path.
    #[test]
    fn any_bytes_answer_as_the_full_path(
        png in any::<bool>(),
        tail in proptest::collection::vec(any::<u8>(), 0..300),
        markers in proptest::collection::vec((0xc0u8..=0xfe, 0u16..40), 0..6),
    ) {
        let mut bytes = if png { PNG_SIGNATURE.to_vec() } else { b"\xff\xd8".to_vec() };
        if !png {
            for (m, len) in &markers {
                bytes.extend_from_slice(&[0xff, *m]);
                bytes.extend_from_slice(&len.to_be_bytes());
                bytes.extend(std::iter::repeat_n(0x11, usize::from(*len).saturating_sub(2)));
            }
        }
        bytes.extend_from_slice(&tail);
        let _ = fast(&bytes);
        let (ours, full) = both(&bytes);
        prop_assert_eq!(ours, full);
    }
}
