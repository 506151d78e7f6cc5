//! The pipeline over files: the JSON `plm_score` writes (`FileReport::to_json`) is the same for
//! every block size, and the report equals the batch pipeline over the same rows in memory.
#![cfg(feature = "io")]

use std::path::PathBuf;

use plmkit::io::trace::{ReadConfig, TraceReader, read_trace};
use plmkit::pipeline::{PipelineConfig, TraceFile, score_files, score_rows};
use plmkit::{Error, Leg};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/sim/night_25hz_15min")
        .join(name)
}

fn files(block_rows: usize) -> Vec<TraceFile> {
    let opts = ReadConfig {
        block_rows,
        ..ReadConfig::default()
    };
    [(Leg::Left, "left.csv"), (Leg::Right, "right.csv")]
        .into_iter()
        .map(|(leg, f)| TraceFile {
            leg,
            reader: TraceReader::open(&opts, fixture(f)).unwrap(),
        })
        .collect()
}

#[test]
fn the_json_is_the_same_for_every_block_size() {
    let cfg = PipelineConfig::default();
    let mut blocks_seen = 0;
    let want = score_files(&cfg, files(4096), |_| Ok(())).unwrap();
    for rows in [1, 7, 250, 100_000] {
        let got = score_files(&cfg, files(rows), |_| {
            blocks_seen += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(got.to_json(), want.to_json(), "block_rows {rows}");
    }
    assert!(
        blocks_seen > 22_500,
        "one callback per block: {blocks_seen}"
    );
    let json = want.to_json();
    for key in ["summary", "series", "movements", "input", "data_quality"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert!(want.night.report.summary.plm_count > 10);
}

#[test]
fn files_and_rows_in_memory_give_one_report() {
    let cfg = PipelineConfig::default();
    let from_files = score_files(&cfg, files(512), |_| Ok(())).unwrap();
    let (l, r) = (
        read_trace(&ReadConfig::default(), fixture("left.csv")).unwrap(),
        read_trace(&ReadConfig::default(), fixture("right.csv")).unwrap(),
    );
    let from_rows = score_rows(
        &cfg,
        &[
            (Leg::Left, l.rows.view(), 0.0),
            (Leg::Right, r.rows.view(), 0.0),
        ],
    )
    .unwrap();
    assert_eq!(format!("{:?}", from_files.night), format!("{from_rows:?}"));
}

#[test]
fn a_callback_error_stops_the_run_and_bad_files_are_named() {
    let cfg = PipelineConfig::default();
    let e = score_files(&cfg, files(64), |_| Err(Error::InvalidInput("stop".into()))).unwrap_err();
    assert!(e.to_string().contains("stop"), "{e}");

    // Time going backwards in the right file, read on its thread: the error names file and line.
    let dir = std::env::temp_dir().join(format!("plmkit-pipeline-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("right.csv");
    let mut text = String::from("time_s,x,y,z\n");
    for i in 0..3000 {
        let t = if i == 2500 { 1.0 } else { i as f64 * 0.04 };
        text.push_str(&format!("{t},0.01,0.02,0.99\n"));
    }
    std::fs::write(&bad, text).unwrap();
    let mut f = files(256);
    f[1].reader = TraceReader::open(&ReadConfig::default(), &bad).unwrap();
    let e = score_files(&cfg, f, |_| Ok(())).unwrap_err();
    assert!(
        e.to_string()
            .contains("right.csv:2502: time goes backwards"),
        "{e}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
