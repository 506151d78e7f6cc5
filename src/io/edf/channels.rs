//! Choosing the left and right leg EMG channels by label.
//!
//! Labs name the anterior tibialis derivations in many ways. A label is split into tokens at
//! anything that is not a letter or digit, trailing electrode digits are dropped (`LLEG1` →
//! `LLEG`), and the tokens are read as:
//!
//! | evidence | tokens |
//! |---|---|
//! | leg and side in one | `LAT` / `RAT`, `LLEG` / `RLEG`, `LANTIB` / `RANTIB`, `LTIB` / `RTIB`, `LTA` / `RTA` |
//! | leg | `LEG`, `TIB`, `TIBIALIS`, `ANTIB`, `AT`, `TA`, `PLM`, `LM` |
//! | side | `L`, `LEFT`, `SX`, `SIN` / `R`, `RIGHT`, `DX`, `DEX` |
//! | EMG | `EMG` (preferred among candidates) |
//!
//! So `EMG LAT`, `LAT`, `Leg L`, `LLEG1-LLEG2`, `LAntib1-LAntib2`, `EMG.Tibialis-Leg.Left`
//! and `TIB Sx` are left-leg channels, their mirror images right-leg ones. A channel needs
//! leg evidence and exactly one side; annotation signals and signals whose unit is not a
//! voltage are skipped. Among several candidates for one side the one with an `EMG` token
//! wins, then a bipolar one (`-` in the label), then the first in the file; the choice's `why`
//! says which rule decided. An override (a label, any case, or `#N` for the N-th signal, 1-based)
//! replaces the search for its side.

use super::header::{EdfHeader, SignalInfo};
use crate::event::Leg;
use crate::{Error, Result};

/// One chosen channel and why it was chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelChoice {
    /// 0-based signal index in the file.
    pub index: usize,
    /// The signal's label.
    pub label: String,
    /// Its sample rate (Hz).
    pub rate_hz: f64,
    /// Its physical dimension as written (samples are read in µV whatever it is).
    pub units: String,
    /// Why this channel: the override, or the matching rule and the other candidates.
    pub why: String,
}

/// The two leg channels of a recording.
#[derive(Debug, Clone, PartialEq)]
pub struct LegChannels {
    /// The left anterior tibialis channel.
    pub left: ChannelChoice,
    /// The right anterior tibialis channel.
    pub right: ChannelChoice,
}

impl LegChannels {
    /// The choice for `leg`.
    pub fn get(&self, leg: Leg) -> &ChannelChoice {
        match leg {
            Leg::Left => &self.left,
            Leg::Right => &self.right,
        }
    }
}

/// The leg a channel label names (leg evidence and exactly one side, as
/// [`choose_leg_channels`] reads labels), or `None`. Annotation readers resolve linked channel
/// names and location names with it.
pub fn leg_of_label(label: &str) -> Option<Leg> {
    let c = classify(label);
    if c.leg { c.side } else { None }
}

#[derive(Debug, Default, Clone, Copy)]
struct Evidence {
    leg: bool,
    side: Option<Leg>,
    conflict: bool,
    emg: bool,
}

fn classify(label: &str) -> Evidence {
    let mut ev = Evidence::default();
    let side = |ev: &mut Evidence, s: Leg| match ev.side {
        Some(x) if x != s => ev.conflict = true,
        _ => ev.side = Some(s),
    };
    for raw in label.split(|c: char| !c.is_ascii_alphanumeric()) {
        let upper = raw.to_ascii_uppercase();
        let tok = upper.trim_end_matches(|c: char| c.is_ascii_digit());
        match tok {
            "LAT" | "LLEG" | "LANTIB" | "LTIB" | "LTA" => {
                ev.leg = true;
                side(&mut ev, Leg::Left);
            }
            "RAT" | "RLEG" | "RANTIB" | "RTIB" | "RTA" => {
                ev.leg = true;
                side(&mut ev, Leg::Right);
            }
            "LEG" | "LEGS" | "TIB" | "TIBIALIS" | "ANTIB" | "AT" | "TA" | "PLM" | "LM" => {
                ev.leg = true
            }
            "L" | "LEFT" | "SX" | "SIN" => side(&mut ev, Leg::Left),
            "R" | "RIGHT" | "DX" | "DEX" => side(&mut ev, Leg::Right),
            "EMG" => ev.emg = true,
            _ => {}
        }
    }
    if ev.conflict {
        ev.side = None;
    }
    ev
}

