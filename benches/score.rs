//! Scoring throughput in events per second: a night of 1,000 movements and 10^6 events.
//! Run: `cargo bench --bench score`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use plmkit::score::{Criteria, Hypnogram, OnlineScorer, ScoringContext, Stage, score};
use plmkit::{Interval, Leg, LegMovement};

/// `n` movements in PLM trains (IMI 15–40 s) with gaps, a fifth bilateral; deterministic.
fn night(n: usize) -> Vec<LegMovement> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut rnd = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut out = Vec::with_capacity(n);
    let mut t = 0.0;
    while out.len() < n {
        let leg = if rnd() < 0.5 { Leg::Left } else { Leg::Right };
        let d = 0.6 + 3.0 * rnd();
        out.push(LegMovement::new(leg, t, t + d));
        if rnd() < 0.2 && out.len() < n {
            out.push(LegMovement::new(
                leg.other(),
                t + 0.5 * d,
                t + 0.5 * d + 1.0,
            ));
        }
        t += if rnd() < 0.03 {
            300.0
        } else {
            15.0 + 25.0 * rnd()
        };
    }
    out
}

fn context(events: &[LegMovement]) -> ScoringContext {
    let end = events.last().map_or(0.0, |e| e.offset_s);
    let epochs = (end / 30.0).ceil() as usize + 1;
    let stages = (0..epochs)
        .map(|i| if i % 40 == 0 { Stage::Wake } else { Stage::N2 })
        .collect();
    let respiratory = (0..(end / 600.0) as usize)
        .map(|i| Interval {
            onset_s: 600.0 * i as f64,
            offset_s: 600.0 * i as f64 + 20.0,
        })
        .collect();
    ScoringContext {
        hypnogram: Some(Hypnogram::new(stages)),
        respiratory,
        arousals: Vec::new(),
        ..Default::default()
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("score");
    g.sample_size(10);
    for n in [1_000usize, 1_000_000] {
        let events = night(n);
        let ctx = context(&events);
        g.throughput(Throughput::Elements(n as u64));
        for criteria in [Criteria::wasm2016(), Criteria::aasm2012()] {
            let name = format!("batch_{}", criteria.standard.name());
            g.bench_with_input(BenchmarkId::new(name, n), &events, |b, ev| {
                b.iter(|| score(&criteria, &ctx, ev).unwrap())
            });
        }
        let criteria = Criteria::wasm2016();
        g.bench_with_input(BenchmarkId::new("online_wasm2016", n), &events, |b, ev| {
            b.iter(|| {
                let mut s = OnlineScorer::new(criteria.clone(), ctx.clone()).unwrap();
                let mut decisions = Vec::with_capacity(64);
                for e in ev {
                    s.push(*e, &mut decisions).unwrap();
                    decisions.clear();
                }
                s.finish(&mut decisions)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
