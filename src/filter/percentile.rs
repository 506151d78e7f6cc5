//! Running percentile (and median) over a sliding window of w samples.
//!
//! The window is kept ordered in an order-statistic treap stored in a fixed arena: node i is
//! ring-buffer slot i, so the sample leaving the window is found without a search and nothing
//! is allocated after construction. Each sample costs one delete and one insert (expected
//! O(log w)) plus two rank selections (O(log w)). Why a treap: it needs no rank compression of
//! values seen in advance (unlike a Fenwick tree), keeps subtree sizes for k-th selection
//! (unlike two heaps, which only give one fixed rank), and is far less code than an indexable
//! skip list. Priorities come from a fixed-seed generator advanced once per sample, so the
//! output is deterministic and independent of chunking. Nodes are 32 bytes (value, ordered
//! key, links, size, priority) so a 1500-sample window's tree stays within L1/L2.
//!
//! Windows of at most [`SORTED_MAX_WINDOW`] samples keep a plain sorted array instead (binary
//! search and a memmove): there the treap's pointer chasing and branch misses cost more than
//! moving the window (per push, release build on a loaded 2-core machine: 88 against 404 ns
//! at 60 values, the noise floor's window; 506 against 717 ns at 1024). The output is the
//! same either way: the definition below depends only on the window's values.
//!
//! **Definition.** The output is `numpy.percentile(window, q)` with numpy's default `linear`
//! method over the samples currently in the window (the k < w samples seen so far before the
//! window fills): with the window sorted as v₀ ≤ … ≤ vₙ₋₁, the virtual index is
//! i = (n-1)·q/100 (computed as numpy does), and the result interpolates linearly between
//! v⌊i⌋ and v⌊i⌋+1. If any sample in the window is NaN the output is NaN (as numpy).

use num_traits::Float;

use super::Filter;
use crate::{Error, Result};

const NIL: u32 = u32::MAX;

/// Largest window kept as a sorted array rather than a treap.
const SORTED_MAX_WINDOW: usize = 1024;

#[derive(Debug, Clone, Copy)]
struct Node<T> {
    val: T,
    /// The value's bits mapped so that integer order is numeric order ([`sort_key`]); ties
    /// are broken by node index, which makes every (key, index) pair unique.
    key: u64,
    prio: u32,
    left: u32,
    right: u32,
    size: u32,
}

/// Sliding-window percentile; see the module docs for the exact definition.
#[derive(Debug, Clone)]
pub struct RunningPercentile<T> {
    nodes: Vec<Node<T>>,
    root: u32,
    /// Next ring slot (= node) to overwrite.
    pos: usize,
    filled: usize,
    rng: u64,
    /// The percentile as a fraction, q / 100 (numpy divides first too).
    frac: f64,
    nan_count: usize,
    /// Small windows: the window's values in ascending [`sort_key`] order; the treap is then
    /// unused and `nodes` only holds the values in ring order.
    sorted: Option<Vec<T>>,
}

impl<T: Float> RunningPercentile<T> {
    /// The `percentile` (0..=100) of the last `window` samples (1 <= window < 2³²).
    pub fn new(window: usize, percentile: f64) -> Result<Self> {
        Self::with_store(window, percentile, window <= SORTED_MAX_WINDOW)
    }

    /// A percentile window kept sorted (`sorted`) or in the treap.
    fn with_store(window: usize, percentile: f64, sorted: bool) -> Result<Self> {
        if window == 0 || window >= NIL as usize {
            return Err(Error::InvalidConfig(format!(
                "percentile window must be 1..{NIL} samples, got {window}"
            )));
        }
        if !(0.0..=100.0).contains(&percentile) {
            return Err(Error::InvalidConfig(format!(
                "percentile must be in 0..=100, got {percentile}"
            )));
        }
        let blank = Node {
            val: T::zero(),
            key: 0,
            prio: 0,
            left: NIL,
            right: NIL,
            size: 1,
        };
        Ok(RunningPercentile {
            nodes: vec![blank; window],
            root: NIL,
            pos: 0,
            filled: 0,
            rng: SEED,
            frac: percentile / 100.0,
            nan_count: 0,
            sorted: sorted.then(|| Vec::with_capacity(window)),
        })
    }

