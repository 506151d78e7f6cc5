//! Everything plm_score writes: the JSON report, the per-movement CSV, the SVG overview and the
//! human summary.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use plmkit::detect::NightDetection;
use plmkit::io::OutputFile;
use plmkit::io::events::{write_movements_csv, write_report_json, write_text};
use plmkit::pipeline::FileReport;
use plmkit::score::{Hypnogram, IndexBasis, Report, Side};
use plmkit::{Error, Leg, LegMovement, MovementKind, Result};
use serde_json::Value;

use crate::Args;
use crate::night_svg::{LegTrack, MovementMark, NightPlot, write_night_svg};
use crate::nights_svg::{NightStrip, NightsPlot, write_nights_svg};
use plmkit::io::events::write_movements_csv_to;
use plmkit::io::trace::CivilDateTime;
use plmkit::pipeline::{MultiNight, NightSource, ScoredNight};

/// A scored night and what it came from.
pub struct Night<'a> {
    /// The scoring report.
    pub report: &'a Report,
    /// The hypnogram used, if any.
    pub hypnogram: Option<&'a Hypnogram>,
    /// The files and what was detected in them (trace mode only).
    pub files: Option<&'a FileReport>,
    /// What was detected, when not from trace files (PSG mode).
    pub detection: Option<&'a NightDetection>,
    /// Where the movements come from, for the summary's first line.
    pub source: &'a str,
    /// The whole JSON report, when the library assembled it (PSG mode:
    /// `plmkit::pipeline::PsgNight::to_json`).
    pub json: Option<Value>,
    /// Members added to the JSON report (lab-annotation events mode: `annotations`).
    pub json_extra: Vec<(&'static str, Value)>,
    /// Lines appended to the human summary.
    pub summary_extra: String,
    /// A human scorer's leg movements, drawn beside the detected ones in the SVG.
    pub scored: &'a [LegMovement],
    /// Title for the plot (the input; the plot adds the PLMS index and the standard).
    pub title: String,
    /// Time of day (s after midnight) of time 0, when the source says it without trace
    /// files (PSG mode: the EDF header's start); trace files give theirs in `files`.
    pub clock_start_s: Option<f64>,
}

impl<'a> Night<'a> {
    /// A night with nothing beyond the report: events mode.
    pub fn of_report(report: &'a Report, hypnogram: Option<&'a Hypnogram>, title: String) -> Self {
        Night {
            report,
            hypnogram,
            files: None,
            detection: None,
            source: "from the given leg-movement events",
            json: None,
            json_extra: Vec::new(),
            summary_extra: String::new(),
            scored: &[],
            title,
            clock_start_s: None,
        }
    }

    fn detection(&self) -> Option<&NightDetection> {
        self.files.map(|f| &f.night.detection).or(self.detection)
    }
}

/// Writes every output the arguments ask for, then the summary.
pub fn write_all(args: &Args, night: &Night) -> Result<()> {
    if let (Some(p), Some(v)) = (&args.json, &night.json) {
        write_json(v, p)?;
    } else if let Some(p) = &args.json {
        match (night.files, night.json_extra.is_empty()) {
            (None, true) => write_report_json(night.report, p)?,
            (files, _) => {
                let mut v = match files {
                    Some(f) => f.to_json(),
                    None => serde_json::to_value(night.report).unwrap_or(Value::Null),
                };
                if let Value::Object(map) = &mut v {
                    for (k, x) in &night.json_extra {
                        map.insert((*k).to_string(), x.clone());
                    }
                }
                write_json(&v, p)?
            }
        }
    }
    let nights = night.files.map(|f| &f.night.nights[..]).unwrap_or(&[]);
    if let Some(p) = &args.events_out {
        if nights.is_empty() {
            write_movements_csv(night.report, p)?;
        } else {
            write_night_rows(nights, p)?;
        }
    }
    if let Some(p) = &args.svg {
        match night.files {
            Some(f) if f.night.nights.len() > 1 || is_multi_night(f) => {
                write_nights_svg(&nights_plot(plot_title(night), f), p)?
            }
            _ => write_night_svg(&night_plot(night), p)?,
        }
    }
    let text = summary(night);
    if args.summary {
        // Asked for on standard output, the summary is an output like the others: failing to
        // write it (a full disk behind a redirect) is an error. A closed pipe (`| head`) is
        // the reader's choice, not a failure.
        match std::io::stdout().lock().write_all(text.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                return Err(Error::io("<stdout>", e));
            }
            _ => {}
        }
    } else {
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
    Ok(())
}

