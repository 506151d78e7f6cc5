//! EDF+ annotations (PSG-IPA style) into [`Annotations`].

use super::vocab::Collector;
use super::{AnnotationFormat, Annotations};
use crate::Result;
use crate::io::edf::EdfAnnotation;

/// Reads EDF+ annotations: the text is the event name, an `@@CHANNEL` suffix links it to a
/// channel (the leg of a `Limb movement@@EMG LAT`). Times are seconds from the header start.
pub fn annotations_from_edf(notes: &[EdfAnnotation], file: &str) -> Result<Annotations> {
    let mut c = Collector::default();
    for n in notes {
        let (name, channel) = match n.text.split_once("@@") {
            Some((a, b)) => (a.trim(), Some(b.trim())),
            None => (n.text.trim(), None),
        };
        c.event(name, channel, n.onset_s, n.duration_s.unwrap_or(0.0));
    }
    c.finish(AnnotationFormat::Edf, file, None, 0)
}