    /// The running median of the last `window` samples (`percentile = 50`).
    pub fn median(window: usize) -> Result<Self> {
        Self::new(window, 50.0)
    }

    /// The window length in samples.
    pub fn window(&self) -> usize {
        self.nodes.len()
    }

    /// How many samples the current output covers (grows to the window length).
    pub fn count(&self) -> usize {
        self.filled
    }

    /// The k-th smallest value (0-based) in the window; `None` if k >= count().
    pub fn kth(&self, k: usize) -> Option<T> {
        if k >= self.filled {
            return None;
        }
        if let Some(sorted) = &self.sorted {
            return sorted.get(k).copied();
        }
        let mut t = self.root;
        let mut k = k as u32;
        loop {
            let n = &self.nodes[t as usize];
            let ls = self.size(n.left);
            if k < ls {
                t = n.left;
            } else if k == ls {
                return Some(n.val);
            } else {
                k -= ls + 1;
                t = n.right;
            }
        }
    }

    /// The percentile of the current window (NaN before any sample).
    pub fn value(&self) -> T {
        self.percentile_of(self.frac)
    }

    /// Another percentile, `q` as a fraction (0..=1), of the same window by the same
    /// definition (NaN before any sample): e.g. the median beside a low percentile, for a
    /// spread, without a second window.
    pub fn percentile_of(&self, q: f64) -> T {
        let n = self.filled;
        if n == 0 || self.nan_count > 0 {
            return T::nan();
        }
        // numpy `_compute_virtual_index` with alpha = beta = 1, then `_lerp`.
        let nf = n as f64;
        // n·q + (alpha + q·(1 - alpha - beta)) - 1 with alpha = beta = 1; 1 + q·(-1) is exactly 1 - q.
        let virt = nf * q + (1.0 - q) - 1.0;
        let prev = virt.floor().clamp(0.0, nf - 1.0);
        let gamma = virt - prev;
        let i = prev as usize;
        let a = self.kth(i).unwrap_or_else(T::nan);
        let b = self.kth((i + 1).min(n - 1)).unwrap_or_else(T::nan);
        let g = T::from(gamma).unwrap_or_else(T::zero);
        let diff = b - a;
        if gamma >= 0.5 {
            b - diff * (T::one() - g)
        } else {
            a + diff * g
        }
    }

    /// Pushes one sample and returns the percentile of the updated window.
    pub fn push(&mut self, x: T) -> T {
        let slot = self.pos as u32;
        let full = self.filled == self.nodes.len();
        if full {
            if self.nodes[self.pos].val.is_nan() {
                self.nan_count -= 1;
            }
        } else {
            self.filled += 1;
        }
        if x.is_nan() {
            self.nan_count += 1;
        }
        if let Some(sorted) = &mut self.sorted {
            let before = |key: u64| move |v: &T| sort_key(*v) < key;
            if full {
                let old = sort_key(self.nodes[self.pos].val);
                sorted.remove(sorted.partition_point(before(old)));
            }
            sorted.insert(sorted.partition_point(before(sort_key(x))), x);
            self.nodes[self.pos].val = x;
            self.advance();
            return self.value();
        }
        if full {
            self.root = self.erase(self.root, slot);
        }
        self.rng = xorshift(self.rng);
        let n = &mut self.nodes[self.pos];
        *n = Node {
            val: x,
            key: sort_key(x),
            prio: (self.rng >> 32) as u32,
            left: NIL,
            right: NIL,
            size: 1,
        };
        self.root = self.insert(self.root, slot);
        self.advance();
        self.value()
    }

    /// Moves the ring to the next slot.
    fn advance(&mut self) {
        self.pos += 1;
        if self.pos == self.nodes.len() {
            self.pos = 0;
        }
    }

