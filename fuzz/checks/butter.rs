//! Butterworth design on any order, band and rate: a typed error, or a filter that is stable
//! (every pole inside the unit circle) and stays finite on a step and an impulse.

use super::input::Input;
use plmkit::filter::{Band, Filter, Init, SosFilter, butter};

/// Samples run through a designed filter: long enough for a pole on or outside the unit circle
/// to blow up or turn NaN, short enough to keep the fuzzer fast.
const RUN_SAMPLES: usize = 2048;

/// Designs from the fuzzer's choice and checks the result.
pub fn check(data: &[u8]) {
    let mut input = Input::new(data);
    let order = input.below(20);
    let fs = input.positive(1e6);
    let band = match input.byte() % 4 {
        0 => Band::Lowpass(input.positive(fs / 2.0)),
        1 => Band::Highpass(input.positive(fs / 2.0)),
        2 => Band::Bandpass(input.positive(fs / 2.0), input.positive(fs / 2.0)),
        _ => Band::Bandstop(input.positive(fs / 2.0), input.positive(fs / 2.0)),
    };
    let Ok(cascade) = butter(order, band, fs) else {
        return;
    };
    let radius = cascade.max_pole_radius();
    assert!(radius < 1.0, "{band:?} at {fs} Hz: pole radius {radius}");
    for row in cascade.to_sos() {
        assert!(
            row.iter().all(|c| c.is_finite()),
            "{band:?} at {fs} Hz: section {row:?}"
        );
    }
    for z in cascade.steady_state() {
        assert!(
            z.iter().all(|v| v.is_finite()),
            "{band:?} at {fs} Hz: steady state {z:?}"
        );
    }
    for init in [Init::Zero, Init::Steady] {
        let mut step = SosFilter::new(&cascade, init);
        let mut impulse = SosFilter::new(&cascade, Init::Zero);
        for i in 0..RUN_SAMPLES {
            let s = step.process_sample(1.0);
            let h = impulse.process_sample(if i == 0 { 1.0 } else { 0.0 });
            assert!(
                s.is_finite() && h.is_finite(),
                "{band:?} at {fs} Hz ({init:?}): sample {i} is {s} / {h}"
            );
        }
    }
}
