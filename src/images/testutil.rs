//! Test helpers: real image files written with the `image` crate's encoders.

use std::path::Path;

use image::{Rgb, RgbImage};

/// Writes a `w` x `h` image with a gradient; the format follows the extension.
pub fn write_image(path: &Path, w: u32, h: u32) {
    let img = RgbImage::from_fn(w, h, |x, y| {
        Rgb([(x * 255 / w.max(1)) as u8, (y * 255 / h.max(1)) as u8, ((x ^ y) & 0xff) as u8])
    });
    img.save(path).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

/// Writes a `w` x `h` PNG of one colour (small and fast to encode).
pub fn write_png(path: &Path, w: u32, h: u32) {
    let img = RgbImage::from_pixel(w, h, Rgb([10, 120, 200]));
    img.save_with_format(path, image::ImageFormat::Png)
        .unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}