fn choice(s: &SignalInfo, why: String) -> ChannelChoice {
    ChannelChoice {
        index: s.index,
        label: s.header.label.clone(),
        rate_hz: s.rate_hz,
        units: s.header.physical_dimension.clone(),
        why,
    }
}

fn usable(s: &SignalInfo) -> bool {
    !s.is_annotations && s.uv_per_unit.is_some() && s.rate_hz > 0.0
}

fn by_override(header: &EdfHeader, leg: Leg, spec: &str) -> Result<ChannelChoice> {
    let spec = spec.trim();
    let found = if let Some(n) = spec.strip_prefix('#') {
        n.parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| header.signals.get(i))
    } else {
        header.signal_by_label(spec)
    };
    let s = found.ok_or_else(|| {
        Error::InvalidInput(format!(
            "{leg} leg channel {spec:?} not found; signals: {}",
            labels(header)
        ))
    })?;
    if !usable(s) {
        return Err(Error::InvalidInput(format!(
            "{leg} leg channel {:?} cannot be used: {}",
            s.header.label,
            if s.is_annotations {
                "it holds annotations".to_string()
            } else {
                format!(
                    "its unit {:?} is not a voltage",
                    s.header.physical_dimension
                )
            }
        )));
    }
    Ok(choice(s, format!("given as {spec:?}")))
}

fn labels(header: &EdfHeader) -> String {
    header
        .signals
        .iter()
        .map(|s| format!("{:?}", s.header.label))
        .collect::<Vec<_>>()
        .join(", ")
}

fn search(header: &EdfHeader, leg: Leg) -> Result<ChannelChoice> {
    let cands: Vec<(&SignalInfo, Evidence)> = header
        .signals
        .iter()
        .filter(|s| usable(s))
        .map(|s| (s, classify(&s.header.label)))
        .filter(|(_, e)| e.leg && e.side == Some(leg))
        .collect();
    let rank =
        |(s, e): &(&SignalInfo, Evidence)| (e.emg as u8) * 2 + s.header.label.contains('-') as u8;
    let best = cands
        .iter()
        .enumerate()
        .max_by(|(ia, a), (ib, b)| rank(a).cmp(&rank(b)).then(ib.cmp(ia)))
        .map(|(_, c)| c)
        .ok_or_else(|| {
            Error::InvalidInput(format!(
                "no {leg} leg EMG channel recognised by label; signals: {}; name one with an override",
                labels(header)
            ))
        })?;
    let mut why = format!("label {:?} names the {leg} leg", best.0.header.label);
    if cands.len() > 1 {
        let others: Vec<String> = cands
            .iter()
            .filter(|c| c.0.index != best.0.index)
            .map(|c| format!("{:?}", c.0.header.label))
            .collect();
        let rule = if rank(best) >= 2 && cands.iter().any(|c| rank(c) < 2) {
            "it says EMG"
        } else if rank(best) % 2 == 1 && cands.iter().any(|c| rank(c) % 2 == 0) {
            "it is bipolar"
        } else {
            "it comes first"
        };
        why.push_str(&format!(
            "; preferred over {} because {rule}",
            others.join(", ")
        ));
    }
    Ok(choice(best.0, why))
}

/// Chooses the left and right leg EMG channels of `header` by label (see the module docs),
/// or as overridden (a label or `#N`). Errors name the side and list the file's labels.
pub fn choose_leg_channels(
    header: &EdfHeader,
    left_override: Option<&str>,
    right_override: Option<&str>,
) -> Result<LegChannels> {
    let pick = |leg: Leg, o: Option<&str>| match o {
        Some(spec) => by_override(header, leg, spec),
        None => search(header, leg),
    };
    let left = pick(Leg::Left, left_override)?;
    let right = pick(Leg::Right, right_override)?;
    if left.index == right.index {
        return Err(Error::InvalidInput(format!(
            "left and right leg would both be channel {:?}",
            left.label
        )));
    }
    Ok(LegChannels { left, right })
}
