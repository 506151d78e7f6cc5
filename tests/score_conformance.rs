//! Conformance of the scorer to SCORING.md: one table per rule, in the order of SCORING.md, in
//! one harness (`score_common::case`). Each case derives its expected result by hand from
//! SCORING.md in its comment; where the independent scorers (PLMScoRe, MATPLM, SOMAS) differ,
//! the comment says how and why SCORING.md's reading is kept (see also the list of choices in
//! `src/score/mod.rs`). Scenarios whose assertions go beyond a table row (stages, indices,
//! histograms, the online scorer) follow their rule's table.

use plmkit::score::{
    Criteria, Exclusion, Hypnogram, IndexBasis, OnlineScorer, ScoringContext, SeriesScope,
    ShortImiPolicy, Side, Stage, periodicity_index, score,
};
use plmkit::{Interval, Leg, LegMovement, MovementKind};

mod score_common;
use score_common::case::{Case, check, run};
use score_common::{L, R, at, ev, iv, series_of};

fn wasm() -> Criteria {
    Criteria::wasm2016()
}

fn aasm() -> Criteria {
    Criteria::aasm2012()
}

fn aasm_break() -> Criteria {
    aasm().with_short_imi(ShortImiPolicy::Break)
}

/// `v` with `extra` appended.
fn with(mut v: Vec<LegMovement>, extra: &[LegMovement]) -> Vec<LegMovement> {
    v.extend_from_slice(extra);
    v
}

/// A gross movement (posture change) on `leg`.
fn gross(leg: Leg, onset: f64, offset: f64) -> LegMovement {
    LegMovement {
        kind: MovementKind::Gross,
        ..ev(leg, onset, offset)
    }
}

/// Pairs: a left movement at t and a right movement placed by `right(t)`, for t = 0,20,40,60.
fn pairs(right: impl Fn(f64) -> (f64, f64)) -> Vec<LegMovement> {
    let mut v = Vec::new();
    for t in [0.0, 20.0, 40.0, 60.0] {
        v.push(ev(L, t, t + 1.0));
        let (a, b) = right(t);
        v.push(ev(R, a, b));
    }
    v
}

/// A 1-s train at 0, 20, 60 with `middle` around 40.
fn around_40(middle: &[LegMovement]) -> Vec<LegMovement> {
    with(at(&[0.0, 20.0, 60.0]), middle)
}

/// A 1-s train at 0, 20, 60, 80 with `middle` around 40.
fn around_40_tail(middle: &[LegMovement]) -> Vec<LegMovement> {
    with(at(&[0.0, 20.0, 60.0, 80.0]), middle)
}

fn respiratory(events: &[Interval]) -> ScoringContext {
    ScoringContext {
        respiratory: events.to_vec(),
        ..Default::default()
    }
}

fn arousal(onset_s: f64, offset_s: f64) -> ScoringContext {
    ScoringContext {
        arousals: vec![iv(onset_s, offset_s)],
        ..Default::default()
    }
}

fn staged(stages: &[Stage]) -> ScoringContext {
    ScoringContext {
        hypnogram: Some(Hypnogram::new(stages.to_vec())),
        ..Default::default()
    }
}

/// SCORING.md 1 (and 9): LM duration bounds per standard, and same-leg events closer than
/// 0.5 s are one LM.
#[test]
fn leg_movement_duration_and_same_leg_joining() {
    check(vec![
        // 0.5 s is an LM: 0,20,40,60: series of 4.
        Case::new("0.5 s", wasm(), around_40(&[ev(L, 40.0, 40.5)])).expect(4, 4, 4, 1),
        // 0.49 s is not (ignored): 0,20,60 only 3.
        Case::new("0.49 s", wasm(), around_40(&[ev(L, 40.0, 40.49)])).expect(3, 3, 0, 0),
        // A movement shorter than 0.5 s inside a series is not an LM: ignored, it does not end
        // the series and no IMI is measured to it (WASM: 0,20,[30 0.3 s],40,60 -> 4).
        Case::new(
            "too short inside (wasm)",
            wasm(),
            with(at(&[0.0, 20.0, 40.0, 60.0]), &[ev(L, 30.0, 30.3)]),
        )
        .scored(4, 4, 4, &[(0.0, 4)], "PP.PP"),
        // AASM 10.0 s: an LM: 0,20,40,60,80: 5.
        Case::new("aasm 10.0 s", aasm(), around_40_tail(&[ev(L, 40.0, 50.0)])).expect(5, 5, 5, 1),
        // AASM 10.1 s: not an LM, ignored (does not end the series): 0,20,60,80 (IMI 40): 4.
        Case::new("aasm 10.1 s", aasm(), around_40_tail(&[ev(L, 40.0, 50.1)])).expect(4, 4, 4, 1),
        // AASM, a 12-s movement after a series of 4 is ignored: series of 4, 4 LMs.
        Case::new(
            "aasm too long at end",
            aasm(),
            with(at(&[0.0, 20.0, 40.0, 60.0]), &[ev(L, 80.0, 92.0)]),
        )
        .expect(4, 4, 4, 1),
        // Same-leg movements never combine bilaterally, but same-leg movements less than 0.5 s
        // apart are one LM: [20,21] + [21.2,22] = [20,22]: 4 LMs, series of 4.
        Case::new(
            "same leg gap 0.2 joins",
            wasm(),
            with(at(&[0.0, 20.0, 40.0, 60.0]), &[ev(L, 21.2, 22.0)]),
        )
        .expect(4, 4, 4, 1),
        // Same leg, gap exactly 0.5: two CLMs, [20,21] and [21.5,22]; IMI 1.5 breaks the run:
        // [0,20] | [21.5,40,60]: 2 and 3, no series.
        Case::new(
            "same leg gap 0.5 stays apart",
            wasm(),
            with(at(&[0.0, 20.0, 40.0, 60.0]), &[ev(L, 21.5, 22.0)]),
        )
        .expect(5, 5, 0, 0),
        // Two 0.3-s bursts 0.2 s apart on one leg are one 0.8-s LM: with 0, 20, 60 a series
        // of 4 (AASM, where it would otherwise be two too-short events).
        Case::new(
            "short bursts join into an LM",
            aasm(),
            around_40(&[ev(R, 40.0, 40.3), ev(R, 40.5, 40.8)]),
        )
        .expect(4, 4, 4, 1),
    ]);
}

