//! Files cut off (a copy, a download, a device that lost power) are read up to the cut, the cut
//! is reported, and nothing after it is trusted (issue 11, point 6); and a .gt3x dated outside
//! the i64-nanosecond range is an error, not a wrapped date (issue 11, point 3).
#![cfg(feature = "io")]

use plmkit::io::trace::{ReadConfig, TraceReader, read_trace};
use std::io::Cursor;

#[path = "common/gt3x_zip.rs"]
mod gt3x_zip;
use gt3x_zip::{entries, stored_zip};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/fixtures/formats/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn read_all(name: &str, bytes: Vec<u8>) -> plmkit::Result<(usize, TraceReader)> {
    let mut reader = TraceReader::from_reader(&ReadConfig::default(), name, Cursor::new(bytes))?;
    let mut block = plmkit::TriaxialColumns::default();
    let mut rows = 0;
    while reader.next_block(&mut block)? {
        rows += block.len();
    }
    Ok((rows, reader))
}

#[test]
fn a_cut_geneactiv_bin_is_read_up_to_the_cut() {
    let whole = fixture("geneactiv.bin");
    let (all, reader) = read_all("whole.bin", whole.clone()).unwrap();
    assert_eq!(reader.stats().truncated, None);
    let cut = whole[..whole.len() * 2 / 3].to_vec();
    let (rows, reader) = read_all("cut.bin", cut).unwrap();
    let t = reader
        .stats()
        .truncated
        .clone()
        .expect("the cut is reported");
    assert!(t.what.contains("sample data"), "{t:?}");
    assert!(
        rows > 0 && rows < all && rows % 300 == 0,
        "whole pages only: {rows} of {all}"
    );
}

#[test]
fn a_cut_gt3x_with_its_header_first_is_read_up_to_the_cut() {
    let archive = entries(&fixture("actigraph.gt3x"));
    let info = &archive.iter().find(|e| e.0 == "info.txt").unwrap().1;
    let log = &archive.iter().find(|e| e.0 == "log.bin").unwrap().1;
    let whole = stored_zip(&[("info.txt", info), ("log.bin", log)]);
    let (all, reader) = read_all("whole.gt3x", whole.clone()).unwrap();
    assert_eq!(reader.stats().truncated, None);
    let cut = whole[..whole.len() - log.len() / 2].to_vec();
    let (rows, reader) = read_all("cut.gt3x", cut).unwrap();
    let t = reader
        .stats()
        .truncated
        .clone()
        .expect("the cut is reported");
    assert!(
        t.what.contains("the archive ends inside log.bin record"),
        "{t:?}"
    );
    assert!(rows > 0 && rows < all, "{rows} of {all}");
    // ActiLife's own order (log.bin first): cut, the header is lost, and the error says so.
    let fixture_cut = fixture("actigraph.gt3x")[..10_000].to_vec();
    let e = read_all("lost.gt3x", fixture_cut).unwrap_err().to_string();
    assert!(e.contains("before its info.txt"), "{e}");
}

#[test]
fn a_gt3x_dated_after_2262_is_an_error_not_a_wrapped_year() {
    let archive = entries(&fixture("actigraph.gt3x"));
    let log = &archive.iter().find(|e| e.0 == "log.bin").unwrap().1;
    // .NET ticks of 2853-01-01: 900 years after 1953, far past i64 nanoseconds from 1970.
    let ticks: i64 = (62_135_596_800 + 27_000_000_000) * 10_000_000;
    let info = format!(
        "Serial Number: MOS0FIXTURE01\nSample Rate: 30\nStart Date: {ticks}\nAcceleration Scale: 256.0\n"
    );
    let zip = stored_zip(&[("log.bin", log), ("info.txt", info.as_bytes())]);
    let e = read_all("future.gt3x", zip).unwrap_err().to_string();
    assert!(e.contains("outside 1677..2262"), "{e}");
    // A file on disk the same way, through read_trace.
    let path = std::env::temp_dir().join(format!("plmkit-future-{}.gt3x", std::process::id()));
    std::fs::write(
        &path,
        stored_zip(&[("log.bin", log), ("info.txt", info.as_bytes())]),
    )
    .unwrap();
    assert!(read_trace(&ReadConfig::default(), &path).is_err());
    let _ = std::fs::remove_file(&path);
}
