//! Output files appear whole or not at all: a full disk, an unwritable directory or a failed
//! write never leaves a truncated report that looks finished (fuzzing/fault finding of issue 11:
//! a 64-kB tmpfs kept 65,536 bytes of invalid JSON at the requested path).
#![cfg(feature = "io")]

use plmkit::Error;
use plmkit::io::OutputFile;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A fresh empty directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("plmkit-output-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A writer that fails after some bytes, as a full disk does.
fn fail_after_half(out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(b"{\"summary\": {\"plm_count\": 1")?;
    out.flush()?;
    Err(std::io::Error::new(
        std::io::ErrorKind::StorageFull,
        "no space left on device",
    ))
}

#[test]
fn a_failed_write_leaves_no_file_and_names_the_target() {
    let dir = scratch("fail");
    let target = dir.join("report.json");
    let err = OutputFile::write_with(&target, fail_after_half).unwrap_err();
    assert!(
        matches!(&err, Error::Io { file, .. } if file.ends_with("report.json")),
        "{err}"
    );
    assert_eq!(
        entries(&dir),
        Vec::<String>::new(),
        "no partial or temporary file"
    );
}

#[test]
fn a_failed_write_keeps_the_previous_file() {
    let dir = scratch("keep");
    let target = dir.join("report.json");
    std::fs::write(&target, "previous\n").unwrap();
    assert!(OutputFile::write_with(&target, fail_after_half).is_err());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "previous\n");
    assert_eq!(entries(&dir), ["report.json"]);
}

#[test]
fn a_committed_file_is_whole_and_the_temporary_file_is_gone() {
    let dir = scratch("ok");
    let target = dir.join("movements.csv");
    OutputFile::write_with(&target, |out| out.write_all(b"onset_s,offset_s\n1,2\n")).unwrap();
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "onset_s,offset_s\n1,2\n"
    );
    assert_eq!(entries(&dir), ["movements.csv"]);
}

#[test]
fn an_output_dropped_before_commit_leaves_nothing() {
    let dir = scratch("drop");
    let target = dir.join("night.svg");
    {
        let mut out = OutputFile::create(&target).unwrap();
        out.write_all(b"<svg").unwrap();
        assert_eq!(out.target(), target.as_path());
    }
    assert_eq!(entries(&dir), Vec::<String>::new());
}

#[test]
fn a_missing_directory_is_an_error_before_anything_is_written() {
    let target = scratch("missing").join("no/such/dir/report.json");
    let err = OutputFile::create(&target).unwrap_err();
    assert!(err.to_string().contains("no/such/dir/report.json"), "{err}");
    let err = OutputFile::create(Path::new("/")).unwrap_err();
    assert!(err.to_string().contains("must name a file"), "{err}");
}

#[test]
fn the_report_writers_go_through_it() {
    let dir = scratch("writers");
    let report = plmkit::score::score(
        &plmkit::score::Criteria::wasm2016(),
        &plmkit::score::ScoringContext::default(),
        &[plmkit::LegMovement::new(plmkit::Leg::Left, 1.0, 2.0)],
    )
    .unwrap();
    plmkit::io::events::write_report_json(&report, dir.join("r.json")).unwrap();
    plmkit::io::events::write_movements_csv(&report, dir.join("m.csv")).unwrap();
    assert_eq!(entries(&dir), ["m.csv", "r.json"]);
    let json = std::fs::read_to_string(dir.join("r.json")).unwrap();
    assert!(json.ends_with("}\n"), "whole JSON");
    let missing = dir.join("gone").join("r.json");
    assert!(plmkit::io::events::write_report_json(&report, &missing).is_err());
}
