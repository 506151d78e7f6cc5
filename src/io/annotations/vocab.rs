//! Event names of the lab formats, and the collector every reader fills.

use std::collections::BTreeMap;

use super::{AnnotationFormat, Annotations};
use crate::event::{Interval, Leg, LegMovement};
use crate::io::edf::leg_of_label;
use crate::score::{Hypnogram, Stage};
use crate::{Error, Result};

/// Longest hypnogram accepted (epochs): a month of 30-s epochs.
const MAX_EPOCHS: usize = 86_400;

/// What an event name means to the scorer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    /// A leg movement, with the side the name itself gives, if any.
    Movement(Option<Leg>),
    /// A scored epoch (or run of epochs); `Unknown` for unscored / movement time.
    Stage(Stage),
    /// Apnea, hypopnea or RERA.
    Respiratory,
    /// Any arousal.
    Arousal,
    /// Lights off.
    LightsOff,
    /// Lights on.
    LightsOn,
    /// Metadata the formats carry that is not an event (e.g. NSRR `Recording Start Time`).
    Meta,
    /// Anything else: counted and reported.
    Unknown,
}

/// Lower case, `-`, `_`, `.` and `|` read as spaces, runs of spaces collapsed.
fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for w in name
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '_' | '.' | '|' | '(' | ')'))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.to_lowercase());
    }
    out
}

fn side_of_words(words: &[&str]) -> Option<Leg> {
    let left = words
        .iter()
        .any(|w| matches!(*w, "left" | "l" | "sx" | "lat"));
    let right = words
        .iter()
        .any(|w| matches!(*w, "right" | "r" | "dx" | "rat"));
    match (left, right) {
        (true, false) => Some(Leg::Left),
        (false, true) => Some(Leg::Right),
        _ => None,
    }
}

/// Classifies an event name of any of the formats (EDF+ / PSG-IPA, RemLogic, NSRR, Profusion).
pub(crate) fn classify(name: &str) -> Kind {
    let n = normalise(name);
    let words: Vec<&str> = n.split(' ').collect();
    let has = |w: &str| words.contains(&w);
    let phrase = |p: &str| n.contains(p);
    // Stages.
    let stage =
        match n.as_str() {
            "sleep stage w" | "sleep s0" | "wake 0" | "wake" | "stage w" => Some(Stage::Wake),
            "sleep stage n1" | "sleep stage 1" | "sleep s1" | "stage 1 sleep 1"
            | "stage 1 sleep" => Some(Stage::N1),
            "sleep stage n2" | "sleep stage 2" | "sleep s2" | "stage 2 sleep 2"
            | "stage 2 sleep" => Some(Stage::N2),
            "sleep stage n3" | "sleep stage 3" | "sleep stage n4" | "sleep stage 4"
            | "sleep s3" | "sleep s4" | "stage 3 sleep 3" | "stage 4 sleep 4" | "stage 3 sleep"
            | "stage 4 sleep" => Some(Stage::N3),
            "sleep stage r" | "sleep stage rem" | "sleep rem" | "rem sleep 5" | "rem sleep" => {
                Some(Stage::Rem)
            }
            "sleep stage ?"
            | "sleep stage unknown"
            | "sleep mt"
            | "sleep unscored"
            | "movement 6"
            | "unscored 9"
            | "sleep stage mt" => Some(Stage::Unknown),
            _ => None,
        };
    if let Some(s) = stage {
        return Kind::Stage(s);
    }
    if n == "lights off" || n == "lights out" {
        return Kind::LightsOff;
    }
    if n == "lights on" {
        return Kind::LightsOn;
    }
    if n == "recording start time" || n == "recording starts" {
        return Kind::Meta;
    }
    // Respiratory before arousal: a RERA names an arousal.
    if has("apnea")
        || has("apnoea")
        || has("hypopnea")
        || has("hypopnoea")
        || has("rera")
        || phrase("respiratory effort related arousal")
        || words
            .iter()
            .any(|w| w.starts_with("apnea") || w.starts_with("hypopnea"))
    {
        return Kind::Respiratory;
    }
    if words.iter().any(|w| w.starts_with("arousal")) {
        return Kind::Arousal;
    }
    if phrase("limb movement")
        || phrase("leg movement")
        || phrase("limb movements")
        || has("plm")
        || has("lm")
        || has("plms")
    {
        return Kind::Movement(side_of_words(&words));
    }
    Kind::Unknown
}

/// Fills [`Annotations`] from classified events, counting what it cannot use.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    pub movements: Vec<LegMovement>,
    pub respiratory: Vec<Interval>,
    pub arousals: Vec<Interval>,
    stages: Vec<(f64, f64, Stage)>,
    lights_off: Option<f64>,
    lights_on: Option<f64>,
    unknown: BTreeMap<String, usize>,
    pub epoch_s: Option<f64>,
}

