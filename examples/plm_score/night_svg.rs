//! The night overview SVG: movement envelope per leg over the night (clock time on the axis
//! when the start is known), leg movements, PLM series shaded, gross movements, rejected
//! candidates, invalid data and idle stretches marked, a hypnogram strip, and the IMI histogram.

use plmkit::io::OutputFile;
use plmkit::score::{Hypnogram, Stage};
use plotters::prelude::*;
use std::path::Path;

/// One leg's envelope track.
pub struct LegTrack {
    /// "left" or "right".
    pub name: String,
    /// (time s, envelope g), decimated.
    pub envelope: Vec<(f64, f64)>,
}

/// A movement mark.
pub struct MovementMark {
    /// Index into `NightPlot::legs` (None: a bilateral or events-only movement drawn on every track).
    pub track: Option<usize>,
    /// Onset, s.
    pub onset_s: f64,
    /// Offset, s.
    pub offset_s: f64,
    /// Part of a PLM series.
    pub periodic: bool,
    /// A gross (posture) movement rather than a leg movement.
    pub gross: bool,
}

/// Everything the overview shows.
pub struct NightPlot {
    /// Title line.
    pub title: String,
    /// Length of the night in seconds.
    pub span_s: f64,
    /// Envelope tracks (may be empty in events mode).
    pub legs: Vec<LegTrack>,
    /// Movements.
    pub movements: Vec<MovementMark>,
    /// A human scorer's leg movements (PSG mode with scored annotations), drawn in a band
    /// below the detected ones.
    pub scored: Vec<MovementMark>,
    /// PLM series as (start s, end s).
    pub series: Vec<(f64, f64)>,
    /// Invalid data (gaps, saturation, idle rows) as (start s, end s).
    pub invalid: Vec<(f64, f64)>,
    /// Idle stretches (the device wrote 0,0,0 rows: not recording) as (start s, end s); they
    /// are invalid data too, drawn in their own colour because they mean the device, not the
    /// data, stopped.
    pub idle: Vec<(f64, f64)>,
    /// Candidates the detector rejected (artefacts: knocks, too short), drawn small at the
    /// bottom of their track.
    pub rejected: Vec<MovementMark>,
    /// Time of day (s after midnight, as the recording's clock reads it) of time 0; `None`
    /// when the start is unknown (the axis then counts hours from the start).
    pub clock_start_s: Option<f64>,
    /// The hypnogram, if one was given.
    pub hypnogram: Option<Hypnogram>,
    /// The report's IMI histogram: lower edge (s), bin width (s), counts of right-closed bins.
    pub imi_histogram: (f64, f64, Vec<usize>),
}

const PLM_RED: RGBColor = RGBColor(200, 40, 40);
const LM_GREY: RGBColor = RGBColor(90, 90, 90);
const GROSS_BLUE: RGBColor = RGBColor(30, 90, 200);
const SERIES_FILL: RGBColor = RGBColor(255, 200, 120);
const INVALID_FILL: RGBColor = RGBColor(180, 180, 180);
const ENVELOPE: RGBColor = RGBColor(20, 20, 20);
const SCORED_GREEN: RGBColor = RGBColor(30, 150, 60);
const REJECTED_PURPLE: RGBColor = RGBColor(150, 60, 170);
const IDLE_FILL: RGBColor = RGBColor(120, 150, 190);

type DrawResult<T> = Result<T, Box<dyn std::error::Error>>;

/// Writes the overview to `path`, whole or not at all (drawn into memory first, then written
/// through [`OutputFile`]).
pub fn write_night_svg(plot: &NightPlot, path: &Path) -> plmkit::Result<()> {
    let mut svg = String::new();
    draw_night(plot, &mut svg)
        .map_err(|e| plmkit::Error::io(path, std::io::Error::other(e.to_string())))?;
    OutputFile::write_with(path, |out| out.write_all(svg.as_bytes()))
}

