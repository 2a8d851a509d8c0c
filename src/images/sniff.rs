//! The fast path of the header probe for PNG and JPEG: read only the header bytes of a file
//! (one read for nearly every file), then let the same decoders as the full path check them.
//!
//! Invariant: the fast path answers only when the decoder accepts the header bytes alone, which
//! it then does exactly as it would the whole file (both read the stream front to back and stop
//! before the pixel data). Anything else (a decoder error, an unusual marker layout, a header
//! larger than [`MAX_HEADER`]) returns `None`, and the caller runs the full path, whose answer,
//! error text included, is then the same as before this fast path existed.

use std::io::{self, Cursor, Read};

use image::{ImageFormat, ImageReader};

/// The first read of a file: enough for the whole header of nearly every PNG and JPEG.
pub(crate) const FIRST_READ: usize = 4096;
/// JPEG headers (EXIF, ICC profiles, thumbnails) larger than this take the full path.
const MAX_HEADER: usize = 1 << 20;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const JPEG_SIGNATURE: &[u8] = b"\xff\xd8\xff";

/// The signature of a format the fast path knows.
pub(crate) fn format_of(head: &[u8]) -> Option<ImageFormat> {
    if head.starts_with(PNG_SIGNATURE) {
        Some(ImageFormat::Png)
    } else if head.starts_with(JPEG_SIGNATURE) {
        Some(ImageFormat::Jpeg)
    } else {
        None
    }
}

/// Reads into `buf` until it holds `want` bytes or the reader ends.
pub(crate) fn fill(reader: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> io::Result<()> {
    let limit = want.saturating_sub(buf.len()) as u64;
    reader.take(limit).read_to_end(buf)?;
    Ok(())
}

/// Width and height of the PNG or JPEG whose first bytes are `buf` (the rest of the file, if
/// any, can be read from `rest`), or `None` when the full path must decide.
pub(crate) fn dimensions(
    format: ImageFormat,
    buf: &mut Vec<u8>,
    rest: &mut impl Read,
) -> Option<(u32, u32)> {
    match format {
        ImageFormat::Png => decoder_dimensions(buf, ImageFormat::Png),
        ImageFormat::Jpeg => {
            let (end, size) = jpeg_header(buf, rest)?;
            let got = decoder_dimensions(buf.get(..end)?, ImageFormat::Jpeg)?;
            // The decoder walked the same segments as `jpeg_header`: anything else is odd
            // enough for the full path.
            (got == size).then_some(got)
        }
        _ => None,
    }
}

fn decoder_dimensions(bytes: &[u8], format: ImageFormat) -> Option<(u32, u32)> {
    ImageReader::with_format(Cursor::new(bytes), format).into_dimensions().ok()
}

/// Walks the JPEG marker segments from SOI to the end of the first SOS header, reading more of
/// the file into `buf` as needed. Returns that end offset and the SOFn size (width, height);
/// `None` for anything but a plain sequence of length-prefixed segments.
pub(crate) fn jpeg_header(buf: &mut Vec<u8>, rest: &mut impl Read) -> Option<(usize, (u32, u32))> {
    let mut pos = 2; // After SOI.
    let mut size = None;
    loop {
        if buf.len() < pos + 4 {
            let want = (pos + 4).max(buf.len() + FIRST_READ).min(MAX_HEADER);
            fill(rest, buf, want).ok()?;
        }
        let head = buf.get(pos..pos + 4)?;
        let (marker, length) = (head[1], usize::from(u16::from_be_bytes([head[2], head[3]])));
        // A marker, with a length: no fill bytes, no standalone markers (RSTn, TEM), no
        // second SOI, no EOI before the scan.
        if head[0] != 0xff || matches!(marker, 0x00 | 0x01 | 0xd0..=0xd9 | 0xff) || length < 2 {
            return None;
        }
        let end = pos + 2 + length;
        if end > MAX_HEADER {
            return None;
        }
        if is_sof(marker) {
            if size.is_some() {
                return None;
            }
            if buf.len() < end {
                fill(rest, buf, end).ok()?;
            }
            let sof = buf.get(pos + 4..end)?;
            let height = u16::from_be_bytes([*sof.get(1)?, *sof.get(2)?]);
            let width = u16::from_be_bytes([*sof.get(3)?, *sof.get(4)?]);
            size = Some((u32::from(width), u32::from(height)));
        }
        if marker == 0xda {
            if buf.len() < end {
                fill(rest, buf, end).ok()?;
            }
            return (buf.len() >= end).then_some((end, size?));
        }
        pos = end;
    }
}

/// Start-of-frame markers: SOF0-SOF15 but DHT (C4), JPG (C8) and DAC (CC).
fn is_sof(marker: u8) -> bool {
    matches!(marker, 0xc0..=0xcf) && !matches!(marker, 0xc4 | 0xc8 | 0xcc)
}

#[cfg(test)]
#[path = "sniff_tests.rs"]
mod tests;
