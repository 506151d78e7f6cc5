//! EDF+ time-stamped annotation lists (TALs): `+onset[\x15duration]\x14text\x14...\x14\x00`.

use crate::Result;

use super::header::at_byte;

/// One EDF+ annotation: onset (s from the file's start time), optional duration, text.
#[derive(Debug, Clone, PartialEq)]
pub struct EdfAnnotation {
    /// Onset in seconds from the header's start time.
    pub onset_s: f64,
    /// Duration in seconds, when the TAL gives one.
    pub duration_s: Option<f64>,
    /// The annotation text (UTF-8).
    pub text: String,
}

/// Parses the TALs of one annotations signal's bytes in one record. Returns the onset of the
/// record's time-keeping TAL (the first TAL when its first text is empty) if `timekeeping` is
/// asked for, and appends the other annotations to `out`. `base` is the byte offset of `bytes`
/// in the file, for errors.
pub(crate) fn parse_tals(
    bytes: &[u8],
    file: &str,
    base: u64,
    timekeeping: bool,
    out: &mut Vec<EdfAnnotation>,
) -> Result<Option<f64>> {
    let mut pos = 0usize;
    let mut keep_time = None;
    let mut first = true;
    while pos < bytes.len() && bytes[pos] != 0 {
        let start = pos;
        let err = |at: usize, what: String| at_byte(file, base + at as u64, what);
        // Onset: sign then digits and at most one dot, up to 0x15 or 0x14.
        let end_onset = bytes[pos..]
            .iter()
            .position(|&b| b == 0x14 || b == 0x15)
            .map(|i| pos + i)
            .ok_or_else(|| err(start, "annotation without a 0x14 after its onset".into()))?;
        let onset_text = std::str::from_utf8(&bytes[pos..end_onset]).unwrap_or("");
        let onset_s = parse_signed(onset_text).ok_or_else(|| {
            err(
                start,
                format!(
                    "annotation onset {:?} is not +seconds or -seconds",
                    String::from_utf8_lossy(&bytes[pos..end_onset])
                ),
            )
        })?;
        pos = end_onset;
        let mut duration_s = None;
        if bytes[pos] == 0x15 {
            let s = pos + 1;
            let e = bytes[s..]
                .iter()
                .position(|&b| b == 0x14)
                .map(|i| s + i)
                .ok_or_else(|| err(s, "annotation duration without a following 0x14".into()))?;
            let text = std::str::from_utf8(&bytes[s..e]).unwrap_or("");
            let d = parse_unsigned(text).ok_or_else(|| {
                err(
                    s,
                    format!(
                        "annotation duration {:?} is not a number of seconds",
                        String::from_utf8_lossy(&bytes[s..e])
                    ),
                )
            })?;
            duration_s = Some(d);
            pos = e;
        }
        // Now at the 0x14 that ends onset/duration; texts follow, each ended by 0x14, the TAL
        // by 0x00.
        pos += 1;
        let mut n_text = 0;
        loop {
            let Some(rel) = bytes[pos..].iter().position(|&b| b == 0x14 || b == 0) else {
                return Err(err(start, "annotation list not ended by 0x14 0x00".into()));
            };
            let e = pos + rel;
            if bytes[e] == 0 {
                if e != pos {
                    return Err(err(pos, "annotation text not ended by 0x14".into()));
                }
                pos = e + 1;
                break;
            }
            let text = std::str::from_utf8(&bytes[pos..e])
                .map_err(|_| err(pos, "annotation text is not UTF-8".into()))?;
            if first && timekeeping && n_text == 0 && text.is_empty() {
                keep_time = Some(onset_s);
            } else if !text.is_empty() {
                out.push(EdfAnnotation {
                    onset_s,
                    duration_s,
                    text: text.to_string(),
                });
            }
            n_text += 1;
            pos = e + 1;
        }
        first = false;
    }
    Ok(keep_time)
}

fn parse_signed(t: &str) -> Option<f64> {
    let (sign, rest) = match t.as_bytes().first()? {
        b'+' => (1.0, &t[1..]),
        b'-' => (-1.0, &t[1..]),
        _ => return None,
    };
    parse_unsigned(rest).map(|v| sign * v)
}

fn parse_unsigned(t: &str) -> Option<f64> {
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}