impl Collector {
    /// Counts `name` as not usable.
    pub fn count_unknown(&mut self, name: &str) {
        *self.unknown.entry(name.to_string()).or_default() += 1;
    }

    /// One event. `location` is the channel / location the format links it to; the leg of a
    /// movement comes from it (see [`leg_of_label`]) or from the name's side words.
    pub fn event(&mut self, name: &str, location: Option<&str>, onset_s: f64, duration_s: f64) {
        let kind = classify(name);
        let span = Interval {
            onset_s,
            offset_s: onset_s + duration_s.max(0.0),
        };
        match kind {
            Kind::Movement(side) => {
                let leg = location
                    .and_then(leg_of_label)
                    .or(side)
                    .or_else(|| location.and_then(|l| side_of_words(&[normalise(l).as_str()])));
                match leg {
                    Some(leg) => {
                        self.movements
                            .push(LegMovement::new(leg, span.onset_s, span.offset_s))
                    }
                    None => self.count_unknown(&format!(
                        "{name} (no leg in location {:?})",
                        location.unwrap_or("")
                    )),
                }
            }
            Kind::Stage(s) => self.stages.push((onset_s, duration_s, s)),
            Kind::Respiratory => self.respiratory.push(span),
            Kind::Arousal => self.arousals.push(span),
            Kind::LightsOff => self.lights_off = Some(onset_s),
            Kind::LightsOn => self.lights_on = Some(onset_s),
            Kind::Meta => {}
            Kind::Unknown => self.count_unknown(name),
        }
    }

    /// A stage for epoch `index` (from time 0), e.g. from a list of stages.
    pub fn epoch(&mut self, index: usize, epoch_s: f64, stage: Stage) {
        self.stages.push((index as f64 * epoch_s, epoch_s, stage));
    }

    /// Start of the first staged epoch, if any.
    pub fn first_stage_s(&self) -> Option<f64> {
        self.stages.iter().map(|s| s.0).min_by(f64::total_cmp)
    }

    fn hypnogram(&self, file: &str) -> Result<Option<Hypnogram>> {
        if self.stages.is_empty() {
            return Ok(None);
        }
        let epoch = self.epoch_s.unwrap_or(30.0);
        let start = self.first_stage_s().unwrap_or(0.0);
        let mut stages: Vec<Stage> = Vec::new();
        let mut sorted = self.stages.clone();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (onset, dur, stage) in sorted {
            let first = ((onset - start) / epoch).round();
            let n = (dur / epoch).round().max(1.0);
            if first + n > MAX_EPOCHS as f64 {
                return Err(Error::parse(
                    file,
                    0,
                    format!(
                        "stage event at {onset} s lasting {dur} s ends more than {MAX_EPOCHS} epochs after the first"
                    ),
                ));
            }
            let (first, n) = (first as usize, n as usize);
            if stages.len() < first + n {
                stages.resize(first + n, Stage::Unknown);
            }
            stages[first..first + n].fill(stage);
        }
        Hypnogram::with_timing(stages, epoch, start)
            .map(Some)
            .map_err(|e| Error::parse(file, 0, e.to_string()))
    }

    /// The annotations. Lights: both given, or one of them with the other at the hypnogram's
    /// edge; neither: `None`.
    pub fn finish(
        mut self,
        format: AnnotationFormat,
        file: &str,
        clock_origin_s: Option<f64>,
        outside: usize,
    ) -> Result<Annotations> {
        let hypnogram = self.hypnogram(file)?;
        let edges = hypnogram
            .as_ref()
            .map(|h| (h.start_s(), h.start_s() + h.duration_s()));
        let lights = match (self.lights_off, self.lights_on, edges) {
            (Some(a), Some(b), _) => Some((a, b)),
            (Some(a), None, Some((_, e))) => Some((a, e)),
            (None, Some(b), Some((s, _))) => Some((s, b)),
            _ => None,
        };
        let lights = match lights {
            Some((a, b)) if b < a => {
                return Err(Error::parse(
                    file,
                    0,
                    format!("lights on at {b} s is before lights off at {a} s"),
                ));
            }
            Some((a, b)) => Some(Interval {
                onset_s: a,
                offset_s: b,
            }),
            None => None,
        };
        self.movements.sort_by(crate::score::event_order);
        self.respiratory
            .sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
        self.arousals
            .sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
        Ok(Annotations {
            format,
            movements: self.movements,
            hypnogram,
            respiratory: self.respiratory,
            arousals: self.arousals,
            lights,
            unknown: self.unknown.into_iter().collect(),
            outside,
            clock_origin_s,
        })
    }
}
