//! Polysomnograms through the pipeline (`plmkit::pipeline::score_edf`): the EMG front end
//! streams through the same merge and online scorer as the accelerometer, finds what the batch
//! EMG detector finds, agrees with the simulated truth, and takes its context from lab
//! annotation files (EDF+, RemLogic, NSRR XML), counting what it cannot use.
#![cfg(feature = "io")]

mod detect_emg_common;

use std::io::Cursor;

use detect_emg_common::{detect_bytes, edf_bytes, night};
use plmkit::detect::emg::EmgConfig;
use plmkit::io::annotations::read_annotations;
use plmkit::io::edf::{EdfReader, choose_leg_channels};
use plmkit::pipeline::{PsgConfig, PsgReport, open_psg, score_edf};
use plmkit::score::{Criteria, ScoringContext, agreement, score};
use plmkit::simulate::psg::{PsgConfig as SimPsgConfig, PsgNight};
use plmkit::{Interval, LegMovement};

fn score_bytes(bytes: &[u8], cfg: &PsgConfig) -> PsgReport {
    let mut r = EdfReader::from_reader(Cursor::new(bytes), bytes.len() as u64, "sim.edf")
        .expect("header reads");
    let ch = choose_leg_channels(r.header(), None, None).expect("leg channels found");
    score_edf(cfg, &mut r, &ch, |_| Ok(())).expect("scores")
}

fn night_context(n: &PsgNight) -> ScoringContext {
    ScoringContext {
        hypnogram: Some(n.hypnogram()),
        respiratory: n.respiratory().to_vec(),
        arousals: n.arousals().to_vec(),
        ..ScoringContext::default()
    }
}

fn sorted(mut v: Vec<LegMovement>) -> Vec<LegMovement> {
    v.sort_by(plmkit::score::event_order);
    v
}

#[test]
fn the_pipeline_finds_what_the_batch_detector_finds_and_scores_it_the_same() {
    // ECG artefact and a gap (an EDF+D file): stretches and movements go through the merge.
    let n = PsgNight::new(&SimPsgConfig {
        seed: 7,
        duration_s: 3600.0,
        ecg: true,
        gaps: vec![Interval {
            onset_s: 1200.0,
            offset_s: 1260.0,
        }],
        ..SimPsgConfig::default()
    })
    .expect("night");
    let bytes = edf_bytes(&n);
    let batch = detect_bytes(&bytes, &EmgConfig::default());
    let cfg = PsgConfig {
        context: night_context(&n),
        ..PsgConfig::default()
    };
    let streamed = score_bytes(&bytes, &cfg);
    let d = &streamed.night.detection;
    assert_eq!(sorted(d.movements()), sorted(batch.movements()));
    assert!(!d.legs[0].invalid.is_empty(), "the gap is missing data");
    // The batch scorer on the batch detection, over the same span, gives the same report.
    let ctx = ScoringContext {
        invalid: batch.invalid(),
        lights: Some(Interval {
            onset_s: d.start_s,
            offset_s: d.end_s,
        }),
        ..night_context(&n)
    };
    let report = score(&Criteria::default(), &ctx, &batch.movements()).expect("scores");
    assert_eq!(streamed.night.report.movements, report.movements);
    assert_eq!(streamed.night.report.series, report.series);
    assert_eq!(
        streamed.night.report.summary.plms_count,
        report.summary.plms_count
    );
}

#[test]
fn the_report_does_not_depend_on_the_record_length() {
    let mk = |record_duration_s| {
        let n = PsgNight::new(&SimPsgConfig {
            seed: 3,
            duration_s: 1200.0,
            record_duration_s,
            ..SimPsgConfig::default()
        })
        .expect("night");
        let cfg = PsgConfig {
            context: night_context(&n),
            ..PsgConfig::default()
        };
        score_bytes(&edf_bytes(&n), &cfg).night
    };
    let (one, five) = (mk(1.0), mk(5.0));
    assert!(one.report.summary.lm_count > 0);
    assert_eq!(one.report, five.report);
    assert_eq!(one.detection.movements(), five.detection.movements());
}

#[test]
fn detection_through_the_pipeline_agrees_with_the_truth() {
    println!("seed  ecg  truth  det  sens   ppv    PLMS t/d");
    for (seed, ecg) in [(11, false), (12, true)] {
        let n = night(seed, 256.0, 2.0, ecg);
        let cfg = PsgConfig {
            context: night_context(&n),
            ..PsgConfig::default()
        };
        let r = score_bytes(&edf_bytes(&n), &cfg);
        let a = agreement(n.truth(), &r.night.detection.movements(), 0.5);
        let truth_ctx = ScoringContext {
            lights: Some(Interval {
                onset_s: r.night.detection.start_s,
                offset_s: r.night.detection.end_s,
            }),
            ..night_context(&n)
        };
        let t = score(&Criteria::default(), &truth_ctx, n.truth()).expect("truth scores");
        let (tp, dp) = (t.summary.plms_count, r.night.report.summary.plms_count);
        let p = a.pooled;
        println!(
            "{seed:>4} {ecg:<5} {:>5} {:>4}  {:.3}  {:.3}  {tp}/{dp}",
            p.scored,
            p.detected,
            p.sensitivity.unwrap_or(0.0),
            p.ppv.unwrap_or(0.0)
        );
        assert!(
            p.sensitivity.unwrap() >= 0.97 && p.ppv.unwrap() >= 0.97,
            "{a:?}"
        );
        assert!(
            (dp as f64 - tp as f64).abs() <= 0.03 * tp as f64,
            "PLMS {tp} truth, {dp} detected"
        );
    }
}