fn draw_night(plot: &NightPlot, svg: &mut String) -> DrawResult<()> {
    let tracks = plot.legs.len().max(1);
    let strip = if plot.hypnogram.is_some() { 150 } else { 0 };
    let height = 84 + 200 * tracks as u32 + strip + 300;
    let root = SVGBackend::with_string(svg, (1200, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let (header, root) = root.split_vertically(84);
    let centre = ("sans-serif", 22).into_text_style(&header);
    header.draw_text(&plot.title, &centre, (20, 8))?;
    let legend = ("sans-serif", 13).into_text_style(&header);
    let scored = if plot.scored.is_empty() {
        ""
    } else {
        " | green (below): scorer's LM"
    };
    header.draw_text(
        &format!(
            "red: periodic LM (PLM) | grey: other LM | blue: gross movement (posture change) | \
             purple (bottom): rejected candidate (artefact){scored}"
        ),
        &legend,
        (20, 40),
    )?;
    header.draw_text(
        "orange band: PLM series | grey band: invalid data (gap, saturation) | \
         blue-grey band: idle (device wrote 0,0,0: not recording)",
        &legend,
        (20, 60),
    )?;
    let (night, histogram) = root.split_vertically(height - 350);
    let hours = (plot.span_s / 3600.0).max(1.0 / 60.0);
    let (track_area, strip_area) = night.split_vertically(night.dim_in_pixel().1 - strip);
    let areas = track_area.split_evenly((tracks, 1));
    for (i, area) in areas.iter().enumerate() {
        draw_track(plot, i, area, hours)?;
    }
    if let Some(h) = &plot.hypnogram {
        draw_hypnogram(h, &strip_area, hours, plot.clock_start_s)?;
    }
    draw_imi_histogram(&plot.imi_histogram, &histogram)?;
    root.present()?;
    Ok(())
}

fn draw_track(
    plot: &NightPlot,
    index: usize,
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    hours: f64,
) -> DrawResult<()> {
    let track = plot.legs.get(index);
    let top = track
        .map(|t| t.envelope.iter().map(|p| p.1).fold(0.0, f64::max))
        .unwrap_or(0.0)
        .max(1e-3)
        * 1.1;
    let has_envelope = track.is_some_and(|t| !t.envelope.is_empty());
    let label = match track {
        Some(t) if has_envelope => format!("{} ankle: movement envelope (g)", t.name),
        Some(t) => format!("{} leg: leg movements", t.name),
        None => "leg movements".to_string(),
    };
    let mut chart = ChartBuilder::on(area)
        .margin(8)
        .caption(label, ("sans-serif", 15))
        .x_label_area_size(28)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..hours, 0.0..top)?;
    let clock = |h: &f64| time_label(*h, plot.clock_start_s);
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(time_axis_name(plot.clock_start_s))
        .x_label_formatter(&clock)
        .light_line_style(WHITE);
    if !has_envelope {
        // Events only: the marks have no amplitude, so an amplitude axis would mean nothing.
        mesh.disable_y_axis().disable_y_mesh();
    }
    mesh.draw()?;
    let h = |s: f64| s / 3600.0;
    chart.draw_series(plot.series.iter().map(|&(a, b)| {
        Rectangle::new([(h(a), 0.0), (h(b), top)], SERIES_FILL.mix(0.45).filled())
    }))?;
    chart.draw_series(plot.invalid.iter().map(|&(a, b)| {
        Rectangle::new([(h(a), 0.0), (h(b), top)], INVALID_FILL.mix(0.6).filled())
    }))?;
    chart.draw_series(
        plot.idle
            .iter()
            .map(|&(a, b)| Rectangle::new([(h(a), 0.0), (h(b), top)], IDLE_FILL.mix(0.6).filled())),
    )?;
    if let Some(t) = track {
        chart.draw_series(LineSeries::new(
            max_pool(&t.envelope, 2400).map(|(s, v)| (h(s), v)),
            ENVELOPE.stroke_width(1),
        ))?;
    }
    let marks = plot
        .movements
        .iter()
        .filter(|m| m.track.is_none() || m.track == Some(index));
    chart.draw_series(marks.map(|m| {
        let (color, y0) = if m.gross {
            (GROSS_BLUE, 0.0)
        } else if m.periodic {
            (PLM_RED, 0.9 * top)
        } else {
            (LM_GREY, 0.9 * top)
        };
        // At least a pixel-ish wide so short movements stay visible on a night-long axis.
        let end = h(m.offset_s).max(h(m.onset_s) + hours / 1500.0);
        Rectangle::new([(h(m.onset_s), y0), (end, top)], color.filled())
    }))?;
    let rejected = plot
        .rejected
        .iter()
        .filter(|m| m.track.is_none() || m.track == Some(index));
    chart.draw_series(rejected.map(|m| {
        let end = h(m.offset_s).max(h(m.onset_s) + hours / 1500.0);
        Rectangle::new(
            [(h(m.onset_s), 0.0), (end, 0.08 * top)],
            REJECTED_PURPLE.filled(),
        )
    }))?;
    let scored = plot
        .scored
        .iter()
        .filter(|m| m.track.is_none() || m.track == Some(index));
    chart.draw_series(scored.map(|m| {
        let end = h(m.offset_s).max(h(m.onset_s) + hours / 1500.0);
        Rectangle::new(
            [(h(m.onset_s), 0.75 * top), (end, 0.85 * top)],
            SCORED_GREEN.filled(),
        )
    }))?;
    Ok(())
}

/// The x-axis label at `hours` from the start: the clock time (`HH:MM`) when the start's time
/// of day is known, else hours from the start.
fn time_label(hours: f64, clock_start_s: Option<f64>) -> String {
    match clock_start_s {
        Some(c) => {
            let minutes = ((c + hours * 3600.0) / 60.0)
                .round()
                .rem_euclid(24.0 * 60.0) as u32;
            format!("{:02}:{:02}", minutes / 60, minutes % 60)
        }
        None => format!("{hours}"),
    }
}

/// What the x-axis counts.
fn time_axis_name(clock_start_s: Option<f64>) -> &'static str {
    match clock_start_s {
        Some(_) => "clock time (as the recording's clock reads)",
        None => "hours from start (start time unknown)",
    }
}

