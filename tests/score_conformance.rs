//! Conformance tests: one table per rule boundary of SCORING.md. Each case states, in its
//! comment, how the expected counts follow from the rules.

use plmkit::score::{
    Criteria, Hypnogram, IndexBasis, OnlineScorer, Report, ScoringContext, SeriesScope,
    ShortImiPolicy, Stage, score,
};
use plmkit::{Interval, LegMovement, MovementKind};

mod score_common;
use score_common::{L, R, at, ev, series_of};

fn run(c: &Criteria, events: &[LegMovement], ctx: ScoringContext) -> Report {
    score(c, &ctx, events).expect("valid input")
}

/// (name, criteria, events, expected lm, clm, plm, series)
type Case = (
    &'static str,
    Criteria,
    Vec<LegMovement>,
    usize,
    usize,
    usize,
    usize,
);

fn check(cases: Vec<Case>) {
    for (name, c, events, lm, clm, plm, series) in cases {
        let r = run(&c, &events, ScoringContext::default());
        let s = &r.summary;
        assert_eq!(
            (s.lm_count, s.clm_count, s.plm_count, r.series.len()),
            (lm, clm, plm, series),
            "case {name}"
        );
        for m in &r.movements {
            assert_eq!(m.periodic, m.series_id.is_some(), "case {name}");
        }
    }
}

fn wasm() -> Criteria {
    Criteria::wasm2016()
}
fn aasm() -> Criteria {
    Criteria::aasm2012()
}

#[test]
fn imi_bounds_are_inclusive() {
    check(vec![
        // WASM: IMIs 10,10,10 are all within [10, 90]: one series of 4.
        (
            "wasm imi 10.0",
            wasm(),
            at(&[0.0, 10.0, 20.0, 30.0]),
            4,
            4,
            4,
            1,
        ),
        // WASM: IMIs 9.9 < 10 break before every movement: runs of 1, no series.
        (
            "wasm imi 9.9",
            wasm(),
            at(&[0.0, 9.9, 19.8, 29.7]),
            4,
            4,
            0,
            0,
        ),
        // f64: 13.3 - 3.3 = 10.000000000000002, still "10 s": one series of 4.
        (
            "wasm imi 10 in f64",
            wasm(),
            at(&[3.3, 13.3, 23.3, 33.3]),
            4,
            4,
            4,
            1,
        ),
        // f64: onsets 0.1, 10.1, ...: differences a few ulps off 10 still count as 10 s.
        (
            "wasm imi 10 below in f64",
            wasm(),
            at(&[0.1, 10.1, 20.1, 30.1]),
            4,
            4,
            4,
            1,
        ),
        // IMI exactly 90 is in bounds: series of 4.
        (
            "wasm imi 90.0",
            wasm(),
            at(&[0.0, 90.0, 180.0, 270.0]),
            4,
            4,
            4,
            1,
        ),
        // IMI 90.1 > 90 ends the series each time: no series.
        (
            "wasm imi 90.1",
            wasm(),
            at(&[0.0, 90.1, 180.2, 270.3]),
            4,
            4,
            0,
            0,
        ),
        // AASM: IMI exactly 5 is in bounds: series of 4.
        (
            "aasm imi 5.0",
            aasm(),
            at(&[0.0, 5.0, 10.0, 15.0]),
            4,
            4,
            4,
            1,
        ),
        // The same movements under WASM: IMI 5 < 10 breaks every time: none.
        (
            "wasm imi 5.0",
            wasm(),
            at(&[0.0, 5.0, 10.0, 15.0]),
            4,
            4,
            0,
            0,
        ),
        // AASM: IMI 90 in, 90.1 out.
        (
            "aasm imi 90.0",
            aasm(),
            at(&[0.0, 90.0, 180.0, 270.0]),
            4,
            4,
            4,
            1,
        ),
        (
            "aasm imi 90.1",
            aasm(),
            at(&[0.0, 90.1, 180.2, 270.3]),
            4,
            4,
            0,
            0,
        ),
        // IMI 91 between two trains of 4: two series of 4.
        (
            "imi > 90 ends series",
            wasm(),
            at(&[0.0, 20.0, 40.0, 60.0, 151.0, 171.0, 191.0, 211.0]),
            8,
            8,
            8,
            2,
        ),
        // Three movements are not a series; four are.
        (
            "three are not a series",
            wasm(),
            at(&[0.0, 20.0, 40.0]),
            3,
            3,
            0,
            0,
        ),
    ]);
}

