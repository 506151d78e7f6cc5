//! The last stage of reading: units to g, the range check, idle runs, gaps, into the block.

use super::rows::Row;
use super::{IdleSpan, MAX_IDLE_SPANS, ReadStats};
use crate::samples::TriaxialColumns;
use crate::{Error, Result};

/// The last stage: units to g, range check, idle runs, gaps, into the block.
pub(crate) struct Emitter {
    /// Factor from file units to g.
    pub to_g: f64,
    /// Largest |value| in g accepted.
    pub max_abs_g: f64,
    /// A time step longer than this is a gap, s.
    pub gap_s: f64,
    /// Time of the last row delivered.
    pub last_t: Option<f64>,
    /// Whether the last row delivered was idle (0,0,0).
    pub in_idle_run: bool,
}

impl Emitter {
    #[inline(always)]
    pub fn emit(
        &mut self,
        name: &str,
        row: Row,
        stats: &mut ReadStats,
        block: &mut TriaxialColumns,
    ) -> Result<()> {
        let g = [
            row.v[0] * self.to_g,
            row.v[1] * self.to_g,
            row.v[2] * self.to_g,
        ];
        if g.iter().any(|a| a.abs() > self.max_abs_g) {
            return Err(out_of_range(name, &row, &g, self.max_abs_g));
        }
        if crate::timeline::is_idle(row.v) {
            if self.in_idle_run {
                if stats.idle_span_count <= MAX_IDLE_SPANS {
                    if let Some(span) = stats.idle_spans.last_mut() {
                        span.rows += 1;
                        span.last_s = row.t;
                    }
                }
            } else {
                self.in_idle_run = true;
                stats.idle_span_count += 1;
                if stats.idle_spans.len() < MAX_IDLE_SPANS {
                    stats.idle_spans.push(IdleSpan {
                        first_line: row.line,
                        rows: 1,
                        first_s: row.t,
                        last_s: row.t,
                    });
                }
            }
        } else {
            self.in_idle_run = false;
        }
        if let Some(last) = self.last_t {
            let dt = row.t - last;
            if dt > self.gap_s {
                stats.gaps += 1;
                stats.longest_gap_s = stats.longest_gap_s.max(dt);
            }
        }
        self.last_t = Some(row.t);
        stats.rows += 1;
        block.push(row.t, g);
        Ok(())
    }
}

#[cold]
fn out_of_range(name: &str, row: &Row, g: &[f64; 3], max: f64) -> Error {
    let k = (0..3).find(|&k| g[k].abs() > max).unwrap_or(0);
    Error::parse(
        name,
        row.line,
        format!(
            "{} = {} is {:.1} g, beyond ±{max} g: mixed units or a wrong counts scale?",
            ["x", "y", "z"][k],
            row.v[k],
            g[k]
        ),
    )
}