/// Checks, before any input is read, that every output file can be created: a missing or
/// unwritable directory is reported at once instead of after scoring a night.
pub fn check_outputs(args: &Args) -> Result<()> {
    for p in [&args.json, &args.events_out, &args.svg]
        .into_iter()
        .flatten()
    {
        if p.as_path() != Path::new("-") {
            // Dropped uncommitted: the temporary file goes again and the target is untouched.
            OutputFile::create(p)?;
        }
    }
    Ok(())
}

/// The scored movements night by night: the movement CSV's columns after a `night` column.
fn write_night_rows(nights: &[ScoredNight], dest: &Path) -> Result<()> {
    let write = |out: &mut dyn std::io::Write| -> std::io::Result<()> {
        let mut first = true;
        for n in nights {
            let mut buf = Vec::new();
            write_movements_csv_to(&n.report, &mut buf)?;
            let text = String::from_utf8_lossy(&buf);
            let mut lines = text.lines();
            let header = lines.next().unwrap_or_default();
            if first {
                writeln!(out, "night,{header}")?;
                first = false;
            }
            for line in lines {
                writeln!(out, "{},{line}", n.night)?;
            }
        }
        out.flush()
    };
    if dest == Path::new("-") {
        return write(&mut std::io::stdout().lock()).map_err(|e| Error::io("<stdout>", e));
    }
    OutputFile::write_with(dest, write)
}

/// Whether the nights are those of a multi-night recording (detected or from a diary).
fn is_multi_night(f: &FileReport) -> bool {
    f.night
        .nights
        .iter()
        .any(|n| matches!(n.source, NightSource::Detected | NightSource::Diary))
        || f.night.nights.is_empty()
}

/// A night's clock time, or its seconds when the recording's start is unknown.
fn clock(origin: Option<f64>, s: f64) -> String {
    match origin {
        Some(o) => {
            let ms = ((o + s) * 1000.0).round() as i64;
            let t = CivilDateTime::from_unix_nanos(ms * 1_000_000).to_string();
            t.get(..16).unwrap_or(&t).replace('T', " ")
        }
        None => format!("{s:.0} s"),
    }
}

/// What the multi-night SVG shows.
fn nights_plot(title: String, f: &FileReport) -> NightsPlot {
    let origin = f.origin_unix_s();
    let strips = f
        .night
        .nights
        .iter()
        .map(|n| NightStrip {
            label: format!(
                "{} {}",
                n.night,
                clock(origin, n.start_s).get(..10).unwrap_or("")
            ),
            start_s: n.start_s,
            end_s: n.end_s,
            movements: n
                .report
                .movements
                .iter()
                .filter(|m| {
                    m.class.is_lm()
                        && m.excluded
                            .is_none_or(|e| e != plmkit::score::Exclusion::OutsideLights)
                })
                .map(|m| (m.onset_s, m.periodic))
                .collect(),
            series: n
                .report
                .series
                .iter()
                .map(|s| (s.start_s, s.end_s))
                .collect(),
            plms_index: n.report.summary.plms_index,
            counted: n.counted,
        })
        .collect();
    NightsPlot {
        title,
        origin_unix_s: origin,
        strips,
        non_wear: f
            .night
            .non_wear
            .iter()
            .map(|i| (i.onset_s, i.offset_s))
            .collect(),
        naps: f
            .night
            .naps
            .iter()
            .map(|i| (i.onset_s, i.offset_s))
            .collect(),
    }
}

fn write_json(v: &Value, dest: &Path) -> Result<()> {
    let mut text = serde_json::to_string_pretty(v).unwrap_or_default();
    text.push('\n');
    write_text(&text, dest)
}

