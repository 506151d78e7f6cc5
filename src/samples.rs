//! Triaxial samples in columns: the in-memory shape of an accelerometer trace, shared by the
//! trace readers (a reusable block) and the simulator (a night's rows).

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
}
