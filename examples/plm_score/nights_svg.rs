//! The multi-night SVG: one strip per night on a clock-time axis (18:00 to 12:00), and a bar
//! chart of the per-night PLMS index. Written by hand (rectangles and lines), so a week of
//! movements stays a small file.

use std::fmt::Write as _;
use std::path::Path;

use plmkit::io::OutputFile;

/// One night's strip.
pub struct NightStrip {
    /// Label left of the strip (night number and date).
    pub label: String,
    /// The night's window (s on the recording's clock).
    pub start_s: f64,
    /// End of the window (s).
    pub end_s: f64,
    /// Leg movements scored in the night: onset (s) and whether periodic.
    pub movements: Vec<(f64, bool)>,
    /// PLM series (start, end), s.
    pub series: Vec<(f64, f64)>,
    /// The night's PLMS index (per hour of the window without a hypnogram).
    pub plms_index: Option<f64>,
    /// Whether the night has the valid time to count in the statistics.
    pub counted: bool,
}

/// The whole picture.
pub struct NightsPlot {
    /// Title line.
    pub title: String,
    /// The recording's first sample as seconds from 1970, when known (clock-time axis).
    pub origin_unix_s: Option<f64>,
    /// The nights, in time order.
    pub strips: Vec<NightStrip>,
    /// Non-wear stretches (s).
    pub non_wear: Vec<(f64, f64)>,
    /// Naps (s).
    pub naps: Vec<(f64, f64)>,
}

const DAY_S: f64 = 86_400.0;
/// The axis starts at 18:00 and spans 18 h.
const AXIS_START_S: f64 = 18.0 * 3600.0;
const AXIS_SPAN_S: f64 = 18.0 * 3600.0;
const LEFT: f64 = 130.0;
const STRIP_W: f64 = 620.0;
const BARS_X: f64 = LEFT + STRIP_W + 40.0;
const BARS_W: f64 = 200.0;
const TOP: f64 = 60.0;
const STRIP_H: f64 = 26.0;
const GAP: f64 = 10.0;

/// Writes the picture to `path`.
pub fn write_nights_svg(plot: &NightsPlot, path: &Path) -> plmkit::Result<()> {
    let svg = render(plot);
    OutputFile::write_with(path, |out| out.write_all(svg.as_bytes()))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The start of a strip's axis (s on the recording's clock): the 18:00 before the night.
fn axis_start(plot: &NightsPlot, strip: &NightStrip) -> f64 {
    match plot.origin_unix_s {
        Some(o) => {
            let t = o + strip.start_s;
            ((t - AXIS_START_S) / DAY_S).floor() * DAY_S + AXIS_START_S - o
        }
        // No clock: the strip starts an hour before the night.
        None => strip.start_s - 3600.0,
    }
}