/// SCORING.md 2: AASM combines legs by onsets < 5 s apart, WASM by overlap or a gap < 0.5 s.
#[test]
fn bilateral_combination() {
    check(vec![
        // AASM onsets 4.9 apart (< 5): each pair is one LM: 4 LMs, IMIs 20: series of 4.
        Case::new("aasm onsets 4.9", aasm(), pairs(|t| (t + 4.9, t + 5.9))).expect(4, 4, 4, 1),
        // AASM onsets exactly 5.0 apart: two LMs each: 8 LMs with IMIs 5,15,5,15,...: all within
        // [5, 90]: one series of 8.
        Case::new("aasm onsets 5.0", aasm(), pairs(|t| (t + 5.0, t + 6.0))).expect(8, 8, 8, 1),
        // AASM: onsets 4.99 apart on different legs: one LM (its onset is 40): series of 4.
        Case::new(
            "aasm onsets 4.99",
            aasm(),
            around_40(&[ev(L, 40.0, 41.0), ev(R, 44.99, 45.99)]),
        )
        .scored(4, 4, 4, &[(0.0, 4)], "PPPP"),
        // AASM: a 12-s right movement overlapping a left LM is not an LM and does not combine:
        // the left LM stays monolateral; series of 4.
        Case::new(
            "aasm long part ignored",
            aasm(),
            around_40(&[ev(L, 40.0, 41.0), ev(R, 39.0, 51.0)]),
        )
        .scored(4, 4, 4, &[(0.0, 4)], "PP.PP"),
        // WASM gap 0.4 (< 0.5): one bilateral CLM per pair (2.4 s): series of 4.
        Case::new("wasm gap 0.4", wasm(), pairs(|t| (t + 1.4, t + 2.4))).expect(4, 4, 4, 1),
        // WASM: right part starts 0.49 s after the left ends: one bilateral CLM; onset is the
        // earliest onset (40), so IMIs stay 20.
        Case::new(
            "bilateral gap 0.49",
            wasm(),
            around_40(&[ev(L, 40.0, 41.0), ev(R, 41.49, 42.0)]),
        )
        .scored(4, 4, 4, &[(0.0, 4)], "PPPP"),
        // WASM gap exactly 0.5: two CLMs per pair; onsets 0,1.5,20,21.5,...: IMI 1.5 breaks, runs
        // [0],[1.5,20],[21.5,40],[41.5,60],[61.5]: no series.
        Case::new("wasm gap 0.5", wasm(), pairs(|t| (t + 1.5, t + 2.5))).expect(8, 8, 0, 0),
        // WASM overlap: one bilateral CLM per pair: series of 4.
        Case::new("wasm overlap", wasm(), pairs(|t| (t + 0.5, t + 2.0))).expect(4, 4, 4, 1),
    ]);
    // The combined movement spans earliest onset to latest offset and is labelled bilateral.
    let r = run(
        &wasm(),
        &pairs(|t| (t + 1.4, t + 2.4)),
        &ScoringContext::default(),
    );
    assert_eq!(r.movements[0].onset_s, 0.0);
    assert_eq!(r.movements[0].offset_s, 2.4);
    assert_eq!(r.movements[0].parts, 2);
    assert_eq!(r.movements[0].leg, Side::Bilateral);
}

/// SCORING.md 3: which LMs are candidates (WASM), and a non-CLM ends any series.
#[test]
fn candidates_and_non_candidates() {
    // Five monolateral 1-s parts on alternating legs 0.2 s apart from 40 s: 5.8 s in all.
    let five_parts = [
        ev(L, 40.0, 41.0),
        ev(R, 41.2, 42.2),
        ev(L, 42.4, 43.4),
        ev(R, 43.6, 44.6),
        ev(L, 44.8, 45.8),
    ];
    check(vec![
        // WASM monolateral 10.0 s is a CLM: 0,20,40,60 series of 4.
        Case::new("wasm 10.0 s", wasm(), around_40(&[ev(L, 40.0, 50.0)])).expect(4, 4, 4, 1),
        // WASM 10.1 s: an LM but not a CLM; ends the run: [0,20] | [60]: none.
        Case::new("wasm 10.1 s", wasm(), around_40(&[ev(L, 40.0, 50.1)])).expect(4, 3, 0, 0),
        // WASM with the tail: 10.1 s ends: [0,20] | [60,80]: none; 5 LMs, 4 CLMs.
        Case::new(
            "wasm 10.1 s tail",
            wasm(),
            around_40_tail(&[ev(L, 40.0, 50.1)]),
        )
        .expect(5, 4, 0, 0),
        // Bilateral lasting exactly 15.0 s with 2 parts of <= 10 s: a CLM; IMI 40 -> 60 is 20
        // (onset to onset): series of 4.
        Case::new(
            "wasm bilateral 15.0 s",
            wasm(),
            around_40(&[ev(L, 40.0, 48.0), ev(R, 47.0, 55.0)]),
        )
        .scored(4, 4, 4, &[(0.0, 4)], "PPPP"),
        // Bilateral lasting 15.1 s: a non-CLM, ends the run: none.
        Case::new(
            "wasm bilateral 15.1 s",
            wasm(),
            around_40(&[ev(L, 40.0, 48.0), ev(R, 47.0, 55.1)]),
        )
        .expect(4, 3, 0, 0),
        // Bilateral of 4 monolateral parts (gaps 0.2 s, 4.6 s long): a CLM: series of 4.
        Case::new("wasm 4 parts", wasm(), around_40(&five_parts[..4])).expect(4, 4, 4, 1),
        // Bilateral of exactly 4 parts lasting 10.0 s, each part 1 s: a CLM.
        Case::new(
            "bilateral 4 parts",
            wasm(),
            around_40(&[
                ev(L, 40.0, 43.0),
                ev(R, 42.9, 46.0),
                ev(L, 45.9, 48.0),
                ev(R, 47.9, 50.0),
            ]),
        )
        .scored(4, 4, 4, &[(0.0, 4)], "PPPP"),
        // Five parts: a non-CLM: none.
        Case::new("wasm 5 parts", wasm(), around_40(&five_parts)).expect(4, 3, 0, 0),
        // Bilateral whose left part lasts 10.5 s (whole 10.5 s <= 15): a non-CLM: none.
        Case::new(
            "wasm bilateral with long part",
            wasm(),
            around_40(&[ev(L, 40.0, 50.5), ev(R, 45.0, 46.0)]),
        )
        .expect(4, 3, 0, 0),
        // A non-CLM (12 s) as the 5th movement: the series of 4 before it stands; 5 LMs, 4 CLMs.
        Case::new(
            "wasm non-CLM 5th",
            wasm(),
            with(at(&[0.0, 20.0, 40.0, 60.0]), &[ev(L, 80.0, 92.0)]),
        )
        .scored(5, 4, 4, &[(0.0, 4)], "PPPP."),
        // A non-CLM as the 4th: runs [0,20,40] | [80,100,120]: both 3, no series.
        Case::new(
            "non-CLM 4th",
            wasm(),
            with(
                at(&[0.0, 20.0, 40.0, 80.0, 100.0, 120.0]),
                &[ev(L, 60.0, 71.0)],
            ),
        )
        .scored(7, 6, 0, &[], "......."),
        // A non-CLM as the FIRST movement: it breaks nothing; 20..80 is a series of 4 (its IMI
        // from the non-CLM is not measured).
        Case::new(
            "non-CLM first",
            wasm(),
            with(at(&[20.0, 40.0, 60.0, 80.0]), &[ev(L, 0.0, 11.0)]),
        )
        .scored(5, 4, 4, &[(20.0, 4)], ".PPPP"),
        // Bilateral non-CLM with 5 parts (gaps 0.2 s) as the 5th movement: the series stands.
        Case::new(
            "5-part bilateral after a series",
            wasm(),
            with(
                at(&[0.0, 20.0, 40.0, 60.0]),
                &[
                    ev(L, 80.0, 81.0),
                    ev(R, 81.2, 82.2),
                    ev(L, 82.4, 83.4),
                    ev(R, 83.6, 84.6),
                    ev(L, 84.8, 85.8),
                ],
            ),
        )
        .scored(5, 4, 4, &[(0.0, 4)], "PPPP."),
    ]);
}