    fn size(&self, t: u32) -> u32 {
        if t == NIL {
            0
        } else {
            self.nodes[t as usize].size
        }
    }

    fn update(&mut self, t: u32) {
        let n = self.nodes[t as usize];
        self.nodes[t as usize].size = 1 + self.size(n.left) + self.size(n.right);
    }

    fn less(&self, a: u32, b: u32) -> bool {
        (self.nodes[a as usize].key, a) < (self.nodes[b as usize].key, b)
    }

    /// Splits the subtree `t` into keys before node `k` and keys after it (`k` not in `t`).
    fn split(&mut self, t: u32, k: u32) -> (u32, u32) {
        if t == NIL {
            return (NIL, NIL);
        }
        if self.less(t, k) {
            let r = self.nodes[t as usize].right;
            let (a, b) = self.split(r, k);
            self.nodes[t as usize].right = a;
            self.update(t);
            (t, b)
        } else {
            let l = self.nodes[t as usize].left;
            let (a, b) = self.split(l, k);
            self.nodes[t as usize].left = b;
            self.update(t);
            (a, t)
        }
    }

    /// Joins two subtrees where every key of `a` precedes every key of `b`.
    fn merge(&mut self, a: u32, b: u32) -> u32 {
        if a == NIL {
            return b;
        }
        if b == NIL {
            return a;
        }
        if self.nodes[a as usize].prio > self.nodes[b as usize].prio {
            let r = self.nodes[a as usize].right;
            let m = self.merge(r, b);
            self.nodes[a as usize].right = m;
            self.update(a);
            a
        } else {
            let l = self.nodes[b as usize].left;
            let m = self.merge(a, l);
            self.nodes[b as usize].left = m;
            self.update(b);
            b
        }
    }

    fn insert(&mut self, t: u32, k: u32) -> u32 {
        if t == NIL {
            return k;
        }
        if self.nodes[k as usize].prio > self.nodes[t as usize].prio {
            let (a, b) = self.split(t, k);
            let n = &mut self.nodes[k as usize];
            n.left = a;
            n.right = b;
            self.update(k);
            return k;
        }
        if self.less(k, t) {
            let l = self.nodes[t as usize].left;
            let m = self.insert(l, k);
            self.nodes[t as usize].left = m;
        } else {
            let r = self.nodes[t as usize].right;
            let m = self.insert(r, k);
            self.nodes[t as usize].right = m;
        }
        self.update(t);
        t
    }

    fn erase(&mut self, t: u32, k: u32) -> u32 {
        if t == NIL {
            return NIL;
        }
        if t == k {
            let n = self.nodes[t as usize];
            return self.merge(n.left, n.right);
        }
        if self.less(k, t) {
            let l = self.nodes[t as usize].left;
            let m = self.erase(l, k);
            self.nodes[t as usize].left = m;
        } else {
            let r = self.nodes[t as usize].right;
            let m = self.erase(r, k);
            self.nodes[t as usize].right = m;
        }
        self.update(t);
        t
    }
}

