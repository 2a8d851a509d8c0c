//! Reading an image's dimensions and format from its header.
//!
//! Invariant: nothing here decodes pixels. The format comes from the file's content (its
//! signature), never from its extension, so a JPEG named `.png` is reported as a JPEG and a text
//! file named `.png` as not an image.

use std::fs::{File, Metadata};
use std::io::{self, BufReader, Seek, SeekFrom};
use std::path::Path;

use image::{ImageFormat, ImageReader};

use super::ImageStatus;
use super::sniff::{self, FIRST_READ};

/// What a file's header says: the part of a probe that can be cached (it depends only on the
/// file's content).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "h", rename_all = "kebab-case")]
pub(crate) enum Header {
    Image {
        width: u32,
        height: u32,
        format: String,
        bytes: u64,
    },
    /// Not an image, or a corrupt or truncated header.
    Invalid {
        reason: String,
    },
}

impl Header {
    /// The status of the input whose image is at `path`.
    pub(crate) fn into_status(self, path: &Path) -> ImageStatus {
        match self {
            Header::Image { width, height, format, bytes } => {
                ImageStatus::Probed { width, height, format, bytes }
            }
            Header::Invalid { reason } => {
                ImageStatus::Unreadable { path: path.to_path_buf(), reason }
            }
        }
    }
}

/// Probes one image file from its header only.
pub fn probe_file(path: &Path) -> ImageStatus {
    match std::fs::metadata(path) {
        Ok(meta) => match read_header(path, &meta) {
            Ok(header) => header.into_status(path),
            Err(reason) => ImageStatus::Unreadable { path: path.to_path_buf(), reason },
        },
        Err(e) => io_status(path, &e),
    }
}

/// The status for a failed `stat`/`canonicalize` of `path`.
pub(crate) fn io_status(path: &Path, e: &io::Error) -> ImageStatus {
    if is_missing(e) {
        ImageStatus::NotFound { path: path.to_path_buf() }
    } else {
        ImageStatus::Unreadable { path: path.to_path_buf(), reason: e.to_string() }
    }
}

/// Whether an I/O error means "there is no such file" (including a file used as a folder).
pub(crate) fn is_missing(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory)
}

/// Reads the header of the file at `path` whose metadata is `meta`.
///
/// `Err` is an I/O failure (permissions, a race with a deletion): it says nothing about the
/// content and must not be cached.
pub(crate) fn read_header(path: &Path, meta: &Metadata) -> Result<Header, String> {
    if meta.is_dir() {
        return Ok(Header::Invalid { reason: "is a directory, not an image file".into() });
    }
    if !meta.is_file() {
        // Opening a FIFO or a device could block or read forever.
        return Ok(Header::Invalid { reason: "not a regular file".into() });
    }
    let bytes = meta.len();
    if bytes == 0 {
        return Ok(Header::Invalid { reason: "empty file (0 bytes)".into() });
    }
    let file = File::open(path).map_err(|e| e.to_string())?;
    header_of(file, bytes)
}

/// The header of the stream `file`, `bytes` long: the fast path for PNG and JPEG, the full
/// path for the rest.
pub(crate) fn header_of<F: io::Read + Seek>(mut file: F, bytes: u64) -> Result<Header, String> {
    // The fast path: the header bytes only, checked by the same decoders.
    let mut head = Vec::with_capacity(FIRST_READ);
    sniff::fill(&mut file, &mut head, FIRST_READ).map_err(|e| e.to_string())?;
    if let Some(format) = sniff::format_of(&head)
        && let Some((width, height)) = sniff::dimensions(format, &mut head, &mut file)
    {
        return Ok(Header::Image { width, height, format: format_name(format), bytes });
    }
    file.seek(SeekFrom::Start(0)).map_err(|e| e.to_string())?;
    full_header(BufReader::with_capacity(4096, file), bytes)
}

/// The header as the `image` crate's decoders read it from the whole stream (`bytes` long):
/// the answer for everything the fast path leaves.
pub(crate) fn full_header<R: io::BufRead + Seek>(stream: R, bytes: u64) -> Result<Header, String> {
    let reader = ImageReader::new(stream).with_guessed_format().map_err(|e| e.to_string())?;
    let Some(format) = reader.format() else {
        return Ok(Header::Invalid {
            reason: "not an image: the content matches no supported image format".into(),
        });
    };
    let name = format_name(format);
    match reader.into_dimensions() {
        Ok((width, height)) => Ok(Header::Image { width, height, format: name, bytes }),
        Err(image::ImageError::IoError(e)) if e.kind() == io::ErrorKind::UnexpectedEof => {
            Ok(Header::Invalid { reason: format!("truncated {name} header") })
        }
        Err(image::ImageError::IoError(e)) if e.kind() != io::ErrorKind::InvalidData => {
            Err(e.to_string())
        }
        Err(e) => Ok(Header::Invalid { reason: format!("corrupt {name} header: {e}") }),
    }
}