/// SCORING.md 4: a series is at least 4 consecutive (C)LMs.
#[test]
fn series_need_four_movements() {
    check(vec![
        // Exactly 4 CLMs with IMIs 20: the minimum series.
        Case::new("series of exactly 4", wasm(), at(&[0.0, 20.0, 40.0, 60.0])).scored(
            4,
            4,
            4,
            &[(0.0, 4)],
            "PPPP",
        ),
        // Three are not a series (both standards).
        Case::new("three are not a series", wasm(), at(&[0.0, 20.0, 40.0])).expect(3, 3, 0, 0),
        Case::new("three only (aasm)", aasm(), at(&[0.0, 20.0, 40.0])).scored(3, 3, 0, &[], "..."),
    ]);
}

/// SCORING.md 4 (and 9): IMI bounds, AASM [5, 90] and WASM [10, 90], both inclusive (to 1 µs);
/// an IMI > 90 ends the series.
#[test]
fn imi_bounds_are_inclusive() {
    check(vec![
        // WASM: IMIs 10,10,10 are all within [10, 90]: one series of 4.
        Case::new("wasm imi 10.0", wasm(), at(&[0.0, 10.0, 20.0, 30.0])).expect(4, 4, 4, 1),
        // WASM: IMIs 9.9 < 10 break before every movement: runs of 1, no series.
        Case::new("wasm imi 9.9", wasm(), at(&[0.0, 9.9, 19.8, 29.7])).expect(4, 4, 0, 0),
        // f64: 13.3 - 3.3 = 10.000000000000002, still "10 s": one series of 4.
        Case::new("wasm imi 10 in f64", wasm(), at(&[3.3, 13.3, 23.3, 33.3])).expect(4, 4, 4, 1),
        // f64: onsets 0.1, 10.1, ...: differences a few ulps off 10 still count as 10 s.
        Case::new(
            "wasm imi 10 below in f64",
            wasm(),
            at(&[0.1, 10.1, 20.1, 30.1]),
        )
        .expect(4, 4, 4, 1),
        // IMI exactly 10.0 is in (WASM); then 9.99 breaks: [0,10,20,30] | [39.99].
        Case::new(
            "10.0 then 9.99",
            wasm(),
            at(&[0.0, 10.0, 20.0, 30.0, 39.99]),
        )
        .scored(5, 5, 4, &[(0.0, 4)], "PPPP."),
        // IMI exactly 90 is in bounds: series of 4.
        Case::new("wasm imi 90.0", wasm(), at(&[0.0, 90.0, 180.0, 270.0])).expect(4, 4, 4, 1),
        // IMI 90.1 > 90 ends the series each time: no series.
        Case::new("wasm imi 90.1", wasm(), at(&[0.0, 90.1, 180.2, 270.3])).expect(4, 4, 0, 0),
        // IMIs 90, 90, 90 (inclusive) then 90.1: series of 4, the 5th is out.
        Case::new(
            "90.0 then 90.1",
            wasm(),
            at(&[0.0, 90.0, 180.0, 270.0, 360.1]),
        )
        .scored(5, 5, 4, &[(0.0, 4)], "PPPP."),
        // AASM: IMI exactly 5 is in bounds: series of 4.
        Case::new("aasm imi 5.0", aasm(), at(&[0.0, 5.0, 10.0, 15.0])).scored(
            4,
            4,
            4,
            &[(0.0, 4)],
            "PPPP",
        ),
        // The same movements under WASM: IMI 5 < 10 breaks every time: none.
        Case::new("wasm imi 5.0", wasm(), at(&[0.0, 5.0, 10.0, 15.0])).expect(4, 4, 0, 0),
        // AASM: IMI 90 in, 90.1 out.
        Case::new("aasm imi 90.0", aasm(), at(&[0.0, 90.0, 180.0, 270.0])).expect(4, 4, 4, 1),
        Case::new("aasm imi 90.1", aasm(), at(&[0.0, 90.1, 180.2, 270.3])).expect(4, 4, 0, 0),
        // IMI 91 between two trains of 4: two series of 4.
        Case::new(
            "imi > 90 ends series",
            wasm(),
            at(&[0.0, 20.0, 40.0, 60.0, 151.0, 171.0, 191.0, 211.0]),
        )
        .expect(8, 8, 8, 2),
    ]);
}

