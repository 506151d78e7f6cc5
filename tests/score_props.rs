//! Property tests: series invariants, order and leg-swap independence, online = batch.

use plmkit::score::{
    Criteria, Decision, Exclusion, Hypnogram, OnlineScorer, Report, ScoredMovement, ScoringContext,
    Series, Side, Stage, event_order, score,
};
use plmkit::{Interval, Leg, LegMovement, MovementKind};
use proptest::prelude::*;

mod score_common;
use score_common::series_of;

fn event() -> impl Strategy<Value = LegMovement> {
    (
        any::<bool>(),
        0.0f64..1500.0,
        prop_oneof![0.2f64..3.0, 3.0f64..16.0],
        0u8..20,
    )
        .prop_map(|(left, onset, dur, k)| LegMovement {
            kind: if k == 0 {
                MovementKind::Gross
            } else {
                MovementKind::Leg
            },
            ..LegMovement::new(
                if left { Leg::Left } else { Leg::Right },
                // Quarter-second grid: makes exact boundary coincidences frequent.
                (onset * 4.0).round() / 4.0,
                (onset * 4.0).round() / 4.0 + (dur * 4.0).round() / 4.0,
            )
        })
}

fn interval() -> impl Strategy<Value = Interval> {
    (0.0f64..1500.0, 1.0f64..30.0).prop_map(|(a, d)| Interval {
        onset_s: a,
        offset_s: a + d,
    })
}

fn criteria() -> impl Strategy<Value = Criteria> {
    prop_oneof![
        Just(Criteria::wasm2016()),
        Just(Criteria::aasm2012()),
        Just(Criteria::aasm2012().with_short_imi(plmkit::score::ShortImiPolicy::Break)),
        Just(Criteria::wasm2016().with_series_scope(plmkit::score::SeriesScope::SleepOnly)),
    ]
}

/// Invalid stretches: short ones (which only leave the denominators) and long ones (which end
/// series), on the quarter-second grid so they often start exactly at a movement's onset.
fn invalid_stretch() -> impl Strategy<Value = Interval> {
    (0.0f64..1500.0, prop_oneof![0.0f64..0.75, 0.5f64..60.0]).prop_map(|(a, d)| {
        let a = (a * 4.0).round() / 4.0;
        Interval {
            onset_s: a,
            offset_s: a + (d * 4.0).round() / 4.0,
        }
    })
}

fn lights() -> impl Strategy<Value = Option<Interval>> {
    prop::option::of(
        (0.0f64..400.0, 800.0f64..1600.0).prop_map(|(off, on)| Interval {
            onset_s: (off * 4.0).round() / 4.0,
            offset_s: (on * 4.0).round() / 4.0,
        }),
    )
}

fn context() -> impl Strategy<Value = ScoringContext> {
    (
        prop::collection::vec(interval(), 0..6),
        prop::collection::vec(interval(), 0..6),
        prop::option::of(prop::collection::vec(0u8..6, 0..60)),
        prop::collection::vec(invalid_stretch(), 0..6),
        lights(),
    )
        .prop_map(
            |(respiratory, arousals, stages, invalid, lights)| ScoringContext {
                hypnogram: stages.map(|s| {
                    Hypnogram::new(
                        s.iter()
                            .map(|&n| {
                                [
                                    Stage::Wake,
                                    Stage::N1,
                                    Stage::N2,
                                    Stage::N3,
                                    Stage::N3,
                                    Stage::Rem,
                                ][n as usize]
                            })
                            .collect(),
                    )
                }),
                respiratory,
                arousals,
                recording_s: None,
                lights,
                invalid,
            },
        )
}

fn swap_legs(events: &[LegMovement]) -> Vec<LegMovement> {
    events
        .iter()
        .map(|e| LegMovement {
            leg: e.leg.other(),
            ..*e
        })
        .collect()
}

