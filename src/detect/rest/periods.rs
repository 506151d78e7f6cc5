//! From epochs to non-wear stretches and rest periods (nights and naps).

use super::epoch::Epoch;
use super::{RestConfig, RestEvent};
use crate::event::Interval;

/// What an epoch is once its non-wear status is final.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Rest,
    Up,
    NonWear,
}

/// Holds runs of still epochs until they are long enough to be non-wear or end, then labels
/// epochs for [`Periods`].
#[derive(Debug, Clone)]
pub(crate) struct NonWear {
    min_s: f64,
    ratio: f64,
    cos_turn: f64,
    /// Still epochs not yet known to be non-wear or not.
    run: Vec<Epoch>,
    /// Start and latest end of the non-wear stretch in progress.
    open: Option<(f64, f64)>,
    reference: [f64; 3],
}

fn cos_angle(a: [f64; 3], b: [f64; 3]) -> f64 {
    let d = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    let n = (a[0] * a[0] + a[1] * a[1] + a[2] * a[2]).sqrt()
        * (b[0] * b[0] + b[1] * b[1] + b[2] * b[2]).sqrt();
    if n > 0.0 { d / n } else { -1.0 }
}

impl NonWear {
    pub fn new(cfg: &RestConfig) -> Self {
        NonWear {
            min_s: cfg.min_non_wear_s,
            ratio: cfg.still_ratio,
            cos_turn: cfg.still_max_turn_deg.to_radians().cos(),
            run: Vec::new(),
            open: None,
            reference: [0.0; 3],
        }
    }

    /// Before this time (s) every non-wear stretch is known.
    pub fn settled_s(&self, now_s: f64) -> f64 {
        let run = self.run.first().map_or(now_s, |e| e.start_s);
        self.open.map_or(run, |(s, _)| s.min(run))
    }

    /// Takes one epoch; labelled epochs go to `periods`, finished stretches to `out`.
    pub fn push(&mut self, e: Epoch, periods: &mut Periods, out: &mut Vec<RestEvent>) {
        let same_place = cos_angle(e.gravity, self.reference) >= self.cos_turn;
        if e.still && (self.open.is_some() || !self.run.is_empty()) && same_place {
            if let Some((_, end)) = &mut self.open {
                *end = e.end_s;
                periods.push(&e, Label::NonWear, out);
                return;
            }
            self.run.push(e);
            if e.end_s - self.run[0].start_s >= self.min_s {
                // Pooled over the stretch, the noise-only ratio is 1 within a few per cent.
                let spread: f64 = self.run.iter().map(|r| r.spread).sum();
                let expected: f64 = self.run.iter().map(|r| r.expected).sum();
                if spread < self.ratio * expected {
                    self.open = Some((self.run[0].start_s, e.end_s));
                    for r in self.run.drain(..) {
                        periods.push(&r, Label::NonWear, out);
                    }
                } else {
                    // Quiet but worn (still sleep): slide the window on.
                    let r = self.run.remove(0);
                    periods.push(&r, label(&r), out);
                }
            }
            return;
        }
        self.end_run(periods, out);
        if e.still {
            self.reference = e.gravity;
            self.run.push(e);
        } else {
            periods.push(&e, label(&e), out);
        }
    }

    /// Ends the input.
    pub fn finish(&mut self, periods: &mut Periods, out: &mut Vec<RestEvent>) {
        self.end_run(periods, out);
    }

    fn end_run(&mut self, periods: &mut Periods, out: &mut Vec<RestEvent>) {
        if let Some((onset_s, offset_s)) = self.open.take() {
            out.push(RestEvent::NonWear(Interval { onset_s, offset_s }));
        }
        for r in std::mem::take(&mut self.run) {
            periods.push(&r, label(&r), out);
        }
    }
}

fn label(e: &Epoch) -> Label {
    if !e.missing && e.lying && !e.active {
        Label::Rest
    } else {
        Label::Up
    }
}

/// Joins rest epochs into rest periods across short interruptions; long ones are nights.
#[derive(Debug, Clone)]
pub(crate) struct Periods {
    min_night_s: f64,
    min_nap_s: f64,
    max_interruption_s: f64,
    /// First rest epoch's start and last rest epoch's end of the period in progress.
    open: Option<(f64, f64)>,
}

impl Periods {
    pub fn new(cfg: &RestConfig) -> Self {
        Periods {
            min_night_s: cfg.min_night_s,
            min_nap_s: cfg.min_nap_s,
            max_interruption_s: cfg.max_interruption_s,
            open: None,
        }
    }

    /// Start of the rest period in progress, if any.
    pub fn open_start_s(&self) -> Option<f64> {
        self.open.map(|o| o.0)
    }

    fn push(&mut self, e: &Epoch, label: Label, out: &mut Vec<RestEvent>) {
        match label {
            Label::Rest => match &mut self.open {
                Some((_, end)) => *end = e.end_s,
                None => self.open = Some((e.start_s, e.end_s)),
            },
            Label::Up => {
                if let Some((_, end)) = self.open
                    && e.end_s - end > self.max_interruption_s
                {
                    self.close(out);
                }
            }
            Label::NonWear => self.close(out),
        }
    }

    /// Ends the input: a period in progress is closed as it stands.
    pub fn finish(&mut self, out: &mut Vec<RestEvent>) {
        self.close(out);
    }

    fn close(&mut self, out: &mut Vec<RestEvent>) {
        if let Some((onset_s, offset_s)) = self.open.take() {
            let iv = Interval { onset_s, offset_s };
            if offset_s - onset_s >= self.min_night_s {
                out.push(RestEvent::Night(iv));
            } else if offset_s - onset_s >= self.min_nap_s {
                out.push(RestEvent::Nap(iv));
            }
        }
    }
}