/// SCORING.md 4: a short IMI (WASM < 10 s) ends the series before the CLM after it, which may
/// start a new one; AASM (< 5 s) drops the LM by default (`short_imi` drop) or breaks.
#[test]
fn short_imi_policies() {
    check(vec![
        // WASM, short IMI in the middle: 0,20,40,60 | 65 (IMI 5 breaks, 65 starts anew),85,105,
        // 125: two series of 4.
        Case::new(
            "wasm short imi middle",
            wasm(),
            at(&[0.0, 20.0, 40.0, 60.0, 65.0, 85.0, 105.0, 125.0]),
        )
        .scored(8, 8, 8, &[(0.0, 4), (65.0, 4)], "PPPPPPPP"),
        // WASM, short IMI as the first IMI: [0] | 5,25,45,65: the CLM after the short IMI
        // starts the series (SCORING.md 4; PLMScoRe agrees; MATPLM and SOMAS do not let it start
        // one, which SCORING.md contradicts).
        Case::new(
            "wasm short imi start",
            wasm(),
            at(&[0.0, 5.0, 25.0, 45.0, 65.0]),
        )
        .scored(5, 5, 4, &[(5.0, 4)], ".PPPP"),
        // WASM, short IMI at the end: [0,20,40,60] | [65]: one series of 4.
        Case::new(
            "wasm short imi end",
            wasm(),
            at(&[0.0, 20.0, 40.0, 60.0, 65.0]),
        )
        .expect(5, 5, 4, 1),
        // AASM drop at the end: 63 (IMI 3) dropped: series of 4, 5 LMs.
        Case::new("aasm drop end", aasm(), at(&[0.0, 20.0, 40.0, 60.0, 63.0])).expect(5, 5, 4, 1),
        // AASM drop, recomputed IMI on the bound: 62 dropped, 150 - 60 = 90 is in: series of 5.
        Case::new(
            "aasm drop recomputed imi 90",
            aasm(),
            at(&[0.0, 20.0, 40.0, 60.0, 62.0, 150.0]),
        )
        .expect(6, 6, 5, 1),
        // The same with break: [0,20,40,60] | [62,150]: series of 4.
        Case::new(
            "aasm break recomputed imi 90",
            aasm_break(),
            at(&[0.0, 20.0, 40.0, 60.0, 62.0, 150.0]),
        )
        .expect(6, 6, 4, 1),
        // AASM drop: 0,10 kept; 14 (IMI 4) dropped; 20 (IMI 10 from 10), 30 kept: series of 4.
        Case::new(
            "aasm drop middle",
            aasm(),
            at(&[0.0, 10.0, 14.0, 20.0, 30.0]),
        )
        .expect(5, 5, 4, 1),
        // AASM drop (default): 0,20,22,40,60: 22 (IMI 2) dropped, IMIs recomputed from 20:
        // 0,20,40,60 is a series of 4; 22 is still an LM.
        Case::new(
            "aasm drop inside",
            aasm(),
            at(&[0.0, 20.0, 22.0, 40.0, 60.0]),
        )
        .scored(5, 5, 4, &[(0.0, 4)], "PP.PP"),
        // AASM break: [0,10] | [14,20,30]: runs of 2 and 3, no series.
        Case::new(
            "aasm break middle",
            aasm_break(),
            at(&[0.0, 10.0, 14.0, 20.0, 30.0]),
        )
        .expect(5, 5, 0, 0),
        // AASM drop at the start: 3 (IMI 3) dropped; 0,20,40,60: series of 4.
        Case::new("aasm drop start", aasm(), at(&[0.0, 3.0, 20.0, 40.0, 60.0])).expect(5, 5, 4, 1),
        // AASM break at the start: [0] | [3,20,40,60]: series of 4 starting at 3.
        Case::new(
            "aasm break start",
            aasm_break(),
            at(&[0.0, 3.0, 20.0, 40.0, 60.0]),
        )
        .expect(5, 5, 4, 1),
    ]);
    // The dropped movement is marked, its IMI is measured, and the next IMI is from the kept one.
    let r = run(
        &aasm(),
        &at(&[0.0, 10.0, 14.0, 20.0, 30.0]),
        &ScoringContext::default(),
    );
    let imis: Vec<Option<f64>> = r.movements.iter().map(|m| m.imi_s).collect();
    assert_eq!(
        imis,
        vec![None, Some(10.0), Some(4.0), Some(10.0), Some(10.0)]
    );
    assert!(!r.movements[2].periodic);
    // WASM: the series after a short IMI starts at the movement after it.
    let r = run(
        &wasm(),
        &at(&[0.0, 5.0, 25.0, 45.0, 65.0]),
        &ScoringContext::default(),
    );
    assert_eq!(r.series[0].start_s, 5.0);
    assert_eq!(r.series[0].end_s, 66.0);
}

/// SCORING.md 8: a posture change is a gross movement, no LM, and ends a series under both
/// standards.
#[test]
fn gross_movements_end_series() {
    let events = with(at(&[0.0, 20.0, 40.0, 60.0, 80.0]), &[gross(R, 50.0, 53.0)]);
    check(vec![
        // [0,20,40] | [60,80]: no series; the gross movement is no LM. Same for both standards.
        Case::new("wasm gross", wasm(), events.clone()).expect(5, 5, 0, 0),
        Case::new("aasm gross", aasm(), events.clone()).expect(5, 5, 0, 0),
        // [0,20,40] | [60,80,100,120]: one series of 4 starting at 60.
        Case::new(
            "gross in the middle (aasm)",
            aasm(),
            with(
                at(&[0.0, 20.0, 40.0, 60.0, 80.0, 100.0, 120.0]),
                &[gross(L, 50.0, 53.0)],
            ),
        )
        .scored(7, 7, 4, &[(60.0, 4)], "....PPPP"),
    ]);
    let r = run(&wasm(), &events, &ScoringContext::default());
    let gross: Vec<_> = r
        .movements
        .iter()
        .filter(|m| m.kind == MovementKind::Gross)
        .collect();
    assert_eq!(gross.len(), 1);
    assert!(!gross[0].candidate);
}

/// Gross movements are counted as events: a posture change turns the whole body, so the two
/// ankles' detections of one turn (overlapping, or less than 0.5 s apart) count once; on one
/// leg, or further apart, they are separate turns.
#[test]
fn gross_movements_are_counted_once_per_event() {
    let lights = |off: f64, on: f64| ScoringContext {
        lights: Some(iv(off, on)),
        ..Default::default()
    };
    let table: [(&str, Vec<LegMovement>, ScoringContext, usize); 8] = [
        (
            "one leg",
            vec![gross(L, 10.0, 12.0)],
            ScoringContext::default(),
            1,
        ),
        (
            "both legs overlapping",
            vec![gross(L, 10.0, 12.0), gross(R, 10.3, 12.4)],
            ScoringContext::default(),
            1,
        ),
        (
            "both legs 0.49 s apart",
            vec![gross(L, 10.0, 12.0), gross(R, 12.49, 14.0)],
            ScoringContext::default(),
            1,
        ),
        (
            "both legs 0.5 s apart",
            vec![gross(L, 10.0, 12.0), gross(R, 12.5, 14.0)],
            ScoringContext::default(),
            2,
        ),
        (
            "same leg overlapping",
            vec![gross(L, 10.0, 12.0), gross(L, 11.0, 13.0)],
            ScoringContext::default(),
            2,
        ),
        (
            "a third detection starts a new event",
            vec![
                gross(L, 10.0, 12.0),
                gross(R, 10.2, 12.0),
                gross(L, 12.1, 13.0),
            ],
            ScoringContext::default(),
            2,
        ),
        (
            "two bilateral turns",
            vec![
                gross(R, 30.0, 32.0),
                gross(L, 10.0, 12.0),
                gross(R, 10.1, 12.0),
                gross(L, 30.2, 31.0),
            ],
            ScoringContext::default(),
            2,
        ),
        (
            "outside the lights",
            vec![
                gross(L, 10.0, 12.0),
                gross(R, 10.1, 12.0),
                gross(L, 50.0, 52.0),
            ],
            lights(40.0, 100.0),
            1,
        ),
    ];
    for (name, events, context, want) in table {
        for criteria in [wasm(), aasm()] {
            let r = run(&criteria, &events, &context);
            assert_eq!(
                r.summary.gross_count, want,
                "{name} ({:?})",
                criteria.standard
            );
            assert_eq!(r.summary.lm_count, 0, "{name}: a gross movement is no LM");
        }
    }
}

