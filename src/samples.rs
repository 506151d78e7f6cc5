//! Triaxial samples in columns: the one data shape of an accelerometer trace.
//!
//! [`TriaxialColumns`] owns rows (a reader's reusable block, a simulated night, a trace read
//! whole); [`TriaxialView`] borrows them (or any four equal-length slices) and is what the
//! streaming stages take: [`crate::timeline::Timeline::push`], [`crate::pipeline::Pipeline::push`].

use crate::{Error, Result};

/// Standard gravity, m/s² per g: samples are in g, and phone loggers (and the simulator's
/// phone layouts) write m/s².
pub const STANDARD_GRAVITY: f64 = 9.80665;

/// Rows of a triaxial trace in columns: time in seconds and acceleration in g per axis.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TriaxialColumns {
    /// Time, s.
    pub t: Vec<f64>,
    /// x acceleration, g.
    pub x: Vec<f64>,
    /// y acceleration, g.
    pub y: Vec<f64>,
    /// z acceleration, g.
    pub z: Vec<f64>,
}

impl TriaxialColumns {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.t.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.t.is_empty()
    }

    /// Removes all rows, keeping the capacity (a reused block allocates nothing per row).
    pub fn clear(&mut self) {
        self.t.clear();
        self.x.clear();
        self.y.clear();
        self.z.clear();
    }

    /// Appends one row.
    #[inline]
    pub fn push(&mut self, t: f64, g: [f64; 3]) {
        self.t.push(t);
        self.x.push(g[0]);
        self.y.push(g[1]);
        self.z.push(g[2]);
    }

    /// Appends every row of `rows`.
    pub fn extend_from(&mut self, rows: TriaxialView<'_>) {
        self.t.extend_from_slice(rows.t);
        self.x.extend_from_slice(rows.x);
        self.y.extend_from_slice(rows.y);
        self.z.extend_from_slice(rows.z);
    }

    /// All rows, borrowed. The columns must have equal lengths, as every constructor in this
    /// crate leaves them; the view is cut to the shortest otherwise.
    pub fn view(&self) -> TriaxialView<'_> {
        let n = self
            .t
            .len()
            .min(self.x.len())
            .min(self.y.len())
            .min(self.z.len());
        TriaxialView {
            t: &self.t[..n],
            x: &self.x[..n],
            y: &self.y[..n],
            z: &self.z[..n],
        }
    }
}

/// Borrowed rows of a triaxial trace: four slices of one length (checked at construction).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TriaxialView<'a> {
    t: &'a [f64],
    x: &'a [f64],
    y: &'a [f64],
    z: &'a [f64],
}

impl<'a> TriaxialView<'a> {
    /// Rows from columns: time (s) and the three axes (g). Errors when the lengths differ.
    pub fn new(t: &'a [f64], x: &'a [f64], y: &'a [f64], z: &'a [f64]) -> Result<Self> {
        let n = t.len();
        if x.len() != n || y.len() != n || z.len() != n {
            return Err(Error::InvalidInput(format!(
                "column lengths differ (t {n}, x {}, y {}, z {})",
                x.len(),
                y.len(),
                z.len()
            )));
        }
        Ok(TriaxialView { t, x, y, z })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.t.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.t.is_empty()
    }

    /// Time column, s.
    pub fn t(&self) -> &'a [f64] {
        self.t
    }

    /// Row `i` as `(t, [x, y, z])`.
    #[inline]
    pub fn row(&self, i: usize) -> (f64, [f64; 3]) {
        (self.t[i], [self.x[i], self.y[i], self.z[i]])
    }

    /// Rows `start..end` (clamped to the view).
    pub fn slice(&self, start: usize, end: usize) -> TriaxialView<'a> {
        let end = end.min(self.len());
        let start = start.min(end);
        TriaxialView {
            t: &self.t[start..end],
            x: &self.x[start..end],
            y: &self.y[start..end],
            z: &self.z[start..end],
        }
    }

    /// Consecutive views of at most `rows` rows each (at least 1).
    pub fn chunks(&self, rows: usize) -> impl Iterator<Item = TriaxialView<'a>> + 'a {
        let view = *self;
        let rows = rows.max(1);
        (0..self.len())
            .step_by(rows)
            .map(move |s| view.slice(s, s + rows))
    }
}
