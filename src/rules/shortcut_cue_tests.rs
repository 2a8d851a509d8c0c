use image::RgbImage;

use super::*;
use crate::images::testutil::scene;
use crate::rules::test_support::{Builder, WithImages, run};

type Pic = Result<RgbImage, &'static str>;

/// A `file_name,label` manifest over `images` (`(path, concept, picture)`).
fn build(rows: Vec<(String, &str, RgbImage)>) -> WithImages {
    build_with("", rows.into_iter().map(|(n, c, p)| (n, c, p, String::new())).collect())
}

/// A `file_name,label` manifest with more `columns` (`,a,b`), each row's cells after its label.
fn build_with(columns: &str, rows: Vec<(String, &str, RgbImage, String)>) -> WithImages {
    let mut csv = format!("file_name,label{columns}\n");
    for (name, concept, _, cells) in &rows {
        csv.push_str(&format!("{name},{concept}{cells}\n"));
    }
    let images: Vec<(&str, Pic)> =
        rows.iter().map(|(n, _, p, _)| (n.as_str(), Ok(p.clone()))).collect();
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

/// 20 cats and 20 dogs, all 64x48 PNGs in one folder (no format, size or folder cue), with
/// the cells `cells(i, concept)` of `columns`.
fn with_columns(columns: &str, cells: impl Fn(u64, &str) -> String) -> WithImages {
    let rows = (0..40u64)
        .map(|i| {
            let concept = if i % 2 == 0 { "cat" } else { "dog" };
            (format!("img/{i}.png"), concept, scene(i, 64, 48), cells(i, concept))
        })
        .collect();
    build_with(columns, rows)
}

#[test]
fn a_metadata_column_that_predicts_the_concept_is_reported_at_its_values() {
    let columns = ",id,source,upload_id,weather,label_name,class_id,caption,album,split";
    let w = with_columns(columns, |i, concept| {
        let source = if concept == "dog" || i == 0 { "studio" } else { "flickr" };
        let weather = if i % 4 < 2 { "sunny" } else { "rainy" };
        let class_id = u8::from(concept == "dog");
        let split = if concept == "cat" { "train" } else { "test" };
        format!(
            ",{i},{source},u{i:03},{weather},{concept},{class_id},a photo of a {concept},\
             {concept}s 2019,{split}"
        )
    });
    let out = w.run(&RULE);
    let messages: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["metadata column 'source' predicts the concept for 98% of 40 inputs (chance: 50%): \
             'cat' has source = 'flickr' for 19 of 20, every 'dog' has source = 'studio'"],
        "silent on the id, the image, the label, a fresh value per input (upload_id), a column \
         independent of the concept (weather), columns that restate the label (label_name, \
         class_id, caption, album: its values name the concepts) and the split"
    );
    assert_eq!(w.text(&out[0].file, out[0].span), format!("file_name,label{columns}"));
    let related: Vec<(&str, &str)> =
        out[0].related.iter().map(|r| (w.text(&r.file, r.span), r.message.as_str())).collect();
    assert_eq!(
        related,
        [
            ("flickr", "'cat' has source = 'flickr' for 19 of 20, like this one"),
            ("studio", "'dog' has source = 'studio' for 20 of 20, like this one"),
        ]
    );
    let first_flickr = w.ds.sources[&out[0].file].find("img/2.png,cat,2,flickr").unwrap();
    assert_eq!(out[0].related[0].span.start, first_flickr + "img/2.png,cat,2,".len());
}

#[test]
fn metadata_columns_without_a_shortcut_stay_silent() {
    let columns = ",source,shot_at";
    let w = with_columns(columns, |i, _| {
        let source = ["flickr", "studio", "web"][(i / 2 % 3) as usize];
        format!(",{source},2019-05-{:02}T10:{i:02}", i % 28 + 1)
    });
    assert_eq!(w.run(&RULE), []);
}

#[test]
fn a_size_column_is_not_reported_again_when_the_image_size_is() {
    let mut rows = Vec::new();
    for i in 0..20u64 {
        rows.push((format!("img/dog{i}.png"), "dog", scene(i, 160, 120), ",160,a".to_string()));
        rows.push((format!("img/cat{i}.png"), "cat", scene(50 + i, 90, 90), ",90,a".to_string()));
    }
    let out = build_with(",width,lens", rows).run(&RULE);
    let messages: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["image size predicts the concept for 100% of 40 inputs (chance: 50%): \
             every 'cat' is 90x90 px, every 'dog' is 160x120 px"]
    );
}

#[test]
fn json_lines_keys_numbers_and_escaped_strings_are_metadata() {
    let mut jsonl = String::new();
    for i in 0..40 {
        let (concept, camera, iso) =
            if i < 20 { ("cat", "Canon \\\"5D\\\"", 100) } else { ("dog", "X100", 800) };
        jsonl.push_str(&format!(
            "{{\"id\": {i}, \"file_name\": \"img/{i}.png\", \"label\": \"{concept}\", \
             \"camera\": \"{camera}\", \"iso\": {iso}, \"indoor\": {}, \"exif\": {{\"f\": {i}}}}}\n",
            i % 2 == 0
        ));
    }
    let images: Vec<(String, Pic)> =
        (0..40).map(|i| (format!("img/{i}.png"), Ok(scene(i, 64, 48)))).collect();
    let images: Vec<(&str, Pic)> = images.iter().map(|(n, p)| (n.as_str(), p.clone())).collect();
    let w = WithImages::new(&[("metadata.jsonl", &jsonl), ("labels.txt", "cat\ndog\n")], &images);
    let out = w.run(&RULE);
    let messages: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "metadata column 'camera' predicts the concept for 100% of 40 inputs (chance: 50%): \
             every 'cat' has camera = 'Canon \"5D\"', every 'dog' has camera = 'X100'",
            "metadata column 'iso' predicts the concept for 100% of 40 inputs (chance: 50%): \
             every 'cat' has iso = '100', every 'dog' has iso = '800'",
        ]
    );
    let related: Vec<&str> = out[0].related.iter().map(|r| w.text(&r.file, r.span)).collect();
    assert_eq!(related, ["Canon \\\"5D\\\"", "X100"]);
}