/// SCORING.md 4: series are built over the whole recording, and each PLM is PLMS or PLMW by
/// the epoch of its onset; option: series over sleep LMs only.
#[test]
fn wake_inside_a_series_and_sleep_only_scope() {
    use Stage::{N2, Wake};
    // Epochs: 0 N2 [0,30), 1 W [30,60), 2 N2 [60,90). Onsets 0,20 (N2), 40 (W), 60,80 (N2).
    let ctx = staged(&[N2, Wake, N2]);
    let events = at(&[0.0, 20.0, 40.0, 60.0, 80.0]);
    // All movements: one series of 5, 4 in sleep (PLMS), 1 in wake (PLMW).
    let r = run(&wasm(), &events, &ctx);
    let s = r.summary;
    assert_eq!((s.plm_count, s.plms_count, s.plmw_count), (5, 4, 1));
    assert_eq!(r.index_basis, IndexBasis::Sleep);
    // 60 s of sleep, 30 s of wake.
    assert_eq!(s.sleep_hours, Some(60.0 / 3600.0));
    assert_eq!(s.wake_hours, Some(30.0 / 3600.0));
    assert!((s.plms_index.unwrap() - 4.0 / (60.0 / 3600.0)).abs() < 1e-9);
    assert!((s.plmw_index.unwrap() - 1.0 / (30.0 / 3600.0)).abs() < 1e-9);
    assert_eq!(r.movements[2].stage, Wake);
    // Sleep only: the wake movement is removed; 0,20,60,80 (IMI 40): one series of 4 PLMS.
    let c = wasm().with_series_scope(SeriesScope::SleepOnly);
    let r = run(&c, &events, &ctx);
    let s = r.summary;
    assert_eq!((s.plm_count, s.plms_count, s.plmw_count), (4, 4, 0));
    assert_eq!(s.lm_count, 5);
}

#[test]
fn sleep_only_scope_ignores_wake_non_candidates() {
    use Stage::{N2, Wake};
    // Epochs: 0 N2, 1 W, 2-3 N2. CLMs at 0, 20 (N2), a 12-s non-CLM at 40 (W), CLMs at 60, 80
    // (N2). All movements (default): the non-CLM ends the run: [0,20] | [60,80]: none.
    // Sleep LMs only: the wake non-CLM is not a sleep LM, so it is absent: 0,20,60,80 (IMIs
    // 20, 40, 20): one series of 4 PLMS. A gross movement in wake still ends the series.
    let ctx = staged(&[N2, Wake, N2, N2]);
    let events = with(at(&[0.0, 20.0, 60.0, 80.0]), &[ev(L, 40.0, 52.0)]);
    let r = run(&wasm(), &events, &ctx);
    assert_eq!(r.summary.plm_count, 0);
    let sleep_only = wasm().with_series_scope(SeriesScope::SleepOnly);
    let r = run(&sleep_only, &events, &ctx);
    assert_eq!((r.summary.plm_count, r.summary.plms_count), (4, 4));
    assert_eq!(r.movements[2].excluded, Some(Exclusion::OutOfScope));
    assert_eq!((r.summary.lm_count, r.summary.clm_count), (5, 4));
    let events = with(at(&[0.0, 20.0, 60.0, 80.0]), &[gross(L, 40.0, 43.0)]);
    let r = run(&sleep_only, &events, &ctx);
    assert_eq!(r.summary.plm_count, 0);
}

#[test]
fn stage_is_taken_from_the_onset_epoch() {
    use Stage::{N2, Unknown, Wake};
    // A movement from 29.5 to 31 s has its onset in epoch 0 (W), not epoch 1 (N2); one starting
    // at 31.5 s is in epoch 1. One at 90 s is past the 2-epoch hypnogram: unknown.
    let events = vec![ev(L, 29.5, 31.0), ev(L, 31.5, 32.0), ev(L, 90.0, 91.0)];
    let r = run(&wasm(), &events, &staged(&[Wake, N2]));
    let stages: Vec<Stage> = r.movements.iter().map(|m| m.stage).collect();
    assert_eq!(stages, vec![Wake, N2, Unknown]);
}

#[test]
fn stage_by_onset_epoch_and_plms_plmw_split() {
    use Stage::{N2, Wake};
    // Epochs: 0 W [0,30), 1-3 N2 [30,120). Movements of 1.5 s at 29.5 (onset in W, offset in
    // N2), 49.5, 69.5, 89.5: IMIs 20: one series of 4 built over wake and sleep. The first is
    // PLMW (onset epoch W), three are PLMS. Sleep 90 s, wake 30 s:
    // PLMS index 3 / (90/3600) = 120 /h, PLMW index 1 / (30/3600) = 120 /h.
    let events: Vec<LegMovement> = [29.5, 49.5, 69.5, 89.5]
        .iter()
        .map(|&t| ev(L, t, t + 1.5))
        .collect();
    let ctx = staged(&[Wake, N2, N2, N2]);
    for c in [wasm(), aasm()] {
        let r = run(&c, &events, &ctx);
        let s = r.summary;
        assert_eq!(r.movements[0].stage, Wake);
        assert_eq!(r.movements[1].stage, N2);
        assert_eq!((s.plm_count, s.plms_count, s.plmw_count), (4, 3, 1));
        assert!((s.plms_index.unwrap() - 120.0).abs() < 1e-9);
        assert!((s.plmw_index.unwrap() - 120.0).abs() < 1e-9);
        assert!((s.sleep_hours.unwrap() - 90.0 / 3600.0).abs() < 1e-12);
    }
    // An onset exactly on an epoch edge (30.0) is in the epoch that starts there (N2).
    let r = run(&wasm(), &[ev(L, 30.0, 31.0)], &ctx);
    assert_eq!(r.movements[0].stage, N2);
}

