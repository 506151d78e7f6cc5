//! Simulated polysomnography nights: leg EMG with ground truth, written as EDF+.
//!
//! Per leg, in µV: resting EMG (white noise whose level drifts over the night, 0.75–5 µV RMS),
//! leg-movement bursts (noise of 15–150 µV RMS under a raised-cosine envelope with 0.05–0.15 s
//! edges and a slow 30 % amplitude wobble; durations log-normal around 1.5 s, 0.8–9 s), in PLM
//! trains during NREM sleep (IMI 12–60 s, jittered, a third bilateral) and as isolated
//! movements through the night; phasic twitches in REM (0.1–0.25 s, too short to be LMs, so
//! not in the truth); optionally ECG artefact (QRS complexes of 30–120 µV at 55–100
//! beats/min, the same beats on both legs) and mains hum (10 µV at 50 or 60 Hz). A hypnogram
//! (wake, NREM/REM cycles, wake) and a few apneas and arousals are planned too.
//!
//! Truth: a movement's onset and offset are where its burst envelope crosses half its height.
//! [`PsgNight::write_edf`] writes EDF+ (EDF+D when the night has gaps) with the leg channels
//! `EMG LAT` / `EMG RAT` and the truth as annotations in the PSG-IPA style: `Limb movement@@EMG
//! LAT`, `Sleep stage N2`, `Obstructive Apnea`, `Arousal`, `Lights off` / `Lights on`.

mod edf_writer;

pub use edf_writer::{EdfFileLayout, EdfWriter};

use std::f64::consts::TAU;
use std::io::{self, Write};

use super::Rng;
use crate::edf::SignalHeader;
use crate::event::{Interval, Leg, LegMovement};
use crate::score::{Hypnogram, Stage, event_order};
use crate::{Error, Result};

/// What PSG night to simulate.
#[derive(Debug, Clone, PartialEq)]
pub struct PsgConfig {
    /// Seed of every random choice.
    pub seed: u64,
    /// EMG sample rate (Hz), e.g. 200, 256 or 500. `rate × record_duration_s` must be whole.
    pub rate_hz: f64,
    /// Length of the night (s), a whole number of records.
    pub duration_s: f64,
    /// Data record length of the EDF+ file (s). Default 1.
    pub record_duration_s: f64,
    /// ECG artefact on both leg channels.
    pub ecg: bool,
    /// Mains hum frequency (Hz), or `None` for none. Default 50.
    pub hum_hz: Option<f64>,
    /// Stretches without data (an EDF+D file is written, records inside a gap are left out).
    /// Truth movements within 2 s of a gap are not planned.
    pub gaps: Vec<Interval>,
    /// Labels of the left and right leg channels. Default `EMG LAT`, `EMG RAT`.
    pub labels: [String; 2],
    /// Wake before the first sleep epoch (s, rounded to epochs); `None` (default): 10–20 min at
    /// random. Short fixtures set it small so that they hold PLM trains.
    pub sleep_onset_s: Option<f64>,
}

impl Default for PsgConfig {
    fn default() -> Self {
        PsgConfig {
            seed: 1,
            rate_hz: 256.0,
            duration_s: 8.0 * 3600.0,
            record_duration_s: 1.0,
            ecg: false,
            hum_hz: Some(50.0),
            gaps: Vec::new(),
            labels: ["EMG LAT".to_string(), "EMG RAT".to_string()],
            sleep_onset_s: None,
        }
    }
}

/// One planned burst on one leg.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Burst {
    /// Start of the envelope's support (s).
    start: f64,
    /// Length of the support (s).
    len: f64,
    /// Edge (rise and fall) time (s).
    rise: f64,
    /// RMS amplitude (µV).
    amp: f64,
    /// Wobble frequency (Hz) and phase.
    wobble: (f64, f64),
}

/// A planned PSG night: its truth, and the generator of its samples.
#[derive(Debug, Clone, PartialEq)]
pub struct PsgNight {
    config: PsgConfig,
    bursts: [Vec<Burst>; 2],
    truth: Vec<LegMovement>,
    stages: Vec<Stage>,
    respiratory: Vec<Interval>,
    arousals: Vec<Interval>,
    /// Per leg: base rest RMS (µV) and two drift (period s, phase) terms.
    rest: [(f64, [(f64, f64); 2]); 2],
    /// Heart rate (beats/s) and ECG amplitude per leg (µV).
    ecg: (f64, [f64; 2]),
}

