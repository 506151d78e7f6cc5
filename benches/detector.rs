//! Triaxial samples per second through the whole per-leg detector (band-pass, envelope,
//! noise floor, hysteresis, posture, quality checks), on a simulated 100-Hz hour.
//!
//! `cargo bench --bench detector`: `leg_100hz_1h_blocks4096` is the streaming detector on grid
//! samples; `detect_leg_rows_100hz_1h` adds the timeline (rate estimate, resampling) from rows.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plmkit::Leg;
use plmkit::TriaxialColumns;
use plmkit::detect::detect_leg;
use plmkit::detect::{DetectorConfig, LegDetector};
use plmkit::simulate::{NoiseLevel, Profile, SimConfig, SimNight};
use plmkit::timeline::{Timeline, TimelineConfig};
use std::hint::black_box;

fn rows(rate: f64) -> TriaxialColumns {
    let night = SimNight::new(&SimConfig {
        seed: 3,
        rate_hz: rate,
        duration_s: 3600.0,
        profile: Profile::Typical,
        noise: NoiseLevel::Medium,
        ..SimConfig::default()
    })
    .expect("valid config");
    night.rows(Leg::Left)
}

fn grid(rows: &TriaxialColumns) -> Vec<[f64; 3]> {
    let mut tl = Timeline::new(&TimelineConfig::default()).expect("valid config");
    let mut g = Vec::with_capacity(rows.len());
    tl.push(rows.view(), &mut g)
        .expect("simulated rows are valid");
    tl.finish(&mut g).expect("simulated rows are valid");
    g
}

fn bench(c: &mut Criterion) {
    let rate = 100.0;
    let rows = rows(rate);
    let g = grid(&rows);
    let cfg = DetectorConfig {
        full_scale_g: Some(8.0),
        ..DetectorConfig::default()
    };
    let mut group = c.benchmark_group("detector");
    group.throughput(Throughput::Elements(g.len() as u64));
    group.sample_size(20);
    group.bench_function("leg_100hz_1h_blocks4096", |b| {
        let mut out = Vec::with_capacity(1024);
        b.iter(|| {
            let mut d = LegDetector::new(Leg::Left, rate, 0.0, &cfg).expect("valid config");
            out.clear();
            for block in g.chunks(4096) {
                d.push(black_box(block), &mut out);
            }
            d.finish(&mut out);
            let mut plot = Vec::new();
            d.append_plot_envelope(&mut plot);
            black_box(plot);
            out.len()
        })
    });
    // The batch path the example binaries use: timestamped rows -> timeline -> detector.
    group.throughput(Throughput::Elements(rows.len() as u64));
    group.bench_function("detect_leg_rows_100hz_1h", |b| {
        let cols = rows.view();
        b.iter(|| {
            detect_leg(&cfg, Leg::Left, black_box(cols))
                .expect("valid rows")
                .movements
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