/// SCORING.md 5: respiratory windows (closed): AASM [onset - 0.5, offset + 0.5] excludes the
/// LM; WASM [offset - 2, offset + 10.25] makes an rCLM, removed (without ending the series)
/// for the "nr" scoring.
#[test]
fn respiratory_events() {
    // Event [100, 110]: WASM window [108, 120.25]; AASM window [99.5, 110.5].
    let event = || respiratory(&[iv(100.0, 110.0)]);
    let one = |c: Criteria, name, onset, offset| {
        Case::new(name, c, vec![ev(L, onset, offset)]).context(event())
    };
    // AASM: event [39, 41], window [38.5, 41.5]. An LM ending exactly at 38.5 touches: not
    // scored. LMs 0,20,37.5(-38.5),60,80: the removed LM leaves 0,20,60,80 (IMI 40): a series
    // of 4 of 4 LMs. An LM starting at 41.5 (touching the end) likewise.
    let aasm_edge = |name, onset, offset| {
        Case::new(name, aasm(), around_40_tail(&[ev(L, onset, offset)]))
            .context(respiratory(&[iv(39.0, 41.0)]))
            .counts(4, 4, 4)
            .respiratory("..R..")
            .periodic("PP.PP")
    };
    check(vec![
        one(wasm(), "wasm onset at 120.25", 120.25, 121.0).respiratory("R"),
        one(wasm(), "wasm onset at 120.3", 120.3, 121.0).respiratory("."),
        one(wasm(), "wasm offset at 108.0", 107.0, 108.0).respiratory("R"),
        one(wasm(), "wasm offset at 107.9", 106.5, 107.9).respiratory("."),
        one(wasm(), "wasm inside event, before window", 101.0, 102.0).respiratory("."),
        one(aasm(), "aasm onset at 110.5", 110.5, 111.5).respiratory("R"),
        one(aasm(), "aasm onset at 110.6", 110.6, 111.6).respiratory("."),
        one(aasm(), "aasm offset at 99.5", 98.0, 99.5).respiratory("R"),
        one(aasm(), "aasm offset at 99.4", 98.0, 99.4).respiratory("."),
        one(aasm(), "aasm inside event", 101.0, 102.0).respiratory("R"),
        aasm_edge("ends at 38.5", 37.5, 38.5),
        aasm_edge("starts at 41.5", 41.5, 42.5),
        // WASM: 0,20,25,40,60 with an event [10,20] whose window is [18, 30.25]: 20 and 25 are
        // rCLMs. Main: IMI 5 breaks ([0,20] | [25,40,60]): no series. nr: 20 and 25 removed,
        // 0,40,60 (IMI 40, 20): 3, no series either.
        Case::new(
            "rCLMs with a short IMI",
            wasm(),
            at(&[0.0, 20.0, 25.0, 40.0, 60.0]),
        )
        .context(respiratory(&[iv(10.0, 20.0)]))
        .scored(5, 5, 0, &[], "....."),
        // WASM: event [20, 23.5], window [21.5, 33.75]: only 25 is an rCLM ([20, 21] ends
        // before 21.5). Main: IMI 5 breaks: [0,20] | [25,40,60]: none. nr: 25 removed (it does
        // not end the nr series), 0,20,40,60 (IMI 20): a series of 4.
        Case::new(
            "rCLM removed joins the nr series",
            wasm(),
            at(&[0.0, 20.0, 25.0, 40.0, 60.0]),
        )
        .context(respiratory(&[iv(20.0, 23.5)]))
        .scored(5, 5, 0, &[], ".....")
        .nr(4),
        // WASM: window edge touched exactly: event [40, 50] -> window [48, 60.25]; the CLM
        // [60.25, 61.25] starts on its end (closed): an rCLM. Main: 60.25,80,100,120,140 (IMIs
        // 19.75, 20, 20, 20): 5 PLMs. nr: 80..140: 4.
        Case::new(
            "wasm window end touched",
            wasm(),
            at(&[60.25, 80.0, 100.0, 120.0, 140.0]),
        )
        .context(respiratory(&[iv(40.0, 50.0)]))
        .scored(5, 5, 5, &[(60.25, 5)], "PPPPP")
        .nr(4),
    ]);
}

#[test]
fn respiratory_scoring_nr_and_aasm_exclusion() {
    let ctx = |on: f64, off: f64| respiratory(&[iv(on, off)]);
    // WASM: CLMs at 80,100,120,140,160; event [95,110] makes [120,121] an rCLM (window
    // [108,120.25]). Main: one series of 5. nr: 80,100,140,160 (IMI 40): one series of 4.
    let events = at(&[80.0, 100.0, 120.0, 140.0, 160.0]);
    let r = run(&wasm(), &events, &ctx(95.0, 110.0));
    assert_eq!((r.summary.plm_count, r.summary.plms_nr_count), (5, 4));
    assert_eq!((r.series.len(), r.series_nr.len()), (1, 1));
    assert!(r.movements[2].respiratory && r.movements[2].candidate);
    // WASM: removing the rCLM does not end the nr series; and an rCLM in the middle of
    // 0,20,40,60 with the rCLM at 40 leaves 3 in nr: main 4, nr 0.
    let r = run(&wasm(), &at(&[0.0, 20.0, 40.0, 60.0]), &ctx(25.0, 30.0));
    assert_eq!((r.summary.plm_count, r.summary.plms_nr_count), (4, 0));
    // AASM: LMs 0,20,40,60,80; event [39,41] excludes [40,41] (window [38.5,41.5]): it is not an
    // LM; 0,20,60,80 (IMI 40): one series of 4; nr equals main.
    let r = run(
        &aasm(),
        &at(&[0.0, 20.0, 40.0, 60.0, 80.0]),
        &ctx(39.0, 41.0),
    );
    let s = r.summary;
    assert_eq!(
        (s.lm_count, s.clm_count, s.plm_count, s.plms_nr_count),
        (4, 4, 4, 4)
    );
    assert!(!r.movements[2].candidate && r.movements[2].respiratory);
}

