//! GENEActiv native `.bin`: the same text header as the CSV export (with a Calibration Data
//! section), then under `Recorded Data` one page per 300 samples: a few `Key:value` lines (page
//! time, temperature, frequency, ...) and one line of hex digits, 12 per sample: x, y and z as
//! 12-bit two's-complement numbers, then light (10 bits), button and a reserved bit. A raw value
//! becomes g through the header's calibration: `(raw × 100 − offset) / gain`.
//!
//! Samples are timed `n / rate` from the first page's `Page Time` (pages follow each other
//! without gaps in a continuous recording; the header's Start Time can be a second earlier).

use super::datetime::{CivilDateTime, DateOrder, parse_datetime};
use super::lines::LineSource;
use super::rows::Row;
use super::{ReadStats, Truncation};
use crate::{Error, Result};

/// Hex digits per sample.
const HEX_PER_SAMPLE: usize = 12;

/// Samples per page: the device writes whole pages, so a shorter last page is a cut file.
const SAMPLES_PER_PAGE: usize = 300;

/// Gain and offset per axis from the header's Calibration Data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Calibration {
    pub gain: [f64; 3],
    pub offset: [f64; 3],
}

impl Calibration {
    /// Reads `x gain`, `x offset`, ... from header key/values; `None` until all six are known.
    pub fn from_keys(keys: &[(String, String)]) -> Option<Calibration> {
        let get = |k: &str| {
            keys.iter()
                .find(|(key, _)| key == k)?
                .1
                .trim()
                .parse::<f64>()
                .ok()
        };
        let mut cal = Calibration {
            gain: [0.0; 3],
            offset: [0.0; 3],
        };
        for (a, axis) in ["x", "y", "z"].iter().enumerate() {
            cal.gain[a] = get(&format!("{axis} gain")).filter(|g| *g != 0.0 && g.is_finite())?;
            cal.offset[a] = get(&format!("{axis} offset")).filter(|o| o.is_finite())?;
        }
        Some(cal)
    }
}

/// Decodes pages into rows, a page at a time (300 rows held at most).
pub(crate) struct Pages {
    file: String,
    cal: Calibration,
    rate_hz: f64,
    rows: Vec<Row>,
    next: usize,
    samples: u64,
    /// The first page's time.
    pub first_page: Option<CivilDateTime>,
    /// Pages whose data line has been read, and whether `Key:value` lines of a page without its
    /// data line yet have been seen (a file cut there ends inside a page).
    pages: usize,
    page_open: bool,
}

impl Pages {
    /// A decoder with the header's calibration and rate.
    pub fn new(file: &str, cal: Calibration, rate_hz: f64) -> Pages {
        Pages {
            file: file.to_string(),
            cal,
            rate_hz,
            rows: Vec::with_capacity(SAMPLES_PER_PAGE),
            next: 0,
            samples: 0,
            first_page: None,
            pages: 0,
            page_open: false,
        }
    }

    /// The next sample as a row of g values, or `None` at the end of the file.
    #[inline]
    pub fn next_row(&mut self, src: &mut LineSource, stats: &mut ReadStats) -> Result<Option<Row>> {
        while self.next == self.rows.len() {
            if stats.truncated.is_some() {
                return Ok(None); // nothing past the cut is read
            }
            let Some((no, line)) = src.next_numbered()? else {
                if self.page_open {
                    self.cut(
                        stats,
                        src.line_no(),
                        self.pages + 1,
                        "inside the page's header lines",
                    );
                } else if self.pages > 0 && self.rows.len() < SAMPLES_PER_PAGE {
                    // The cut fell on a sample boundary: the whole samples read stand.
                    let place = format!(
                        "after {} of its {SAMPLES_PER_PAGE} samples",
                        self.rows.len()
                    );
                    self.cut(stats, src.line_no(), self.pages, &place);
                }
                return Ok(None);
            };
            if line.contains(&b':') {
                self.page_open = true;
                if self.first_page.is_none() {
                    if let Some(time) = line.strip_prefix(b"Page Time:") {
                        self.first_page =
                            parse_datetime(time, DateOrder::YearMonthDay).map(|(t, _)| t);
                    }
                }
                continue; // a page's Key:value lines
            }
            if line.is_empty() || line == b"Recorded Data" {
                continue;
            }
            stats.data_lines += 1;
            self.rows.clear();
            self.next = 0;
            self.page_open = false;
            self.pages += 1;
            let before = self.samples;
            let digits = line.len();
            let whole_samples = digits % HEX_PER_SAMPLE == 0;
            if let Err(e) = decode_page(
                &self.file,
                no,
                line,
                &self.cal,
                self.rate_hz,
                &mut self.samples,
                &mut self.rows,
            ) {
                // A data line cut inside a sample, as the file's last line, is where the file
                // was cut: the pages before it stand, the cut page is dropped whole (its
                // remaining digits cannot be trusted). A non-hex digit, or a bad page with more
                // after it, is corruption: an error.
                let page = self.pages;
                if whole_samples || src.next_numbered()?.is_some() {
                    return Err(e);
                }
                self.rows.clear();
                self.samples = before;
                let place = format!(
                    "inside the sample data ({} hex digits is not a whole number of \
                     {HEX_PER_SAMPLE}-digit samples)",
                    digits
                );
                self.cut(stats, no, page, &place);
                return Ok(None);
            }
        }
        let row = self.rows[self.next];
        self.next += 1;
        Ok(Some(row))
    }
}

