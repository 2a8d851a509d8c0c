//! Inline SVG: a curve in the unit square, and the concept-by-concept matrix as a heat map.

use std::fmt::Write;

use super::html::escape;
use crate::eval::metrics::Matrix;

const SIZE: f64 = 200.0;
const PAD: f64 = 34.0;

/// A curve of points in `[0, 1]²`; `diagonal` draws the chance line (ROC).
pub fn curve(
    points: &[(f64, f64)],
    x_label: &str,
    y_label: &str,
    diagonal: bool,
    title: &str,
) -> String {
    let w = SIZE + PAD + 10.0;
    let h = SIZE + PAD + 10.0;
    let px = |x: f64| PAD + x.clamp(0.0, 1.0) * SIZE;
    let py = |y: f64| 10.0 + (1.0 - y.clamp(0.0, 1.0)) * SIZE;
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="curve" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{}">"##,
        escape(title)
    );
    let _ = write!(
        s,
        r##"<rect x="{PAD}" y="10" width="{SIZE}" height="{SIZE}" fill="#fff" stroke="#888"/>"##
    );
    for t in [0.25, 0.5, 0.75] {
        let _ = write!(
            s,
            r##"<line x1="{x}" y1="10" x2="{x}" y2="{b}" stroke="#eee"/><line x1="{PAD}" y1="{y}" x2="{r}" y2="{y}" stroke="#eee"/>"##,
            x = px(t),
            y = py(t),
            b = 10.0 + SIZE,
            r = PAD + SIZE
        );
    }
    if diagonal {
        let _ = write!(
            s,
            r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#bbb" stroke-dasharray="4 3"/>"##,
            px(0.0),
            py(0.0),
            px(1.0),
            py(1.0)
        );
    }
    if !points.is_empty() {
        let mut path = String::new();
        for (i, &(x, y)) in points.iter().enumerate() {
            let _ = write!(path, "{}{:.1},{:.1}", if i == 0 { "M" } else { " L" }, px(x), py(y));
        }
        let _ = write!(s, r##"<path d="{path}" fill="none" stroke="#1f6feb" stroke-width="2"/>"##);
    } else {
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="#666">undefined</text>"##,
            PAD + SIZE / 2.0,
            10.0 + SIZE / 2.0
        );
    }
    let _ = write!(
        s,
        r##"<text x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>"##,
        PAD + SIZE / 2.0,
        h - 4.0,
        escape(x_label)
    );
    let _ = write!(
        s,
        r##"<text x="12" y="{}" text-anchor="middle" font-size="11" transform="rotate(-90 12 {})">{}</text>"##,
        10.0 + SIZE / 2.0,
        10.0 + SIZE / 2.0,
        escape(y_label)
    );
    for (t, label) in [(0.0, "0"), (1.0, "1")] {
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" text-anchor="middle" font-size="10" fill="#555">{label}</text><text x="{}" y="{}" text-anchor="end" font-size="10" fill="#555">{label}</text>"##,
            px(t),
            12.0 + SIZE + 10.0,
            PAD - 4.0,
            py(t) + 3.0
        );
    }
    s.push_str("</svg>");
    s
}

/// The matrix as a heat map: top-1 counts (exclusive data) or counts at the threshold, shaded
/// by their share of the row.
pub fn matrix(m: &Matrix) -> String {
    let k = m.concepts.len();
    let counts = m.top1.as_ref().unwrap_or(&m.above_threshold);
    let cell = if k > 20 { 22.0 } else { 40.0 };
    let label_w =
        12.0 + 7.0 * m.concepts.iter().map(|c| c.chars().count().min(24)).max().unwrap_or(4) as f64;
    let w = label_w + cell * k as f64 + 10.0;
    let h = label_w + cell * k as f64 + 10.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="matrix" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="concept-by-concept matrix">"##
    );
    for (c, name) in m.concepts.iter().enumerate() {
        let short: String = name.chars().take(24).collect();
        let x = label_w + cell * (c as f64 + 0.5);
        let _ = write!(
            s,
            r##"<text x="{x}" y="{y}" font-size="11" transform="rotate(-60 {x} {y})">{}</text>"##,
            escape(&short),
            y = label_w - 4.0
        );
        let y = label_w + cell * (c as f64 + 0.5) + 4.0;
        let _ = write!(
            s,
            r##"<text x="{}" y="{y}" font-size="11" text-anchor="end">{}</text>"##,
            label_w - 6.0,
            escape(&short)
        );
    }
    for (r, row) in counts.iter().enumerate().take(k) {
        let total: usize = m.support[r];
        for (c, &n) in row.iter().enumerate().take(k) {
            let share = if total == 0 { 0.0 } else { n as f64 / total as f64 };
            let (red, green, blue) = if r == c { (31, 111, 235) } else { (207, 34, 46) };
            let x = label_w + cell * c as f64;
            let y = label_w + cell * r as f64;
            let mean = m.mean_score[r][c].map_or_else(|| "-".to_string(), |v| format!("{v:.3}"));
            let _ = write!(
                s,
                r##"<g><title>{} labeled, {} predicted: {n} of {total} (mean score {mean})</title><rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="rgba({red},{green},{blue},{a:.3})" stroke="#ddd"/>"##,
                escape(&m.concepts[r]),
                escape(&m.concepts[c]),
                a = share.sqrt().min(1.0)
            );
            if cell >= 30.0 && n > 0 {
                let _ = write!(
                    s,
                    r##"<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="{}">{n}</text>"##,
                    x + cell / 2.0,
                    y + cell / 2.0 + 3.5,
                    if share > 0.5 { "#fff" } else { "#222" }
                );
            }
            s.push_str("</g>");
        }
    }
    s.push_str("</svg>");
    s
}
