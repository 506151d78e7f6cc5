//! Lines from a byte stream through one large, bounded buffer.
//!
//! Lines are handed out as slices of the buffer (no `String` per line). A line may be at most
//! `max_line` bytes: a file with a 2-GB line fails on that line after reading about `max_line`
//! bytes of it, so memory stays bounded by `max_line` plus one read chunk whatever the input.

use std::io::{ErrorKind, Read};

use crate::{Error, Result};

/// Bytes asked of the source per read.
const CHUNK: usize = 1 << 20;

/// The UTF-8 byte-order mark some exporters put first.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A line-at-a-time view of a byte stream with a bounded line length.
pub(crate) struct LineSource {
    name: String,
    inner: Box<dyn Read + Send>,
    buf: Vec<u8>,
    /// Start of the unread bytes in `buf`.
    start: usize,
    /// End of the valid bytes in `buf`.
    end: usize,
    /// Where the last returned line starts (kept across refills so it can be unread).
    last_start: usize,
    eof: bool,
    line_no: usize,
    max_line: usize,
}

impl LineSource {
    /// A source named `name` (for messages) reading from `inner`.
    pub fn new(name: String, inner: Box<dyn Read + Send>, max_line: usize) -> Self {
        LineSource {
            name,
            inner,
            buf: Vec::new(),
            start: 0,
            end: 0,
            last_start: 0,
            eof: false,
            line_no: 0,
            max_line: max_line.max(1),
        }
    }

    /// The name used in messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// 1-based number of the line last returned (0 before the first).
    pub fn line_no(&self) -> usize {
        self.line_no
    }

    /// The next line without its `\n` or `\r\n` (and without a leading BOM on line 1), or `None`
    /// at the end of the stream. A last line without a newline is returned as a line.
    pub fn next_line(&mut self) -> Result<Option<&[u8]>> {
        Ok(self.advance()?.map(|(s, e)| &self.buf[s..e]))
    }

    /// Like [`next_line`](Self::next_line), with the line's 1-based number.
    pub fn next_numbered(&mut self) -> Result<Option<(usize, &[u8])>> {
        Ok(self
            .advance()?
            .map(|(s, e)| (self.line_no, &self.buf[s..e])))
    }

    /// Moves past the next line and returns where its content lies in `buf`.
    #[inline]
    fn advance(&mut self) -> Result<Option<(usize, usize)>> {
        loop {
            let pending = &self.buf[self.start..self.end];
            let found = find_newline(pending);
            let len = found.unwrap_or(pending.len());
            if len > self.max_line {
                return Err(Error::parse(
                    &self.name,
                    self.line_no + 1,
                    format!("line is longer than {} bytes", self.max_line),
                ));
            }
            if found.is_some() || (self.eof && len > 0) {
                let mut s = self.start;
                let mut e = s + len;
                self.last_start = s;
                self.start = if found.is_some() { e + 1 } else { e };
                self.line_no += 1;
                if e > s && self.buf[e - 1] == b'\r' {
                    e -= 1;
                }
                if self.line_no == 1 && self.buf[s..e].starts_with(BOM) {
                    s += BOM.len();
                }
                return Ok(Some((s, e)));
            }
            if self.eof {
                return Ok(None);
            }
            self.refill()?;
        }
    }

    /// The first `n` bytes not yet read (fewer at the end of the stream), without consuming them.
    pub fn peek_bytes(&mut self, n: usize) -> Result<&[u8]> {
        while self.end - self.start < n && !self.eof {
            self.refill()?;
        }
        let end = self.end.min(self.start + n);
        Ok(&self.buf[self.start..end])
    }

