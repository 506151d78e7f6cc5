//! PSG speed: an 8-h, 2-channel, 256-Hz simulated night (with ECG artefact and hum) written as
//! EDF+ once, then (1) read record by record with both leg channels scaled to µV, (2) read and
//! run through the EMG detector on both legs (`detect_edf`), (3) the detector alone on samples
//! already in memory, per leg.
//!
//! `cargo bench --bench emg`

use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plmkit::Leg;
use plmkit::detect::emg::{EmgConfig, EmgDetector, detect_edf};
use plmkit::io::edf::{EdfReader, choose_leg_channels};
use plmkit::simulate::psg::{PsgConfig, PsgNight};

const HOURS: f64 = 8.0;
const RATE: f64 = 256.0;

fn night() -> PsgNight {
    PsgNight::new(&PsgConfig {
        seed: 1,
        rate_hz: RATE,
        duration_s: HOURS * 3600.0,
        ecg: true,
        ..PsgConfig::default()
    })
    .expect("valid config")
}

fn scratch_edf(night: &PsgNight) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("plmkit-emg-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let path = dir.join("night.edf");
    night.write_edf_file(&path).expect("EDF+ written");
    path
}

fn bench(c: &mut Criterion) {
    let night = night();
    let path = scratch_edf(&night);
    let samples = (HOURS * 3600.0 * RATE) as u64 * 2;
    let mut g = c.benchmark_group("psg_8h_2ch_256hz");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Elements(samples));

    g.bench_function("edf_read_uv", |b| {
        b.iter(|| {
            let mut r = EdfReader::open(&path).expect("opens");
            let ch = choose_leg_channels(r.header(), None, None).expect("legs");
            let (mut l, mut rt) = (Vec::new(), Vec::new());
            let mut sum = 0.0;
            while r.next_record().expect("record") {
                r.samples_uv(ch.left.index, &mut l).expect("left");
                r.samples_uv(ch.right.index, &mut rt).expect("right");
                sum += l[0] + rt[0];
            }
            sum
        })
    });

    g.bench_function("edf_read_and_detect", |b| {
        b.iter(|| {
            let mut r = EdfReader::open(&path).expect("opens");
            let ch = choose_leg_channels(r.header(), None, None).expect("legs");
            detect_edf(&EmgConfig::default(), &mut r, &ch)
                .expect("detects")
                .movements()
                .len()
        })
    });

    let n = (HOURS * 3600.0 * RATE) as usize;
    let mut left = vec![0.0; n];
    let mut right = vec![0.0; n];
    night.stream(Leg::Left).fill(&mut left);
    night.stream(Leg::Right).fill(&mut right);
    g.bench_function("detect_only", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            for (leg, x) in [(Leg::Left, &left), (Leg::Right, &right)] {
                let mut d = EmgDetector::new(&EmgConfig::default(), leg, RATE, 0.0).expect("ok");
                for block in x.chunks(256) {
                    d.push(block, &mut out);
                }
                d.finish(&mut out);
            }
            out.len()
        })
    });
    g.finish();
    std::fs::remove_dir_all(path.parent().expect("dir")).ok();
}

criterion_group!(benches, bench);
criterion_main!(benches);
