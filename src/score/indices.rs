//! Summary counts, indices, the periodicity index and IMI histograms, computed from the scored
//! movements once scoring is done.

use super::criteria::TIME_TOLERANCE_S;
use super::hypnogram::{Hypnogram, Stage};
use super::quality::InvalidTime;
use super::report::{Exclusion, Histogram, IndexBasis, ScoredMovement, Side, Summary};
use crate::event::MovementKind;

/// Number of IMI bins (2 s to 90 s; 0.1 in ln over 0–4.5).
const IMI_BINS: usize = 45;

/// Ferri 2006 periodicity index: the fraction of IMIs that lie in runs of at least 3 consecutive
/// IMIs with 10 < IMI <= 90 s. `None` when there is no IMI.
///
/// The input is the sequence of IMIs in onset order, with `None` where there is no interval:
/// a `None` ends a run and is not counted. The report uses the `imi_s` of every candidate that
/// took part in series building (AASM: scored LMs, WASM: CLMs), in onset order: the
/// onset-to-onset interval from the previous kept candidate, `None` for the first candidate and
/// for the first after a series breaker (non-CLM, gross movement), since no interval between
/// consecutive movements spans a breaker. Removed candidates (AASM respiratory, out of scope) are
/// skipped, as in series building.
pub fn periodicity_index(imis: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    let (mut total, mut periodic, mut run) = (0usize, 0usize, 0usize);
    for imi in imis {
        let in_run = match imi {
            Some(x) => {
                total += 1;
                x > 10.0 && x <= 90.0
            }
            None => false,
        };
        if in_run {
            run += 1;
        } else {
            if run >= 3 {
                periodic += run;
            }
            run = 0;
        }
    }
    if run >= 3 {
        periodic += run;
    }
    (total > 0).then(|| periodic as f64 / total as f64)
}

/// Histogram of `values` into `IMI_BINS` right-closed bins `(lo + i·w, lo + (i+1)·w]` (as R's
/// `cut(x, breaks)` does, and as "IMIs <= 90 s" reads); values outside `(lo, lo + bins·w]` are
/// left out. A value within 1e-9 bins above an edge (f64 noise, e.g. 20.000000000000004) counts
/// as on the edge.
fn histogram(values: impl IntoIterator<Item = f64>, lo: f64, width: f64) -> Histogram {
    let mut counts = vec![0usize; IMI_BINS];
    for v in values {
        let pos = (v - lo) / width - 1e-9;
        if pos.is_finite() && pos > -1e-9 && pos < IMI_BINS as f64 {
            let i = (pos.ceil() as usize).saturating_sub(1).min(IMI_BINS - 1);
            counts[i] += 1;
        }
    }
    Histogram {
        lo,
        bin_width: width,
        counts,
    }
}

/// IMI histogram (2-s bins over (0, 90] s), ln(IMI) histogram (0.1 bins over (0, 4.5]) and
/// geometric mean of the IMIs with 0 < IMI <= 90 s.
pub(crate) fn imi_distribution(imis: &[f64]) -> (Histogram, Histogram, Option<f64>) {
    let in_range = || imis.iter().copied().filter(|&x| x > 0.0 && x <= 90.0);
    let lin = histogram(in_range(), 0.0, 2.0);
    let ln = histogram(in_range().map(f64::ln), 0.0, 0.1);
    let n = in_range().count();
    let gm = (n > 0).then(|| (in_range().map(f64::ln).sum::<f64>() / n as f64).exp());
    (lin, ln, gm)
}

/// The denominators, in seconds, with invalid time removed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TimeBase {
    /// Valid recording time.
    pub recording_s: f64,
    /// Invalid time inside the recording span.
    pub invalid_s: f64,
    /// Valid sleep time inside the lights (None without hypnogram).
    pub sleep_s: Option<f64>,
    /// Valid wake time inside the lights (None without hypnogram).
    pub wake_s: Option<f64>,
}

impl TimeBase {
    /// The recording span `[start_s, start_s + length_s]` less its invalid time; sleep and wake
    /// epochs of `hypnogram` inside `lights` less theirs.
    pub fn new(
        start_s: f64,
        length_s: f64,
        lights: Option<(f64, f64)>,
        hypnogram: Option<&Hypnogram>,
        invalid: &InvalidTime,
    ) -> Self {
        let invalid_s = invalid.overlap_s(start_s, start_s + length_s);
        let stage_s =
            |keep: fn(Stage) -> bool| hypnogram.map(|h| h.valid_time_s(keep, lights, invalid));
        TimeBase {
            recording_s: (length_s - invalid_s).max(0.0),
            invalid_s,
            sleep_s: stage_s(Stage::is_sleep),
            wake_s: stage_s(|st| st == Stage::Wake),
        }
    }
}

