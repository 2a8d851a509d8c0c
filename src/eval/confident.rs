//! Confident learning as cleanlab 2.9's `find_label_issues` computes it with its defaults
//! (`filter_by="prune_by_noise_rate"`, `frac_noise=1`, `min_examples_per_class=1`):
//!
//! 1. per-class thresholds: the mean score of each class over the inputs labeled with it;
//! 2. the confident joint: inputs counted by (given label, confident true label), where the
//!    true label is the one class at or above its threshold (the top score when several are);
//!    its diagonal at least 1, then calibrated to the label counts and rounded per row with
//!    its totals kept;
//! 3. prune by noise rate: for given class `k` and every other class `j`, the `C[k][j]`
//!    inputs labeled `k` with the largest margin `p_j - p_k` are flagged;
//! 4. an input whose top score (ties going to the label) is its label is never flagged.
//!
//! Multi-label data is checked one concept at a time, as a two-class problem (`1-p`, `p`).
//! Sums follow numpy's pairwise summation and rounding is half-to-even, so the counts match
//! cleanlab's. Where cleanlab sorts equal values (numpy's `argsort`, whose order for ties
//! depends on the SIMD sorting network of the machine), ties go to the earlier entry: on
//! CIFAR-10 the result is cleanlab's exactly; on data with many equal counts or margins a few
//! inputs out of thousands can differ.

use rayon::prelude::*;

/// cleanlab's `FLOATING_POINT_COMPARISON`.
const EPS: f64 = 1e-6;
/// cleanlab's `CONFIDENT_THRESHOLDS_LOWER_BOUND`.
const THRESHOLD_FLOOR: f64 = 2.0 * EPS;
/// Threshold of a class nobody carries: no score reaches it.
const ABSENT_THRESHOLD: f64 = 2.0;

/// Which inputs' labels look wrong. `scores` is row-major `n x k`; `given[i] < k` is input
/// `i`'s label.
pub fn find_label_issues(scores: &[f64], given: &[usize], k: usize) -> Vec<bool> {
    let n = given.len();
    if k < 2 || scores.len() != n * k || given.iter().any(|&g| g >= k) {
        return vec![false; n];
    }
    let row = |i: usize| &scores[i * k..(i + 1) * k];
    let thresholds = thresholds(scores, given, k);
    let mut counts = vec![0u64; k];
    for &g in given {
        counts[g] += 1;
    }
    // Confident joint: cj[given][true].
    let mut cj = vec![vec![0i64; k]; k];
    for (i, &g) in given.iter().enumerate() {
        let p = row(i);
        let mut confident = (0..k).filter(|&c| p[c] >= thresholds[c] - EPS);
        let Some(first) = confident.next() else { continue };
        let truth = if confident.next().is_some() { argmax(p) } else { first };
        cj[g][truth] += 1;
    }
    for (c, row) in cj.iter_mut().enumerate() {
        row[c] = row[c].max(1);
    }
    let cj = calibrate(&cj, &counts);
    let prune = keep_at_least_one(&transpose(&cj));
    // By given class: which inputs, then the largest margins p_j - p_k (one class a task).
    let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (i, &g) in given.iter().enumerate() {
        by_class[g].push(i);
    }
    let picked: Vec<Vec<usize>> = by_class
        .par_iter()
        .enumerate()
        .map(|(c, members)| prune_class(scores, k, c, members, &prune))
        .collect();
    let mut flagged = vec![false; n];
    for i in picked.into_iter().flatten() {
        flagged[i] = true;
    }
    for (i, &g) in given.iter().enumerate() {
        if flagged[i] && top_with_label_bonus(row(i), g) == g {
            flagged[i] = false;
        }
    }
    flagged
}

