//! NSRR XML (`PSGAnnotation` / `ScoredEvents` / `ScoredEvent` with `EventType`,
//! `EventConcept`, `Start`, `Duration`, `SignalLocation`) and Compumedics Profusion XML
//! (`CMPStudyConfig` / `ScoredEvents` / `ScoredEvent` with `Name`, `Start`, `Duration`,
//! `Input`, and `SleepStages` / `SleepStage` per epoch). Times are seconds from the start.

use roxmltree::{Document, Node};

use super::vocab::{Collector, Kind, classify};
use super::{AnnotationFormat, Annotations};
use crate::score::Stage;
use crate::{Error, Result};

fn line(doc: &Document, node: Node) -> usize {
    doc.text_pos_at(node.range().start).row as usize
}

fn child<'a>(node: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn text<'a>(node: Node<'a, 'a>, name: &str) -> Option<&'a str> {
    child(node, name).map(|c| c.text().unwrap_or("").trim())
}

fn seconds(doc: &Document, node: Node, name: &str, file: &str) -> Result<Option<f64>> {
    let Some(c) = child(node, name) else {
        return Ok(None);
    };
    let t = c.text().unwrap_or("").trim();
    t.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .map(Some)
        .ok_or_else(|| {
            Error::parse(
                file,
                line(doc, c),
                format!("<{name}> {t:?} is not a number of seconds >= 0"),
            )
        })
}

/// `hh.mm.ss` or `hh:mm:ss` at the end of a `ClockTime` (`00.00.00 23.00.00`).
fn clock(t: &str) -> Option<f64> {
    let last = t.split_whitespace().last()?;
    let v: Vec<f64> = last
        .split(['.', ':'])
        .map(|p| p.parse::<f64>())
        .collect::<std::result::Result<_, _>>()
        .ok()?;
    (v.len() == 3 && v[0] < 24.0 && v[1] < 60.0 && v[2] < 60.0)
        .then(|| v[0] * 3600.0 + v[1] * 60.0 + v[2])
}

fn profusion_stage(code: &str) -> Option<Stage> {
    Some(match code.trim() {
        "0" => Stage::Wake,
        "1" => Stage::N1,
        "2" => Stage::N2,
        "3" | "4" => Stage::N3,
        "5" => Stage::Rem,
        "6" | "9" => Stage::Unknown,
        _ => return None,
    })
}

/// Parses NSRR or Profusion annotation XML; `file` names it in errors (with the line).
pub fn parse_nsrr_xml(xml: &str, file: &str) -> Result<Annotations> {
    let doc = Document::parse(xml).map_err(|e| {
        Error::parse(
            file,
            e.pos().row as usize,
            format!("not well-formed XML: {e}"),
        )
    })?;
    let root = doc.root_element();
    let root_name = root.tag_name().name();
    if root_name != "PSGAnnotation" && root_name != "CMPStudyConfig" {
        return Err(Error::parse(
            file,
            line(&doc, root),
            format!(
                "root element <{root_name}> is neither <PSGAnnotation> (NSRR) nor <CMPStudyConfig> (Profusion)"
            ),
        ));
    }
    let mut c = Collector::default();
    if let Some(e) = child(root, "EpochLength") {
        let t = e.text().unwrap_or("").trim();
        let v: f64 = t
            .parse()
            .ok()
            .filter(|v: &f64| *v > 0.0 && v.is_finite())
            .ok_or_else(|| {
                Error::parse(
                    file,
                    line(&doc, e),
                    format!("<EpochLength> {t:?} is not a number > 0"),
                )
            })?;
        c.epoch_s = Some(v);
    }
    let epoch = c.epoch_s.unwrap_or(30.0);
    let mut origin = None;
    if let Some(events) = child(root, "ScoredEvents") {
        for ev in events
            .children()
            .filter(|n| n.is_element() && n.tag_name().name() == "ScoredEvent")
        {
            let name = text(ev, "EventConcept")
                .or_else(|| text(ev, "Name"))
                .ok_or_else(|| {
                    Error::parse(
                        file,
                        line(&doc, ev),
                        "<ScoredEvent> without <EventConcept> or <Name>",
                    )
                })?;
            if name == "Recording Start Time" {
                origin = text(ev, "ClockTime").and_then(clock);
                continue;
            }
            let start = seconds(&doc, ev, "Start", file)?.ok_or_else(|| {
                Error::parse(
                    file,
                    line(&doc, ev),
                    format!("<ScoredEvent> {name:?} without <Start>"),
                )
            })?;
            let duration = seconds(&doc, ev, "Duration", file)?.unwrap_or(0.0);
            let location = text(ev, "SignalLocation").or_else(|| text(ev, "Input"));
            let is_stage_type = text(ev, "EventType").is_some_and(|t| t.starts_with("Stages"));
            if is_stage_type && !matches!(classify(name), Kind::Stage(_)) {
                c.count_unknown(name);
                continue;
            }
            c.event(name, location, start, duration);
        }
    }
    if let Some(stages) = child(root, "SleepStages") {
        for (i, s) in stages
            .children()
            .filter(|n| n.is_element() && n.tag_name().name() == "SleepStage")
            .enumerate()
        {
            let t = s.text().unwrap_or("");
            let stage = profusion_stage(t).ok_or_else(|| {
                Error::parse(
                    file,
                    line(&doc, s),
                    format!("<SleepStage> {:?} is not a stage code 0-6 or 9", t.trim()),
                )
            })?;
            c.epoch(i, epoch, stage);
        }
    }
    c.finish(AnnotationFormat::NsrrXml, file, origin, 0)
}