/// SCORING.md 6: an LM and an arousal are associated when they overlap or less than 0.5 s
/// separates them, in either order: a gap of exactly 0.5 s is not associated. (PLMScoRe and
/// SOMAS use closed windows and would associate at 0.5.)
#[test]
fn arousal_association_both_directions() {
    // Movement [100, 101] (WASM).
    let one = |name, onset, offset| {
        Case::new(name, wasm(), vec![ev(L, 100.0, 101.0)]).context(arousal(onset, offset))
    };
    check(vec![
        one("arousal starts 0.4 s after", 101.4, 105.0).arousal("A"),
        one("after 0.49", 101.49, 104.0).arousal("A"),
        one("after 0.50", 101.5, 104.0).arousal("."),
        one("arousal starts 0.5 s after", 101.5, 105.0).arousal("."),
        one("arousal ends 0.4 s before", 95.0, 99.6).arousal("A"),
        one("before 0.49", 95.0, 99.51).arousal("A"),
        one("arousal ends 0.5 s before", 95.0, 99.5).arousal("."),
        one("overlap", 100.5, 102.0).arousal("A"),
        one("arousal contains movement", 99.0, 103.0).arousal("A"),
        one("touching", 101.0, 103.0).arousal("A"),
    ]);
    // PLMS-arousal: series 0,20,40,60 with an arousal starting 0.4 s after the LM at 20.
    let r = run(&wasm(), &at(&[0.0, 20.0, 40.0, 60.0]), &arousal(21.4, 25.0));
    assert_eq!(r.summary.plms_arousal_count, 1);
}

/// SCORING.md 7: the periodicity index (Ferri 2006): IMIs in runs of at least 3 consecutive
/// IMIs with 10 < IMI <= 90, over all IMIs.
#[test]
fn periodicity_index_of_a_report() {
    // A non-CLM between CLMs: no IMI is measured across it (SOMAS likewise does not compute an
    // IMI when a non-CLM lies between two CLMs): IMIs 20,20,20 | 20: 3/4. The non-CLM is an
    // 11-s movement 5 s and 3 s away from its neighbours.
    let across_non_clm = |leg| {
        with(
            at(&[0.0, 20.0, 40.0, 60.0, 80.0, 100.0]),
            &[ev(leg, 66.0, 77.0)],
        )
    };
    check(vec![
        // Four IMIs of 20: one run of 4 (>= 3): 4/4 = 1.
        Case::new(
            "four IMIs of 20",
            wasm(),
            at(&[0.0, 20.0, 40.0, 60.0, 80.0]),
        )
        .periodicity(Some(1.0)),
        // IMIs 10 (not > 10), 20, 20, 20: run of 3 periodic: 3/4.
        Case::new("10 is not > 10", wasm(), at(&[0.0, 10.0, 30.0, 50.0, 70.0]))
            .periodicity(Some(0.75)),
        // IMIs 20, 20, 20, 5, 20: the short one breaks; 3 periodic of 5 IMIs (the short IMI is
        // an IMI and counts in the denominator).
        Case::new(
            "short IMI counts",
            wasm(),
            at(&[0.0, 20.0, 40.0, 60.0, 65.0, 85.0]),
        )
        .periodicity(Some(0.6)),
        // IMIs 20, 20, 20, 140, 20: the long one breaks and counts: 3/5.
        Case::new(
            "long IMI counts",
            wasm(),
            at(&[0.0, 20.0, 40.0, 60.0, 200.0, 220.0]),
        )
        .periodicity(Some(0.6)),
        // The non-CLM on the other leg (no bilateral combination), and on the same leg.
        Case::new("non-CLM between (right)", wasm(), across_non_clm(R)).periodicity(Some(0.75)),
        Case::new("non-CLM between (left)", wasm(), across_non_clm(L)).periodicity(Some(0.75)),
        // No IMI at all: one movement, or none: None (no division by zero).
        Case::new("one movement", wasm(), at(&[5.0])).periodicity(None),
        Case::new("no movement", wasm(), vec![]).periodicity(None),
    ]);
    // With the non-CLM on the left leg, 80 has no IMI (none spans the breaker).
    let r = run(&wasm(), &across_non_clm(L), &ScoringContext::default());
    let imi_80 = r
        .movements
        .iter()
        .find(|m| m.onset_s == 80.0)
        .unwrap()
        .imi_s;
    assert_eq!(imi_80, None);
}

#[test]
fn periodicity_index_of_imi_runs() {
    let cases: [(&[Option<f64>], Option<f64>); 8] = [
        // run of 3 in (10, 90], then 5 breaks, then a run of 2: 3 of 6.
        (
            &[
                Some(20.0),
                Some(20.0),
                Some(20.0),
                Some(5.0),
                Some(20.0),
                Some(20.0),
            ],
            Some(0.5),
        ),
        // 10 is not > 10: the run is the last 3 of 4.
        (
            &[Some(10.0), Some(20.0), Some(20.0), Some(20.0)],
            Some(0.75),
        ),
        // 90 is <= 90: all 3.
        (&[Some(90.0), Some(90.0), Some(90.0)], Some(1.0)),
        // 90.1 breaks the run of 3 into 2 and 1: none.
        (&[Some(20.0), Some(20.0), Some(90.1), Some(20.0)], Some(0.0)),
        // A breaker (None) splits 2 + 2: none of 4; it is not an IMI itself.
        (
            &[Some(20.0), Some(20.0), None, Some(20.0), Some(20.0)],
            Some(0.0),
        ),
        // None at the start (first candidate) changes nothing: 3 of 3.
        (&[None, Some(20.0), Some(20.0), Some(20.0)], Some(1.0)),
        (&[], None),
        (&[None], None),
    ];
    for (imis, expected) in cases {
        assert_eq!(
            periodicity_index(imis.iter().copied()),
            expected,
            "{imis:?}"
        );
    }
}

/// SCORING.md 7: without a hypnogram the indices are per hour of recording.
#[test]
fn without_hypnogram_indices_are_per_hour_of_recording() {
    // Series of 4 ending at 61 s; no hypnogram, no span: recording is 61 s.
    let r = run(
        &wasm(),
        &at(&[0.0, 20.0, 40.0, 60.0]),
        &ScoringContext::default(),
    );
    assert_eq!(r.index_basis, IndexBasis::Recording);
    assert_eq!(r.summary.sleep_hours, None);
    assert_eq!(r.summary.plms_count, 4);
    assert!((r.summary.recording_hours - 61.0 / 3600.0).abs() < 1e-12);
    assert!((r.summary.plms_index.unwrap() - 4.0 * 3600.0 / 61.0).abs() < 1e-9);
    // With a span: 2 h: 2 PLMS per hour.
    let ctx = ScoringContext {
        recording_s: Some(7200.0),
        ..Default::default()
    };
    let r = run(&wasm(), &at(&[0.0, 20.0, 40.0, 60.0]), &ctx);
    assert_eq!(r.summary.plms_index, Some(2.0));
}

