//! Leg-movement events CSV: `leg,onset_s,offset_s[,kind]`.
//!
//! The header is optional (a first line whose first field is `leg`). `leg` is `L`, `R`, `left`
//! or `right` (any case); the optional `kind` is `leg` (default) or `gross`.

use std::path::Path;

use super::fields::{content_lines, read_text, span, split};
use crate::event::{Leg, LegMovement, MovementKind};
use crate::{Error, Result};

/// Reads an events CSV file.
pub fn read_events(path: impl AsRef<Path>) -> Result<Vec<LegMovement>> {
    let path = path.as_ref();
    parse_events(&read_text(path)?, &path.display().to_string())
}

/// Parses events CSV text; `file` names it in errors.
pub fn parse_events(text: &str, file: &str) -> Result<Vec<LegMovement>> {
    let mut out = Vec::new();
    for (n, (line_no, line)) in content_lines(text).enumerate() {
        let fields: Vec<&str> = split(line).collect();
        if n == 0 && fields[0].eq_ignore_ascii_case("leg") {
            continue;
        }
        if !(3..=4).contains(&fields.len()) {
            return Err(Error::parse(
                file,
                line_no,
                format!(
                    "expected 3 or 4 fields (leg,onset_s,offset_s[,kind]), found {}",
                    fields.len()
                ),
            ));
        }
        let leg = match fields[0].to_ascii_lowercase().as_str() {
            "l" | "left" => Leg::Left,
            "r" | "right" => Leg::Right,
            _ => {
                return Err(Error::parse(
                    file,
                    line_no,
                    format!("unknown leg {:?} (expected L, R, left or right)", fields[0]),
                ));
            }
        };
        let (onset, offset) = span(file, line_no, fields[1], fields[2])?;
        let kind = match fields.get(3).map(|k| k.to_ascii_lowercase()) {
            None => MovementKind::Leg,
            Some(k) if k == "leg" || k.is_empty() => MovementKind::Leg,
            Some(k) if k == "gross" => MovementKind::Gross,
            Some(_) => {
                return Err(Error::parse(
                    file,
                    line_no,
                    format!("unknown kind {:?} (expected leg or gross)", fields[3]),
                ));
            }
        };
        out.push(LegMovement {
            kind,
            ..LegMovement::new(leg, onset, offset)
        });
    }
    Ok(out)
}
