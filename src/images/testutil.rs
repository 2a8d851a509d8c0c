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

/// A `w` x `h` picture drawn from `seed`: a tilted two-colour gradient, a few filled ellipses
/// and rectangles, and a texture. Different seeds give unrelated pictures; the same seed at
/// another size gives the same picture resized.
pub fn scene(seed: u64, w: u32, h: u32) -> RgbImage {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f32 / (1u64 << 53) as f32
    };
    let colour = |r: f32, g: f32, b: f32| [r * 255.0, g * 255.0, b * 255.0];
    let from = colour(next(), next(), next());
    let to = colour(next(), next(), next());
    let angle = next() * std::f32::consts::TAU;
    let shapes: Vec<(bool, [f32; 4], [f32; 3])> = (0..6)
        .map(|_| {
            let rect = next() < 0.5;
            let geometry = [next(), next(), 0.05 + next() * 0.3, 0.05 + next() * 0.3];
            (rect, geometry, colour(next(), next(), next()))
        })
        .collect();
    let (freq_x, freq_y) = (2.0 + next() * 12.0, 2.0 + next() * 12.0);
    RgbImage::from_fn(w, h, |x, y| {
        let (u, v) = (x as f32 / w as f32, y as f32 / h as f32);
        let t = ((u - 0.5) * angle.cos() + (v - 0.5) * angle.sin() + 0.5).clamp(0.0, 1.0);
        let mut c = [0f32; 3];
        for k in 0..3 {
            c[k] = from[k] * (1.0 - t) + to[k] * t;
        }
        for (rect, [cx, cy, rx, ry], fill) in &shapes {
            let (dx, dy) = ((u - cx) / rx, (v - cy) / ry);
            let inside =
                if *rect { dx.abs() < 1.0 && dy.abs() < 1.0 } else { dx * dx + dy * dy < 1.0 };
            if inside {
                c = *fill;
            }
        }
        let texture = 12.0 * ((u * freq_x * 6.3).sin() * (v * freq_y * 6.3).cos());
        Rgb(c.map(|v| (v + texture).clamp(0.0, 255.0) as u8))
    })
}

/// Saves `img` at `path` (the format follows the extension).
pub fn save(img: &RgbImage, path: &Path) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    img.save(path).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

/// An input with only its location (no labels, no spans).
pub fn input(location: &str) -> crate::model::Input {
    crate::model::Input { location: location.into(), ..Default::default() }
}
