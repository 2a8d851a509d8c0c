//! What `conflicting-duplicate` and `low-diversity` share: which hashed images are copies or
//! near-copies of each other.
//!
//! Near pairs are found without comparing every pair: two 64-bit hashes at most `d` bits apart
//! agree exactly on at least one of `d + 1` disjoint blocks of their bits (pigeonhole), so only
//! hashes sharing a block value are compared.

use rustc_hash::FxHashMap;

use crate::images::hash::{MAX_COLOUR_DISTANCE, colour_distance, distance};
use crate::images::{HashFacts, Hashes};

/// How two images are related.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// Byte-identical files.
    Same,
    /// Perceptual hashes this many bits apart.
    Near(u32),
}

impl Link {
    pub fn describe(self) -> String {
        match self {
            Link::Same => "same file content".into(),
            Link::Near(0) => "near-identical".into(),
            Link::Near(d) => format!("near-identical, {d} bits apart"),
        }
    }
}

/// How images `a` and `b` are related, if they are copies or near-copies: byte-identical, or
/// perceptual hashes within `max_distance` bits and colour downscales that agree.
pub fn link(a: &Hashes, b: &Hashes, max_distance: u32) -> Option<Link> {
    if a.content == b.content {
        return Some(Link::Same);
    }
    let d = distance(a.perceptual()?, b.perceptual()?);
    let colours_agree = colour_distance(a, b).is_some_and(|c| c <= MAX_COLOUR_DISTANCE);
    (d <= max_distance && colours_agree).then_some(Link::Near(d))
}

/// Every pair `(a, b)` with `a < b` of images (indices into `hashes.images`) that are copies or
/// near-copies, each once, sorted.
pub fn pairs(hashes: &HashFacts, max_distance: u32) -> Vec<(usize, usize, Link)> {
    let images = &hashes.images;
    let mut found: Vec<(usize, usize)> = Vec::new();
    let mut by_content: FxHashMap<u128, Vec<usize>> = FxHashMap::default();
    for (i, (_, h)) in images.iter().enumerate() {
        by_content.entry(h.content).or_default().push(i);
    }
    for group in by_content.values().filter(|g| g.len() > 1) {
        for (k, &a) in group.iter().enumerate() {
            found.extend(group[k + 1..].iter().map(|&b| (a, b)));
        }
    }
    let blocks = max_distance as usize + 1;
    let mut buckets: FxHashMap<(usize, u64), Vec<usize>> = FxHashMap::default();
    for (i, (_, h)) in images.iter().enumerate() {
        let Some(p) = h.perceptual() else { continue };
        for block in 0..blocks {
            buckets.entry((block, block_bits(p, block, blocks))).or_default().push(i);
        }
    }
    for bucket in buckets.values().filter(|b| b.len() > 1) {
        for (k, &a) in bucket.iter().enumerate() {
            for &b in &bucket[k + 1..] {
                if link(&images[a].1, &images[b].1, max_distance).is_some() {
                    found.push((a, b));
                }
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    found
        .into_iter()
        .filter_map(|(a, b)| Some((a, b, link(&images[a].1, &images[b].1, max_distance)?)))
        .collect()
}

/// Bits `[64 * block / blocks, 64 * (block + 1) / blocks)` of `hash`.
fn block_bits(hash: u64, block: usize, blocks: usize) -> u64 {
    let (lo, hi) = (64 * block / blocks, 64 * (block + 1) / blocks);
    let width = hi - lo;
    if width >= 64 { hash } else { (hash >> lo) & ((1u64 << width) - 1) }
}

/// Connected groups of `n` items under `pairs`: each group sorted, groups of one left out,
/// groups ordered by their first item.
pub fn groups(n: usize, pairs: impl IntoIterator<Item = (usize, usize)>) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (a, b) in pairs {
        if a >= n || b >= n {
            continue;
        }
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut by_root: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for x in 0..n {
        let r = root(&mut parent, x);
        by_root.entry(r).or_default().push(x);
    }
    let mut out: Vec<Vec<usize>> = by_root.into_values().filter(|g| g.len() > 1).collect();
    out.sort_unstable_by_key(|g| g[0]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::Pixels;
    use std::path::PathBuf;

    fn facts(hashes: &[(u128, Option<u64>)]) -> HashFacts {
        let images = hashes
            .iter()
            .enumerate()
            .map(|(i, (content, p))| {
                let pixels =
                    p.map_or(Pixels::Flat, |hash| Pixels::Hash { hash, colour: vec![9; 192] });
                (PathBuf::from(format!("/{i}.png")), Hashes { content: *content, pixels })
            })
            .collect();
        HashFacts { images: std::sync::Arc::new(images), per_file: Vec::new() }
    }

    #[test]
    fn pairs_are_exact_copies_and_hashes_within_the_distance() {
        let f = facts(&[
            (1, Some(0b1111_0000)),
            (2, Some(0b1111_0011)),          // 2 bits from 0
            (3, Some(u64::MAX)),             // far from all
            (1, Some(0b1111_0000)),          // a copy of 0
            (5, None),                       // flat
            (5, None),                       // a copy of the flat one
            (6, Some(0b1111_0000 ^ 0xff00)), // 8 bits from 0
        ]);
        assert_eq!(
            pairs(&f, 2),
            vec![
                (0, 1, Link::Near(2)),
                (0, 3, Link::Same),
                (1, 3, Link::Near(2)),
                (4, 5, Link::Same)
            ]
        );
        assert_eq!(pairs(&f, 0).len(), 2);
        assert_eq!(pairs(&f, 8).iter().filter(|p| p.1 == 6).count(), 2);
    }

    #[test]
    fn block_search_finds_what_comparing_every_pair_finds() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut hashes: Vec<(u128, Option<u64>)> = Vec::new();
        for i in 0..300u128 {
            let base = next();
            hashes.push((i * 2, Some(base)));
            // A relative a few random bits away.
            let flips = (0..(next() % 9)).fold(0u64, |m, _| m | 1 << (next() % 64));
            hashes.push((i * 2 + 1, Some(base ^ flips)));
        }
        let f = facts(&hashes);
        for d in [0, 3, 6, 10] {
            let mut brute = Vec::new();
            for a in 0..hashes.len() {
                for b in a + 1..hashes.len() {
                    if let Some(l) = link(&f.images[a].1, &f.images[b].1, d) {
                        brute.push((a, b, l));
                    }
                }
            }
            assert_eq!(pairs(&f, d), brute, "distance {d}");
        }
    }

    #[test]
    fn near_hashes_with_other_colours_are_not_linked() {
        let mut f = facts(&[(1, Some(0b1010)), (2, Some(0b1010))]);
        assert_eq!(link(&f.images[0].1, &f.images[1].1, 0), Some(Link::Near(0)));
        if let Pixels::Hash { colour, .. } =
            &mut std::sync::Arc::make_mut(&mut f.images)[1].1.pixels
        {
            colour.iter_mut().take(24).for_each(|v| *v = 200);
        }
        assert_eq!(link(&f.images[0].1, &f.images[1].1, 6), None);
        assert!(pairs(&f, 6).is_empty());
    }

    #[test]
    fn groups_join_chains_and_leave_singles_out() {
        assert_eq!(groups(7, [(0, 3), (3, 5), (2, 6), (9, 1)]), vec![vec![0, 3, 5], vec![2, 6]]);
        assert!(groups(3, []).is_empty());
    }
}
