//! A polysomnogram file scored as `plm_score --psg` scores it: its own EDF+ annotations
//! (or those of a separate annotation file) give the context, the leg EMG goes through
//! [`score_edf`], and when the annotations hold a technologist's leg movements, they are
//! scored the same way and compared with the detected ones. [`PsgNight::to_json`] is the
//! CLI's JSON report, so every caller (CLI, Python bindings) writes the same one.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::{PsgConfig, PsgReport, open_psg, score_edf};
use crate::Result;
use crate::event::Interval;
use crate::io::annotations::{Annotations, read_annotations};
use crate::io::edf::ChannelChoice;
use crate::score::{Agreement, Criteria, Report, ScoringContext, agreement};

/// How to score a polysomnogram file besides its path.
#[derive(Debug, Clone, Default)]
pub struct PsgOptions {
    /// Scoring criteria (default WASM 2016).
    pub criteria: Criteria,
    /// The left leg EMG channel by label (or `#N`, 0-based) instead of the label rules.
    pub left_channel: Option<String>,
    /// The right leg EMG channel by label (or `#N`).
    pub right_channel: Option<String>,
    /// An annotation file (RemLogic export, NSRR / Profusion XML, EDF+ annotations) whose
    /// kinds replace the PSG's own annotations of those kinds (clock times put on the EDF's
    /// time base).
    pub annotations: Option<PathBuf>,
}

/// The annotations used and the file they were last taken from.
#[derive(Debug, Clone, PartialEq)]
pub struct UsedAnnotations {
    /// The merged annotations.
    pub annotations: Annotations,
    /// The file named in the report (the separate file when one was given).
    pub file: String,
}

/// The technologist's leg movements, scored like the detected ones and compared with them.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredComparison {
    /// The scored movements' report (same standard and context).
    pub report: Report,
    /// Detected against scored, one-to-one by overlap on the same leg.
    pub agreement: Agreement,
}

/// A polysomnogram scored from its file: [`score_psg_file`].
#[derive(Debug, Clone)]
pub struct PsgNight {
    /// The file as named.
    pub file: String,
    /// EDF variant name (`EDF`, `EDF+C`, `EDF+D`, `BDF`, …).
    pub variant: &'static str,
    /// The night, channels and records read.
    pub psg: PsgReport,
    /// The context scored with (annotations, then the caller's overrides).
    pub context: ScoringContext,
    /// The annotations read, if any.
    pub annotations: Option<UsedAnnotations>,
    /// The annotations' own leg movements scored and compared, when they hold some.
    pub scored: Option<ScoredComparison>,
}

/// Scores a polysomnogram file: opens it and chooses its leg channels ([`open_psg`]), reads
/// its EDF+ annotations and `opts.annotations` (their kinds win), builds the context from
/// them through `context` (the caller's overrides, e.g.
/// [`crate::io::events::ContextFiles::apply`]), scores the leg EMG ([`score_edf`]) and,
/// when the annotations hold leg movements, scores those too and compares
/// ([`crate::score::agreement`]). Errors name the file.
pub fn score_psg_file(
    path: impl AsRef<Path>,
    opts: &PsgOptions,
    context: impl FnOnce(ScoringContext) -> Result<ScoringContext>,
) -> Result<PsgNight> {
    let path = path.as_ref();
    let (mut reader, channels) = open_psg(
        path,
        opts.left_channel.as_deref(),
        opts.right_channel.as_deref(),
    )?;
    let header = reader.header().clone();
    // The context must be known before the first record is scored, so the EDF+'s own
    // annotations are read in a first pass (record by record, like the second).
    let mut notes: Option<(Annotations, &Path)> = if header.variant.is_plus() {
        Some((read_annotations(path)?, path))
    } else {
        None
    };
    if let Some(p) = &opts.annotations {
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
        criteria: opts.criteria.clone(),
        context: context(base)?,
        ..PsgConfig::default()
    };
    let psg = score_edf(&config, &mut reader, &channels, |_| Ok(()))?;
    let detection = &psg.night.detection;
    let mut scored = None;
    if let Some((a, _)) = notes.as_ref().filter(|(a, _)| !a.movements.is_empty()) {
        // The same standard and context; the recording is the span the legs cover, as for
        // the detected movements, unless lights or a length were given.
        let mut context = config.context.clone();
        if context.lights.is_none() && context.recording_s.is_none() {
            context.lights = Some(Interval {
                onset_s: detection.start_s,
                offset_s: detection.end_s,
            });
        }
        scored = Some(ScoredComparison {
            report: a.score_movements(&opts.criteria, &context)?,
            agreement: agreement(
                &a.movements,
                &detection.movements(),
                opts.criteria.min_lm_duration_s,
            ),
        });
    }
    Ok(PsgNight {
        file: path.display().to_string(),
        variant: header.variant.name(),
        psg,
        context: config.context,
        annotations: notes.map(|(annotations, file)| UsedAnnotations {
            annotations,
            file: file.display().to_string(),
        }),
        scored,
    })
}

impl PsgNight {
    /// The report as `plm_score --psg … --json` writes it: the scoring report's keys plus
    /// `input` (the file, its variant, the records read, the channels chosen and why, per leg
    /// span, valid hours, gaps, saturated stretches and rejected count), `annotations` (see
    /// [`Annotations::to_json`]) when there were any, and `scored_summary` and `agreement`
    /// when the annotations hold leg movements.
    pub fn to_json(&self) -> Value {
        let night = &self.psg.night;
        let mut v = serde_json::to_value(&night.report).unwrap_or(Value::Null);
        let Value::Object(map) = &mut v else {
            return v;
        };
        map.insert("input".into(), self.input_json());
        if let Some(a) = &self.annotations {
            map.insert("annotations".into(), a.annotations.to_json(&a.file));
        }
        if let Some(s) = &self.scored {
            map.insert(
                "scored_summary".into(),
                serde_json::to_value(s.report.summary).unwrap_or(Value::Null),
            );
            map.insert(
                "agreement".into(),
                serde_json::to_value(s.agreement).unwrap_or(Value::Null),
            );
        }
        v
    }

    /// The JSON `input`: the file, its variant, the records read and the channels chosen.
    fn input_json(&self) -> Value {
        let channel = |c: &ChannelChoice| json!({"label": c.label, "rate_hz": c.rate_hz, "units": c.units, "why": c.why});
        let r = &self.psg;
        let d = &r.night.detection;
        json!({
            "file": self.file,
            "variant": self.variant,
            "records": r.records,
            "channels": {"left": channel(&r.channels.left), "right": channel(&r.channels.right)},
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
}