#[test]
fn degenerate_inputs() {
    // Empty input, one movement, only gross movements: no series, nothing fails; with a given
    // recording span the indices are 0 per hour.
    let ctx = ScoringContext {
        recording_s: Some(3600.0),
        ..Default::default()
    };
    for c in [wasm(), aasm()] {
        let r = run(&c, &[], &ctx);
        assert_eq!(r.summary.lm_count, 0);
        assert_eq!(r.summary.plms_index, Some(0.0));
        assert_eq!(r.geometric_mean_imi_s, None);
        let r = run(&c, &at(&[100.0]), &ctx);
        assert_eq!((r.summary.lm_count, r.summary.plm_count), (1, 0));
        assert_eq!(r.movements[0].imi_s, None);
        let g = [0.0, 20.0, 40.0, 60.0].map(|t| gross(L, t, t + 3.0));
        let r = run(&c, &g, &ctx);
        let s = r.summary;
        assert_eq!((s.lm_count, s.clm_count, s.plm_count), (0, 0, 0));
        assert!(r.series.is_empty());
        // Without any span the empty recording has no duration: indices are None, not NaN.
        let r = run(&c, &[], &ScoringContext::default());
        assert_eq!(r.summary.plms_index, None);
    }
}

#[test]
fn no_interval_in_range_does_not_fail() {
    // Two movements 200 s apart: one IMI, out of range: periodicity 0, empty histograms.
    let r = run(&wasm(), &at(&[0.0, 200.0]), &ScoringContext::default());
    assert_eq!(r.summary.periodicity_index, Some(0.0));
    assert_eq!(r.geometric_mean_imi_s, None);
    assert_eq!(r.imi_histogram.counts.iter().sum::<usize>(), 0);
    // No movement at all.
    let r = run(&wasm(), &[], &ScoringContext::default());
    assert_eq!(r.summary.periodicity_index, None);
    assert_eq!(r.summary.plm_count, 0);
}

/// SCORING.md 7: IMIs <= 90 s in right-closed 2-s bins, ln(IMI) in 0.1-wide bins, and the
/// geometric mean.
#[test]
fn imi_histograms_and_geometric_mean() {
    // Onsets 0, 20, 30, 120: IMIs 20, 10, 90. Right-closed 2-s bins (0,2], (2,4], ...:
    // 20 -> (18,20] = bin 9, 10 -> (8,10] = bin 4, 90 -> (88,90] = bin 44.
    let r = run(
        &wasm(),
        &at(&[0.0, 20.0, 30.0, 120.0]),
        &ScoringContext::default(),
    );
    let c = &r.imi_histogram.counts;
    assert_eq!(
        (c.len(), c[9], c[4], c[44], c.iter().sum::<usize>()),
        (45, 1, 1, 1, 3)
    );
    // ln: ln 20 = 2.996 -> (2.9,3.0] = 29; ln 10 = 2.303 -> 23; ln 90 = 4.4998 -> 44.
    let ln = &r.ln_imi_histogram.counts;
    assert_eq!((ln[29], ln[23], ln[44]), (1, 1, 1));
    let gm = (20.0f64 * 10.0 * 90.0).powf(1.0 / 3.0);
    assert!((r.geometric_mean_imi_s.unwrap() - gm).abs() < 1e-9);
    // f64 noise on an edge: onsets 3.3 and 23.3 differ by 20.000000000000004: still bin 9; an
    // IMI of 90.1 (23.3 -> 113.4) is out; 1.0 s (113.4 -> 114.4) is in the first bin.
    let events = with(
        at(&[3.3, 23.3]),
        &[ev(L, 113.4, 113.9), ev(L, 114.4, 115.4)],
    );
    let r = run(&wasm(), &events, &ScoringContext::default());
    let c = &r.imi_histogram.counts;
    assert_eq!((c[9], c[0], c.iter().sum::<usize>()), (1, 1, 2));
    // IMIs 2.0 and 90.0 are the right edges of the first and last 2-s bins (right-closed, as
    // R's cut() in PLMScoRe and "IMIs <= 90 s"): bins 0 and 44. ln(2) = 0.693 -> bin 6.
    let r = run(&wasm(), &at(&[0.0, 2.0, 92.0]), &ScoringContext::default());
    let h = &r.imi_histogram.counts;
    assert_eq!((h[0], h[44], h.iter().sum::<usize>()), (1, 1, 2));
    assert_eq!(r.ln_imi_histogram.counts[6], 1);
    let gm = r.geometric_mean_imi_s.unwrap();
    assert!((gm - (2.0f64 * 90.0).sqrt()).abs() < 1e-9);
}

#[test]
fn online_scorer_emits_series_when_decided() {
    let mut s = OnlineScorer::new(wasm(), ScoringContext::default()).unwrap();
    let mut d = Vec::new();
    for t in [0.0, 20.0, 40.0, 60.0] {
        s.push(ev(L, t, t + 1.0), &mut d).unwrap();
    }
    // Could still grow: the next movement may come at 150.
    s.advance_to(150.0, &mut d).unwrap();
    assert!(series_of(&d).is_empty());
    // At 150.1 an IMI from 60 would be 90.1: decided.
    s.advance_to(150.1, &mut d).unwrap();
    let decided = series_of(&d);
    assert_eq!(decided.len(), 1);
    assert_eq!(decided[0].count, 4);
    // A breaker decides a series at once (after the bilateral look-ahead).
    for t in [200.0, 220.0, 240.0, 260.0] {
        s.push(ev(L, t, t + 1.0), &mut d).unwrap();
    }
    s.push(ev(L, 270.0, 285.0), &mut d).unwrap(); // non-CLM
    s.advance_to(285.5, &mut d).unwrap();
    assert_eq!(series_of(&d).len(), 2);
    // Out of order is an error.
    assert!(s.push(ev(L, 10.0, 11.0), &mut d).is_err());
    let r = s.finish(&mut d);
    assert_eq!(r.summary.plm_count, 8);
}

#[test]
fn invalid_input_is_an_error() {
    assert!(score(&wasm(), &ScoringContext::default(), &[ev(L, 5.0, 4.0)]).is_err());
    assert!(score(&wasm(), &ScoringContext::default(), &[ev(L, f64::NAN, 4.0)]).is_err());
    let mut c = wasm();
    c.min_imi_s = 100.0;
    assert!(score(&c, &ScoringContext::default(), &[]).is_err());
    assert!(score(&wasm(), &arousal(3.0, 2.0), &[]).is_err());
}
