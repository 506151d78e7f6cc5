//! Scored movements as CSV, one row per movement after bilateral combination:
//! `onset_s,offset_s,leg,kind,parts,class,candidate,periodic,periodic_nr,series_id,respiratory,arousal,stage,imi_s,excluded`.
//! Empty fields for absent values.

use std::io::Write;
use std::path::Path;

use crate::io::OutputFile;
use crate::score::{Exclusion, Report};
use crate::{Error, MovementKind, Result};

const HEADER: &str = "onset_s,offset_s,leg,kind,parts,class,candidate,periodic,periodic_nr,series_id,respiratory,arousal,stage,imi_s,excluded";

/// Writes the scored movements of `report` to `out`.
pub fn write_movements_csv_to(report: &Report, mut out: impl Write) -> std::io::Result<()> {
    writeln!(out, "{HEADER}")?;
    for m in &report.movements {
        let kind = match m.kind {
            MovementKind::Leg => "leg",
            MovementKind::Gross => "gross",
        };
        let series = m.series_id.map(|s| s.to_string()).unwrap_or_default();
        let imi = m.imi_s.map(|v| v.to_string()).unwrap_or_default();
        let excluded = match m.excluded {
            None => "",
            Some(Exclusion::Respiratory) => "respiratory",
            Some(Exclusion::ShortImi) => "short_imi",
            Some(Exclusion::OutOfScope) => "out_of_scope",
            Some(Exclusion::OutsideLights) => "outside_lights",
        };
        writeln!(
            out,
            "{},{},{},{kind},{},{},{},{},{},{series},{},{},{},{imi},{excluded}",
            m.onset_s,
            m.offset_s,
            m.leg.name(),
            m.parts,
            m.class.name(),
            m.candidate,
            m.periodic,
            m.periodic_nr,
            m.respiratory,
            m.arousal,
            m.stage.name(),
        )?;
    }
    out.flush()
}

/// Writes the scored movements of `report` to the file `path` (whole or not at all:
/// [`OutputFile`]; `-`: standard output).
pub fn write_movements_csv(report: &Report, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    if path == Path::new("-") {
        return write_movements_csv_to(report, std::io::stdout().lock())
            .map_err(|e| Error::io("<stdout>", e));
    }
    OutputFile::write_with(path, |out| write_movements_csv_to(report, out))
}