/// The inputs labeled `c` (`members`) that pruning by noise rate flags: for every other class
/// `j`, the `prune[j][c]` with the largest margin `p_j - p_c` (ties: the earlier input).
fn prune_class(
    scores: &[f64],
    k: usize,
    c: usize,
    members: &[usize],
    prune: &[Vec<i64>],
) -> Vec<usize> {
    let mut out = Vec::new();
    if members.len() <= 1 {
        return out;
    }
    // The members' scores, contiguous: read once from the full matrix.
    let mut rows = Vec::with_capacity(members.len() * k);
    for &i in members {
        rows.extend_from_slice(&scores[i * k..(i + 1) * k]);
    }
    let mut margins: Vec<(f64, usize)> = Vec::with_capacity(members.len());
    for (j, prune_row) in prune.iter().enumerate() {
        let take = usize::try_from(prune_row[c]).unwrap_or(0).min(members.len());
        if j == c || take == 0 {
            continue;
        }
        margins.clear();
        margins.extend(rows.chunks_exact(k).zip(members).map(|(p, &i)| (p[j] - p[c], i)));
        let order = |a: &(f64, usize), b: &(f64, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if take < margins.len() {
            margins.select_nth_unstable_by(take - 1, order);
        }
        out.extend(margins[..take].iter().map(|&(_, i)| i));
    }
    out
}

/// Per-concept (one-vs-rest) label issues of multi-label data: `flagged[c]` lists the inputs
/// whose membership in concept `c` looks wrong. `truth` is row-major `n x k`.
pub fn find_label_issues_per_concept(scores: &[f64], truth: &[bool], k: usize) -> Vec<Vec<usize>> {
    let n = truth.len().checked_div(k).unwrap_or(0);
    let mut out = Vec::with_capacity(k);
    let mut binary = Vec::with_capacity(2 * n);
    let mut given = Vec::with_capacity(n);
    for c in 0..k {
        binary.clear();
        given.clear();
        for i in 0..n {
            let p = scores[i * k + c];
            binary.extend([1.0 - p, p]);
            given.push(usize::from(truth[i * k + c]));
        }
        let both = given.contains(&0) && given.contains(&1);
        let flagged = if both { find_label_issues(&binary, &given, 2) } else { vec![false; n] };
        out.push((0..n).filter(|&i| flagged[i]).collect());
    }
    out
}

/// Label quality as cleanlab's `self_confidence`: the score of the given label.
pub fn self_confidence(row: &[f64], given: usize) -> f64 {
    row.get(given).copied().unwrap_or(0.0)
}

/// Label quality as cleanlab's `normalized_margin`: `(p_label - max other + 1) / 2`.
pub fn normalized_margin(row: &[f64], given: usize) -> f64 {
    let other = row
        .iter()
        .enumerate()
        .filter(|&(c, _)| c != given)
        .map(|(_, &p)| p)
        .fold(f64::NEG_INFINITY, f64::max);
    (self_confidence(row, given) - other + 1.0) / 2.0
}

/// Mean score of each class over its inputs (numpy's pairwise sum), floored; absent: 2.
fn thresholds(scores: &[f64], given: &[usize], k: usize) -> Vec<f64> {
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); k];
    for (i, &g) in given.iter().enumerate() {
        values[g].push(scores[i * k + g]);
    }
    values
        .iter()
        .map(|v| {
            if v.is_empty() {
                ABSENT_THRESHOLD
            } else {
                (np_sum(v) / v.len() as f64).max(THRESHOLD_FLOOR)
            }
        })
        .collect()
}

/// Scales each row of the confident joint to its label count and the whole to the number of
/// inputs, then rounds each row keeping its total.
fn calibrate(cj: &[Vec<i64>], counts: &[u64]) -> Vec<Vec<i64>> {
    let k = cj.len();
    let mut cal: Vec<Vec<f64>> = cj
        .iter()
        .zip(counts)
        .map(|(row, &count)| {
            let total = (row.iter().sum::<i64>() as f64).max(1e-100);
            row.iter().map(|&v| v as f64 / total * count as f64).collect()
        })
        .collect();
    // numpy sums the (column-major) result in memory order.
    let flat: Vec<f64> = (0..k).flat_map(|j| cal.iter().map(move |r| r[j])).collect();
    let total = np_sum(&flat).max(1e-100);
    let n: u64 = counts.iter().sum();
    for row in &mut cal {
        for v in row.iter_mut() {
            *v = *v / total * n as f64;
        }
    }
    cal.iter().map(|row| round_preserving_sum(row)).collect()
}