#[test]
fn short_imi_policies() {
    check(vec![
        // WASM, short IMI in the middle: 0,20,40,60 | 65 (IMI 5 breaks, 65 starts anew),85,105,125:
        // two series of 4.
        (
            "wasm short imi middle",
            wasm(),
            at(&[0.0, 20.0, 40.0, 60.0, 65.0, 85.0, 105.0, 125.0]),
            8,
            8,
            8,
            2,
        ),
        // WASM, short IMI at the start of a run: [0] | 5,25,45,65: one series of 4 starting at 5.
        (
            "wasm short imi start",
            wasm(),
            at(&[0.0, 5.0, 25.0, 45.0, 65.0]),
            5,
            5,
            4,
            1,
        ),
        // WASM, short IMI at the end: [0,20,40,60] | [65]: one series of 4.
        (
            "wasm short imi end",
            wasm(),
            at(&[0.0, 20.0, 40.0, 60.0, 65.0]),
            5,
            5,
            4,
            1,
        ),
        // AASM drop at the end: 63 (IMI 3) dropped: series of 4, 5 LMs.
        (
            "aasm drop end",
            aasm(),
            at(&[0.0, 20.0, 40.0, 60.0, 63.0]),
            5,
            5,
            4,
            1,
        ),
        // AASM drop, recomputed IMI on the bound: 62 dropped, 150 - 60 = 90 is in: series of 5.
        (
            "aasm drop recomputed imi 90",
            aasm(),
            at(&[0.0, 20.0, 40.0, 60.0, 62.0, 150.0]),
            6,
            6,
            5,
            1,
        ),
        // The same with break: [0,20,40,60] | [62,150]: series of 4.
        (
            "aasm break recomputed imi 90",
            aasm().with_short_imi(ShortImiPolicy::Break),
            at(&[0.0, 20.0, 40.0, 60.0, 62.0, 150.0]),
            6,
            6,
            4,
            1,
        ),
        // AASM drop: 0,10 kept; 14 (IMI 4) dropped; 20 (IMI 10 from 10), 30 kept: series of 4.
        (
            "aasm drop middle",
            aasm(),
            at(&[0.0, 10.0, 14.0, 20.0, 30.0]),
            5,
            5,
            4,
            1,
        ),
        // AASM break: [0,10] | [14,20,30]: runs of 2 and 3, no series.
        (
            "aasm break middle",
            aasm().with_short_imi(ShortImiPolicy::Break),
            at(&[0.0, 10.0, 14.0, 20.0, 30.0]),
            5,
            5,
            0,
            0,
        ),
        // AASM drop at the start: 3 (IMI 3) dropped; 0,20,40,60: series of 4.
        (
            "aasm drop start",
            aasm(),
            at(&[0.0, 3.0, 20.0, 40.0, 60.0]),
            5,
            5,
            4,
            1,
        ),
        // AASM break at the start: [0] | [3,20,40,60]: series of 4 starting at 3.
        (
            "aasm break start",
            aasm().with_short_imi(ShortImiPolicy::Break),
            at(&[0.0, 3.0, 20.0, 40.0, 60.0]),
            5,
            5,
            4,
            1,
        ),
    ]);
    // The dropped movement is marked, its IMI is measured, and the next IMI is from the kept one.
    let r = run(
        &aasm(),
        &at(&[0.0, 10.0, 14.0, 20.0, 30.0]),
        ScoringContext::default(),
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
        ScoringContext::default(),
    );
    assert_eq!(r.series[0].start_s, 5.0);
    assert_eq!(r.series[0].end_s, 66.0);
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

#[test]
fn bilateral_combination() {
    check(vec![
        // AASM onsets 4.9 apart (< 5): each pair is one LM: 4 LMs, IMIs 20: series of 4.
        (
            "aasm onsets 4.9",
            aasm(),
            pairs(|t| (t + 4.9, t + 5.9)),
            4,
            4,
            4,
            1,
        ),
        // AASM onsets exactly 5.0 apart: two LMs each: 8 LMs with IMIs 5,15,5,15,...: all within
        // [5, 90]: one series of 8.
        (
            "aasm onsets 5.0",
            aasm(),
            pairs(|t| (t + 5.0, t + 6.0)),
            8,
            8,
            8,
            1,
        ),
        // WASM gap 0.4 (< 0.5): one bilateral CLM per pair (2.4 s): series of 4.
        (
            "wasm gap 0.4",
            wasm(),
            pairs(|t| (t + 1.4, t + 2.4)),
            4,
            4,
            4,
            1,
        ),
        // WASM gap exactly 0.5: two CLMs per pair; onsets 0,1.5,20,21.5,...: IMI 1.5 breaks, runs
        // [0],[1.5,20],[21.5,40],[41.5,60],[61.5]: no series.
        (
            "wasm gap 0.5",
            wasm(),
            pairs(|t| (t + 1.5, t + 2.5)),
            8,
            8,
            0,
            0,
        ),
        // WASM overlap: one bilateral CLM per pair: series of 4.
        (
            "wasm overlap",
            wasm(),
            pairs(|t| (t + 0.5, t + 2.0)),
            4,
            4,
            4,
            1,
        ),
        // Same-leg movements never combine bilaterally, but same-leg movements less than 0.5 s
        // apart are one LM (SCORING.md 1): [20,21] + [21.2,22] = [20,22]: 4 LMs, series of 4.
        (
            "same leg gap 0.2 joins",
            wasm(),
            {
                let mut v = at(&[0.0, 20.0, 40.0, 60.0]);
                v.push(ev(L, 21.2, 22.0));
                v
            },
            4,
            4,
            4,
            1,
        ),
        // Same leg, gap exactly 0.5: two CLMs, [20,21] and [21.5,22]; IMI 1.5 breaks the run:
        // [0,20] | [21.5,40,60]: 2 and 3, no series.
        (
            "same leg gap 0.5 stays apart",
            wasm(),
            {
                let mut v = at(&[0.0, 20.0, 40.0, 60.0]);
                v.push(ev(L, 21.5, 22.0));
                v
            },
            5,
            5,
            0,
            0,
        ),
        // Two 0.3-s bursts 0.2 s apart on one leg are one 0.8-s LM: with 0, 20, 60 a series
        // of 4 (AASM, where it would otherwise be two too-short events).
        (
            "short bursts join into an LM",
            aasm(),
            {
                let mut v = at(&[0.0, 20.0, 60.0]);
                v.extend([ev(R, 40.0, 40.3), ev(R, 40.5, 40.8)]);
                v
            },
            4,
            4,
            4,
            1,
        ),
    ]);
    // The combined movement spans earliest onset to latest offset and is labelled bilateral.
    let r = run(
        &wasm(),
        &pairs(|t| (t + 1.4, t + 2.4)),
        ScoringContext::default(),
    );
    assert_eq!(r.movements[0].onset_s, 0.0);
    assert_eq!(r.movements[0].offset_s, 2.4);
    assert_eq!(r.movements[0].parts, 2);
    assert_eq!(r.movements[0].leg, plmkit::score::Side::Bilateral);
}

/// A 1-s train at 0, 20, 60 (and 80 when `tail`) plus the given movements around 40.
fn with_middle(middle: Vec<LegMovement>, tail: bool) -> Vec<LegMovement> {
    let mut v = at(if tail {
        &[0.0, 20.0, 60.0, 80.0]
    } else {
        &[0.0, 20.0, 60.0]
    });
    v.extend(middle);
    v
}

#[test]
fn durations_and_candidates() {
    check(vec![
        // WASM monolateral 10.0 s is a CLM: 0,20,40,60 series of 4.
        (
            "wasm 10.0 s",
            wasm(),
            with_middle(vec![ev(L, 40.0, 50.0)], false),
            4,
            4,
            4,
            1,
        ),
        // WASM 10.1 s: an LM but not a CLM; ends the run: [0,20] | [60]: none.
        (
            "wasm 10.1 s",
            wasm(),
            with_middle(vec![ev(L, 40.0, 50.1)], false),
            4,
            3,
            0,
            0,
        ),
        // AASM 10.1 s: not an LM, ignored (does not end the series): 0,20,60,80 (IMI 40): 4.
        (
            "aasm 10.1 s",
            aasm(),
            with_middle(vec![ev(L, 40.0, 50.1)], true),
            4,
            4,
            4,
            1,
        ),
        // AASM 10.0 s: an LM: 0,20,40,60,80: 5.
        (
            "aasm 10.0 s",
            aasm(),
            with_middle(vec![ev(L, 40.0, 50.0)], true),
            5,
            5,
            5,
            1,
        ),
        // WASM with the tail: 10.1 s ends: [0,20] | [60,80]: none; 5 LMs, 4 CLMs.
        (
            "wasm 10.1 s tail",
            wasm(),
            with_middle(vec![ev(L, 40.0, 50.1)], true),
            5,
            4,
            0,
            0,
        ),
        // 0.5 s is an LM; 0.49 s is not (ignored): 0,20,60 only 3.
        (
            "0.5 s",
            wasm(),
            with_middle(vec![ev(L, 40.0, 40.5)], false),
            4,
            4,
            4,
            1,
        ),
        (
            "0.49 s",
            wasm(),
            with_middle(vec![ev(L, 40.0, 40.49)], false),
            3,
            3,
            0,
            0,
        ),
        // Bilateral lasting exactly 15 s: a CLM: series of 4.
        (
            "wasm bilateral 15.0 s",
            wasm(),
            with_middle(vec![ev(L, 40.0, 48.0), ev(R, 47.0, 55.0)], false),
            4,
            4,
            4,
            1,
        ),
        // Bilateral lasting 15.1 s: a non-CLM, ends the run: none.
        (
            "wasm bilateral 15.1 s",
            wasm(),
            with_middle(vec![ev(L, 40.0, 48.0), ev(R, 47.0, 55.1)], false),
            4,
            3,
            0,
            0,
        ),
        // Bilateral of 4 monolateral parts (gaps 0.2 s, 4.6 s long): a CLM: series of 4.
        (
            "wasm 4 parts",
            wasm(),
            with_middle(
                vec![
                    ev(L, 40.0, 41.0),
                    ev(R, 41.2, 42.2),
                    ev(L, 42.4, 43.4),
                    ev(R, 43.6, 44.6),
                ],
                false,
            ),
            4,
            4,
            4,
            1,
        ),
        // Five parts: a non-CLM: none.
        (
            "wasm 5 parts",
            wasm(),
            with_middle(
                vec![
                    ev(L, 40.0, 41.0),
                    ev(R, 41.2, 42.2),
                    ev(L, 42.4, 43.4),
                    ev(R, 43.6, 44.6),
                    ev(L, 44.8, 45.8),
                ],
                false,
            ),
            4,
            3,
            0,
            0,
        ),
        // Bilateral whose left part lasts 10.5 s (whole 10.5 s <= 15): a non-CLM: none.
        (
            "wasm bilateral with long part",
            wasm(),
            with_middle(vec![ev(L, 40.0, 50.5), ev(R, 45.0, 46.0)], false),
            4,
            3,
            0,
            0,
        ),
        // Non-CLM at the end (12 s) after a series of 4: the series stands; 5 LMs, 4 CLMs.
        (
            "wasm non-clm at end",
            wasm(),
            {
                let mut v = at(&[0.0, 20.0, 40.0, 60.0]);
                v.push(ev(L, 80.0, 92.0));
                v
            },
            5,
            4,
            4,
            1,
        ),
        // AASM, the same: the 12 s movement is ignored; series of 4, 4 LMs.
        (
            "aasm too long at end",
            aasm(),
            {
                let mut v = at(&[0.0, 20.0, 40.0, 60.0]);
                v.push(ev(L, 80.0, 92.0));
                v
            },
            4,
            4,
            4,
            1,
        ),
    ]);
}

#[test]
fn gross_movements_end_series_under_both_standards() {
    let mut events = at(&[0.0, 20.0, 40.0, 60.0, 80.0]);
    events.push(LegMovement {
        kind: MovementKind::Gross,
        ..ev(R, 50.0, 53.0)
    });
    // [0,20,40] | [60,80]: no series; the gross movement is no LM. Same for both standards.
    check(vec![
        ("wasm gross", wasm(), events.clone(), 5, 5, 0, 0),
        ("aasm gross", aasm(), events.clone(), 5, 5, 0, 0),
    ]);
    let r = run(&wasm(), &events, ScoringContext::default());
    let gross: Vec<_> = r
        .movements
        .iter()
        .filter(|m| m.kind == MovementKind::Gross)
        .collect();
    assert_eq!(gross.len(), 1);
    assert!(!gross[0].candidate);
}

#[test]
fn wake_inside_a_series_and_sleep_only_scope() {
    // Epochs: 0 N2 [0,30), 1 W [30,60), 2 N2 [60,90). Onsets 0,20 (N2), 40 (W), 60,80 (N2).
    let hyp = Hypnogram::new(vec![Stage::N2, Stage::Wake, Stage::N2]);
    let ctx = || ScoringContext {
        hypnogram: Some(hyp.clone()),
        ..Default::default()
    };
    let events = at(&[0.0, 20.0, 40.0, 60.0, 80.0]);
    // All movements: one series of 5, 4 in sleep (PLMS), 1 in wake (PLMW).
    let r = run(&wasm(), &events, ctx());
    let s = r.summary;
    assert_eq!((s.plm_count, s.plms_count, s.plmw_count), (5, 4, 1));
    assert_eq!(r.index_basis, IndexBasis::Sleep);
    // 60 s of sleep, 30 s of wake.
    assert_eq!(s.sleep_hours, Some(60.0 / 3600.0));
    assert_eq!(s.wake_hours, Some(30.0 / 3600.0));
    assert!((s.plms_index.unwrap() - 4.0 / (60.0 / 3600.0)).abs() < 1e-9);
    assert!((s.plmw_index.unwrap() - 1.0 / (30.0 / 3600.0)).abs() < 1e-9);
    assert_eq!(r.movements[2].stage, Stage::Wake);
    // Sleep only: the wake movement is removed; 0,20,60,80 (IMI 40): one series of 4 PLMS.
    let c = wasm().with_series_scope(SeriesScope::SleepOnly);
    let r = run(&c, &events, ctx());
    let s = r.summary;
    assert_eq!((s.plm_count, s.plms_count, s.plmw_count), (4, 4, 0));
    assert_eq!(s.lm_count, 5);
}

#[test]
fn stage_is_taken_from_the_onset_epoch() {
    // A movement from 29.5 to 31 s has its onset in epoch 0 (W), not epoch 1 (N2); one starting
    // at 31.5 s is in epoch 1. One at 90 s is past the 2-epoch hypnogram: unknown.
    let hyp = Hypnogram::new(vec![Stage::Wake, Stage::N2]);
    let events = vec![ev(L, 29.5, 31.0), ev(L, 31.5, 32.0), ev(L, 90.0, 91.0)];
    let ctx = ScoringContext {
        hypnogram: Some(hyp),
        ..Default::default()
    };
    let r = run(&wasm(), &events, ctx);
    let stages: Vec<Stage> = r.movements.iter().map(|m| m.stage).collect();
    assert_eq!(stages, vec![Stage::Wake, Stage::N2, Stage::Unknown]);
}

fn respiratory_flag(c: &Criteria, mv: (f64, f64)) -> bool {
    let ctx = ScoringContext {
        respiratory: vec![Interval {
            onset_s: 100.0,
            offset_s: 110.0,
        }],
        ..Default::default()
    };
    run(c, &[ev(L, mv.0, mv.1)], ctx).movements[0].respiratory
}

#[test]
fn respiratory_windows() {
    // Event [100, 110]. WASM window [108, 120.25]; AASM window [99.5, 110.5]. Closed windows.
    let cases = [
        ("wasm onset at 120.25", wasm(), (120.25, 121.0), true),
        ("wasm onset at 120.3", wasm(), (120.3, 121.0), false),
        ("wasm offset at 108.0", wasm(), (107.0, 108.0), true),
        ("wasm offset at 107.9", wasm(), (106.5, 107.9), false),
        (
            "wasm inside event, before window",
            wasm(),
            (101.0, 102.0),
            false,
        ),
        ("aasm onset at 110.5", aasm(), (110.5, 111.5), true),
        ("aasm onset at 110.6", aasm(), (110.6, 111.6), false),
        ("aasm offset at 99.5", aasm(), (98.0, 99.5), true),
        ("aasm offset at 99.4", aasm(), (98.0, 99.4), false),
        ("aasm inside event", aasm(), (101.0, 102.0), true),
    ];
    for (name, c, mv, expected) in cases {
        assert_eq!(respiratory_flag(&c, mv), expected, "case {name}");
    }
}

#[test]
fn respiratory_scoring_nr_and_aasm_exclusion() {
    let ctx = |on: f64, off: f64| ScoringContext {
        respiratory: vec![Interval {
            onset_s: on,
            offset_s: off,
        }],
        ..Default::default()
    };
    // WASM: CLMs at 80,100,120,140,160; event [95,110] makes [120,121] an rCLM (window
    // [108,120.25]). Main: one series of 5. nr: 80,100,140,160 (IMI 40): one series of 4.
    let events = at(&[80.0, 100.0, 120.0, 140.0, 160.0]);
    let r = run(&wasm(), &events, ctx(95.0, 110.0));
    assert_eq!((r.summary.plm_count, r.summary.plms_nr_count), (5, 4));
    assert_eq!((r.series.len(), r.series_nr.len()), (1, 1));
    assert!(r.movements[2].respiratory && r.movements[2].candidate);
    // WASM: removing the rCLM does not end the nr series; and an rCLM in the middle of
    // 0,20,40,60 with the rCLM at 40 leaves 3 in nr: main 4, nr 0.
    let r = run(&wasm(), &at(&[0.0, 20.0, 40.0, 60.0]), ctx(25.0, 30.0));
    assert_eq!((r.summary.plm_count, r.summary.plms_nr_count), (4, 0));
    // AASM: LMs 0,20,40,60,80; event [39,41] excludes [40,41] (window [38.5,41.5]): it is not an
    // LM; 0,20,60,80 (IMI 40): one series of 4; nr equals main.
    let r = run(
        &aasm(),
        &at(&[0.0, 20.0, 40.0, 60.0, 80.0]),
        ctx(39.0, 41.0),
    );
    let s = r.summary;
    assert_eq!(
        (s.lm_count, s.clm_count, s.plm_count, s.plms_nr_count),
        (4, 4, 4, 4)
    );
    assert!(!r.movements[2].candidate && r.movements[2].respiratory);
}

fn arousal_flag(arousal: (f64, f64)) -> bool {
    let ctx = ScoringContext {
        arousals: vec![Interval {
            onset_s: arousal.0,
            offset_s: arousal.1,
        }],
        ..Default::default()
    };
    run(&wasm(), &[ev(L, 100.0, 101.0)], ctx).movements[0].arousal
}

#[test]
fn arousal_association_both_directions() {
    // Movement [100, 101]. Associated when overlapping or the gap is < 0.5 s, either order.
    let cases = [
        ("arousal starts 0.4 s after", (101.4, 105.0), true),
        ("arousal starts 0.5 s after", (101.5, 105.0), false),
        ("arousal ends 0.4 s before", (95.0, 99.6), true),
        ("arousal ends 0.5 s before", (95.0, 99.5), false),
        ("overlap", (100.5, 102.0), true),
        ("arousal contains movement", (99.0, 103.0), true),
        ("touching", (101.0, 103.0), true),
    ];
    for (name, a, expected) in cases {
        assert_eq!(arousal_flag(a), expected, "case {name}");
    }
    // PLMS-arousal: series 0,20,40,60 with an arousal starting 0.4 s after the LM at 20.
    let ctx = ScoringContext {
        arousals: vec![Interval {
            onset_s: 21.4,
            offset_s: 25.0,
        }],
        ..Default::default()
    };
    let r = run(&wasm(), &at(&[0.0, 20.0, 40.0, 60.0]), ctx);
    assert_eq!(r.summary.plms_arousal_count, 1);
}

#[test]
fn without_hypnogram_indices_are_per_hour_of_recording() {
    // Series of 4 ending at 61 s; no hypnogram, no span: recording is 61 s.
    let r = run(
        &wasm(),
        &at(&[0.0, 20.0, 40.0, 60.0]),
        ScoringContext::default(),
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
    let r = run(&wasm(), &at(&[0.0, 20.0, 40.0, 60.0]), ctx);
    assert_eq!(r.summary.plms_index, Some(2.0));
}

#[test]
fn no_interval_in_range_does_not_fail() {
    // Two movements 200 s apart: one IMI, out of range: periodicity 0, empty histograms.
    let r = run(&wasm(), &at(&[0.0, 200.0]), ScoringContext::default());
    assert_eq!(r.summary.periodicity_index, Some(0.0));
    assert_eq!(r.geometric_mean_imi_s, None);
    assert_eq!(r.imi_histogram.counts.iter().sum::<usize>(), 0);
    // No movement at all.
    let r = run(&wasm(), &[], ScoringContext::default());
    assert_eq!(r.summary.periodicity_index, None);
    assert_eq!(r.summary.plm_count, 0);
}

#[test]
fn periodicity_index_runs() {
    use plmkit::score::periodicity_index;
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
    // In a report: 0,20,40,60 | non-CLM at 70 | 80,100: IMIs None,20,20,20 | None,20: the
    // non-CLM splits the runs; 80 has no IMI (none spans the breaker). 3 of 4 IMIs periodic.
    let mut events = at(&[0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
    events.push(ev(L, 66.0, 77.0));
    let r = run(&wasm(), &events, ScoringContext::default());
    assert_eq!(r.summary.periodicity_index, Some(0.75));
    let imi_80 = r
        .movements
        .iter()
        .find(|m| m.onset_s == 80.0)
        .unwrap()
        .imi_s;
    assert_eq!(imi_80, None);
}

#[test]
fn imi_histograms_and_geometric_mean() {
    // Onsets 0, 20, 30, 120: IMIs 20, 10, 90. Right-closed 2-s bins (0,2], (2,4], ...:
    // 20 -> (18,20] = bin 9, 10 -> (8,10] = bin 4, 90 -> (88,90] = bin 44.
    let r = run(
        &wasm(),
        &at(&[0.0, 20.0, 30.0, 120.0]),
        ScoringContext::default(),
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
    let mut events = at(&[3.3, 23.3]);
    events.extend([ev(L, 113.4, 113.9), ev(L, 114.4, 115.4)]);
    let r = run(&wasm(), &events, ScoringContext::default());
    let c = &r.imi_histogram.counts;
    assert_eq!((c[9], c[0], c.iter().sum::<usize>()), (1, 1, 2));
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
    let ctx = ScoringContext {
        arousals: vec![Interval {
            onset_s: 3.0,
            offset_s: 2.0,
        }],
        ..Default::default()
    };
    assert!(score(&wasm(), &ctx, &[]).is_err());
}
