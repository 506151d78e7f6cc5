//! One leg's front end: whatever turns that leg's raw input into [`Detection`]s on the shared
//! clock, so the [`super::Pipeline`] can merge and score any kind of sensor the same way.

use crate::Result;
use crate::detect::{Detection, LegDetection, TraceDetector};
use crate::event::Leg;
use crate::samples::TriaxialView;
use crate::stage::Stage;

/// A leg's streaming front end: a [`Stage`] from the leg's input (accelerometer rows, blocks of
/// EMG samples, …) to [`Detection`]s, plus what the pipeline's watermark merge needs to know.
///
/// Implemented by [`TraceDetector`] (timestamped accelerometer rows) and
/// [`crate::detect::emg::EmgLegStream`] (blocks of leg EMG in µV). Every time a front end
/// reports is on the clock the legs share.
pub trait LegFrontEnd: Stage<Output = Detection> {
    /// The leg this front end watches.
    fn leg(&self) -> Leg;

    /// Declares that the leg has no input before `t_s` (shared clock), e.g. a device gone
    /// silent, and appends what that made final. The detections must be the same as without
    /// the call, provided such input indeed never comes.
    fn advance_to(&mut self, t_s: f64, out: &mut Vec<Detection>) -> Result<()>;

    /// No detection emitted from now on has an onset (a stretch: a start) before this time:
    /// `-inf` until the front end knows where its data starts, `+inf` once finished.
    fn watermark_s(&self) -> f64;

    /// Time of the leg's first sample, once known.
    fn start_s(&self) -> Option<f64>;

    /// End of the leg's data so far (its last sample's step), once known.
    fn end_s(&self) -> Option<f64>;

    /// The leg's detection record; call after [`Stage::finish`].
    fn into_detection(self) -> Result<LegDetection>;

    /// The input as accelerometer rows, for the rest and non-wear detector
    /// ([`crate::detect::rest`]); `None` (the default) for front ends of other sensors.
    fn rest_rows<'b>(_input: &Self::Input<'b>) -> Option<TriaxialView<'b>> {
        None
    }

    /// What to add to the input's times to put them on the shared clock (0 by default).
    fn clock_offset_s(&self) -> f64 {
        0.0
    }
}

impl LegFrontEnd for TraceDetector {
    fn leg(&self) -> Leg {
        TraceDetector::leg(self)
    }

    fn advance_to(&mut self, t_s: f64, out: &mut Vec<Detection>) -> Result<()> {
        // The trace detector's own clock is the rows' (before its offset).
        let own = t_s - self.offset_s();
        TraceDetector::advance_to(self, own, out)
    }

    fn watermark_s(&self) -> f64 {
        TraceDetector::watermark_s(self)
    }

    fn start_s(&self) -> Option<f64> {
        TraceDetector::start_s(self)
    }

    fn end_s(&self) -> Option<f64> {
        TraceDetector::end_s(self)
    }

    fn into_detection(self) -> Result<LegDetection> {
        TraceDetector::into_detection(self)
    }

    fn rest_rows<'b>(input: &Self::Input<'b>) -> Option<TriaxialView<'b>> {
        Some(*input)
    }

    fn clock_offset_s(&self) -> f64 {
        self.offset_s()
    }
}
