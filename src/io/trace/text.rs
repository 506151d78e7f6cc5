//! Small text helpers shared by the format readers: cells, header keys, column names.

use super::Units;

/// Trims spaces, tabs and one pair of surrounding double quotes from a cell.
#[inline]
pub(crate) fn trim_cell(mut c: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = c {
        c = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = c {
        c = rest;
    }
    if c.len() >= 2 && c[0] == b'"' && c[c.len() - 1] == b'"' {
        c = &c[1..c.len() - 1];
    }
    c
}

/// The cells of a line split on `delim`, trimmed.
pub(crate) fn cells(line: &[u8], delim: u8) -> impl Iterator<Item = &[u8]> {
    line.split(move |&b| b == delim).map(trim_cell)
}

/// A header line as text: lossy UTF-8, trailing padding commas and spaces removed.
pub(crate) fn header_text(line: &[u8]) -> String {
    let s = String::from_utf8_lossy(line);
    s.trim_end_matches([',', ' ', '\t', ';']).trim().to_string()
}

/// A cell for a message: lossy UTF-8, at most 40 bytes shown.
pub(crate) fn show_cell(cell: &[u8]) -> String {
    let mut s = String::from_utf8_lossy(&cell[..cell.len().min(40)]).into_owned();
    if cell.len() > 40 {
        s.push('…');
    }
    s
}

/// True when the bytes look like binary data rather than text (NUL or other control bytes).
pub(crate) fn looks_binary(line: &[u8]) -> bool {
    line.iter()
        .any(|&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\r' | 0x0c)))
        || std::str::from_utf8(line).is_err()
}

/// Splits `Key: value`, `Key:,value`, `Key,value` or `Key value-with-digits` header lines into a
/// lowercase key and the value. The first `:` or `,` separates them.
pub(crate) fn key_value(text: &str) -> Option<(String, String)> {
    let sep = text.find([':', ','])?;
    let key = text[..sep].trim().to_ascii_lowercase();
    let value = text[sep + 1..]
        .trim_start_matches([':', ',', ' ', '\t'])
        .trim();
    Some((key, value.to_string()))
}

/// A column name split into a lowercase base and the unit in parentheses or brackets, if any:
/// `" Accel-X (g)"` gives (`"accel-x"`, `Some("g")`).
pub(crate) fn split_name(raw: &[u8]) -> (String, Option<String>) {
    let name = String::from_utf8_lossy(trim_cell(raw)).to_ascii_lowercase();
    if let Some(open) = name.find(['(', '[']) {
        let unit = name[open + 1..]
            .trim_end_matches([')', ']', ' '])
            .trim()
            .to_string();
        (name[..open].trim().to_string(), Some(unit))
    } else {
        (name.trim().to_string(), None)
    }
}

/// The axis (0, 1, 2) an acceleration column name stands for: `x`, `ax`, `acc_x`, `Accel-X`,
/// `Accelerometer X`, `Acceleration x`. Gyroscope, magnetometer and other columns give `None`.
pub(crate) fn axis_of(base: &str) -> Option<usize> {
    let axis = match base.chars().last()? {
        'x' => 0,
        'y' => 1,
        'z' => 2,
        _ => return None,
    };
    let prefix = base[..base.len() - 1].trim_end_matches([' ', '-', '_', '.']);
    // "acc" anywhere: acc, accel, acceleration, accelerometer, linear acceleration, ...
    let accel_like = prefix.is_empty() || prefix == "a" || prefix.contains("acc");
    accel_like.then_some(axis)
}

/// True for a time column name: `time`, `t`, `timestamp`, `time_s`, `Time (s)`, `datetime`, ...
pub(crate) fn is_time_name(base: &str) -> bool {
    base == "t"
        || base.starts_with("time")
        || base == "datetime"
        || base == "date_time"
        || base == "seconds"
        || base == "elapsed"
}

/// Units named in a column's unit text: `g`, `m/s^2`, `m/s²`, `m/s2`, `ms^-2`.
pub(crate) fn units_of(unit: &str) -> Option<Units> {
    let u: String = unit.chars().filter(|c| !c.is_whitespace()).collect();
    match u.as_str() {
        "g" => Some(Units::G),
        "m/s^2" | "m/s²" | "m/s2" | "ms^-2" | "ms-2" | "m·s⁻²" => {
            Some(Units::MetersPerSecond2)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_to_axes_and_units() {
        let (base, unit) = split_name(b" Accel-X (g)");
        assert_eq!((axis_of(&base), unit.as_deref()), (Some(0), Some("g")));
        assert_eq!(
            axis_of(&split_name(b"\"Acceleration z (m/s^2)\"").0),
            Some(2)
        );
        assert_eq!(axis_of("accelerometer y"), Some(1));
        assert_eq!(axis_of("gyro-x"), None);
        assert_eq!(axis_of("linear acceleration x"), Some(0));
        assert_eq!(axis_of("max"), None);
        assert!(is_time_name(&split_name(b"\"Time (s)\"").0));
        assert_eq!(units_of("m/s^2"), Some(Units::MetersPerSecond2));
    }

    #[test]
    fn header_keys_split_on_colon_or_comma() {
        let kv = |s| key_value(s).unwrap();
        assert_eq!(kv("Measurement Frequency:60 Hz").1, "60 Hz");
        assert_eq!(
            kv("Start Time,2025-03-17 12:37:32:000").1,
            "2025-03-17 12:37:32:000"
        );
        assert_eq!(kv("Serial Number: MOS2E17210537").0, "serial number");
        assert_eq!(
            header_text(b"Start Date 30/04/2024,,,,"),
            "Start Date 30/04/2024"
        );
    }
}