/// Largest gap (s) between the two legs' detections of one gross movement: WASM 2016's
/// bilateral gap. A posture change turns the whole body, so both ankles' detections of it
/// overlap; the gap only absorbs where each ankle's motion is measured to start and end.
const GROSS_BILATERAL_GAP_S: f64 = 0.5;

/// Gross movements inside the lights, counted once per event: in onset order, a detection
/// joins the open event when the event is on the other leg only and it starts less than
/// [`GROSS_BILATERAL_GAP_S`] after the event's end so far.
fn gross_events(movements: &[ScoredMovement]) -> usize {
    let mut gross: Vec<&ScoredMovement> = movements
        .iter()
        .filter(|m| m.kind == MovementKind::Gross && m.excluded != Some(Exclusion::OutsideLights))
        .collect();
    gross.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
    let mut count = 0;
    let mut open: Option<(Side, f64)> = None;
    for m in gross {
        match open {
            Some((leg, end))
                if leg != Side::Bilateral
                    && leg != m.leg
                    && m.onset_s - end < GROSS_BILATERAL_GAP_S =>
            {
                open = Some((Side::Bilateral, end.max(m.offset_s)));
            }
            _ => {
                count += 1;
                open = Some((m.leg, m.offset_s));
            }
        }
    }
    count
}

/// Counts and indices from the movements. Movements outside the lights are not counted.
pub(crate) fn summarize(
    movements: &[ScoredMovement],
    hypnogram: Option<&Hypnogram>,
    time: TimeBase,
    periodicity: Option<f64>,
) -> (Summary, IndexBasis) {
    let mut s = Summary {
        periodicity_index: periodicity,
        ..Summary::default()
    };
    let in_sleep = |st: Stage| hypnogram.is_none() || st.is_sleep();
    for m in movements {
        if m.excluded == Some(Exclusion::OutsideLights) {
            continue;
        }
        let lm = m.class.is_lm() && m.excluded != Some(Exclusion::Respiratory);
        let sleep = in_sleep(m.stage);
        let wake = m.stage == Stage::Wake;
        if lm {
            s.lm_count += 1;
            s.lms_count += sleep as usize;
        }
        if m.candidate {
            s.clm_count += 1;
            s.clms_count += sleep as usize;
        }
        if m.periodic {
            s.plm_count += 1;
            s.plms_count += sleep as usize;
            s.plmw_count += wake as usize;
            s.plms_arousal_count += (sleep && m.arousal) as usize;
        }
        if m.periodic_nr && sleep {
            s.plms_nr_count += 1;
        }
    }
    s.gross_count = gross_events(movements);
    s.recording_hours = time.recording_s / 3600.0;
    s.invalid_hours = time.invalid_s / 3600.0;
    let basis = match hypnogram {
        Some(_) => {
            s.sleep_hours = time.sleep_s.map(|t| t / 3600.0);
            s.wake_hours = time.wake_s.map(|t| t / 3600.0);
            IndexBasis::Sleep
        }
        None => IndexBasis::Recording,
    };
    s.set_indices(basis);
    (s, basis)
}

impl Summary {
    /// The indices from the counts and hours: per hour of sleep ([`IndexBasis::Sleep`]) or of
    /// recording; the PLM index per hour of recording and the PLMW index per hour of wake
    /// whatever the basis. The one definition, for a night and for pooled nights.
    pub(crate) fn set_indices(&mut self, basis: IndexBasis) {
        // No index over less valid time than the scorer's time resolution: a shorter (e.g.
        // subnormal) base would make the index infinite, and no movement fits in it.
        let min_hours = TIME_TOLERANCE_S / 3600.0;
        let per =
            |n: usize, hours: Option<f64>| hours.filter(|&h| h >= min_hours).map(|h| n as f64 / h);
        let sleep_basis = match basis {
            IndexBasis::Sleep => self.sleep_hours,
            IndexBasis::Recording => Some(self.recording_hours),
        };
        self.lm_index = per(self.lms_count, sleep_basis);
        self.clm_index = per(self.clms_count, sleep_basis);
        self.plm_index = per(self.plm_count, Some(self.recording_hours));
        self.plms_index = per(self.plms_count, sleep_basis);
        self.plmw_index = per(self.plmw_count, self.wake_hours);
        self.plms_nr_index = per(self.plms_nr_count, sleep_basis);
        self.plms_arousal_index = per(self.plms_arousal_count, sleep_basis);
    }
}
