use image::RgbImage;

use super::*;
use crate::images::testutil::scene;
use crate::rules::test_support::{Builder, WithImages, run};

type Pic = Result<RgbImage, &'static str>;

/// A `file_name,label` manifest over `images` (`(path, concept, picture)`).
fn build(rows: Vec<(String, &str, RgbImage)>) -> WithImages {
    let mut csv = String::from("file_name,label\n");
    for (name, concept, _) in &rows {
        csv.push_str(&format!("{name},{concept}\n"));
    }
    let images: Vec<(&str, Pic)> =
        rows.iter().map(|(n, _, p)| (n.as_str(), Ok(p.clone()))).collect();
    WithImages::new(&[("metadata.csv", &csv), ("labels.txt", "cat\ndog\n")], &images)
}

/// 20 dogs as 160x120 PNGs; 18 cats as 90x90 JPEGs and `png_cats` more like the dogs.
fn formats(png_cats: usize) -> WithImages {
    let mut rows = Vec::new();
    for i in 0..20 {
        rows.push((format!("img/dog{i}.png"), "dog", scene(i, 160, 120)));
    }
    for i in 0..18 {
        rows.push((format!("img/cat{i}.jpg"), "cat", scene(100 + i, 90, 90)));
    }
    for i in 0..png_cats {
        rows.push((format!("img/cat_extra{i}.png"), "cat", scene(200 + i as u64, 160, 120)));
    }
    build(rows)
}

#[test]
fn format_and_size_that_split_the_concepts_are_reported() {
    let w = formats(2);
    let out = w.run(&RULE);
    let messages: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "file format predicts the concept for 95% of 40 inputs (chance: 50%): \
             'cat' is jpeg for 18 of 20, every 'dog' is png",
            "image size predicts the concept for 95% of 40 inputs (chance: 50%): \
             'cat' is 90x90 px for 18 of 20, every 'dog' is 160x120 px",
        ],
        "the aspect ratio follows from the size and is not reported again"
    );
    for d in &out {
        assert_eq!(w.text(&d.file, d.span), "file_name,label");
    }
    let related: Vec<(&str, &str)> =
        out[0].related.iter().map(|r| (w.text(&r.file, r.span), r.message.as_str())).collect();
    assert_eq!(
        related,
        [
            ("img/cat0.jpg", "'cat' is jpeg for 18 of 20, like this one"),
            ("img/dog0.png", "'dog' is png for 20 of 20, like this one"),
        ]
    );
}

#[test]
fn thresholds_decide_how_strong_a_cue_must_be() {
    let mut w = formats(2);
    w.ds.settings.thresholds.shortcut_accuracy = 0.96;
    assert!(w.run(&RULE).is_empty());
    w.ds.settings.thresholds.shortcut_accuracy = 0.9;
    w.ds.settings.thresholds.shortcut_margin = 0.46;
    assert!(w.run(&RULE).is_empty(), "95% is less than 50% + 46%");
}

#[test]
fn silent_when_formats_and_sizes_are_mixed_across_concepts() {
    let mut rows = Vec::new();
    for i in 0..40u64 {
        let concept = if i % 2 == 0 { "cat" } else { "dog" };
        let (ext, w) = if i % 4 < 2 { ("png", 96) } else { ("jpg", 80) };
        rows.push((format!("img/{i}.{ext}"), concept, scene(i, w, 64)));
    }
    assert!(build(rows).run(&RULE).is_empty());
}

#[test]
fn source_folders_count_but_folders_named_after_concepts_do_not() {
    let picture = |i: u64| scene(i, 64, 48);
    let mut by_source = Vec::new();
    let mut by_label = Vec::new();
    for i in 0..16u64 {
        by_source.push((format!("flickr/cats/{i}.png"), "cat", picture(i)));
        by_source.push((format!("studio/dog_pics/{i}.png"), "dog", picture(50 + i)));
        // ImageFolder layout: the folder is the label, not a cue.
        by_label.push((format!("train/cat/{i}.png"), "cat", picture(i)));
        by_label.push((format!("train/n02084071/{i}.png"), "dog", picture(50 + i)));
        by_label.push((
            format!("train/{i}.png"),
            if i % 2 == 0 { "cat" } else { "dog" },
            picture(i),
        ));
    }
    let out = build(by_source).run(&RULE);
    assert_eq!(out.len(), 1, "{out:#?}");
    assert_eq!(
        out[0].message,
        "source folder predicts the concept for 100% of 32 inputs (chance: 50%): \
         every 'cat' is in flickr/*/, every 'dog' is in studio/*/"
    );
    assert!(build(by_label).run(&RULE).is_empty());
}

#[test]
fn url_hosts_are_a_cue_and_small_datasets_are_not_judged() {
    let rows: Vec<(String, Vec<&str>)> = (0..40)
        .map(|i| {
            let (host, concept) =
                if i < 20 { ("cats.example.com", "cat") } else { ("cdn.dogs.io", "dog") };
            (format!("https://{host}/{i}.jpg"), vec![concept])
        })
        .collect();
    let borrowed: Vec<(&str, &[&str])> =
        rows.iter().map(|(l, c)| (l.as_str(), c.as_slice())).collect();
    let ds = Builder::new().manifest("metadata.csv", &borrowed).build();
    let out = run(&RULE, &ds, &Default::default());
    assert_eq!(out.len(), 1);
    assert_eq!(
        out[0].message,
        "URL host predicts the concept for 100% of 40 inputs (chance: 50%): \
         every 'cat' is from cats.example.com, every 'dog' is from cdn.dogs.io"
    );
    let ds = Builder::new().manifest("metadata.csv", &borrowed[..29]).build();
    assert!(run(&RULE, &ds, &Default::default()).is_empty());
}
