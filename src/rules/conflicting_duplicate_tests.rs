use image::RgbImage;
use image::imageops::{self, FilterType};

use super::*;
use crate::images::testutil::scene;
use crate::rules::test_support::{WithImages, run};

fn pic(seed: u64) -> Result<RgbImage, &'static str> {
    Ok(scene(seed, 96, 72))
}

/// Five cats and five dogs, each a different picture.
fn pets() -> Vec<(String, Result<RgbImage, &'static str>)> {
    let mut images: Vec<(String, Result<RgbImage, &'static str>)> = Vec::new();
    for i in 0..5 {
        images.push((format!("img/cat{i}.png"), pic(i)));
        images.push((format!("img/dog{i}.png"), pic(100 + i)));
    }
    images
}

fn pets_csv() -> String {
    let mut text = String::from("file_name,label\n");
    for i in 0..5 {
        text.push_str(&format!("img/cat{i}.png,cat\nimg/dog{i}.png,dog\n"));
    }
    text
}

fn build(extra_rows: &str, extra: Vec<(&str, Result<RgbImage, &'static str>)>) -> WithImages {
    let csv = format!("{}{extra_rows}", pets_csv());
    let mut images = pets();
    images.extend(extra.into_iter().map(|(n, i)| (n.to_string(), i)));
    let borrowed: Vec<(&str, Result<RgbImage, &str>)> =
        images.iter().map(|(n, i)| (n.as_str(), i.clone())).collect();
    WithImages::new(&[("metadata.csv", &csv), ("labels.txt", "cat\ndog\n")], &borrowed)
}

#[test]
fn an_exact_copy_under_another_concept_is_reported_at_every_listing() {
    let w = build("copies/x.png,dog\n", vec![("copies/x.png", Err("img/cat0.png"))]);
    let out = w.run(&RULE);
    let got: Vec<(&str, &str)> =
        out.iter().map(|d| (w.text(&d.file, d.span), d.message.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (
                "img/cat0.png",
                "'cat' here, but a copy is labeled 'dog': copies/x.png (same file content)"
            ),
            (
                "copies/x.png",
                "'dog' here, but a copy is labeled 'cat': img/cat0.png (same file content)"
            ),
        ]
    );
    let manifest = w.ds.files.iter().find(|f| f.path.ends_with("metadata.csv")).unwrap();
    assert_eq!(out[0].related.len(), 1);
    assert_eq!(w.text(&out[0].related[0].file, out[0].related[0].span), "copies/x.png");
    assert_eq!(out[0].related[0].message, "labeled 'dog' (same file content)");
    assert_eq!(out[0].input.as_ref().unwrap().location, "img/cat0.png");
    // Keep one label: this listing's first.
    let titles: Vec<&str> = out[0].fixes.iter().map(|f| f.title.as_str()).collect();
    assert_eq!(titles, ["Label every copy 'cat'", "Label every copy 'dog'"]);
    let keep_cat = w.fixed(&out[0], 0, &manifest.path);
    assert!(keep_cat.ends_with("img/dog4.png,dog\ncopies/x.png,cat\n"), "{keep_cat}");
    let keep_dog = w.fixed(&out[0], 1, &manifest.path);
    assert!(keep_dog.starts_with("file_name,label\nimg/cat0.png,dog\n"), "{keep_dog}");
    assert!(keep_dog.ends_with("copies/x.png,dog\n"), "{keep_dog}");
    assert_eq!(out[1].fixes[0].title, "Label every copy 'dog'");
}

#[test]
fn a_resized_reencoded_copy_is_a_near_duplicate() {
    let small = imageops::resize(&scene(2, 96, 72), 64, 48, FilterType::Triangle);
    let w = build("other/look.jpg,dog\n", vec![("other/look.jpg", Ok(small))]);
    let out = w.run(&RULE);
    assert_eq!(out.len(), 2, "{out:#?}");
    assert_eq!(w.text(&out[0].file, out[0].span), "img/cat2.png");
    let msg = &out[0].message;
    assert!(
        msg.starts_with("'cat' here, but a copy is labeled 'dog': other/look.jpg (near-identical")
    );
    assert!(out[1].message.contains("img/cat2.png (near-identical"), "{}", out[1].message);
    let manifest = w.ds.files.iter().position(|f| f.path.ends_with("metadata.csv")).unwrap();
    let h = |w: &WithImages, i: usize| w.hashes.get(manifest, i).unwrap().perceptual().unwrap();
    assert_eq!(distance(h(&w, 4), h(&w, 10)), 0, "resizing and JPEG leave the hash as is");
    assert_eq!(out[0].related[0].message, "labeled 'dog' (near-identical)");
    // A tighter crop, scaled back up, is farther than the default tolerance.
    let cropped = imageops::crop_imm(&scene(2, 96, 72), 5, 4, 86, 64).to_image();
    let cropped = imageops::resize(&cropped, 96, 72, FilterType::Triangle);
    let mut w = build("other/cropped.png,dog\n", vec![("other/cropped.png", Ok(cropped))]);
    assert_eq!(distance(h(&w, 4), h(&w, 10)), 14);
    assert!(w.run(&RULE).is_empty());
    // Within a looser tolerance the hashes match, but the shifted colours still disagree.
    w.ds.settings.thresholds.near_duplicate_distance = 16;
    assert!(w.run(&RULE).is_empty());
    let colours = crate::images::hash::colour_distance(
        w.hashes.get(manifest, 4).unwrap(),
        w.hashes.get(manifest, 10).unwrap(),
    );
    assert!(colours.unwrap() > crate::images::hash::MAX_COLOUR_DISTANCE);
}

#[test]
fn several_copies_and_multi_label_listings_are_named_without_unsafe_fixes() {
    let w = build(
        "a.png,dog\nb.png,cat;dog\n",
        vec![("a.png", Err("img/cat1.png")), ("b.png", Err("img/cat1.png"))],
    );
    let out = w.run(&RULE);
    let cat1 = out.iter().find(|d| w.text(&d.file, d.span) == "img/cat1.png").unwrap();
    assert_eq!(
        cat1.message,
        "'cat' here, but copies are labeled 'dog' and 'cat', 'dog': a.png (same file content), \
         b.png (same file content)"
    );
    assert_eq!(cat1.related.len(), 2);
    assert!(cat1.fixes.is_empty(), "b.png has two labels: no single edit relabels it");
    assert_eq!(out.len(), 3);
}

#[test]
fn silent_on_agreeing_copies_flat_images_same_paths_and_without_hashes() {
    let red = RgbImage::from_pixel(50, 50, image::Rgb([200, 0, 0]));
    let blue = RgbImage::from_pixel(80, 60, image::Rgb([0, 0, 200]));
    let w = build(
        "copy.png,cat\nred.png,cat\nblue.png,dog\nimg/dog3.png,cat\ntypo.png,dgo\n",
        vec![
            ("copy.png", Err("img/cat0.png")),
            ("red.png", Ok(red)),
            ("blue.png", Ok(blue)),
            ("typo.png", Err("img/dog1.png")),
        ],
    );
    // The copy agrees; flat images have no perceptual hash; dog3 listed twice is
    // duplicate-input's; 'dgo' is not declared: unknown-concept's.
    assert!(w.run(&RULE).is_empty(), "{:#?}", w.run(&RULE));
    assert!(run(&RULE, &w.ds, &w.facts).is_empty(), "no hashes, no findings");
}