    /// Everything not yet read, as bytes (for binary formats); an error past `limit` bytes.
    pub fn take_all(&mut self, limit: usize) -> Result<Vec<u8>> {
        let mut all = self.buf[self.start..self.end].to_vec();
        self.start = self.end;
        let mut chunk = vec![0; CHUNK];
        while !self.eof {
            match self.inner.read(&mut chunk) {
                Ok(0) => self.eof = true,
                Ok(n) => all.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::io(&self.name, e)),
            }
            if all.len() > limit {
                return Err(Error::parse(
                    &self.name,
                    0,
                    format!("file larger than {limit} bytes"),
                ));
            }
        }
        Ok(all)
    }

    /// Fills `out` with the next bytes (for binary formats read block by block); how many were
    /// put there, fewer than `out.len()` only at the end of the stream. Memory stays one chunk.
    pub fn read_bytes(&mut self, out: &mut [u8]) -> Result<usize> {
        let mut filled = 0;
        while filled < out.len() {
            if self.start == self.end {
                if self.eof {
                    break;
                }
                self.refill()?;
                continue;
            }
            let n = (self.end - self.start).min(out.len() - filled);
            out[filled..filled + n].copy_from_slice(&self.buf[self.start..self.start + n]);
            self.start += n;
            // Nothing read as bytes can be unread: the next refill need not keep it.
            self.last_start = self.start;
            filled += n;
        }
        Ok(filled)
    }

    /// Offers the unread bytes to `parse`, which returns a value and the length of the line it
    /// consumed (up to, not including, its `\n`); the line then counts as read. `None` (nothing
    /// consumed) when `parse` declines, before the first line, or for a line over the length bound.
    #[inline(always)]
    pub fn fast_line<T>(
        &mut self,
        parse: impl FnOnce(&[u8]) -> Option<(T, usize)>,
    ) -> Option<(usize, T)> {
        if self.line_no == 0 {
            return None;
        }
        let (value, len) = parse(&self.buf[self.start..self.end])?;
        if len > self.max_line {
            return None;
        }
        self.last_start = self.start;
        self.start += len + 1;
        self.line_no += 1;
        Some((self.line_no, value))
    }

    /// Makes the next `next_line` return the last line again (once).
    pub fn unread(&mut self) {
        if self.line_no > 0 && self.start != self.last_start {
            self.start = self.last_start;
            self.line_no -= 1;
        }
    }

    /// Moves the unread bytes (and the last line) to the front and reads one chunk after them.
    fn refill(&mut self) -> Result<()> {
        let keep_from = self.last_start.min(self.start);
        self.buf.copy_within(keep_from..self.end, 0);
        self.end -= keep_from;
        self.start -= keep_from;
        self.last_start -= keep_from;
        // Room for one more chunk; bounded by max_line + 2 chunks since longer lines fail above.
        if self.buf.len() < self.end + CHUNK {
            self.buf.resize(self.end + CHUNK, 0);
        }
        loop {
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(());
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::io(&self.name, e)),
            }
        }
    }
}

/// Index of the first `\n` in `bytes`, eight bytes at a time (a zero-byte test on the XOR).
fn find_newline(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const NEWLINES: u64 = ONES * b'\n' as u64;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])) ^ NEWLINES;
        // The lowest set high bit marks the first zero byte exactly (false hits only lie above).
        let zero = word.wrapping_sub(ONES) & !word & HIGHS;
        if zero != 0 {
            return Some(offset + (zero.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == b'\n')
        .map(|p| offset + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(data: &'static [u8], max: usize) -> Vec<Vec<u8>> {
        let mut src = LineSource::new("t".into(), Box::new(data), max);
        let mut out = Vec::new();
        while let Some(l) = src.next_line().unwrap() {
            out.push(l.to_vec());
        }
        out
    }

    #[test]
    fn splits_on_lf_and_crlf_and_keeps_an_unterminated_last_line() {
        let got = lines(b"\xEF\xBB\xBFa,b\r\n\r\n1,2\nlast", 100);
        assert_eq!(
            got,
            vec![b"a,b".to_vec(), vec![], b"1,2".to_vec(), b"last".to_vec()]
        );
    }

    #[test]
    fn finds_newlines_at_every_offset() {
        for n in 0..40 {
            let mut v = vec![b'a'; n];
            v.push(b'\n');
            v.extend_from_slice(b"b\n");
            assert_eq!(find_newline(&v), Some(n));
            assert_eq!(find_newline(&v[..n]), None);
        }
    }

    #[test]
    fn unread_returns_the_same_line_again() {
        let mut src = LineSource::new("t".into(), Box::new(&b"one\ntwo\n"[..]), 100);
        assert_eq!(src.next_line().unwrap(), Some(&b"one"[..]));
        src.unread();
        assert_eq!(src.line_no(), 0);
        assert_eq!(src.next_line().unwrap(), Some(&b"one"[..]));
        assert_eq!(src.next_line().unwrap(), Some(&b"two"[..]));
        assert_eq!(src.line_no(), 2);
    }

    #[test]
    fn a_too_long_line_is_an_error_naming_it() {
        let mut src = LineSource::new("f.csv".into(), Box::new(&b"ok\n0123456789\n"[..]), 5);
        assert!(src.next_line().unwrap().is_some());
        let e = src.next_line().unwrap_err().to_string();
        assert_eq!(e, "f.csv:2: line is longer than 5 bytes");
    }
}