/// cleanlab's `_keep_at_least_n_per_class` with `n = 1` on the prune-count matrix
/// (`[true][given]`): a zero diagonal becomes 1, taken evenly from the column's noise counts.
fn keep_at_least_one(pcm: &[Vec<i64>]) -> Vec<Vec<i64>> {
    let k = pcm.len();
    let mut out = vec![vec![0i64; k]; k];
    for j in 0..k {
        let diag = pcm[j][j];
        let raised = diag.max(1);
        let nonzero = (0..k).filter(|&i| pcm[i][j] != 0).count() as f64;
        let spread = (nonzero - 1.0).max(1.0);
        let diff = (raised - diag) as f64;
        for i in 0..k {
            let v =
                if i == j { raised as f64 } else { (pcm[i][j] as f64 - diff / spread).max(0.0) };
            // cleanlab truncates to int here (`astype(int)`).
            out[i][j] = v.trunc() as i64;
        }
    }
    out
}

fn transpose(m: &[Vec<i64>]) -> Vec<Vec<i64>> {
    (0..m.len()).map(|j| m.iter().map(|r| r[j]).collect()).collect()
}

/// cleanlab's `round_preserving_sum`: round half-to-even, then move the largest remainders
/// until the sum is kept. Equal remainders go to the earlier entry (numpy's sort order for
/// ties is unspecified; this is what it does on CIFAR-10).
fn round_preserving_sum(floats: &[f64]) -> Vec<i64> {
    let mut ints: Vec<f64> = floats.iter().map(|f| f.round_ties_even()).collect();
    let target = np_sum(floats).round_ties_even();
    let mut current = np_sum(&ints).round_ties_even();
    let mut guard = 0;
    while (current - target).abs() > EPS && guard < 64 {
        guard += 1;
        let diff = (target - current).round_ties_even();
        let up = diff >= 0.0;
        let changes = (diff.abs() as usize).min(floats.len());
        let mut order: Vec<usize> = (0..floats.len()).collect();
        let rest = |i: usize| floats[i] - ints[i];
        if up {
            order.sort_by(|&a, &b| rest(b).total_cmp(&rest(a)));
        } else {
            order.sort_by(|&a, &b| rest(a).total_cmp(&rest(b)));
        }
        for &i in order.iter().take(changes) {
            ints[i] += if up { 1.0 } else { -1.0 };
        }
        current = np_sum(&ints).round_ties_even();
    }
    ints.iter().map(|&v| v as i64).collect()
}

/// numpy's pairwise summation of a float64 array (8 accumulators, blocks of 128).
fn np_sum(a: &[f64]) -> f64 {
    let n = a.len();
    if n < 8 {
        let mut res = 0.0;
        for &v in a {
            res += v;
        }
        res
    } else if n <= 128 {
        let mut r = [0.0f64; 8];
        r.copy_from_slice(&a[..8]);
        let mut i = 8;
        while i < n - n % 8 {
            for j in 0..8 {
                r[j] += a[i + j];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        while i < n {
            res += a[i];
            i += 1;
        }
        res
    } else {
        let mut half = n / 2;
        half -= half % 8;
        np_sum(&a[..half]) + np_sum(&a[half..])
    }
}

/// Index of the first largest value.
fn argmax(p: &[f64]) -> usize {
    super::metrics::argmax(p)
}

/// The top class when the label gets a `1e-6` bonus (cleanlab's `_reduce_issues`).
fn top_with_label_bonus(p: &[f64], label: usize) -> usize {
    let mut best = 0;
    let value = |c: usize| if c == label { p[c] + EPS } else { p[c] };
    for c in 1..p.len() {
        if value(c) > value(best) {
            best = c;
        }
    }
    best
}

#[cfg(test)]
#[path = "confident_tests.rs"]
mod tests;