/// The value as an integer whose order is numeric order: the f64 bits with all bits flipped
/// for negative values and the sign bit set for positive ones (as `f64::total_cmp`). NaN
/// sorts after +inf (or before -inf if its sign bit is set), which does not matter: any NaN
/// in the window makes the output NaN.
fn sort_key<T: Float>(x: T) -> u64 {
    let bits = x.to_f64().unwrap_or(f64::NAN).to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

const SEED: u64 = 0x9E37_79B9_7F4A_7C15;

fn xorshift(mut s: u64) -> u64 {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    s
}

impl<T: Float> Filter<T> for RunningPercentile<T> {
    fn process_sample(&mut self, x: T) -> T {
        self.push(x)
    }

    fn reset(&mut self) {
        self.root = NIL;
        self.pos = 0;
        self.filled = 0;
        self.rng = SEED;
        self.nan_count = 0;
        if let Some(sorted) = &mut self.sorted {
            sorted.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{RunningPercentile, SORTED_MAX_WINDOW};
    use crate::filter::Filter;
    use crate::simulate::Rng;

    /// Another percentile of a window equals that percentile's own running window, in both
    /// stores.
    #[test]
    fn percentile_of_matches_a_window_of_that_percentile() {
        for window in [7, 60, SORTED_MAX_WINDOW + 5] {
            let mut p10 = RunningPercentile::new(window, 10.0).unwrap();
            let mut med = RunningPercentile::median(window).unwrap();
            let mut rng = Rng::new(window as u64);
            for _ in 0..3 * window {
                let x = rng.normal();
                p10.push(x);
                let m = med.push(x);
                assert_eq!(p10.percentile_of(0.5).to_bits(), m.to_bits());
                assert_eq!(p10.percentile_of(0.1).to_bits(), p10.value().to_bits());
            }
        }
    }

    /// Windows and percentiles: one value, short, the noise floor's, extremes.
    const CASES: [(usize, f64); 6] = [
        (1, 10.0),
        (7, 10.0),
        (60, 10.0),
        (60, 50.0),
        (120, 0.0),
        (13, 100.0),
    ];

    /// The sorted array and the treap give the same output bit for bit, ties, signed zeros and
    /// NaN included, on both sides of the size at which `new` switches between them.
    #[test]
    fn sorted_and_treap_windows_agree() {
        for (window, q) in CASES.into_iter().chain([(SORTED_MAX_WINDOW + 1, 25.0)]) {
            let mut sorted = RunningPercentile::<f64>::with_store(window, q, true).unwrap();
            let mut treap = RunningPercentile::<f64>::with_store(window, q, false).unwrap();
            let mut rng = Rng::new(window as u64);
            for i in 0..3000 {
                let v = match i % 97 {
                    0 => f64::NAN,
                    1 => -0.0,
                    2 => 0.0,
                    k if k % 5 == 0 => 0.5,
                    _ => rng.uniform() - 0.25,
                };
                let (a, b) = (sorted.push(v), treap.push(v));
                assert_eq!(a.to_bits(), b.to_bits(), "window {window} q {q} step {i}");
                if i == 1500 {
                    sorted.reset();
                    treap.reset();
                }
            }
        }
    }

    /// Equals numpy's percentile of the window ('linear': interpolation at (n − 1)·q/100 of the
    /// sorted window), ties included.
    #[test]
    fn equals_the_sorted_windows_linear_percentile() {
        for (window, q) in CASES {
            let mut p = RunningPercentile::<f64>::new(window, q).unwrap();
            let mut rng = Rng::new(window as u64);
            let mut xs = Vec::new();
            for i in 0..1000 {
                let v = if i % 5 == 0 { 0.5 } else { rng.uniform() };
                xs.push(v);
                let got = p.push(v);
                let mut w = xs[xs.len().saturating_sub(window)..].to_vec();
                w.sort_by(f64::total_cmp);
                let at = (w.len() - 1) as f64 * q / 100.0;
                let lo = at.floor() as usize;
                let hi = (lo + 1).min(w.len() - 1);
                let want = w[lo] + (w[hi] - w[lo]) * (at - lo as f64);
                assert!(
                    (got - want).abs() <= 1e-15,
                    "window {window} q {q} step {i}"
                );
            }
        }
    }

    /// A clone keeps the window length (once taken from a `Vec`'s capacity, which a clone need
    /// not keep) and goes on like the original.
    #[test]
    fn a_clone_keeps_the_window() {
        let mut a = RunningPercentile::<f64>::new(60, 10.0).unwrap();
        for i in 0..30 {
            a.push(i as f64);
        }
        let mut b = a.clone();
        let mut fresh = RunningPercentile::<f64>::new(60, 10.0).unwrap().clone();
        for i in 30..200 {
            a.push(i as f64);
            b.push(i as f64);
        }
        for i in 140..200 {
            fresh.push(i as f64);
        }
        assert_eq!(a.value(), b.value());
        assert_eq!(a.value(), fresh.value());
    }
}