/// At most `points` points: the maximum of each run of consecutive samples, so a short movement
/// stays visible however long the night (a mean would flatten it).
fn max_pool(envelope: &[(f64, f64)], points: usize) -> impl Iterator<Item = (f64, f64)> + '_ {
    let chunk = envelope.len().div_ceil(points.max(1)).max(1);
    envelope.chunks(chunk).map(|c| {
        let peak = c.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
        (c[0].0, peak)
    })
}

fn draw_hypnogram(
    hypnogram: &Hypnogram,
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    hours: f64,
    clock_start_s: Option<f64>,
) -> DrawResult<()> {
    let names = ["N3", "N2", "N1", "REM", "W"];
    // Unspecified sleep ("S") is drawn at the N2 level, the most common stage.
    let level = |s: Stage| match s {
        Stage::N3 => Some(0),
        Stage::N2 | Stage::Sleep => Some(1),
        Stage::N1 => Some(2),
        Stage::Rem => Some(3),
        Stage::Wake => Some(4),
        Stage::Unknown => None,
    };
    let mut chart = ChartBuilder::on(area)
        .margin(8)
        .caption("hypnogram", ("sans-serif", 15))
        .x_label_area_size(24)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..hours, -0.5..4.5)?;
    // Ticks every half level; a stage name only on the whole levels, so each name appears once,
    // beside its row.
    chart
        .configure_mesh()
        .y_labels(11)
        .y_label_style(("sans-serif", 14))
        .y_label_formatter(&|v: &f64| {
            let level = v.round();
            if (v - level).abs() > 1e-6 || level < 0.0 {
                return String::new();
            }
            names
                .get(level as usize)
                .map(|s| s.to_string())
                .unwrap_or_default()
        })
        .x_label_formatter(&|h: &f64| time_label(*h, clock_start_s))
        .light_line_style(WHITE)
        .draw()?;
    let (start, epoch) = (hypnogram.start_s(), hypnogram.epoch_s());
    let stages = hypnogram.stages();
    chart.draw_series(stages.iter().enumerate().filter_map(|(i, &s)| {
        level(s).map(|l| {
            let a = (start + i as f64 * epoch) / 3600.0;
            let b = a + epoch / 3600.0;
            let color = if s == Stage::Rem { PLM_RED } else { ENVELOPE };
            Rectangle::new([(a, l as f64 - 0.3), (b, l as f64 + 0.3)], color.filled())
        })
    }))?;
    Ok(())
}

fn draw_imi_histogram(
    (lo, width, counts): &(f64, f64, Vec<usize>),
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
) -> DrawResult<()> {
    let hi = lo + width * counts.len() as f64;
    // Counts are whole numbers: an integer axis, so no tick reads 0.5 intervals.
    let most = counts.iter().copied().max().unwrap_or(0).max(1) as u32;
    let top = most + most.div_ceil(10);
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .caption(
            format!(
                "inter-movement intervals, {lo:.0}-{hi:.0} s (n = {}); red: bins above 10 s",
                counts.iter().sum::<usize>()
            ),
            ("sans-serif", 15),
        )
        .x_label_area_size(30)
        .y_label_area_size(60)
        .build_cartesian_2d(*lo..hi, 0u32..top)?;
    chart
        .configure_mesh()
        .x_desc(format!("IMI (s), {width}-s bins"))
        .y_desc("count")
        .y_labels((top as usize + 1).min(11))
        .y_label_formatter(&|c: &u32| c.to_string())
        .light_line_style(WHITE)
        .draw()?;
    chart.draw_series(counts.iter().enumerate().map(|(i, &c)| {
        let x = lo + i as f64 * width;
        let color = if x >= 10.0 { PLM_RED } else { LM_GREY };
        Rectangle::new(
            [(x + 0.05 * width, 0), (x + 0.95 * width, c as u32)],
            color.filled(),
        )
    }))?;
    Ok(())
}