fn idx(leg: Leg) -> usize {
    match leg {
        Leg::Left => 0,
        Leg::Right => 1,
    }
}

fn plan_stages(rng: &mut Rng, epochs: usize, onset_s: Option<f64>) -> Vec<Stage> {
    let mut out = Vec::with_capacity(epochs);
    let random = 20 + (rng.uniform() * 20.0) as usize; // 10–20 min awake at the start
    let wake0 = onset_s.map_or(random, |s| (s / 30.0).round() as usize);
    let cycle = [
        (Stage::N1, 10),
        (Stage::N2, 50),
        (Stage::N3, 40),
        (Stage::N2, 30),
        (Stage::Rem, 40),
        (Stage::Wake, 4),
    ];
    out.extend(std::iter::repeat_n(Stage::Wake, wake0.min(epochs)));
    let end_wake = 20.min(epochs / 10);
    'fill: while out.len() + end_wake < epochs {
        for (stage, n) in cycle {
            let n = (n as f64 * rng.range(0.7, 1.3)) as usize;
            for _ in 0..n {
                if out.len() + end_wake >= epochs {
                    break 'fill;
                }
                out.push(stage);
            }
        }
    }
    out.resize(epochs, Stage::Wake);
    out
}

impl PsgNight {
    /// Plans a night. Errors on a rate, duration or record length that does not fit.
    pub fn new(config: &PsgConfig) -> Result<Self> {
        let c = config;
        let per_record = c.rate_hz * c.record_duration_s;
        let rate_ok = c.rate_hz >= 100.0 && c.rate_hz.is_finite() && c.record_duration_s > 0.0;
        if !rate_ok || (per_record - per_record.round()).abs() > 1e-9 {
            return Err(Error::InvalidConfig(format!(
                "PSG simulation: rate {} Hz (>= 100) × record {} s must be a whole number of samples",
                c.rate_hz, c.record_duration_s
            )));
        }
        let records = c.duration_s / c.record_duration_s;
        if c.duration_s.is_nan()
            || c.duration_s < 60.0
            || c.duration_s > 7.0 * 86_400.0
            || (records - records.round()).abs() > 1e-9
        {
            return Err(Error::InvalidConfig(format!(
                "PSG simulation: duration {} s must be 60 s to 7 days and a whole number of records",
                c.duration_s
            )));
        }
        if let Some(h) = c.hum_hz {
            if !(h > 0.0 && h < c.rate_hz / 2.0) {
                return Err(Error::InvalidConfig(format!(
                    "PSG simulation: hum {h} Hz must be in (0, Nyquist)"
                )));
            }
        }
        let mut rng = Rng::new(c.seed ^ 0x5053_4700);
        let epochs = (c.duration_s / 30.0).ceil() as usize;
        let stages = plan_stages(&mut rng, epochs, c.sleep_onset_s);
        let stage_at = |t: f64| {
            stages
                .get((t / 30.0) as usize)
                .copied()
                .unwrap_or(Stage::Wake)
        };
        let near_gap = |a: f64, b: f64| {
            c.gaps
                .iter()
                .any(|g| a < g.offset_s + 2.0 && b > g.onset_s - 2.0)
        };

        // Onsets and legs: PLM trains in NREM sleep, isolated movements anywhere.
        let mut onsets: Vec<(f64, u8)> = Vec::new(); // (onset, 0 left / 1 right / 2 both)
        let mut t = c.sleep_onset_s.map_or(120.0, |s| s.max(20.0));
        while t < c.duration_s - 60.0 {
            let st = stage_at(t);
            if matches!(st, Stage::N1 | Stage::N2 | Stage::N3) && rng.chance(0.5) {
                let n = 6 + (rng.uniform() * 50.0) as usize;
                let mean = rng.range(15.0, 40.0);
                for _ in 0..n {
                    let side = if rng.chance(0.33) {
                        2
                    } else {
                        rng.chance(0.5) as u8
                    };
                    onsets.push((t, side));
                    t += (mean * rng.range(0.8, 1.2)).clamp(12.0, 60.0);
                    if t > c.duration_s - 60.0 {
                        break;
                    }
                }
                t += rng.range(120.0, 900.0);
            } else {
                t += rng.range(60.0, 600.0);
            }
        }
        let mut iso = rng.exponential(240.0);
        while iso < c.duration_s - 30.0 {
            onsets.push((iso, rng.chance(0.5) as u8));
            iso += rng.exponential(240.0);
        }
        onsets.sort_by(|a, b| a.0.total_cmp(&b.0));

        let mut bursts: [Vec<Burst>; 2] = [Vec::new(), Vec::new()];
        let mut truth = Vec::new();
        let mut last_end = [f64::NEG_INFINITY; 2];
        for (onset, side) in onsets {
            let legs: &[usize] = match side {
                0 => &[0],
                1 => &[1],
                _ => &[0, 1],
            };
            for (k, &l) in legs.iter().enumerate() {
                let dur = (1.5 * (0.5 * rng.normal()).exp()).clamp(0.8, 9.0);
                let rise = rng.range(0.05, 0.15);
                let on = onset + if k > 0 { rng.range(0.0, 0.4) } else { 0.0 };
                // Support: the envelope is at half height rise/2 after its start.
                let start = on - rise / 2.0;
                let len = dur + rise;
                if start < last_end[l] + 3.0 || near_gap(start, start + len) || start < 5.0 {
                    continue;
                }
                last_end[l] = start + len;
                bursts[l].push(Burst {
                    start,
                    len,
                    rise,
                    amp: rng.log_range(15.0, 150.0),
                    wobble: (rng.range(0.5, 2.0), rng.range(0.0, TAU)),
                });
                let leg = if l == 0 { Leg::Left } else { Leg::Right };
                truth.push(LegMovement::new(leg, on, on + dur));
            }
        }
        truth.sort_by(event_order);
        // Phasic REM twitches: short bursts that are not leg movements.
        for (l, leg_bursts) in bursts.iter_mut().enumerate() {
            let mut t = rng.exponential(60.0);
            let mut twitches = Vec::new();
            while t < c.duration_s - 5.0 {
                let len = rng.range(0.1, 0.25);
                let clear = leg_bursts
                    .iter()
                    .all(|b| t + len < b.start - 2.0 || t > b.start + b.len + 2.0);
                if stage_at(t) == Stage::Rem && clear && !near_gap(t, t + len) {
                    twitches.push(Burst {
                        start: t,
                        len,
                        rise: 0.03,
                        amp: rng.log_range(15.0, 100.0),
                        wobble: (1.0, 0.0),
                    });
                }
                t += rng.exponential(20.0) + 1.0 + l as f64 * 0.1;
            }
            leg_bursts.extend(twitches);
            leg_bursts.sort_by(|a, b| a.start.total_cmp(&b.start));
        }

        let respiratory = scatter(
            &mut rng,
            (300.0, 900.0),
            c.duration_s - 120.0,
            (10.0, 40.0),
            (600.0, 2400.0),
        );
        let arousals = scatter(
            &mut rng,
            (200.0, 600.0),
            c.duration_s - 60.0,
            (3.0, 15.0),
            (300.0, 1500.0),
        );
        let mut rest = [(0.0, [(0.0, 0.0); 2]); 2];
        for r in &mut rest {
            *r = (
                rng.range(1.5, 3.3),
                [
                    (rng.range(3.0, 5.0) * 3600.0, rng.range(0.0, TAU)),
                    (rng.range(20.0, 40.0) * 60.0, rng.range(0.0, TAU)),
                ],
            );
        }
        let ecg = (
            rng.range(55.0, 100.0) / 60.0,
            [rng.range(30.0, 120.0), rng.range(30.0, 120.0)],
        );
        Ok(PsgNight {
            config: c.clone(),
            bursts,
            truth,
            stages,
            respiratory,
            arousals,
            rest,
            ecg,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &PsgConfig {
        &self.config
    }

    /// The true leg movements, in [`event_order`].
    pub fn truth(&self) -> &[LegMovement] {
        &self.truth
    }

    /// The planned hypnogram (30-s epochs from time 0).
    pub fn hypnogram(&self) -> Hypnogram {
        Hypnogram::new(self.stages.clone())
    }

    /// The planned apneas (annotated, not in the signals).
    pub fn respiratory(&self) -> &[Interval] {
        &self.respiratory
    }

    /// The planned arousals (annotated, not in the signals).
    pub fn arousals(&self) -> &[Interval] {
        &self.arousals
    }

    /// The stream of one leg's samples (µV) from time 0, gaps included (they are simply not
    /// written to the EDF file).
    pub fn stream(&self, leg: Leg) -> EmgStream<'_> {
        let l = idx(leg);
        EmgStream {
            night: self,
            leg: l,
            n: 0,
            noise: Rng::new(self.config.seed ^ (0xE3_0000 + l as u64)),
            next_burst: 0,
            beats: Rng::new(self.config.seed ^ 0xEC6),
            beat_prev: f64::NEG_INFINITY,
            beat_next: 0.3,
        }
    }

    /// Start times (s) of the records written: every record that does not overlap a gap.
    pub fn record_starts(&self) -> impl Iterator<Item = f64> + '_ {
        let c = &self.config;
        let n = (c.duration_s / c.record_duration_s).round() as u64;
        (0..n).map(|i| i as f64 * c.record_duration_s).filter(|&t| {
            !c.gaps
                .iter()
                .any(|g| t < g.offset_s && t + c.record_duration_s > g.onset_s)
        })
    }

    /// Writes the night as EDF+ (EDF+D with gaps): the two leg channels and the truth, stages,
    /// apneas, arousals and lights as annotations. Streams: memory is one record.
    pub fn write_edf<W: Write>(&self, w: W) -> io::Result<W> {
        let c = &self.config;
        let per = (c.rate_hz * c.record_duration_s).round() as usize;
        let spec = EdfFileLayout {
            patient: "X X X X".into(),
            recording: "Startdate 01-JAN-2026 X plmkit simulate::psg X".into(),
            start_date: "01.01.26".into(),
            start_time: "23.00.00".into(),
            record_duration_s: c.record_duration_s,
            discontinuous: !c.gaps.is_empty(),
            bdf: false,
            annotation_bytes: 240,
            signals: c
                .labels
                .iter()
                .map(|l| SignalHeader {
                    prefiltering: "HP:0.1Hz LP:100Hz".into(),
                    ..SignalHeader::microvolts(l, per)
                })
                .collect(),
        };
        let starts: Vec<f64> = self.record_starts().collect();
        let mut out = EdfWriter::new(w, spec, starts.len() as u64)?;
        // Every annotation, in onset order, handed to the writer as its record comes up.
        let mut notes: Vec<(f64, Option<f64>, String)> = Vec::new();
        notes.push((0.0, None, "Lights off".into()));
        for (i, s) in self.stages.iter().enumerate() {
            let name = match s {
                Stage::Wake => "W",
                Stage::N1 => "N1",
                Stage::N2 => "N2",
                Stage::N3 => "N3",
                Stage::Rem => "R",
                _ => "?",
            };
            notes.push((i as f64 * 30.0, Some(30.0), format!("Sleep stage {name}")));
        }
        for m in &self.truth {
            let label = &c.labels[idx(m.leg)];
            notes.push((
                m.onset_s,
                Some(m.duration_s()),
                format!("Limb movement@@{label}"),
            ));
        }
        for r in &self.respiratory {
            notes.push((
                r.onset_s,
                Some(r.offset_s - r.onset_s),
                "Obstructive Apnea".into(),
            ));
        }
        for a in &self.arousals {
            notes.push((a.onset_s, Some(a.offset_s - a.onset_s), "Arousal".into()));
        }
        notes.push((c.duration_s, None, "Lights on".into()));
        notes.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut next_note = 0;
        let mut left = self.stream(Leg::Left);
        let mut right = self.stream(Leg::Right);
        let (mut l, mut r) = (vec![0.0; per], vec![0.0; per]);
        let last = starts.len().saturating_sub(1);
        for (k, start) in starts.into_iter().enumerate() {
            let first = (start * c.rate_hz).round() as u64;
            left.seek(first);
            right.seek(first);
            left.fill(&mut l);
            right.fill(&mut r);
            // The last record takes whatever is left (lights on at the very end).
            while next_note < notes.len()
                && (k == last || notes[next_note].0 < start + c.record_duration_s)
            {
                let (o, d, t) = &notes[next_note];
                out.annotate(*o, *d, t);
                next_note += 1;
            }
            out.write_record(start, &[&l, &r])?;
        }
        out.finish()
    }

    /// [`write_edf`](Self::write_edf) to a file.
    pub fn write_edf_file(&self, path: impl AsRef<std::path::Path>) -> Result<()> {
        let path = path.as_ref();
        let f = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
        self.write_edf(io::BufWriter::new(f))
            .map(|_| ())
            .map_err(|e| Error::io(path, e))
    }
}

/// One leg's EMG samples (µV), generated in order a block at a time.
#[derive(Debug, Clone)]
pub struct EmgStream<'a> {
    night: &'a PsgNight,
    leg: usize,
    n: u64,
    noise: Rng,
    next_burst: usize,
    beats: Rng,
    beat_prev: f64,
    beat_next: f64,
}

