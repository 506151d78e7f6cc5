//! Every trace reader on arbitrary bytes, with format detection or a forced format: a typed
//! error, or rows with finite values and increasing times.

use super::input::Input;
use plmkit::TriaxialColumns;
use plmkit::io::trace::{ReadConfig, TraceFormat, TraceReader, Units};
use std::io::Cursor;

/// Reading stops after this many rows: enough to pass every header and several blocks, few
/// enough that a file that decodes to endless idle rows cannot stall the fuzzer.
const MAX_ROWS: usize = 1 << 20;

/// The first byte chooses the options; the rest is the file.
pub fn check(data: &[u8]) {
    let mut input = Input::new(data);
    let choice = input.byte();
    let mut opts = ReadConfig {
        block_rows: 1 + usize::from(choice >> 5) * 37,
        ..ReadConfig::default()
    };
    if choice & 1 == 1 {
        opts.format = Some(TraceFormat::ALL[usize::from(choice >> 1) % TraceFormat::ALL.len()]);
    }
    if choice & 2 == 2 {
        opts.sample_rate_hz = Some(input.positive(1000.0));
    }
    if choice & 4 == 4 {
        opts.units = Some(if choice & 8 == 8 {
            Units::G
        } else {
            Units::MetersPerSecond2
        });
    }
    let file = input.rest().to_vec();
    let Ok(mut reader) = TraceReader::from_reader(&opts, "fuzz.csv", Cursor::new(file)) else {
        return;
    };
    let mut block = TriaxialColumns::default();
    let mut rows = 0;
    let mut last_t = f64::NEG_INFINITY;
    while rows < MAX_ROWS {
        match reader.next_block(&mut block) {
            Ok(true) => {}
            Ok(false) | Err(_) => break,
        }
        for i in 0..block.len() {
            let (t, g) = (block.t[i], [block.x[i], block.y[i], block.z[i]]);
            assert!(
                t.is_finite() && g.iter().all(|v| v.is_finite()),
                "row {t} {g:?}"
            );
            assert!(t > last_t, "time {t} after {last_t}");
            last_t = t;
        }
        rows += block.len();
    }
}