/// What the SVG overview shows, from the report and the detection.
fn night_plot(night: &Night) -> NightPlot {
    let r = night.report;
    let legs: Vec<LegTrack> = night
        .detection()
        .map(|d| {
            d.legs
                .iter()
                .map(|l| LegTrack {
                    name: l.leg.to_string(),
                    envelope: (l.envelope.max_g.iter().enumerate())
                        .map(|(i, &g)| {
                            (l.envelope.start_s + i as f64 * l.envelope.step_s, g as f64)
                        })
                        .collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    let track_of = |side: Side| {
        let want = match side {
            Side::Left => "left",
            Side::Right => "right",
            Side::Bilateral => return None,
        };
        legs.iter().position(|t| t.name == want)
    };
    let movements = r
        .movements
        .iter()
        .filter(|m| m.class.is_lm() || m.kind == MovementKind::Gross)
        .map(|m| MovementMark {
            track: track_of(m.leg),
            onset_s: m.onset_s,
            offset_s: m.offset_s,
            periodic: m.periodic,
            gross: m.kind == MovementKind::Gross,
        })
        .collect();
    let scored = night
        .scored
        .iter()
        .filter(|m| m.kind == MovementKind::Leg)
        .map(|m| MovementMark {
            track: track_of(match m.leg {
                Leg::Left => Side::Left,
                Leg::Right => Side::Right,
            }),
            onset_s: m.onset_s,
            offset_s: m.offset_s,
            periodic: false,
            gross: false,
        })
        .collect();
    let rejected = night
        .detection()
        .map(|d| {
            d.legs
                .iter()
                .flat_map(|l| {
                    let track = track_of(match l.leg {
                        Leg::Left => Side::Left,
                        Leg::Right => Side::Right,
                    });
                    l.rejected.iter().map(move |r| MovementMark {
                        track,
                        onset_s: r.movement.onset_s,
                        offset_s: r.movement.offset_s,
                        periodic: false,
                        gross: false,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    // Idle spans are on each file's own clock; the offset puts them on the shared one.
    let idle = night
        .files
        .map(|f| {
            f.inputs
                .iter()
                .flat_map(|i| {
                    let step = i.info.sample_rate_hz.or(i.info.estimated_rate_hz);
                    let step = step.map_or(0.0, |hz| 1.0 / hz);
                    i.stats.idle_spans.iter().map(move |span| {
                        (
                            span.first_s + i.clock_offset_s,
                            span.last_s + step + i.clock_offset_s,
                        )
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let invalid = night
        .detection()
        .map(|d| {
            d.legs
                .iter()
                .flat_map(|l| l.invalid.iter().chain(&l.saturated))
                .map(|i| (i.onset_s, i.offset_s))
                .collect()
        })
        .unwrap_or_default();
    let last = r.movements.iter().map(|m| m.offset_s).fold(0.0, f64::max);
    let span_s = night
        .detection()
        .map(|d| d.end_s)
        .unwrap_or(r.summary.recording_hours * 3600.0)
        .max(last)
        .max(
            night
                .hypnogram
                .map_or(0.0, |h| h.start_s() + h.duration_s()),
        );
    NightPlot {
        title: plot_title(night),
        idle,
        rejected,
        clock_start_s: night
            .clock_start_s
            .or_else(|| night.files.and_then(clock_start_s)),
        span_s,
        legs,
        movements,
        scored,
        series: r.series.iter().map(|s| (s.start_s, s.end_s)).collect(),
        invalid,
        hypnogram: night.hypnogram.cloned(),
        imi_histogram: (
            r.imi_histogram.lo,
            r.imi_histogram.bin_width,
            r.imi_histogram.counts.clone(),
        ),
    }
}

/// The plots' title: the input, the PLMS index with what it is per, and the standard.
fn plot_title(night: &Night) -> String {
    let r = night.report;
    let nights = night.files.map_or(0, |f| f.night.nights.len());
    let per = match r.index_basis {
        IndexBasis::Sleep => "of sleep",
        IndexBasis::Recording if nights > 1 => "in bed (no hypnogram)",
        IndexBasis::Recording => "of recording (no hypnogram)",
    };
    let index = match r.summary.plms_index {
        Some(x) if nights > 1 => format!("PLMS index {x:.1} /h {per}, {nights} nights pooled"),
        Some(x) => format!("PLMS index {x:.1} /h {per}"),
        None => "PLMS index n/a".to_string(),
    };
    format!("{}: {index} ({})", night.title, r.criteria.standard)
}

/// Time of day (s after midnight) of the shared clock's zero, when the files were put on one
/// clock by their starts.
fn clock_start_s(files: &FileReport) -> Option<f64> {
    files.origin_unix_s().map(|zero| zero.rem_euclid(86_400.0))
}

/// One line per night, the multi-night statistics, the non-wear.
fn nights_summary(f: &FileReport, out: &mut String) {
    let origin = f.origin_unix_s();
    let index = |x: Option<f64>| x.map_or("n/a".to_string(), |v| format!("{v:.1} /h"));
    let nights = &f.night.nights;
    if is_multi_night(f) {
        let m = MultiNight::of(nights);
        let _ = writeln!(
            out,
            "  nights        {} ({} with enough valid time); PLMS index mean {}, median {}, sd {}, \
             range {} to {} (summary above: the nights pooled)",
            m.nights,
            m.nights_valid,
            index(m.plms_index_mean),
            index(m.plms_index_median),
            index(m.plms_index_sd),
            index(m.plms_index_min),
            index(m.plms_index_max)
        );
    }
    for n in nights {
        let s = &n.report.summary;
        let _ = writeln!(
            out,
            "  night {:<2}      {} to {} ({}), {:.2} h valid: PLMS index {} ({} PLMS){}",
            n.night,
            clock(origin, n.start_s),
            clock(origin, n.end_s),
            n.source.name(),
            n.valid_hours,
            index(s.plms_index),
            s.plms_count,
            if n.counted {
                ""
            } else {
                ", too short to count"
            }
        );
    }
    let nw = &f.night.non_wear;
    if !nw.is_empty() {
        let hours: f64 = nw.iter().map(|i| i.offset_s - i.onset_s).sum::<f64>() / 3600.0;
        let _ = writeln!(
            out,
            "  non-wear      {} stretch(es), {hours:.2} h, left out of every night's time",
            nw.len()
        );
    }
}

/// A few lines a clinician reads: time, indices, periodicity, data quality.
fn summary(night: &Night) -> String {
    let r = night.report;
    let s = &r.summary;
    let index = |x: Option<f64>| x.map_or("n/a".to_string(), |v| format!("{v:.1} /h"));
    let mut out = String::new();
    let source = night.source;
    let _ = writeln!(
        out,
        "PLM summary, {} criteria, {source}",
        r.criteria.standard.name()
    );
    let _ = writeln!(
        out,
        "  recording     {:.2} h scored ({:.2} h of invalid data left out)",
        s.recording_hours, s.invalid_hours
    );
    match (r.index_basis, s.sleep_hours, s.wake_hours) {
        (IndexBasis::Sleep, Some(sl), Some(wk)) => {
            let _ = writeln!(out, "  sleep / wake  {sl:.2} h / {wk:.2} h (hypnogram)");
        }
        _ => {
            let _ = writeln!(
                out,
                "  no hypnogram: indices below are per hour of recording, not of sleep"
            );
        }
    }
    let series = r.series.len();
    let _ = writeln!(
        out,
        "  PLMS index    {}  ({} PLMS in {series} series; {} with arousal)",
        index(s.plms_index),
        s.plms_count,
        s.plms_arousal_count
    );
    let _ = writeln!(
        out,
        "  PLMW index    {}  ({} PLMW)",
        index(s.plmw_index),
        s.plmw_count
    );
    let _ = writeln!(
        out,
        "  periodicity   {}",
        s.periodicity_index
            .map_or("n/a (no intervals)".to_string(), |p| format!(
                "{p:.2} (Ferri 2006)"
            ))
    );
    let _ = writeln!(
        out,
        "  movements     {} LM, {} candidate, {} periodic, {} posture changes",
        s.lm_count, s.clm_count, s.plm_count, s.gross_count
    );
    out.push_str(&night.summary_extra);
    if let Some(f) = night.files {
        nights_summary(f, &mut out);
    }
    if let Some(f) = night.files {
        for leg in &f.night.detection.legs {
            let Some(input) = f.inputs.iter().find(|i| i.leg == leg.leg) else {
                continue;
            };
            let skipped: usize = input.stats.skipped.iter().map(|k| k.count).sum();
            let _ = writeln!(
                out,
                "  {:<5} ankle   {} at {:.0} Hz in {}; {:.2} h valid, {} gap(s) ({:.0} s missing), \
                 {} saturated stretch(es), {} idle rows, {} rows or blocks skipped",
                leg.leg,
                input.info.format,
                leg.timeline.rate_hz,
                input.info.units,
                leg.valid_s / 3600.0,
                leg.quality.invalid_stretches,
                leg.quality.invalid_samples as f64 / leg.timeline.rate_hz.max(1e-9),
                leg.quality.saturated_stretches,
                leg.timeline.zero_rows,
                skipped,
            );
            if let Some(first) = input.stats.skipped.iter().min_by_key(|k| k.first_line) {
                let _ = writeln!(
                    out,
                    "    first skipped: line {}, {}",
                    first.first_line, first.first_what
                );
            }
            if let Some(cut) = &input.stats.truncated {
                let _ = writeln!(out, "  warning: {}: {}", input.info.file, cut.what);
            }
        }
    }
    if s.recording_hours < 1.0 {
        let _ = writeln!(
            out,
            "  warning: less than an hour scored ({:.2} h): the indices per hour are unsteady",
            s.recording_hours
        );
    }
    for w in &r.warnings {
        let _ = writeln!(out, "  warning: {}", w.message);
    }
    out
}