impl EmgStream<'_> {
    /// Index of the next sample.
    pub fn position(&self) -> u64 {
        self.n
    }

    /// Skips forward to sample `n` (no-op when already there; backwards is not possible).
    pub fn seek(&mut self, n: u64) {
        if n <= self.n {
            return;
        }
        let rate = self.night.config.rate_hz;
        let t = n as f64 / rate;
        while self.beat_next < t {
            self.next_beat();
        }
        self.n = n;
    }

    fn next_beat(&mut self) {
        let hr = self.night.ecg.0;
        self.beat_prev = self.beat_next;
        self.beat_next += (1.0 / hr) * (1.0 + 0.05 * self.beats.normal()).clamp(0.8, 1.2);
    }

    /// Fills `out` with the next samples.
    pub fn fill(&mut self, out: &mut [f64]) {
        let night = self.night;
        let c = &night.config;
        let rate = c.rate_hz;
        let (base, drift) = night.rest[self.leg];
        let bursts = &night.bursts[self.leg];
        let ecg_amp = night.ecg.1[self.leg];
        for v in out.iter_mut() {
            let t = self.n as f64 / rate;
            self.n += 1;
            let d = 1.0
                + 0.35 * (TAU * t / drift[0].0 + drift[0].1).sin()
                + 0.15 * (TAU * t / drift[1].0 + drift[1].1).sin();
            let mut x = base * d * self.noise.normal();
            while self.next_burst < bursts.len()
                && bursts[self.next_burst].start + bursts[self.next_burst].len <= t
            {
                self.next_burst += 1;
            }
            if let Some(b) = bursts.get(self.next_burst) {
                let tau = t - b.start;
                if tau > 0.0 && tau < b.len {
                    let edge = tau.min(b.len - tau);
                    let env = if edge >= b.rise {
                        1.0
                    } else {
                        0.5 * (1.0 - (std::f64::consts::PI * edge / b.rise).cos())
                    };
                    let wob = 1.0 + 0.3 * (TAU * b.wobble.0 * tau + b.wobble.1).sin();
                    x += b.amp * env * wob * self.noise.normal();
                }
            }
            if c.ecg {
                while self.beat_next <= t {
                    self.next_beat();
                }
                for beat in [self.beat_prev, self.beat_next] {
                    // QRS: a Ricker wavelet of 12-ms width; T wave: a slow bump.
                    let u = (t - beat) / 0.012;
                    if u.abs() < 6.0 {
                        x += ecg_amp * (1.0 - u * u) * (-0.5 * u * u).exp();
                    }
                    let w = (t - beat - 0.25) / 0.06;
                    if w.abs() < 4.0 {
                        x += 0.3 * ecg_amp * (-0.5 * w * w).exp();
                    }
                }
            }
            if let Some(h) = c.hum_hz {
                x += 10.0 * (TAU * h * t + 0.3 * (TAU * t / 600.0).sin()).sin();
            }
            *v = x;
        }
    }
}

/// Events scattered over a night: the first starts uniformly in `first` (s), each lasts
/// uniformly in `duration` and the next starts uniformly `spacing` after it, while onsets stay
/// before `end_s`.
fn scatter(
    rng: &mut Rng,
    first: (f64, f64),
    end_s: f64,
    duration: (f64, f64),
    spacing: (f64, f64),
) -> Vec<Interval> {
    let mut out = Vec::new();
    let mut t = rng.range(first.0, first.1);
    while t < end_s {
        let d = rng.range(duration.0, duration.1);
        out.push(Interval {
            onset_s: t,
            offset_s: t + d,
        });
        t += rng.range(spacing.0, spacing.1);
    }
    out
}
