//! Writers of the lab formats, from [`Annotations`], so format fixtures are regenerable.

use std::fmt::Write as _;

use super::Annotations;
use crate::event::{Interval, Leg};
use crate::score::Stage;

fn remlogic_stage(s: Stage) -> &'static str {
    match s {
        Stage::Wake => "SLEEP-S0",
        Stage::N1 => "SLEEP-S1",
        Stage::N2 => "SLEEP-S2",
        Stage::N3 => "SLEEP-S3",
        Stage::Rem => "SLEEP-REM",
        Stage::Sleep | Stage::Unknown => "SLEEP-UNSCORED",
    }
}

fn short_stage(s: Stage) -> &'static str {
    match s {
        Stage::Wake => "W",
        Stage::N1 => "N1",
        Stage::N2 => "N2",
        Stage::N3 => "N3",
        Stage::Rem => "REM",
        Stage::Sleep | Stage::Unknown => "N/A",
    }
}

/// `yyyy-mm-ddThh:mm:ss.ffffff` for `t` s after midnight of 2026-01-01.
fn iso(t: f64) -> String {
    let us = (t * 1e6).round() as i64;
    let (day, rem) = (us.div_euclid(86_400_000_000), us.rem_euclid(86_400_000_000));
    let s = rem / 1_000_000;
    format!(
        "2026-01-{:02}T{:02}:{:02}:{:02}.{:06}",
        1 + day,
        s / 3600,
        s / 60 % 60,
        s % 60,
        rem % 1_000_000
    )
}

/// A RemLogic event export of `a` whose time zero is at `origin_s` s after midnight. Leg
/// movements are `PLM-LM` rows whose `Location` cycles through `locations[leg]` (so one leg can
/// appear under several names); apneas are `APNEA-OBSTRUCTIVE`, arousals `AROUSAL-SPONT`.
pub fn write_remlogic(a: &Annotations, origin_s: f64, locations: [&[&str]; 2]) -> String {
    let mut rows: Vec<(f64, String, f64, String)> = Vec::new();
    let stage_at = |t: f64| {
        a.hypnogram
            .as_ref()
            .map_or(Stage::Unknown, |h| h.stage_at(t))
    };
    if let Some(h) = &a.hypnogram {
        for (i, s) in h.stages().iter().enumerate() {
            let t = h.start_s() + i as f64 * h.epoch_s();
            rows.push((
                t,
                remlogic_stage(*s).into(),
                h.epoch_s(),
                "EEG-C4-A1".into(),
            ));
        }
    }
    let mut k = [0usize; 2];
    for m in &a.movements {
        let l = usize::from(m.leg == Leg::Right);
        let names = locations[l];
        let loc = names[k[l] % names.len()];
        k[l] += 1;
        rows.push((m.onset_s, "PLM-LM".into(), m.duration_s(), loc.into()));
    }
    let spans = |rows: &mut Vec<_>, v: &[Interval], name: &str, loc: &str| {
        for i in v {
            rows.push((
                i.onset_s,
                name.to_string(),
                i.offset_s - i.onset_s,
                loc.to_string(),
            ));
        }
    };
    spans(&mut rows, &a.respiratory, "APNEA-OBSTRUCTIVE", "Flow");
    spans(&mut rows, &a.arousals, "AROUSAL-SPONT", "EEG-C4-A1");
    if let Some(l) = a.lights {
        rows.push((l.onset_s, "LIGHTS-OFF".into(), 0.0, String::new()));
        rows.push((l.offset_s, "LIGHTS-ON".into(), 0.0, String::new()));
    }
    rows.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut out = String::new();
    out.push_str("RemLogic Event Export\n");
    out.push_str("Patient ID:\tsim\nRecording Date:\t2026-01-01\nEvents Included:\n");
    let mut names: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    for n in names {
        let _ = writeln!(out, "{n}");
    }
    out.push('\n');
    out.push_str("Sleep Stage\tPosition\tTime [hh:mm:ss]\tEvent\tDuration[s]\tLocation\n");
    for (t, name, d, loc) in rows {
        let _ = writeln!(
            out,
            "{}\tSupine\t{}\t{name}\t{d}\t{loc}",
            short_stage(stage_at(t)),
            iso(origin_s + t)
        );
    }
    out
}

fn nsrr_stage(s: Stage) -> &'static str {
    match s {
        Stage::Wake => "Wake|0",
        Stage::N1 => "Stage 1 sleep|1",
        Stage::N2 => "Stage 2 sleep|2",
        Stage::N3 => "Stage 3 sleep|3",
        Stage::Rem => "REM sleep|5",
        Stage::Sleep | Stage::Unknown => "Unscored|9",
    }
}

/// NSRR annotation XML of `a` (lights are not part of the NSRR vocabulary and are left out).
pub fn write_nsrr_xml(a: &Annotations, origin_s: f64) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<PSGAnnotation>\n<SoftwareVersion>Compumedics</SoftwareVersion>\n",
    );
    let epoch = a.hypnogram.as_ref().map_or(30.0, |h| h.epoch_s());
    let _ = writeln!(out, "<EpochLength>{epoch}</EpochLength>\n<ScoredEvents>");
    let s = origin_s.rem_euclid(86_400.0) as u64;
    let _ = writeln!(
        out,
        "<ScoredEvent>\n<EventType/>\n<EventConcept>Recording Start Time</EventConcept>\n<Start>0</Start>\n<Duration>0</Duration>\n<ClockTime>00.00.00 {:02}.{:02}.{:02}</ClockTime>\n</ScoredEvent>",
        s / 3600,
        s / 60 % 60,
        s % 60
    );
    let mut ev = |ty: &str, concept: &str, start: f64, dur: f64, loc: Option<&str>| {
        let _ = write!(
            out,
            "<ScoredEvent>\n<EventType>{ty}</EventType>\n<EventConcept>{concept}</EventConcept>\n<Start>{start}</Start>\n<Duration>{dur}</Duration>\n"
        );
        if let Some(l) = loc {
            let _ = writeln!(out, "<SignalLocation>{l}</SignalLocation>");
        }
        out.push_str("</ScoredEvent>\n");
    };
    if let Some(h) = &a.hypnogram {
        for (i, st) in h.stages().iter().enumerate() {
            let t = h.start_s() + i as f64 * h.epoch_s();
            ev("Stages|Stages", nsrr_stage(*st), t, h.epoch_s(), None);
        }
    }
    for m in &a.movements {
        let (concept, loc) = match m.leg {
            Leg::Left => ("Limb movement - left|Limb Movement (Left)", "Left Leg"),
            Leg::Right => ("Limb movement - right|Limb Movement (Right)", "Right Leg"),
        };
        ev(
            "Limb Movement|Limb Movement",
            concept,
            m.onset_s,
            m.duration_s(),
            Some(loc),
        );
    }
    // Interval lists: the NSRR event type, concept and signal location each is written with.
    let lists = [
        (
            &a.respiratory,
            "Respiratory|Respiratory",
            "Obstructive apnea|Obstructive Apnea",
            "ABDO RES",
        ),
        (&a.arousals, "Arousals|Arousals", "Arousal|Arousal ()", "C3"),
    ];
    for (list, event_type, concept, location) in lists {
        for r in list {
            ev(
                event_type,
                concept,
                r.onset_s,
                r.duration_s(),
                Some(location),
            );
        }
    }
    out.push_str("</ScoredEvents>\n</PSGAnnotation>\n");
    out
}
