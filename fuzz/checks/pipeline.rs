//! The pipeline (timeline, detector, merge, online scorer) on arbitrary rows, rates, clock
//! offsets and chunkings: a typed error, or a report that any chunking and interleaving of the
//! same rows reproduces bit for bit (the property `tests/pipeline_stream.rs` checks on one
//! night, here on whatever the fuzzer builds).

use super::input::Input;
use super::scorer::assert_usable;
use plmkit::pipeline::{Pipeline, PipelineConfig, score_rows};
use plmkit::{Leg, TriaxialColumns};

/// Rows per leg at most: a few minutes at the usual rates, enough for warm-up, movements and
/// gaps, small enough for thousands of runs a second.
const MAX_ROWS: usize = 6000;

/// A leg's rows: a grid at `rate` with jitter, holes and repeated or backward times now and
/// then, gravity on one axis, bursts of motion, spikes and non-finite values.
fn rows(input: &mut Input, rate: f64) -> TriaxialColumns {
    let n = input.below(MAX_ROWS + 1);
    let mut rows = TriaxialColumns::default();
    let mut t = input.float(100.0);
    let mut burst = 0usize;
    for _ in 0..n {
        let op = input.byte();
        t += match op % 32 {
            0 => input.positive(5.0),  // a hole
            1 => 0.0,                  // a repeated time
            2 => -input.positive(1.0), // time going back
            3 => input.float(1e6),     // anything
            _ => 1.0 / rate,
        };
        if op % 16 == 5 {
            burst = usize::from(input.byte());
        }
        let a = if burst > 0 {
            burst -= 1;
            0.3 * f64::from(input.byte() as i8) / 128.0
        } else {
            0.0
        };
        let mut g = [a, 0.01 * a, 1.0 + a];
        if op % 64 == 7 {
            g[usize::from(op >> 6) % 3] = input.float(100.0);
        }
        rows.push(t, g);
    }
    rows
}

/// Builds two legs and checks batch against streaming.
pub fn check(data: &[u8]) {
    let mut input = Input::new(data);
    const RATES: [f64; 5] = [12.5, 25.0, 50.0, 100.0, 200.0];
    let rate = if input.byte() % 4 == 0 {
        input.positive(2000.0)
    } else {
        RATES[input.below(RATES.len())]
    };
    let mut cfg = PipelineConfig::default();
    if input.flag() {
        cfg.timeline.rate_hz = Some(rate);
    }
    let offset = if input.flag() { input.float(50.0) } else { 0.0 };
    let left = rows(&mut input, rate);
    let right = rows(&mut input, rate);
    let sizes: Vec<usize> = (0..8).map(|_| 1 + input.below(700)).collect();
    let legs = [(Leg::Left, &left, 0.0), (Leg::Right, &right, offset)];

    let batch = score_rows(
        &cfg,
        &[
            (Leg::Left, left.view(), 0.0),
            (Leg::Right, right.view(), offset),
        ],
    );
    let streamed = stream(&cfg, &legs, &sizes);
    match (&batch, &streamed) {
        (Ok(b), Ok(s)) => {
            assert_usable(&b.report.summary);
            assert_eq!(format!("{s:?}"), format!("{b:?}"), "streamed != batch");
        }
        (Err(_), Err(_)) => {}
        (b, s) => panic!(
            "batch {:?} but streamed {:?}",
            b.as_ref().err(),
            s.as_ref().err()
        ),
    }
}

fn stream(
    cfg: &PipelineConfig,
    legs: &[(Leg, &TriaxialColumns, f64); 2],
    sizes: &[usize],
) -> plmkit::Result<plmkit::pipeline::NightReport> {
    let mut p = Pipeline::new(cfg, &[(legs[0].0, legs[0].2), (legs[1].0, legs[1].2)])?;
    let mut events = Vec::new();
    let mut pos = [0usize; 2];
    let mut turn = 0;
    while pos[0] < legs[0].1.len() || pos[1] < legs[1].1.len() {
        let k = if pos[turn % 2] < legs[turn % 2].1.len() {
            turn % 2
        } else {
            1 - turn % 2
        };
        let size = sizes[turn % sizes.len()];
        turn += 1;
        let block = legs[k].1.view().slice(pos[k], pos[k] + size);
        pos[k] += block.len();
        p.push(legs[k].0, block, &mut events)?;
        events.clear();
    }
    p.finish(&mut events)
}