fn swap_side(m: &ScoredMovement) -> ScoredMovement {
    let leg = match m.leg {
        Side::Left => Side::Right,
        Side::Right => Side::Left,
        Side::Bilateral => Side::Bilateral,
    };
    ScoredMovement { leg, ..*m }
}

/// Overlapping or touching stretches as one (the scorer merges them the same way).
fn merged(stretches: &[Interval]) -> Vec<Interval> {
    let mut sorted = stretches.to_vec();
    sorted.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
    let mut out: Vec<Interval> = Vec::new();
    for iv in sorted {
        match out.last_mut() {
            Some(last) if iv.onset_s <= last.offset_s => {
                last.offset_s = last.offset_s.max(iv.offset_s)
            }
            _ => out.push(iv),
        }
    }
    out
}

fn check_invariants(r: &Report, ctx: &ScoringContext) {
    let c = &r.criteria;
    // No series reaches across an invalid stretch long enough to hide an LM.
    for s in &r.series {
        let last_onset = r
            .movements
            .iter()
            .filter(|m| m.series_id == Some(s.id))
            .map(|m| m.onset_s)
            .fold(f64::NEG_INFINITY, f64::max);
        for iv in merged(&ctx.invalid) {
            if iv.offset_s - iv.onset_s >= c.min_lm_duration_s {
                assert!(
                    !(iv.onset_s > s.start_s && iv.onset_s <= last_onset),
                    "series {s:?} spans invalid stretch {iv:?}"
                );
            }
        }
    }
    // Nothing outside the lights is scored.
    if let Some(l) = ctx.lights {
        for m in &r.movements {
            let outside = m.onset_s < l.onset_s || m.onset_s > l.offset_s;
            assert_eq!(m.excluded == Some(Exclusion::OutsideLights), outside);
            if outside {
                assert!(!(m.candidate || m.periodic || m.respiratory || m.arousal));
                assert_eq!(m.imi_s, None);
            }
        }
        let total = r.summary.recording_hours + r.summary.invalid_hours;
        assert!((total * 3600.0 - (l.offset_s - l.onset_s)).abs() < 1e-6);
    }
    let s = &r.summary;
    assert!(s.invalid_hours >= 0.0 && s.recording_hours >= 0.0);
    for h in [s.sleep_hours, s.wake_hours].into_iter().flatten() {
        assert!(h >= 0.0);
    }
    if let (Some(sl), Some(w)) = (s.sleep_hours, s.wake_hours) {
        assert!(sl + w <= s.recording_hours + 1e-9 || ctx.lights.is_none());
    }
    for s in &r.series {
        assert!(s.count >= c.min_series_len);
        let members: Vec<&ScoredMovement> = r
            .movements
            .iter()
            .filter(|m| m.series_id == Some(s.id))
            .collect();
        assert_eq!(members.len(), s.count);
        for w in members.windows(2) {
            let imi = w[1].onset_s - w[0].onset_s;
            assert!(
                imi >= c.min_imi_s - 1e-6 && imi <= c.max_imi_s + 1e-6,
                "IMI {imi}"
            );
            assert_eq!(w[1].imi_s, Some(imi));
        }
    }
    for m in &r.movements {
        if m.periodic {
            assert!(m.candidate);
            assert!(r.series[m.series_id.unwrap()].count >= 4);
        }
    }
    let s = &r.summary;
    assert!(s.plm_count <= s.clm_count && s.clm_count <= s.lm_count);
    assert!(s.plms_count + s.plmw_count <= s.plm_count);
    assert_eq!(s.plm_count, r.series.iter().map(|x| x.count).sum::<usize>());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn invariants_order_and_legs(
        events in prop::collection::vec(event(), 0..80),
        ctx in context(),
        c in criteria(),
        seed in any::<u64>(),
    ) {
        let r = score(&c, &ctx, &events).unwrap();
        check_invariants(&r, &ctx);

        // Any permutation of the input gives the same report.
        let mut shuffled = events.clone();
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(&score(&c, &ctx, &shuffled).unwrap(), &r);

        // Swapping legs changes only the left/right labels (and, for movements that start and
        // end at the same times on both legs without combining, e.g. two gross movements, their
        // order in the list, which is by onset, offset, then leg).
        let swapped = score(&c, &ctx, &swap_legs(&events)).unwrap();
        prop_assert_eq!(&swapped.summary, &r.summary);
        prop_assert_eq!(&swapped.series, &r.series);
        let mut relabelled: Vec<ScoredMovement> = swapped.movements.iter().map(swap_side).collect();
        let mut original = r.movements.clone();
        let key = |m: &ScoredMovement| (m.onset_s.to_bits(), m.offset_s.to_bits(), m.leg.name());
        relabelled.sort_by_key(key);
        original.sort_by_key(key);
        prop_assert_eq!(&relabelled, &original);
    }

    #[test]
    fn online_equals_batch_and_emits_every_series_once(
        events in prop::collection::vec(event(), 0..80),
        ctx in context(),
        c in criteria(),
        ticks in prop::collection::vec(0.0f64..30.0, 80),
    ) {
        let batch = score(&c, &ctx, &events).unwrap();
        let mut sorted = events.clone();
        sorted.sort_by(event_order);
        let mut online = OnlineScorer::new(c.clone(), ctx.clone()).unwrap();
        let mut decisions = Vec::new();
        for (i, e) in sorted.iter().enumerate() {
            online.push(*e, &mut decisions).unwrap();
            // Sometimes tell the scorer time has passed, up to the next onset.
            let next = sorted.get(i + 1).map_or(f64::INFINITY, |n| n.onset_s);
            let t = e.onset_s + ticks[i];
            if t <= next {
                online.advance_to(t, &mut decisions).unwrap();
            }
        }
        let report = online.finish(&mut decisions);
        prop_assert_eq!(&report, &batch);
        // Every series is decided exactly once, in order, before or at finish.
        let series = series_of(&decisions);
        prop_assert_eq!(&series[..], &report.series[..]);
        let nr: Vec<Series> = decisions.iter().filter_map(|d| match d {
            Decision::Series { nr: true, series } => Some(*series),
            _ => None,
        }).collect();
        prop_assert_eq!(&nr[..], &report.series_nr[..]);
        // Every movement is scored once, in index order; replaying the later periodic decisions
        // on the scored snapshots gives the report's movements.
        let mut replay: Vec<ScoredMovement> = Vec::new();
        for d in &decisions {
            match *d {
                Decision::Scored { index, movement } => {
                    prop_assert_eq!(index, replay.len());
                    replay.push(movement);
                }
                Decision::Periodic { index, nr, series_id } => {
                    let m = &mut replay[index];
                    prop_assert!(!if nr { m.periodic_nr } else { m.periodic }, "decided twice");
                    if nr {
                        m.periodic_nr = series_id.is_some();
                    } else {
                        m.periodic = series_id.is_some();
                        m.series_id = series_id;
                    }
                }
                Decision::Series { .. } => {}
            }
        }
        prop_assert_eq!(&replay, &report.movements);

        // Online, not at the end: once the clock has passed every event by more than the
        // longest look-ahead (90 s IMI, 5 s AASM onsets, 0.5 s after an offset), every
        // decision is out before `finish`, which then adds none.
        let mut online = OnlineScorer::new(c.clone(), ctx).unwrap();
        let mut streamed = Vec::new();
        for e in &sorted {
            online.push(*e, &mut streamed).unwrap();
        }
        let quiet = sorted.iter().map(|e| e.offset_s).fold(0.0, f64::max) + 100.0;
        online.advance_to(quiet, &mut streamed).unwrap();
        let before_finish = streamed.len();
        prop_assert_eq!(&online.finish(&mut streamed), &batch);
        prop_assert_eq!(streamed.len(), before_finish, "decisions held back until finish");
        prop_assert_eq!(series_of(&streamed), series_of(&decisions));
    }
}
