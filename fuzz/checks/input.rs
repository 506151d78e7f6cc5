//! Turns fuzzer bytes into values: every byte string decodes to something, and the decoder
//! favours the values that break numeric code (zero, ±0, subnormals, ±inf, NaN, huge and tiny
//! magnitudes, integers near the edges) as often as ordinary ones.

/// A cursor over the fuzzer's bytes; past the end every read gives zero.
pub struct Input<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Input<'a> {
    /// Reads `bytes` from the start.
    pub fn new(bytes: &'a [u8]) -> Self {
        Input { bytes, pos: 0 }
    }

    /// The next byte (0 past the end).
    pub fn byte(&mut self) -> u8 {
        let b = self.bytes.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    /// True when every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// The bytes not read yet.
    pub fn rest(&self) -> &'a [u8] {
        self.bytes.get(self.pos..).unwrap_or(&[])
    }

    /// A little-endian `u16`.
    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.byte(), self.byte()])
    }

    /// An index below `n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        usize::from(self.u16()) % n
    }

    /// A boolean.
    pub fn flag(&mut self) -> bool {
        self.byte() & 1 == 1
    }

    /// A float: one of the edge values, an ordinary value in `[-scale, scale]`, or raw bits.
    pub fn float(&mut self, scale: f64) -> f64 {
        const EDGES: [f64; 16] = [
            0.0,
            -0.0,
            f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
            1e-300,
            1e300,
            -1e300,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            1.0,
            0.5,
            9.007_199_254_740_992e15,
        ];
        match self.byte() % 4 {
            0 => EDGES[usize::from(self.byte()) % EDGES.len()],
            1 => {
                let mut b = [0u8; 8];
                for v in &mut b {
                    *v = self.byte();
                }
                f64::from_le_bytes(b)
            }
            _ => (f64::from(self.u16()) / f64::from(u16::MAX) * 2.0 - 1.0) * scale,
        }
    }

    /// A float in `[0, scale]` most of the time, an edge value otherwise.
    pub fn positive(&mut self, scale: f64) -> f64 {
        match self.byte() % 4 {
            0 => self.float(scale),
            _ => f64::from(self.u16()) / f64::from(u16::MAX) * scale,
        }
    }
}
