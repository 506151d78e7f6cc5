//! Agreement between two sets of leg movements of one night, e.g. a human scorer's and a
//! detector's: per leg and pooled, with one-to-one matching.

use crate::event::{Leg, LegMovement, MovementKind};

/// Counts and rates of one comparison. Rates are `None` when their denominator is zero.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub struct AgreementCounts {
    /// Reference (scored) movements compared.
    pub scored: usize,
    /// Tested (detected) movements compared.
    pub detected: usize,
    /// Pairs matched one-to-one.
    pub matched: usize,
    /// `matched / scored`.
    pub sensitivity: Option<f64>,
    /// `matched / detected` (positive predictive value).
    pub ppv: Option<f64>,
    /// `2 matched / (scored + detected)`, the harmonic mean of the two.
    pub f1: Option<f64>,
}

impl AgreementCounts {
    fn new(scored: usize, detected: usize, matched: usize) -> Self {
        let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
        AgreementCounts {
            scored,
            detected,
            matched,
            sensitivity: ratio(matched, scored),
            ppv: ratio(matched, detected),
            f1: ratio(2 * matched, scored + detected),
        }
    }
}

/// Agreement per leg and over both legs (the sums of the legs' counts).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub struct Agreement {
    /// Left-leg movements.
    pub left: AgreementCounts,
    /// Right-leg movements.
    pub right: AgreementCounts,
    /// Both legs.
    pub pooled: AgreementCounts,
}

/// Compares `detected` with the reference `scored` over monolateral leg movements (kind
/// [`MovementKind::Leg`]; posture changes are left out) lasting at least `min_duration_s`
/// (0.5 s for WASM 2016 and AASM 2012 LMs).
///
/// A match is a scored and a detected movement of the same leg whose intervals overlap (share
/// more than an instant); each movement is matched at most once (one-to-one), so one long
/// detection spanning two scored LMs counts once. Among the possible pairings the largest is
/// taken: scored movements are visited by offset, each taking the overlapping unmatched
/// detection that ends first (the greedy rule is optimal for intervals, as in interval
/// scheduling: the detection left for later scored movements is the one reaching furthest).
pub fn agreement(
    scored: &[LegMovement],
    detected: &[LegMovement],
    min_duration_s: f64,
) -> Agreement {
    let leg = |l: Leg| {
        let pick = |v: &[LegMovement]| -> Vec<(f64, f64)> {
            let mut out: Vec<(f64, f64)> = v
                .iter()
                .filter(|m| {
                    m.leg == l && m.kind == MovementKind::Leg && m.duration_s() >= min_duration_s
                })
                .map(|m| (m.onset_s, m.offset_s))
                .collect();
            out.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.total_cmp(&b.0)));
            out
        };
        let (s, d) = (pick(scored), pick(detected));
        AgreementCounts::new(s.len(), d.len(), matched_pairs(&s, &d))
    };
    let (left, right) = (leg(Leg::Left), leg(Leg::Right));
    Agreement {
        left,
        right,
        pooled: AgreementCounts::new(
            left.scored + right.scored,
            left.detected + right.detected,
            left.matched + right.matched,
        ),
    }
}

/// The size of the largest one-to-one matching of overlapping intervals, both lists sorted by
/// offset.
fn matched_pairs(scored: &[(f64, f64)], detected: &[(f64, f64)]) -> usize {
    let mut used = vec![false; detected.len()];
    // Detections sorted by offset: those ending at or before this scored onset cannot
    // overlap it; the rest may (their onsets are in no order), so they are all looked at.
    // Quadratic at worst, milliseconds for a night's thousands of LMs.
    let mut matched = 0;
    for &(on, off) in scored {
        let from = detected.partition_point(|d| d.1 <= on);
        let best = (from..detected.len())
            .filter(|&j| !used[j] && detected[j].0 < off && detected[j].1 > on)
            .min_by(|&a, &b| detected[a].1.total_cmp(&detected[b].1));
        if let Some(j) = best {
            used[j] = true;
            matched += 1;
        }
    }
    matched
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lm(leg: Leg, a: f64, b: f64) -> LegMovement {
        LegMovement::new(leg, a, b)
    }

    #[test]
    fn one_detection_matches_one_scored_movement() {
        // One long detection over two scored LMs: one match, not two.
        let scored = [lm(Leg::Left, 10.0, 11.0), lm(Leg::Left, 12.0, 13.0)];
        let detected = [lm(Leg::Left, 9.5, 13.5)];
        let a = agreement(&scored, &detected, 0.5);
        assert_eq!((a.left.scored, a.left.detected, a.left.matched), (2, 1, 1));
        assert_eq!(a.left.sensitivity, Some(0.5));
        assert_eq!(a.left.ppv, Some(1.0));
    }

    #[test]
    fn the_largest_pairing_is_taken() {
        // Scored A (0-3) overlaps detections X (2-4) and Y (0-1); scored B (3.5-5) overlaps X
        // only. Giving X to A would leave B unmatched; the rule gives A Y and B X.
        let scored = [lm(Leg::Right, 0.0, 3.0), lm(Leg::Right, 3.5, 5.0)];
        let detected = [lm(Leg::Right, 2.0, 4.0), lm(Leg::Right, 0.0, 1.0)];
        let a = agreement(&scored, &detected, 0.5);
        assert_eq!(a.right.matched, 2);
    }

    #[test]
    fn legs_short_movements_and_touching_intervals_do_not_match() {
        let scored = [lm(Leg::Left, 0.0, 1.0), lm(Leg::Left, 5.0, 5.3)];
        let detected = [
            lm(Leg::Right, 0.0, 1.0), // other leg
            lm(Leg::Left, 1.0, 2.0),  // touches, does not overlap
            lm(Leg::Left, 5.0, 5.3),  // too short on both sides
        ];
        let a = agreement(&scored, &detected, 0.5);
        assert_eq!((a.left.scored, a.left.detected, a.left.matched), (1, 1, 0));
        assert_eq!(
            (a.pooled.scored, a.pooled.detected, a.pooled.matched),
            (1, 2, 0)
        );
        assert_eq!(a.pooled.f1, Some(0.0));
        let none = agreement(&[], &[], 0.5);
        assert_eq!(none.pooled.sensitivity, None);
    }
}
