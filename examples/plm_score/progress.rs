//! A progress bar on stderr for long inputs: shown only when stderr is a terminal and only once
//! the work has taken more than a second, so short runs and logs stay clean.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Draws `label [#####.....] 42%` on stderr, at most ten times a second.
pub struct Progress {
    label: String,
    total: u64,
    started: Instant,
    last_draw: Option<Instant>,
    enabled: bool,
}

impl Progress {
    /// A bar for `total` units of work (bytes, rows...).
    pub fn new(label: impl Into<String>, total: u64) -> Self {
        Progress {
            label: label.into(),
            total: total.max(1),
            started: Instant::now(),
            last_draw: None,
            enabled: std::io::stderr().is_terminal(),
        }
    }

    /// Reports that `done` units are finished.
    pub fn update(&mut self, done: u64) {
        if !self.enabled || self.started.elapsed() < Duration::from_secs(1) {
            return;
        }
        if self
            .last_draw
            .is_some_and(|t| t.elapsed() < Duration::from_millis(100))
        {
            return;
        }
        self.last_draw = Some(Instant::now());
        let fraction = (done as f64 / self.total as f64).clamp(0.0, 1.0);
        let filled = (fraction * 30.0).round() as usize;
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r{} [{}{}] {:3.0}%",
            self.label,
            "#".repeat(filled),
            ".".repeat(30 - filled),
            fraction * 100.0
        );
        let _ = err.flush();
    }

    /// Clears the bar if it was drawn.
    pub fn finish(&mut self) {
        if self.last_draw.is_some() {
            let _ = write!(
                std::io::stderr(),
                "\r{}\r",
                " ".repeat(self.label.len() + 40)
            );
        }
    }
}
