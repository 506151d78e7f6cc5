//! What a report says about an annotation file: its format's name and what it held.

use serde_json::{Value, json};

use super::{AnnotationFormat, Annotations};

impl AnnotationFormat {
    /// The name reports use: `edf+`, `remlogic`, `nsrr_xml`.
    pub fn name(self) -> &'static str {
        match self {
            AnnotationFormat::Edf => "edf+",
            AnnotationFormat::RemLogic => "remlogic",
            AnnotationFormat::NsrrXml => "nsrr_xml",
        }
    }
}

impl Annotations {
    /// The JSON `annotations` member of `plm_score`'s report: the file (as named), its format,
    /// what it held (scored movements, epochs, respiratory events, arousals, lights) and what
    /// was not used (`unknown` names with counts, `outside_staged_epochs`).
    pub fn to_json(&self, file: &str) -> Value {
        json!({
            "file": file,
            "format": self.format.name(),
            "scored_movements": self.movements.len(),
            "epochs": self.hypnogram.as_ref().map(|h| h.stages().len()),
            "respiratory": self.respiratory.len(),
            "arousals": self.arousals.len(),
            "lights": self.lights,
            "unknown": self.unknown.iter().map(|(name, count)| json!({"name": name, "count": count})).collect::<Vec<_>>(),
            "outside_staged_epochs": self.outside,
        })
    }
}
