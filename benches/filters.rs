//! Filter throughput in samples per second (criterion's "elem/s").
//!
//! Run: `cargo bench --bench filters`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use plmkit::filter::multichannel::InterleavedSos;
use plmkit::filter::{
    Band, Filter, Init, MovingRms, RunningPercentile, SosCascade, SosFilter, butter,
};

const N: usize = 100_000;

fn input(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| 1.0 + 0.3 * (i as f64 * 0.05).sin() + 0.01 * ((i * 7919) % 101) as f64)
        .collect()
}

fn designs() -> Vec<(&'static str, SosCascade<f64>)> {
    vec![
        (
            "lowpass4_2sec",
            butter(4, Band::Lowpass(8.0), 50.0).unwrap(),
        ),
        (
            "bandpass4_4sec",
            butter(4, Band::Bandpass(0.5, 8.0), 50.0).unwrap(),
        ),
    ]
}

fn cascade_one_channel(c: &mut Criterion) {
    let x = input(N);
    let mut g = c.benchmark_group("sos_1ch");
    g.throughput(Throughput::Elements(N as u64));
    for (name, sos) in designs() {
        let mut f = SosFilter::new(&sos, Init::Steady);
        let mut buf = x.clone();
        g.bench_function(BenchmarkId::new("process_block", name), |b| {
            b.iter(|| {
                buf.copy_from_slice(&x);
                f.process_block(black_box(&mut buf));
            })
        });
        let mut f = SosFilter::new(&sos, Init::Steady);
        g.bench_function(BenchmarkId::new("process_sample", name), |b| {
            b.iter(|| {
                let mut acc = 0.0;
                for &v in &x {
                    acc += f.process_sample(black_box(v));
                }
                acc
            })
        });
    }
    g.finish();
}

/// Calibration: a loop whose only work is a dependent `acc = acc * c + x` chain (one multiply
/// and one add, 8 cycles of latency on current x86 cores without FMA). Dividing another
/// benchmark's time per sample by this one's gives its cost in cycles independent of the
/// clock rate and of load from other processes on a shared machine.
fn latency_reference(c: &mut Criterion) {
    let x = input(N);
    let mut g = c.benchmark_group("reference");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("dependent_mul_add_8_cycles", |b| {
        b.iter(|| {
            let k = black_box(0.999);
            let mut acc = 0.0;
            for &v in &x {
                acc = acc * k + v;
            }
            acc
        })
    });
    g.finish();
}

fn cascade_three_channels(c: &mut Criterion) {
    let x = input(3 * N);
    let frames: Vec<[f64; 3]> = x.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect();
    let mut g = c.benchmark_group("sos_3ch_interleaved");
    // Samples, not frames: three per frame.
    g.throughput(Throughput::Elements(3 * N as u64));
    for (name, sos) in designs() {
        let mut f = InterleavedSos::<3>::new(&sos, Init::Steady);
        let mut buf = frames.clone();
        g.bench_function(name, |b| {
            b.iter(|| {
                buf.copy_from_slice(&frames);
                f.process_frames(black_box(&mut buf));
            })
        });
    }
    g.finish();
}

fn windows(c: &mut Criterion) {
    let x = input(N);
    let mut g = c.benchmark_group("windows");
    g.throughput(Throughput::Elements(N as u64));
    for w in [50usize, 500] {
        let mut f = MovingRms::new(w).unwrap();
        let mut buf = x.clone();
        g.bench_function(BenchmarkId::new("moving_rms", w), |b| {
            b.iter(|| {
                buf.copy_from_slice(&x);
                f.process_block(black_box(&mut buf));
            })
        });
    }
    for w in [50usize, 1500] {
        let mut f = RunningPercentile::new(w, 10.0).unwrap();
        let mut buf = x.clone();
        g.bench_function(BenchmarkId::new("running_percentile", w), |b| {
            b.iter(|| {
                buf.copy_from_slice(&x);
                f.process_block(black_box(&mut buf));
            })
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    latency_reference,
    cascade_one_channel,
    cascade_three_channels,
    windows
);
criterion_main!(benches);
