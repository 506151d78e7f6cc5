//! ndarray helpers: each column equals the single-channel filter on that column.

use ndarray::Array2;
use plmkit::filter::multichannel::{
    moving_rms_columns, running_percentile_columns, sosfilt_columns, sosfiltfilt_columns,
};
use plmkit::filter::{
    Band, Filter, Init, MovingRms, RunningPercentile, SosFilter, butter, sosfiltfilt,
};

fn data() -> Array2<f64> {
    Array2::from_shape_fn((500, 3), |(i, c)| {
        1.0 + ((i * (c + 3)) as f64 * 0.07).sin() + ((i * 31 + c) % 11) as f64 * 0.02
    })
}

#[test]
fn every_column_equals_the_single_channel_filter() {
    let d = data();
    let sos = butter(4, Band::Bandpass(0.5, 8.0), 50.0).unwrap();
    let zero = sosfilt_columns(&sos, d.view(), Init::Zero);
    let steady = sosfilt_columns(&sos, d.view(), Init::Steady);
    let ff = sosfiltfilt_columns(&sos, d.view()).unwrap();
    let rms = moving_rms_columns(d.view(), 25).unwrap();
    let p10 = running_percentile_columns(d.view(), 40, 10.0).unwrap();
    for c in 0..3 {
        let col: Vec<f64> = d.column(c).to_vec();
        let run = |mut f: Box<dyn Filter<f64>>| -> Vec<f64> {
            col.iter().map(|&v| f.process_sample(v)).collect()
        };
        assert_eq!(
            zero.column(c).to_vec(),
            run(Box::new(SosFilter::new(&sos, Init::Zero)))
        );
        assert_eq!(
            steady.column(c).to_vec(),
            run(Box::new(SosFilter::new(&sos, Init::Steady)))
        );
        assert_eq!(ff.column(c).to_vec(), sosfiltfilt(&sos, &col).unwrap());
        assert_eq!(
            rms.column(c).to_vec(),
            run(Box::new(MovingRms::new(25).unwrap()))
        );
        assert_eq!(
            p10.column(c).to_vec(),
            run(Box::new(RunningPercentile::new(40, 10.0).unwrap()))
        );
    }
    assert!(moving_rms_columns(d.view(), 0).is_err());
    assert!(sosfiltfilt_columns(&sos, d.slice(ndarray::s![..10, ..])).is_err());
}
