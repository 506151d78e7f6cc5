//! Polysomnogram mode: the leg EMG of an EDF / EDF+ / BDF through the library's pipeline
//! (`plmkit::pipeline::score_edf`, record by record), scored with the PSG's own annotations or
//! those of `--annotations FILE`, and compared with the scorer's LMs when the annotations hold
//! them.

use std::fmt::Write as _;
use std::path::Path;

use plmkit::io::annotations::{Annotations, read_annotations};
use plmkit::io::edf::ChannelChoice;
use plmkit::pipeline::{PsgConfig, PsgReport, open_psg, score_edf};
use plmkit::score::{Agreement, AgreementCounts, Criteria, Report, agreement};
use plmkit::{Interval, Result};
use serde_json::{Value, json};

use crate::outputs::{self, Night};
use crate::{Args, lab};

/// Runs PSG mode.
pub fn run(args: &Args) -> Result<()> {
    let path = args.psg.as_ref().expect("psg mode has --psg");
    let standard = args.standard;
    let criteria = Criteria::for_standard(standard);
    let (mut reader, channels) = open_psg(
        path,
        args.left_channel.as_deref(),
        args.right_channel.as_deref(),
    )?;
    let header = reader.header().clone();
    // The context must be known before the first record is scored, so the EDF+'s own
    // annotations are read in a first pass (record by record, like the second).
    let mut notes: Option<(Annotations, &Path)> = if header.variant.is_plus() {
        Some((read_annotations(path)?, path.as_path()))
    } else {
        None
    };
    if let Some(p) = &args.annotations {
        let mut extra = read_annotations(p)?;
        // Clock-time formats (RemLogic) onto the EDF's time base.
        if let Some(by) = extra.offset_to(header.start_time_of_day_s) {
            extra.shift(by)?;
        }
        notes = Some(match notes {
            Some((mut own, _)) => {
                own.replace_kinds_from(extra);
                (own, p.as_path())
            }
            None => (extra, p.as_path()),
        });
    }
    let base = notes
        .as_ref()
        .map(|(a, _)| a.scoring_context())
        .unwrap_or_default();
    let config = PsgConfig {
        criteria: criteria.clone(),
        context: crate::scoring_context(args, base)?,
        ..PsgConfig::default()
    };
    let result = score_edf(&config, &mut reader, &channels, |_| Ok(()))?;
    let report = &result.night.report;
    let detection = &result.night.detection;

    let mut json_extra = vec![("input", input_json(path, header.variant.name(), &result))];
    let mut summary_extra = channels_summary(&result);
    let scored = match &notes {
        Some((a, file)) => {
            json_extra.push(("annotations", lab::annotations_json(a, file)));
            summary_extra.push_str(&lab::annotations_summary(a, file));
            (!a.movements.is_empty()).then_some(a)
        }
        None => None,
    };
    if let Some(a) = scored {
        // The same standard and context; the recording is the span the legs cover, as for the
        // detected movements, unless lights or a length were given.
        let mut context = config.context.clone();
        if context.lights.is_none() && context.recording_s.is_none() {
            context.lights = Some(Interval {
                onset_s: detection.start_s,
                offset_s: detection.end_s,
            });
        }
        let scored_report = a.score_movements(&criteria, &context)?;
        let agree = agreement(
            &a.movements,
            &detection.movements(),
            criteria.min_lm_duration_s,
        );
        summary_extra.push_str(&scored_summary(&scored_report, &agree));
        json_extra.push((
            "scored_summary",
            serde_json::to_value(scored_report.summary).unwrap_or(Value::Null),
        ));
        json_extra.push((
            "agreement",
            serde_json::to_value(agree).unwrap_or(Value::Null),
        ));
    }
    let night = Night {
        detection: Some(detection),
        source: "polysomnographic leg EMG (WASM 2016 EMG rules)",
        json_extra,
        summary_extra,
        scored: scored.map_or(&[], |a| &a.movements),
        ..Night::of_report(
            report,
            config.context.hypnogram.as_ref(),
            format!("{} ({})", path.display(), standard.name()),
        )
    };
    outputs::write_all(args, &night)
}

fn channel_json(c: &ChannelChoice) -> Value {
    json!({"label": c.label, "rate_hz": c.rate_hz, "units": c.units, "why": c.why})
}

/// The JSON `input`: the file, its variant, the records read and the channels chosen.
fn input_json(path: &Path, variant: &str, r: &PsgReport) -> Value {
    let d = &r.night.detection;
    json!({
        "file": path.display().to_string(),
        "variant": variant,
        "records": r.records,
        "channels": {"left": channel_json(&r.channels.left), "right": channel_json(&r.channels.right)},
        "legs": d.legs.iter().map(|l| json!({
            "leg": l.leg,
            "start_s": l.start_s,
            "end_s": l.end_s,
            "valid_hours": l.valid_s / 3600.0,
            "invalid": l.invalid,
            "saturated": l.saturated,
            "rejected": l.rejected.len(),
        })).collect::<Vec<_>>(),
        "valid_hours": d.valid_s / 3600.0,
    })
}

fn channels_summary(r: &PsgReport) -> String {
    let mut out = String::new();
    for (leg, c) in [("left", &r.channels.left), ("right", &r.channels.right)] {
        let l = r.night.detection.legs.iter().find(|l| l.leg.name() == leg);
        let _ = writeln!(
            out,
            "  {leg:<5} EMG     {:?} at {} Hz ({}): {}; {} gap(s), {} saturated stretch(es)",
            c.label,
            c.rate_hz,
            c.units,
            c.why,
            l.map_or(0, |l| l.invalid.len()),
            l.map_or(0, |l| l.saturated.len()),
        );
    }
    out
}

fn rate(x: Option<f64>) -> String {
    x.map_or("n/a".into(), |v| format!("{v:.3}"))
}

fn counts_line(name: &str, c: &AgreementCounts) -> String {
    format!(
        "    {name:<7} scored {:>5}  detected {:>5}  matched {:>5}  sensitivity {}  PPV {}  F1 {}\n",
        c.scored,
        c.detected,
        c.matched,
        rate(c.sensitivity),
        rate(c.ppv),
        rate(c.f1)
    )
}

/// The scorer's LMs scored the same way, and how the detection agrees with them.
fn scored_summary(r: &Report, a: &Agreement) -> String {
    let s = &r.summary;
    let index = |x: Option<f64>| x.map_or("n/a".to_string(), |v| format!("{v:.1} /h"));
    let mut out = format!(
        "  scored LMs    PLMS index {} ({} PLMS), PLMW index {}, {} LM (the annotations' own)\n",
        index(s.plms_index),
        s.plms_count,
        index(s.plmw_index),
        s.lm_count
    );
    out.push_str("  agreement     detected vs scored, monolateral LMs >= 0.5 s, one-to-one:\n");
    out.push_str(&counts_line("left", &a.left));
    out.push_str(&counts_line("right", &a.right));
    out.push_str(&counts_line("pooled", &a.pooled));
    out
}
