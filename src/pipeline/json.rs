//! The pipeline's results as JSON, in one place: what `plm_score --json` writes (after
//! [`super::FileReport::to_json`] / [`super::PsgNight::to_json`] add their inputs), what the
//! `stream` example prints per event, and what the Python bindings return.

use serde_json::{Value, json};

use super::{MultiNight, NightReport, PipelineEvent, ScoredNight};
use crate::detect::Detection;
use crate::event::{Interval, MovementKind};
use crate::io::trace::CivilDateTime;
use crate::score::Decision;
use crate::score::IndexBasis;

impl NightReport {
    /// The scoring report's keys (`schema_version` 1, see [`crate::score::Report`]) plus
    /// `data_quality` (span, valid hours, and per leg the detector's quality counts, timeline
    /// statistics, invalid and saturated stretches, rejected candidates and final noise floor)
    /// and `clock_drift` (the right clock against the left: `ppm`, `offset_s`, `pairs`,
    /// `applied`; see [`super::clock::ClockDrift`]), `nights` (per night: `night`, `start_s`,
    /// `end_s`, `start`, `end` (null here: see [`to_json_at`](Self::to_json_at)), `source`,
    /// `valid_hours`, `counted`, `index_basis` (`sleep`, or `rest_period` without a hypnogram:
    /// per hour of the night's window) and `summary`) and `multi_night` ([`MultiNight`]);
    /// `data_quality` lists `non_wear` and `naps`. Every stretch of time in the report (nights,
    /// series, non-wear, naps, invalid and saturated stretches) is named `start_s` / `end_s`
    /// (stretches of the night also `start` / `end` as clock times); events (movements,
    /// rejected candidates) have an `onset_s` / `offset_s`.
    pub fn to_json(&self) -> Value {
        self.to_json_at(None)
    }

    /// [`to_json`](Self::to_json) with the nights' clock times: `origin_unix_s` is the shared
    /// clock's zero as seconds from 1970 (a naive local time read as UTC, as the trace
    /// readers give it), written as ISO 8601 `start` and `end`.
    pub fn to_json_at(&self, origin_unix_s: Option<f64>) -> Value {
        let mut v = serde_json::to_value(&self.report).unwrap_or(Value::Null);
        let d = &self.detection;
        let legs: Vec<Value> = d
            .legs
            .iter()
            .map(|l| {
                json!({
                    "leg": l.leg,
                    "start_s": l.start_s,
                    "end_s": l.end_s,
                    "valid_hours": l.valid_s / 3600.0,
                    "quality": l.quality,
                    "timeline": l.timeline,
                    "invalid": stretches(&l.invalid, origin_unix_s),
                    "saturated": stretches(&l.saturated, origin_unix_s),
                    "rejected": l.rejected,
                    "final_noise_floor_g": l.final_noise_floor_g,
                })
            })
            .collect();
        if let Value::Object(map) = &mut v {
            map.insert(
                "clock_drift".into(),
                serde_json::to_value(self.clock).unwrap_or(Value::Null),
            );
            map.insert(
                "data_quality".into(),
                json!({
                    "start_s": d.start_s,
                    "end_s": d.end_s,
                    "valid_hours": d.valid_s / 3600.0,
                    "non_wear": stretches(&self.non_wear, origin_unix_s),
                    "naps": stretches(&self.naps, origin_unix_s),
                    "legs": legs,
                }),
            );
            let nights: Vec<Value> = self
                .nights
                .iter()
                .map(|n| night_json(n, origin_unix_s))
                .collect();
            map.insert("nights".into(), Value::Array(nights));
            map.insert(
                "multi_night".into(),
                serde_json::to_value(MultiNight::of(&self.nights)).unwrap_or(Value::Null),
            );
        }
        v
    }
}

/// Stretches of time as `{start_s, end_s, start, end}` (clock times null without an origin).
fn stretches(list: &[Interval], origin_unix_s: Option<f64>) -> Value {
    list.iter()
        .map(|i| {
            json!({
                "start_s": i.onset_s,
                "end_s": i.offset_s,
                "start": clock_time(origin_unix_s, i.onset_s),
                "end": clock_time(origin_unix_s, i.offset_s),
            })
        })
        .collect()
}

/// A clock time as ISO 8601, `origin + s` rounded to the millisecond.
fn clock_time(origin_unix_s: Option<f64>, s: f64) -> Value {
    match origin_unix_s {
        Some(o) if (o + s).is_finite() => {
            let ms = ((o + s) * 1000.0).round() as i64;
            Value::String(CivilDateTime::from_unix_nanos(ms * 1_000_000).to_string())
        }
        _ => Value::Null,
    }
}

fn night_json(n: &ScoredNight, origin_unix_s: Option<f64>) -> Value {
    json!({
        "night": n.night,
        "start_s": n.start_s,
        "end_s": n.end_s,
        "start": clock_time(origin_unix_s, n.start_s),
        "end": clock_time(origin_unix_s, n.end_s),
        "source": n.source,
        "valid_hours": n.valid_hours,
        "counted": n.counted,
        "index_basis": match n.report.index_basis {
            IndexBasis::Sleep => "sleep",
            IndexBasis::Recording => "rest_period",
        },
        "summary": n.report.summary,
        "series": n.report.series.len(),
    })
}

impl PipelineEvent {
    /// One event as a JSON object: `{"event": "lm" | "posture" | "rejected" | "invalid" |
    /// "saturated", "leg", "onset_s", "offset_s", …}` for a detection, `{"event": "scored" |
    /// "periodic" | "series", …}` for a scoring decision.
    pub fn to_json(&self) -> Value {
        match *self {
            PipelineEvent::Detected { leg, detection } => match detection {
                Detection::Movement(m) => json!({
                    "event": if m.kind == MovementKind::Gross { "posture" } else { "lm" },
                    "leg": leg,
                    "onset_s": m.onset_s,
                    "offset_s": m.offset_s,
                    "peak_g": m.peak,
                }),
                Detection::Rejected(r) => json!({
                    "event": "rejected",
                    "leg": leg,
                    "onset_s": r.movement.onset_s,
                    "offset_s": r.movement.offset_s,
                    "reason": r.reason,
                }),
                Detection::Invalid(i) | Detection::Saturated(i) => json!({
                    "event": if matches!(detection, Detection::Invalid(_)) { "invalid" } else { "saturated" },
                    "leg": leg,
                    "onset_s": i.onset_s,
                    "offset_s": i.offset_s,
                }),
            },
            PipelineEvent::Decided(d) => match d {
                Decision::Scored { index, movement } => {
                    let mut v = serde_json::to_value(movement).unwrap_or(Value::Null);
                    if let Value::Object(m) = &mut v {
                        m.insert("event".into(), "scored".into());
                        m.insert("index".into(), index.into());
                    }
                    v
                }
                Decision::Periodic {
                    index,
                    nr,
                    series_id,
                } => json!({
                    "event": "periodic",
                    "index": index,
                    "nr": nr,
                    "series_id": series_id,
                }),
                Decision::Series { nr, series } => json!({
                    "event": "series",
                    "nr": nr,
                    "id": series.id,
                    "start_s": series.start_s,
                    "end_s": series.end_s,
                    "count": series.count,
                }),
            },
        }
    }
}
