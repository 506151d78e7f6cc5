//! Inputs that do not fit together, found while scoring: the rule for each, and its words.

use super::hypnogram::Hypnogram;
use super::report::Warning;

/// How the hypnogram covers the recording span `[start_s, end_s]`.
///
/// Rule: time outside the hypnogram is neither sleep nor wake (stage `unknown`), so it adds to
/// no sleep index; that is right for a hypnogram that ends where the lab stopped scoring, but
/// it is usually a mistake (a wrong file, or `--hypnogram-start`). A mismatch of up to one epoch
/// at either end is normal (the hypnogram ends on an epoch, the recording need not) and is not
/// reported; beyond that: `hypnogram_no_overlap` when the two do not overlap at all,
/// `hypnogram_short` when recording time is left uncovered, `hypnogram_long` when the hypnogram
/// runs outside the recording.
pub(crate) fn hypnogram_coverage(h: &Hypnogram, start_s: f64, end_s: f64) -> Vec<Warning> {
    let (h0, h1) = (h.start_s(), h.start_s() + h.duration_s());
    let epoch = h.epoch_s();
    let min = |s: f64| s / 60.0;
    let mut warnings = Vec::new();
    if h1 <= start_s || h0 >= end_s {
        warnings.push(Warning {
            code: "hypnogram_no_overlap",
            message: format!(
                "the hypnogram ({h0:.0}-{h1:.0} s) does not overlap the recording \
                 ({start_s:.0}-{end_s:.0} s): no time is staged, so there is no sleep index"
            ),
        });
        return warnings;
    }
    let uncovered = (h0 - start_s).max(0.0) + (end_s - h1).max(0.0);
    if uncovered > epoch {
        warnings.push(Warning {
            code: "hypnogram_short",
            message: format!(
                "the hypnogram ({} epochs, {:.1} min) leaves {:.1} of the recording's {:.1} min \
                 unstaged; movements there count in no sleep index",
                h.stages().len(),
                min(h.duration_s()),
                min(uncovered),
                min(end_s - start_s)
            ),
        });
    }
    let beyond = (start_s - h0).max(0.0) + (h1 - end_s).max(0.0);
    if beyond > epoch {
        warnings.push(Warning {
            code: "hypnogram_long",
            message: format!(
                "the hypnogram runs {:.1} min outside the recording ({start_s:.0}-{end_s:.0} s); \
                 check that it belongs to this night and where it starts",
                min(beyond)
            ),
        });
    }
    warnings
}
