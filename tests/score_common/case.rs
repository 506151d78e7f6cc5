//! The scoring conformance harness: one [`Case`] (a scenario and what SCORING.md says it must
//! score), one [`run`], one [`check`]. A case states only the expectations its comment derives;
//! [`check`] asserts each of them, and for every case that periodic movements and series ids
//! agree.
#![allow(dead_code)] // each test file uses some of it

use plmkit::LegMovement;
use plmkit::score::{Criteria, Report, ScoringContext, score};

/// Scores `events` under `criteria` and `context`; the input is valid.
pub fn run(criteria: &Criteria, events: &[LegMovement], context: &ScoringContext) -> Report {
    score(criteria, context, events).expect("valid input")
}

/// A scenario and its expected scoring.
pub struct Case {
    name: &'static str,
    criteria: Criteria,
    events: Vec<LegMovement>,
    context: ScoringContext,
    /// LM, CLM and PLM counts.
    counts: Option<[usize; 3]>,
    /// Number of PLM series.
    series: Option<usize>,
    /// PLM series as (start, count).
    series_at: Option<Vec<(f64, usize)>>,
    /// PLMS-nr count (respiratory CLMs removed).
    plms_nr: Option<usize>,
    /// Per movement in the report's order, 'P' where periodic.
    periodic: Option<&'static str>,
    /// Per movement, 'R' where respiratory.
    respiratory: Option<&'static str>,
    /// Per movement, 'A' where associated with an arousal.
    arousal: Option<&'static str>,
    /// The report's periodicity index.
    periodicity: Option<Option<f64>>,
}

impl Case {
    /// A case scored with the default context; add expectations with the methods below.
    pub fn new(name: &'static str, criteria: Criteria, events: Vec<LegMovement>) -> Self {
        Case {
            name,
            criteria,
            events,
            context: ScoringContext::default(),
            counts: None,
            series: None,
            series_at: None,
            plms_nr: None,
            periodic: None,
            respiratory: None,
            arousal: None,
            periodicity: None,
        }
    }

    /// Scores with `context` (respiratory events, arousals, hypnogram, ...).
    pub fn context(mut self, context: ScoringContext) -> Self {
        self.context = context;
        self
    }

    /// LM, CLM and PLM counts and the number of series.
    pub fn expect(mut self, lm: usize, clm: usize, plm: usize, series: usize) -> Self {
        self.counts = Some([lm, clm, plm]);
        self.series = Some(series);
        self
    }

    /// LM, CLM and PLM counts (PLMS-nr equal to PLM unless [`Case::nr`] says otherwise), the
    /// series as (start, count), and the periodic flag of each movement ('P' periodic).
    pub fn scored(
        mut self,
        lm: usize,
        clm: usize,
        plm: usize,
        series: &[(f64, usize)],
        periodic: &'static str,
    ) -> Self {
        self.counts = Some([lm, clm, plm]);
        self.plms_nr = Some(plm);
        self.series_at = Some(series.to_vec());
        self.periodic = Some(periodic);
        self
    }

    /// LM, CLM and PLM counts only.
    pub fn counts(mut self, lm: usize, clm: usize, plm: usize) -> Self {
        self.counts = Some([lm, clm, plm]);
        self
    }

    /// The PLMS-nr count.
    pub fn nr(mut self, plms_nr: usize) -> Self {
        self.plms_nr = Some(plms_nr);
        self
    }

    /// The periodic flag of each movement ('P' periodic).
    pub fn periodic(mut self, flags: &'static str) -> Self {
        self.periodic = Some(flags);
        self
    }

    /// The respiratory flag of each movement ('R' respiratory).
    pub fn respiratory(mut self, flags: &'static str) -> Self {
        self.respiratory = Some(flags);
        self
    }

    /// The arousal flag of each movement ('A' associated).
    pub fn arousal(mut self, flags: &'static str) -> Self {
        self.arousal = Some(flags);
        self
    }

    /// The periodicity index.
    pub fn periodicity(mut self, index: Option<f64>) -> Self {
        self.periodicity = Some(index);
        self
    }
}

/// `flags` as a pattern string: `mark` where true, '.' where false.
fn pattern(flags: impl Iterator<Item = bool>, mark: char) -> String {
    flags.map(|f| if f { mark } else { '.' }).collect()
}

/// Scores each case and asserts everything it expects.
pub fn check(cases: Vec<Case>) {
    for case in cases {
        let name = case.name;
        let r = run(&case.criteria, &case.events, &case.context);
        let s = &r.summary;
        if let Some(counts) = case.counts {
            assert_eq!(
                [s.lm_count, s.clm_count, s.plm_count],
                counts,
                "case {name}: lm, clm, plm"
            );
        }
        if let Some(n) = case.series {
            assert_eq!(r.series.len(), n, "case {name}: number of series");
        }
        if let Some(want) = &case.series_at {
            let got: Vec<(f64, usize)> = r.series.iter().map(|x| (x.start_s, x.count)).collect();
            assert_eq!(&got, want, "case {name}: series");
        }
        if let Some(n) = case.plms_nr {
            assert_eq!(s.plms_nr_count, n, "case {name}: plms_nr");
        }
        let movements = &r.movements;
        if let Some(want) = case.periodic {
            let got = pattern(movements.iter().map(|m| m.periodic), 'P');
            assert_eq!(got, want, "case {name}: periodic flags");
        }
        if let Some(want) = case.respiratory {
            let got = pattern(movements.iter().map(|m| m.respiratory), 'R');
            assert_eq!(got, want, "case {name}: respiratory flags");
        }
        if let Some(want) = case.arousal {
            let got = pattern(movements.iter().map(|m| m.arousal), 'A');
            assert_eq!(got, want, "case {name}: arousal flags");
        }
        if let Some(want) = case.periodicity {
            assert_eq!(s.periodicity_index, want, "case {name}: periodicity index");
        }
        for m in movements {
            assert_eq!(m.periodic, m.series_id.is_some(), "case {name}: series id");
        }
    }
}
