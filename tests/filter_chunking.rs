//! Property: however the input is cut into blocks, every streaming filter gives bit-identical
//! output to processing it as one block (and to sample-by-sample processing).

use plmkit::filter::multichannel::InterleavedSos;
use plmkit::filter::{
    Band, Filter, Init, MovingMean, MovingRms, MovingSum, RunningPercentile, SosFilter, butter,
};
use proptest::prelude::*;

const CASES: u32 = 256;

/// Processes `x` in blocks cut at `cuts` (positions taken modulo the length, in any order).
fn chunked<F: Filter<f64>>(f: &mut F, x: &[f64], cuts: &[usize]) -> Vec<f64> {
    let mut y = x.to_vec();
    let mut at: Vec<usize> = cuts.iter().map(|c| c % (x.len() + 1)).collect();
    at.push(0);
    at.push(x.len());
    at.sort_unstable();
    for w in at.windows(2) {
        f.process_block(&mut y[w[0]..w[1]]);
    }
    y
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

/// One block, per sample, and chunked, each from a fresh filter, all bit-identical.
fn check<F: Filter<f64>>(
    make: impl Fn() -> F,
    x: &[f64],
    cuts: &[usize],
) -> Result<(), TestCaseError> {
    let mut whole = x.to_vec();
    make().process_block(&mut whole);
    let mut f = make();
    let per_sample: Vec<f64> = x.iter().map(|&v| f.process_sample(v)).collect();
    let parts = chunked(&mut make(), x, cuts);
    prop_assert_eq!(bits(&whole), bits(&per_sample));
    prop_assert_eq!(bits(&whole), bits(&parts));
    // reset() returns the filter to its constructed state.
    let mut g = make();
    g.process_block(&mut x.to_vec());
    g.reset();
    let mut again = x.to_vec();
    g.process_block(&mut again);
    prop_assert_eq!(bits(&whole), bits(&again));
    Ok(())
}

fn signal() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(-10.0f64..10.0, 0..400)
}

fn cuts() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0usize..1000, 0..12)
}

fn band() -> impl Strategy<Value = Band> {
    // Cutoffs as fractions of Nyquist at fs = 100 Hz.
    prop_oneof![
        (0.01f64..0.95).prop_map(|f| Band::Lowpass(f * 50.0)),
        (0.01f64..0.95).prop_map(|f| Band::Highpass(f * 50.0)),
        (0.01f64..0.45, 0.5f64..0.95).prop_map(|(a, b)| Band::Bandpass(a * 50.0, b * 50.0)),
        (0.01f64..0.45, 0.5f64..0.95).prop_map(|(a, b)| Band::Bandstop(a * 50.0, b * 50.0)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn cascade_zero_init_is_chunking_invariant(x in signal(), c in cuts(), b in band(), order in 1usize..=8) {
        let sos = butter(order, b, 100.0).unwrap();
        check(|| SosFilter::new(&sos, Init::Zero), &x, &c)?;
    }

    #[test]
    fn cascade_steady_init_is_chunking_invariant(x in signal(), c in cuts(), b in band(), order in 1usize..=8) {
        let sos = butter(order, b, 100.0).unwrap();
        check(|| SosFilter::new(&sos, Init::Steady), &x, &c)?;
    }

    #[test]
    fn moving_sum_mean_rms_are_chunking_invariant(x in signal(), c in cuts(), w in 1usize..50) {
        check(|| MovingSum::new(w).unwrap(), &x, &c)?;
        check(|| MovingMean::new(w).unwrap(), &x, &c)?;
        check(|| MovingRms::new(w).unwrap(), &x, &c)?;
    }

    #[test]
    fn running_percentile_is_chunking_invariant(
        x in signal(), c in cuts(), w in 1usize..50, q in 0.0f64..=100.0,
    ) {
        check(|| RunningPercentile::new(w, q).unwrap(), &x, &c)?;
    }

    #[test]
    fn interleaved_three_channels_equal_three_single_channels(
        x in prop::collection::vec(-10.0f64..10.0, 0..600), b in band(), order in 1usize..=8,
        steady in any::<bool>(),
    ) {
        let sos = butter(order, b, 100.0).unwrap();
        let init = if steady { Init::Steady } else { Init::Zero };
        let n = x.len() / 3;
        let mut frames: Vec<[f64; 3]> = (0..n).map(|i| [x[3 * i], x[3 * i + 1], x[3 * i + 2]]).collect();
        InterleavedSos::<3>::new(&sos, init).process_frames(&mut frames);
        for ch in 0..3 {
            let mut col: Vec<f64> = (0..n).map(|i| x[3 * i + ch]).collect();
            SosFilter::new(&sos, init).process_block(&mut col);
            let inter: Vec<f64> = frames.iter().map(|f| f[ch]).collect();
            prop_assert_eq!(bits(&col), bits(&inter));
        }
    }
}
