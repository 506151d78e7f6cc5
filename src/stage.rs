//! The one shape of a streaming stage.
//!
//! Every stage between the rows and the report is built once from validated settings (its
//! configuration: coefficients, thresholds, windows, kept apart from the state that a stream
//! changes), then driven by [`Stage::push`], which takes any amount of input and appends to the
//! caller's buffer whatever that input made final, and [`Stage::finish`], which flushes the
//! rest. Output never depends on how the input was cut into pushes (each stage has a test or
//! proptest that shows it bit for bit), buffers are the caller's (nothing allocates per
//! sample), and a batch run is a loop over `push`:
//!
//! | stage | input | output |
//! |---|---|---|
//! | [`crate::timeline::Timeline`] | timestamped rows ([`crate::TriaxialView`]) | grid samples `[x, y, z]` |
//! | [`crate::detect::LegDetector`] | grid samples | [`crate::detect::Detection`]s |
//! | [`crate::detect::TraceDetector`] | timestamped rows | [`crate::detect::Detection`]s |
//!
//! [`crate::score::OnlineScorer`] (movements in, [`crate::score::Decision`]s out) and
//! [`crate::pipeline::Pipeline`] (rows of either leg in, events out) have the same `push` /
//! `finish` shape with an extra argument each (the event's leg; the report `finish` returns).
//! Filters, one sample in and one out, have their own trait, [`crate::filter::Filter`].

use crate::Result;

/// A streaming stage: see the [module docs](self).
pub trait Stage {
    /// What a push consumes (a block of it).
    type Input<'a>;
    /// What the stage emits.
    type Output;

    /// Takes a block of input and appends every output it made final to `out`.
    fn push(&mut self, input: Self::Input<'_>, out: &mut Vec<Self::Output>) -> Result<()>;

    /// Ends the input and appends what is left to `out`.
    fn finish(&mut self, out: &mut Vec<Self::Output>) -> Result<()>;
}

impl Stage for crate::timeline::Timeline {
    type Input<'a> = crate::TriaxialView<'a>;
    type Output = [f64; 3];

    fn push(&mut self, rows: crate::TriaxialView<'_>, out: &mut Vec<[f64; 3]>) -> Result<()> {
        crate::timeline::Timeline::push(self, rows, out)
    }

    fn finish(&mut self, out: &mut Vec<[f64; 3]>) -> Result<()> {
        crate::timeline::Timeline::finish(self, out)
    }
}

impl Stage for crate::detect::LegDetector {
    type Input<'a> = &'a [[f64; 3]];
    type Output = crate::detect::Detection;

    fn push(&mut self, samples: &[[f64; 3]], out: &mut Vec<Self::Output>) -> Result<()> {
        crate::detect::LegDetector::push(self, samples, out);
        Ok(())
    }

    fn finish(&mut self, out: &mut Vec<Self::Output>) -> Result<()> {
        crate::detect::LegDetector::finish(self, out);
        Ok(())
    }
}

impl Stage for crate::detect::TraceDetector {
    type Input<'a> = crate::TriaxialView<'a>;
    type Output = crate::detect::Detection;

    fn push(&mut self, rows: crate::TriaxialView<'_>, out: &mut Vec<Self::Output>) -> Result<()> {
        crate::detect::TraceDetector::push(self, rows, out)
    }

    fn finish(&mut self, out: &mut Vec<Self::Output>) -> Result<()> {
        crate::detect::TraceDetector::finish(self, out)
    }
}

/// Runs `stage` over `input` cut into the given pieces, then finishes it: the batch form of
/// any stage (a loop over [`Stage::push`]).
pub fn run<'a, S: Stage>(
    stage: &mut S,
    pieces: impl IntoIterator<Item = S::Input<'a>>,
) -> Result<Vec<S::Output>> {
    let mut out = Vec::new();
    for piece in pieces {
        stage.push(piece, &mut out)?;
    }
    stage.finish(&mut out)?;
    Ok(out)
}
