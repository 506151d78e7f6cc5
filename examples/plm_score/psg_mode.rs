//! Polysomnogram mode: the leg EMG of an EDF / EDF+ / BDF through the library's pipeline
//! (`plmkit::pipeline::score_edf`, record by record), scored with the PSG's own annotations or
//! those of `--annotations FILE`, and compared with the scorer's LMs when the annotations hold
//! them.

use std::fmt::Write as _;
use std::path::Path;

use plmkit::Result;
use plmkit::pipeline::{PsgOptions, PsgReport, score_psg_file};
use plmkit::score::{Agreement, AgreementCounts, Criteria, Report};

use crate::outputs::{self, Night};
use crate::{Args, lab};

/// Runs PSG mode.
pub fn run(args: &Args) -> Result<()> {
    let path = args.psg.as_ref().expect("psg mode has --psg");
    let standard = args.standard;
    let opts = PsgOptions {
        criteria: Criteria::for_standard(standard),
        left_channel: args.left_channel.clone(),
        right_channel: args.right_channel.clone(),
        annotations: args.annotations.clone(),
    };
    let psg = score_psg_file(path, &opts, |base| crate::scoring_context(args, base, None))?;
    let mut summary_extra = channels_summary(&psg.psg);
    if let Some(a) = &psg.annotations {
        summary_extra.push_str(&lab::annotations_summary(
            &a.annotations,
            Path::new(&a.file),
        ));
    }
    if let Some(s) = &psg.scored {
        summary_extra.push_str(&scored_summary(&s.report, &s.agreement));
    }
    let scored = psg
        .scored
        .as_ref()
        .and(psg.annotations.as_ref())
        .map_or(&[][..], |a| &a.annotations.movements);
    let night = Night {
        detection: Some(&psg.psg.night.detection),
        source: "polysomnographic leg EMG (WASM 2016 EMG rules)",
        json: Some(psg.to_json()),
        summary_extra,
        scored,
        clock_start_s: Some(psg.psg.start_time_of_day_s),
        ..Night::of_report(
            &psg.psg.night.report,
            psg.context.hypnogram.as_ref(),
            path.display().to_string(),
        )
    };
    outputs::write_all(args, &night)
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