impl Pages {
    /// Records that the file ends inside page `page`.
    fn cut(&self, stats: &mut ReadStats, line: usize, page: usize, place: &str) {
        stats.truncated = Some(Truncation {
            line,
            what: format!(
                "the file ends {place} of page {page}; {} whole pages read",
                page - 1
            ),
        });
    }
}

fn hex(b: u8) -> Option<u32> {
    match b {
        b'0'..=b'9' => Some(u32::from(b - b'0')),
        b'A'..=b'F' => Some(u32::from(b - b'A' + 10)),
        b'a'..=b'f' => Some(u32::from(b - b'a' + 10)),
        _ => None,
    }
}

/// Decodes one line of hex samples.
fn decode_page(
    file: &str,
    line_no: usize,
    line: &[u8],
    cal: &Calibration,
    rate_hz: f64,
    samples: &mut u64,
    rows: &mut Vec<Row>,
) -> Result<()> {
    if line.len() % HEX_PER_SAMPLE != 0 {
        return Err(Error::parse(
            file,
            line_no,
            format!(
                "page data of {} hex digits is not a whole number of 12-digit samples",
                line.len()
            ),
        ));
    }
    for (k, sample) in line.chunks_exact(HEX_PER_SAMPLE).enumerate() {
        let mut word: u64 = 0;
        for (i, &b) in sample.iter().enumerate() {
            let d = hex(b).ok_or_else(|| {
                let col = k * HEX_PER_SAMPLE + i + 1;
                Error::parse(
                    file,
                    line_no,
                    format!("byte {col} of the page data is not a hex digit"),
                )
            })?;
            word = word << 4 | u64::from(d);
        }
        let mut v = [0.0; 3];
        for (a, value) in v.iter_mut().enumerate() {
            let raw = ((word >> (36 - 12 * a)) & 0xFFF) as i32;
            let signed = if raw >= 2048 { raw - 4096 } else { raw };
            *value = (f64::from(signed) * 100.0 - cal.offset[a]) / cal.gain[a];
        }
        rows.push(Row {
            line: line_no,
            t: *samples as f64 / rate_hz,
            v,
        });
        *samples += 1;
    }
    Ok(())
}

/// Checks that a `.bin` header gave what decoding needs.
pub(crate) fn check_header(
    file: &str,
    line_no: usize,
    cal: Option<Calibration>,
    rate_hz: Option<f64>,
) -> Result<(Calibration, f64)> {
    let cal = cal.ok_or_else(|| {
        Error::parse(
            file,
            line_no,
            "no complete Calibration Data (x/y/z gain and offset) before the recorded data",
        )
    })?;
    let rate = rate_hz.ok_or_else(|| {
        Error::parse(
            file,
            line_no,
            "no Measurement Frequency before the recorded data",
        )
    })?;
    Ok((cal, rate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_twelve_bit_signed_samples_with_calibration() {
        let cal = Calibration {
            gain: [100.0, 100.0, 100.0],
            offset: [0.0, 0.0, 0.0],
        };
        let mut rows = Vec::new();
        let mut n = 0;
        // x = 0x001 = 1, y = 0xFFF = -1, z = 0x800 = -2048; light etc. ignored.
        decode_page("f.bin", 3, b"001FFF800FFF", &cal, 2.0, &mut n, &mut rows).unwrap();
        assert_eq!(rows[0].v, [1.0, -1.0, -2048.0]);
        decode_page("f.bin", 4, b"7FF000001000", &cal, 2.0, &mut n, &mut rows).unwrap();
        assert_eq!(rows[1].v, [2047.0, 0.0, 1.0]);
        assert_eq!(rows[1].t, 0.5);
        let e = decode_page("f.bin", 5, b"7FF00000100G", &cal, 2.0, &mut n, &mut rows).unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.bin:5: byte 12 of the page data is not a hex digit"
        );
        assert!(decode_page("f.bin", 6, b"7FF0000010", &cal, 2.0, &mut n, &mut rows).is_err());
    }
}
