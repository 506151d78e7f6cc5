//! The scorer on any events, hypnogram, respiratory events, arousals, lights, invalid stretches
//! and criteria of both standards: a typed error, or a report with finite figures that the online
//! scorer reproduces exactly when fed in `event_order` with arbitrary `advance_to` ticks.

use super::input::Input;
use plmkit::score::{
    Criteria, Hypnogram, OnlineScorer, ScoringContext, SeriesScope, ShortImiPolicy, Stage,
    Standard, Summary, event_order, score,
};
use plmkit::{Interval, Leg, LegMovement, MovementKind};

/// Times mostly within a short night so that series form; edge values come from `Input::float`.
const NIGHT_S: f64 = 2000.0;

fn time(input: &mut Input) -> f64 {
    if input.byte() % 8 == 0 {
        input.float(1e12)
    } else {
        input.positive(NIGHT_S)
    }
}

fn interval(input: &mut Input) -> Interval {
    let onset_s = time(input);
    let offset_s = if input.byte() % 8 == 0 {
        time(input)
    } else {
        onset_s + input.positive(60.0)
    };
    Interval { onset_s, offset_s }
}

fn intervals(input: &mut Input, most: usize) -> Vec<Interval> {
    (0..input.below(most + 1))
        .map(|_| interval(input))
        .collect()
}

fn movement(input: &mut Input) -> LegMovement {
    let leg = if input.flag() { Leg::Left } else { Leg::Right };
    let span = interval(input);
    let mut m = LegMovement::new(leg, span.onset_s, span.offset_s);
    if input.byte() % 8 == 0 {
        m.kind = MovementKind::Gross;
    }
    m
}

fn criteria(input: &mut Input) -> Criteria {
    let standard = if input.flag() {
        Standard::Wasm2016
    } else {
        Standard::Aasm2012
    };
    let mut c = Criteria::for_standard(standard)
        .with_short_imi(if input.flag() {
            ShortImiPolicy::Drop
        } else {
            ShortImiPolicy::Break
        })
        .with_series_scope(if input.flag() {
            SeriesScope::AllMovements
        } else {
            SeriesScope::SleepOnly
        });
    // Now and then one numeric setting takes an arbitrary value: validation must catch it.
    match input.byte() % 16 {
        0 => c.min_lm_duration_s = input.float(20.0),
        1 => c.max_lm_duration_s = input.float(20.0),
        2 => c.min_imi_s = input.float(100.0),
        3 => c.max_imi_s = input.float(100.0),
        4 => c.same_leg_join_gap_s = input.float(5.0),
        5 => c.min_series_len = input.below(8),
        6 => c.arousal_max_gap_s = input.float(5.0),
        _ => {}
    }
    c
}

fn context(input: &mut Input) -> ScoringContext {
    let hypnogram = if input.flag() {
        let stages: Vec<Stage> = (0..input.below(80))
            .map(|_| Stage::ALL[input.below(Stage::ALL.len())])
            .collect();
        if input.flag() {
            Hypnogram::with_timing(stages, input.float(60.0), input.float(100.0)).ok()
        } else {
            Some(Hypnogram::new(stages))
        }
    } else {
        None
    };
    ScoringContext {
        hypnogram,
        respiratory: intervals(input, 4),
        arousals: intervals(input, 4),
        recording_s: if input.flag() {
            Some(input.float(1e4))
        } else {
            None
        },
        lights: if input.flag() {
            Some(interval(input))
        } else {
            None
        },
        invalid: intervals(input, 4),
    }
}

/// Scores the fuzzer's night in batch and online and checks they agree.
pub fn check(data: &[u8]) {
    let mut input = Input::new(data);
    let c = criteria(&mut input);
    let ctx = context(&mut input);
    let mut events: Vec<LegMovement> = Vec::new();
    while !input.is_empty() && events.len() < 64 {
        events.push(movement(&mut input));
    }
    let ticks: Vec<f64> = (0..events.len()).map(|_| input.positive(30.0)).collect();
    let Ok(batch) = score(&c, &ctx, &events) else {
        return;
    };
    assert_usable(&batch.summary);
    let mut sorted = events.clone();
    sorted.sort_by(event_order);
    let mut online = OnlineScorer::new(c, ctx).expect("batch accepted these settings");
    let mut decisions = Vec::new();
    for (i, e) in sorted.iter().enumerate() {
        online
            .push(*e, &mut decisions)
            .expect("batch accepted this event");
        let next = sorted.get(i + 1).map_or(f64::INFINITY, |n| n.onset_s);
        // A tick is a time to advance to between this onset and the next; the fuzzer's
        // negative or NaN ticks are no such time (advancing before an onset is an error the
        // scorer reports, not a case to compare; nor is an infinite one, past a last onset
        // near f64::MAX).
        let t = e.onset_s + ticks[i];
        if t.is_finite() && t >= e.onset_s && t <= next {
            online
                .advance_to(t, &mut decisions)
                .expect("time moves forward");
        }
    }
    let report = online.finish(&mut decisions);
    assert_eq!(
        format!("{report:?}"),
        format!("{batch:?}"),
        "online != batch"
    );
}

/// A report the scorer accepts has figures a reader can use: no inf, NaN or negative hours.
pub fn assert_usable(s: &Summary) {
    let figures = [
        ("recording_hours", Some(s.recording_hours)),
        ("invalid_hours", Some(s.invalid_hours)),
        ("sleep_hours", s.sleep_hours),
        ("wake_hours", s.wake_hours),
        ("lm_index", s.lm_index),
        ("clm_index", s.clm_index),
        ("plm_index", s.plm_index),
        ("plms_index", s.plms_index),
        ("plmw_index", s.plmw_index),
        ("plms_nr_index", s.plms_nr_index),
        ("plms_arousal_index", s.plms_arousal_index),
        ("periodicity_index", s.periodicity_index),
    ];
    for (name, v) in figures {
        if let Some(v) = v {
            assert!(v.is_finite() && v >= 0.0, "{name} = {v}");
        }
    }
}