fn render(plot: &NightsPlot) -> String {
    let n = plot.strips.len().max(1) as f64;
    let height = TOP + n * (STRIP_H + GAP) + 50.0;
    let width = BARS_X + BARS_W + 30.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="10" y="18" font-size="14">{}</text>"#,
        escape(&plot.title)
    );
    // Clock axis: hour ticks every 2 h.
    let x_of = |dt: f64| LEFT + (dt / AXIS_SPAN_S).clamp(0.0, 1.0) * STRIP_W;
    let axis_y = TOP - 8.0;
    let clocked = plot.origin_unix_s.is_some();
    for k in 0..=9 {
        let dt = f64::from(k) * 7200.0;
        let x = x_of(dt);
        let label = if clocked {
            format!("{:02}:00", (18 + 2 * k) % 24)
        } else {
            format!("{:+} h", 2 * k - 1)
        };
        let _ = writeln!(
            s,
            r##"<line x1="{x}" y1="{axis_y}" x2="{x}" y2="{}" stroke="#ddd"/><text x="{x}" y="{}" text-anchor="middle">{label}</text>"##,
            TOP + n * (STRIP_H + GAP),
            axis_y - 4.0
        );
    }
    let _ = writeln!(
        s,
        r##"<text x="{LEFT}" y="34" fill="#555">{}</text>"##,
        if clocked {
            "clock time; blue: in bed, red ticks: PLM, grey ticks: other LM, pink: PLM series, hatched: non-wear"
        } else {
            "hours from an hour before each night; blue: in bed, red: PLM, grey: other LM"
        }
    );
    let _ = writeln!(
        s,
        r##"<defs><pattern id="nw" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#eee"/><line x1="0" y1="0" x2="0" y2="6" stroke="#888" stroke-width="2"/></pattern></defs>"##
    );
    let max_index = plot
        .strips
        .iter()
        .filter_map(|st| st.plms_index)
        .fold(1.0f64, f64::max);
    for (i, st) in plot.strips.iter().enumerate() {
        let y = TOP + i as f64 * (STRIP_H + GAP);
        let a0 = axis_start(plot, st);
        let x = |t: f64| x_of(t - a0);
        let _ = writeln!(
            s,
            r#"<text x="10" y="{}">night {}</text>"#,
            y + STRIP_H * 0.65,
            escape(&st.label)
        );
        let _ = writeln!(
            s,
            r##"<rect x="{LEFT}" y="{y}" width="{STRIP_W}" height="{STRIP_H}" fill="#fafafa" stroke="#ccc"/>"##
        );
        let _ = writeln!(
            s,
            r##"<rect x="{:.1}" y="{y}" width="{:.1}" height="{STRIP_H}" fill="#dbe9f7"/>"##,
            x(st.start_s),
            (x(st.end_s) - x(st.start_s)).max(0.5)
        );
        for &(a, b) in plot.non_wear.iter().chain(&plot.naps) {
            if b > a0 && a < a0 + AXIS_SPAN_S {
                let fill = if plot.non_wear.contains(&(a, b)) {
                    "url(#nw)"
                } else {
                    "#e8f3e0"
                };
                let _ = writeln!(
                    s,
                    r#"<rect x="{:.1}" y="{y}" width="{:.1}" height="{STRIP_H}" fill="{fill}"/>"#,
                    x(a),
                    (x(b) - x(a)).max(0.5)
                );
            }
        }
        for &(a, b) in &st.series {
            let _ = writeln!(
                s,
                r##"<rect x="{:.1}" y="{}" width="{:.1}" height="{}" fill="#f6c9c9"/>"##,
                x(a),
                y + 2.0,
                (x(b) - x(a)).max(0.5),
                STRIP_H - 4.0
            );
        }
        for &(t, periodic) in &st.movements {
            let (color, y0) = if periodic {
                ("#c0392b", y + 4.0)
            } else {
                ("#888", y + 10.0)
            };
            let xt = x(t);
            let _ = writeln!(
                s,
                r#"<line x1="{xt:.1}" y1="{y0}" x2="{xt:.1}" y2="{}" stroke="{color}" stroke-width="0.6"/>"#,
                y + STRIP_H - 4.0
            );
        }
        // The bar.
        let v = st.plms_index.unwrap_or(0.0);
        let w = v / max_index * BARS_W;
        let fill = if st.counted { "#c0392b" } else { "#bbb" };
        let _ = writeln!(
            s,
            r#"<rect x="{BARS_X}" y="{}" width="{w:.1}" height="{}" fill="{fill}"/><text x="{:.1}" y="{}">{}</text>"#,
            y + 4.0,
            STRIP_H - 8.0,
            BARS_X + w + 4.0,
            y + STRIP_H * 0.65,
            st.plms_index.map_or("n/a".into(), |v| format!("{v:.1}"))
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="{BARS_X}" y="{}">PLMS index per night (/h)</text>"#,
        axis_y - 4.0,
    );
    let _ = writeln!(
        s,
        r##"<text x="10" y="{}" fill="#555">grey bar: too little valid time to count</text>"##,
        height - 16.0
    );
    s.push_str("</svg>\n");
    s
}