/// A short lowercase name for a format: `png`, `jpeg`, `gif`, `webp`, `bmp`, `tiff`, ...
pub fn format_name(format: ImageFormat) -> String {
    match format {
        ImageFormat::Jpeg => "jpeg".into(),
        ImageFormat::Tiff => "tiff".into(),
        other => other
            .extensions_str()
            .first()
            .map_or_else(|| format!("{other:?}").to_lowercase(), |s| (*s).to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::testutil::{write_image, write_png};

    fn probed(w: u32, h: u32, format: &str, path: &Path) -> ImageStatus {
        let bytes = std::fs::metadata(path).unwrap().len();
        ImageStatus::Probed { width: w, height: h, format: format.into(), bytes }
    }

    #[test]
    fn reads_dimensions_of_every_enabled_format() {
        let dir = tempfile::tempdir().unwrap();
        for (name, format, w, h) in [
            ("a.png", "png", 640, 300),
            ("b.jpg", "jpeg", 33, 17),
            ("c.gif", "gif", 20, 10),
            ("d.webp", "webp", 300, 200),
            ("e.bmp", "bmp", 7, 9),
            ("f.tiff", "tiff", 12, 34),
        ] {
            let path = dir.path().join(name);
            write_image(&path, w, h);
            assert_eq!(probe_file(&path), probed(w, h, format, &path), "{name}");
        }
    }

    #[test]
    fn the_content_decides_the_format_not_the_extension() {
        let dir = tempfile::tempdir().unwrap();
        let jpeg = dir.path().join("real.jpg");
        write_image(&jpeg, 64, 48);
        let disguised = dir.path().join("disguised.png");
        std::fs::copy(&jpeg, &disguised).unwrap();
        assert_eq!(probe_file(&disguised), probed(64, 48, "jpeg", &disguised));
    }

    #[test]
    fn text_named_png_is_not_an_image() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.png");
        std::fs::write(&path, "this is not an image\n").unwrap();
        let ImageStatus::Unreadable { path: p, reason } = probe_file(&path) else {
            panic!("expected unreadable")
        };
        assert_eq!(p, path);
        assert_eq!(reason, "not an image: the content matches no supported image format");
    }

    #[test]
    fn truncated_headers_are_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let full = dir.path().join("full.png");
        write_png(&full, 600, 600);
        let bytes = std::fs::read(&full).unwrap();
        // Signature (8) + IHDR length/type (8) + 5 of its 13 data bytes.
        let cut = dir.path().join("cut.png");
        std::fs::write(&cut, &bytes[..21]).unwrap();
        let ImageStatus::Unreadable { reason, .. } = probe_file(&cut) else {
            panic!("expected unreadable: {:?}", probe_file(&cut))
        };
        assert!(reason.contains("png"), "{reason}");
        // Only the signature.
        std::fs::write(&cut, &bytes[..8]).unwrap();
        assert!(matches!(probe_file(&cut), ImageStatus::Unreadable { .. }));
        // A JPEG cut after its first marker.
        let jpeg = dir.path().join("a.jpg");
        write_image(&jpeg, 40, 40);
        let jbytes = std::fs::read(&jpeg).unwrap();
        std::fs::write(&jpeg, &jbytes[..4]).unwrap();
        let ImageStatus::Unreadable { reason, .. } = probe_file(&jpeg) else {
            panic!("expected unreadable")
        };
        assert!(reason.contains("jpeg"), "{reason}");
    }

    #[test]
    fn pixel_data_is_never_read() {
        // A PNG whose IDAT is cut off still has a complete header: probing reports its size.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.png");
        write_png(&path, 1024, 768);
        let bytes = std::fs::read(&path).unwrap();
        let idat = bytes.windows(4).position(|w| w == b"IDAT").unwrap();
        std::fs::write(&path, &bytes[..idat + 8]).unwrap();
        assert_eq!(probe_file(&path), probed(1024, 768, "png", &path));
    }

    #[test]
    fn missing_empty_and_folder() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.png");
        assert_eq!(probe_file(&missing), ImageStatus::NotFound { path: missing.clone() });
        let under_file = dir.path().join("empty.png").join("x.png");
        let empty = dir.path().join("empty.png");
        std::fs::write(&empty, b"").unwrap();
        assert_eq!(
            probe_file(&empty),
            ImageStatus::Unreadable { path: empty.clone(), reason: "empty file (0 bytes)".into() }
        );
        assert_eq!(probe_file(&under_file), ImageStatus::NotFound { path: under_file.clone() });
        assert_eq!(
            probe_file(dir.path()),
            ImageStatus::Unreadable {
                path: dir.path().to_path_buf(),
                reason: "is a directory, not an image file".into()
            }
        );
    }
}