#[test]
fn the_fixture_night_scores_with_its_own_annotations_and_agrees_with_them() {
    let path = "fixtures/psg/sim_5min_200hz.edf";
    let notes = read_annotations(path).expect("EDF+ annotations");
    assert!(notes.hypnogram.is_some() && !notes.movements.is_empty());
    let mut r = EdfReader::open(path).expect("opens");
    let ch = choose_leg_channels(r.header(), None, None).expect("channels");
    let cfg = PsgConfig {
        context: notes.scoring_context(),
        ..PsgConfig::default()
    };
    let out = score_edf(&cfg, &mut r, &ch, |_| Ok(())).expect("scores");
    let a = agreement(&notes.movements, &out.night.detection.movements(), 0.5);
    println!("fixture agreement: {a:?}");
    assert!(a.pooled.sensitivity.unwrap() >= 0.9 && a.pooled.ppv.unwrap() >= 0.9);
    assert!(
        out.night.report.summary.sleep_hours.is_some(),
        "hypnogram used"
    );
}

#[test]
fn remlogic_and_nsrr_exports_of_one_night_score_alike() {
    let criteria = Criteria::default();
    let edf = read_annotations("fixtures/psg/sim_5min_200hz.edf").expect("EDF+");
    let mut scored = Vec::new();
    for file in [
        "fixtures/psg/sim_5min_200hz_remlogic.txt",
        "fixtures/psg/sim_5min_200hz_nsrr.xml",
    ] {
        let a = read_annotations(file).expect("reads");
        assert_eq!(a.movements.len(), edf.movements.len(), "{file}");
        assert!(a.hypnogram.is_some(), "{file}: stages");
        let r = a
            .score_movements(&criteria, &a.scoring_context())
            .expect("scores");
        scored.push((r.summary.lm_count, r.summary.plms_count));
    }
    let e = edf
        .score_movements(&criteria, &edf.scoring_context())
        .expect("scores");
    assert!(e.summary.lm_count > 0);
    assert_eq!(scored[0], scored[1]);
    assert_eq!(scored[0].0, e.summary.lm_count);
}

#[test]
fn unknown_and_outside_events_are_counted_not_dropped() {
    let a = read_annotations("fixtures/psg/remlogic_edge.txt").expect("reads");
    let text = std::fs::read_to_string("fixtures/psg/remlogic_edge.txt").expect("text");
    let desat = text.matches("\tSPO2-DESAT\t").count();
    assert!(desat > 0);
    let counted = a
        .unknown
        .iter()
        .filter(|(n, _)| n.contains("SPO2"))
        .map(|(_, c)| *c)
        .sum::<usize>();
    assert_eq!(counted, desat, "{:?}", a.unknown);
    assert!(a.outside > 0, "the PLM-LM before the first staged epoch");
    assert_eq!(
        a.unused_count(),
        a.outside + a.unknown.iter().map(|u| u.1).sum::<usize>()
    );
    // Replacing kinds keeps the counts of both files.
    let mut own = read_annotations("fixtures/psg/sim_5min_200hz.edf").expect("EDF+");
    let before = own.unused_count();
    own.replace_kinds_from(a.clone());
    assert_eq!(own.unused_count(), before + a.unused_count());
    assert_eq!(own.movements, a.movements);
}

#[test]
fn a_channel_label_not_in_the_file_lists_the_labels() {
    let e = open_psg("fixtures/psg/sim_5min_200hz.edf", Some("NO SUCH"), None).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("sim_5min_200hz.edf") && msg.contains("NO SUCH") && msg.contains("EMG LAT"),
        "{msg}"
    );
}

#[test]
fn a_leg_declared_silent_gives_the_same_report_as_without_the_call() {
    use plmkit::Leg;
    use plmkit::detect::emg::{EmgBlock, EmgLegStream};
    use plmkit::pipeline::Pipeline;
    let n = night(9, 256.0, 0.25, false);
    let run = |declare: bool| {
        let legs = [Leg::Left, Leg::Right]
            .map(|leg| EmgLegStream::new(&EmgConfig::default(), leg, 256.0, 0.0, 10.0).unwrap());
        let mut p =
            Pipeline::with_front_ends(&Criteria::default(), &night_context(&n), legs.to_vec())
                .unwrap();
        let mut streams = [n.stream(Leg::Left), n.stream(Leg::Right)];
        let (mut buf, mut events) = (vec![0.0; 256], Vec::new());
        for second in 0..900u64 {
            let gap = (300..360).contains(&second);
            for (i, leg) in [Leg::Left, Leg::Right].into_iter().enumerate() {
                streams[i].seek(second * 256);
                streams[i].fill(&mut buf);
                if gap && leg == Leg::Right {
                    if declare && second == 330 {
                        p.advance_leg_to(leg, 330.0, &mut events).unwrap();
                    }
                    continue;
                }
                let block = EmgBlock {
                    start_s: second as f64,
                    samples_uv: &buf,
                };
                p.push(leg, block, &mut events).unwrap();
            }
        }
        p.finish(&mut events).unwrap()
    };
    let (plain, declared) = (run(false), run(true));
    assert!(plain.report.summary.lm_count > 0);
    assert_eq!(plain.detection.legs[1].invalid.len(), 1);
    assert_eq!(plain, declared);
}
