//! Butterworth design at runtime, reproducing `scipy.signal.butter(N, Wn, btype, fs=fs,
//! output="sos")` step by step: analog prototype (`buttap`), frequency transform (`lp2lp_zpk`,
//! `lp2hp_zpk`, `lp2bp_zpk`, `lp2bs_zpk`) at pre-warped frequencies, `bilinear_zpk`, then
//! `zpk2sos` with its default `pairing="nearest"`. Following the same steps (same pole/zero
//! pairing, same section order, overall gain in the first section) is what makes the sections
//! equal scipy's, not merely the same transfer function.

use super::sos::{Biquad, SosCascade};
use crate::{Error, Result};

/// The highest order [`butter`] designs.
pub const MAX_ORDER: usize = 16;

/// The pass band of a Butterworth filter, cutoffs in Hz (the -3 dB points).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Band {
    /// Passes below the cutoff.
    Lowpass(f64),
    /// Passes above the cutoff.
    Highpass(f64),
    /// Passes between the two cutoffs (low, high). Order N gives 2N poles, as scipy counts.
    Bandpass(f64, f64),
    /// Stops between the two cutoffs (low, high). Order N gives 2N poles, as scipy counts.
    Bandstop(f64, f64),
}

/// Designs a digital Butterworth filter of `order` (1..=16) at sample rate `fs_hz` as a cascade
/// of second-order sections equal to `scipy.signal.butter(order, Wn, btype, fs=fs_hz,
/// output="sos")`.
///
/// Errors ([`Error::InvalidFilter`]) when the sample rate is not finite and positive, the order
/// is 0 or above [`MAX_ORDER`], a cutoff is NaN, infinite, <= 0 or >= Nyquist, or a band's low
/// cutoff is not below its high cutoff, or when the design cannot be held stable in f64 (a
/// cutoff within ~1.6e-7 of the sample rate from 0 Hz or Nyquist, or a band a few ulp wide:
/// every section returned keeps its poles' distance products from `z = ±1` and a complex
/// pair's distance from the circle at least 1e-12, and has a finite steady state).
///
/// ```
/// use plmkit::filter::{Band, butter};
/// let sos = butter(4, Band::Bandpass(0.5, 8.0), 50.0).unwrap();
/// assert_eq!(sos.sections().len(), 4);
/// assert!(sos.is_stable());
/// ```
pub fn butter(order: usize, band: Band, fs_hz: f64) -> Result<SosCascade<f64>> {
    validate(order, band, fs_hz)?;
    let nyq = fs_hz / 2.0;
    // iirfilter: Wn normalised to Nyquist, then pre-warped for the bilinear transform at fs = 2.
    let warp = |f: f64| 2.0 * 2.0 * (std::f64::consts::PI * (f / nyq) / 2.0).tan();
    let (z, p, k) = buttap(order);
    let (z, p, k) = match band {
        Band::Lowpass(f) => lp2lp(&z, &p, k, warp(f)),
        Band::Highpass(f) => lp2hp(&z, &p, k, warp(f)),
        Band::Bandpass(lo, hi) => {
            let (w0, w1) = (warp(lo), warp(hi));
            lp2bp(&z, &p, k, (w0 * w1).sqrt(), w1 - w0)
        }
        Band::Bandstop(lo, hi) => {
            let (w0, w1) = (warp(lo), warp(hi));
            lp2bs(&z, &p, k, (w0 * w1).sqrt(), w1 - w0)
        }
    };
    let (z, p, k) = bilinear(&z, &p, k, 2.0);
    let rows = zpk2sos(z, p, k);
    let sections = rows
        .iter()
        .map(|r| Biquad::from_sos_row(*r))
        .collect::<Result<Vec<_>>>()?;
    let cascade = SosCascade::new(sections)?;
    check_margin(&cascade, band, fs_hz)?;
    Ok(cascade)
}

/// Smallest stability margin a designed section may have (see [`check_margin`]).
const MIN_STABILITY_MARGIN: f64 = 1e-12;

/// Rejects a design whose poles f64 cannot hold inside the unit circle.
///
/// A cutoff very close to 0 Hz or to Nyquist puts poles within about `2π f / fs` of `z = 1` or
/// `z = -1`. For a section `1 + a1 z⁻¹ + a2 z⁻²` the margins `1 + a1 + a2` and `1 - a1 + a2` are
/// the products of the poles' distances from `z = 1` and `z = -1`, and `1 - |a2|` is how far a
/// complex pair is from the circle; once a margin is near the rounding of the coefficients
/// (~1e-16) the section is marginal or unstable in f64 and its steady state (a division by
/// `1 + a1 + a2`) is inf or NaN, although the analog design is stable. Requiring 1e-12 keeps a
/// factor 10⁴ above rounding and rejects only cutoffs below ~1.6e-7 of the sample rate from 0
/// or Nyquist (a 0.01-Hz high-pass is still fine at 10 kHz); bands a few ulp wide fail too.
fn check_margin(cascade: &SosCascade<f64>, band: Band, fs_hz: f64) -> Result<()> {
    for (i, s) in cascade.sections().iter().enumerate() {
        let margin = (1.0 + s.a1 + s.a2)
            .min(1.0 - s.a1 + s.a2)
            .min(1.0 - s.a2.abs());
        let finite = s.to_sos_row().iter().all(|c| c.is_finite())
            && cascade.steady_state()[i].iter().all(|z| z.is_finite());
        if !(finite && margin >= MIN_STABILITY_MARGIN) {
            return Err(Error::InvalidFilter(format!(
                "{band:?} at fs = {fs_hz} Hz: section {i} has poles within {margin:e} of the \
                 unit circle (at least {MIN_STABILITY_MARGIN:e} is needed); a cutoff this close \
                 to 0 Hz or Nyquist cannot be filtered in f64 at this rate"
            )));
        }
    }
    Ok(())
}

fn validate(order: usize, band: Band, fs_hz: f64) -> Result<()> {
    let bad = |what: String| Err(Error::InvalidFilter(what));
    if !(fs_hz.is_finite() && fs_hz > 0.0) {
        return bad(format!(
            "sample rate must be finite and > 0 Hz, got {fs_hz}"
        ));
    }
    if order == 0 || order > MAX_ORDER {
        return bad(format!("order must be 1..={MAX_ORDER}, got {order}"));
    }
    let nyq = fs_hz / 2.0;
    let check = |f: f64| -> Result<()> {
        if !f.is_finite() {
            bad(format!("cutoff must be a finite number, got {f}"))
        } else if f <= 0.0 {
            bad(format!("cutoff must be > 0 Hz, got {f}"))
        } else if f >= nyq {
            bad(format!(
                "cutoff {f} Hz must be below Nyquist ({nyq} Hz at fs = {fs_hz} Hz)"
            ))
        } else {
            Ok(())
        }
    };
    match band {
        Band::Lowpass(f) | Band::Highpass(f) => check(f),
        Band::Bandpass(lo, hi) | Band::Bandstop(lo, hi) => {
            check(lo)?;
            check(hi)?;
            if lo >= hi {
                bad(format!(
                    "band low cutoff {lo} Hz must be below high cutoff {hi} Hz"
                ))
            } else {
                Ok(())
            }
        }
    }
}

/// A minimal complex number: only what the design needs, with numpy's formulas where the
/// rounding could matter.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cx {
    re: f64,
    im: f64,
}

impl Cx {
    const fn new(re: f64, im: f64) -> Self {
        Cx { re, im }
    }
    const fn real(re: f64) -> Self {
        Cx { re, im: 0.0 }
    }
    fn add(self, o: Cx) -> Cx {
        Cx::new(self.re + o.re, self.im + o.im)
    }
    fn sub(self, o: Cx) -> Cx {
        Cx::new(self.re - o.re, self.im - o.im)
    }
    fn mul(self, o: Cx) -> Cx {
        Cx::new(
            self.re * o.re - self.im * o.im,
            self.re * o.im + self.im * o.re,
        )
    }
    fn scale(self, s: f64) -> Cx {
        Cx::new(self.re * s, self.im * s)
    }
    fn neg(self) -> Cx {
        Cx::new(-self.re, -self.im)
    }
    fn conj(self) -> Cx {
        Cx::new(self.re, -self.im)
    }
    /// Smith's algorithm with a reciprocal scale, as numpy's complex division loop.
    fn div(self, o: Cx) -> Cx {
        if o.re.abs() >= o.im.abs() {
            let r = o.im / o.re;
            let scl = 1.0 / (o.re + o.im * r);
            Cx::new((self.re + self.im * r) * scl, (self.im - self.re * r) * scl)
        } else {
            let r = o.re / o.im;
            let scl = 1.0 / (o.im + o.re * r);
            Cx::new((self.re * r + self.im) * scl, (self.im * r - self.re) * scl)
        }
    }
    fn abs(self) -> f64 {
        self.re.hypot(self.im)
    }
    /// Principal square root (the C99 `csqrt` branch: non-negative real part).
    fn sqrt(self) -> Cx {
        if self.re == 0.0 && self.im == 0.0 {
            return Cx::new(0.0, self.im);
        }
        let t = ((self.re.abs() + self.abs()) / 2.0).sqrt();
        if self.re >= 0.0 {
            Cx::new(t, self.im / (2.0 * t))
        } else {
            Cx::new(self.im.abs() / (2.0 * t), t.copysign(self.im))
        }
    }
    fn is_real(self) -> bool {
        self.im == 0.0
    }
}

fn prod(v: &[Cx]) -> Cx {
    v.iter().fold(Cx::real(1.0), |acc, &x| acc.mul(x))
}

type Zpk = (Vec<Cx>, Vec<Cx>, f64);

/// scipy `buttap`: N poles on the left unit half circle, no zeros, gain 1.
fn buttap(n: usize) -> Zpk {
    let nf = n as f64;
    let p = (0..n)
        .map(|i| {
            let m = -(nf) + 1.0 + 2.0 * i as f64;
            let theta = std::f64::consts::PI * m / (2.0 * nf);
            Cx::new(-theta.cos(), -theta.sin())
        })
        .collect();
    (Vec::new(), p, 1.0)
}

fn lp2lp(z: &[Cx], p: &[Cx], k: f64, wo: f64) -> Zpk {
    let degree = p.len() - z.len();
    let z = z.iter().map(|v| v.scale(wo)).collect();
    let p = p.iter().map(|v| v.scale(wo)).collect();
    (z, p, k * wo.powf(degree as f64))
}

fn lp2hp(z: &[Cx], p: &[Cx], k: f64, wo: f64) -> Zpk {
    let degree = p.len() - z.len();
    let w = Cx::real(wo);
    let mut zh: Vec<Cx> = z.iter().map(|v| w.div(*v)).collect();
    let ph = p.iter().map(|v| w.div(*v)).collect();
    zh.extend(std::iter::repeat_n(Cx::real(0.0), degree));
    let negz: Vec<Cx> = z.iter().map(|v| v.neg()).collect();
    let negp: Vec<Cx> = p.iter().map(|v| v.neg()).collect();
    (zh, ph, k * prod(&negz).div(prod(&negp)).re)
}

/// The two roots `s ± sqrt(s² - wo²)` of each transformed point, all `+` roots first.
fn split_pairs(v: &[Cx], wo: f64) -> Vec<Cx> {
    let wo2 = Cx::real(wo * wo);
    let roots: Vec<Cx> = v.iter().map(|s| s.mul(*s).sub(wo2).sqrt()).collect();
    let plus = v.iter().zip(&roots).map(|(s, r)| s.add(*r));
    let minus = v.iter().zip(&roots).map(|(s, r)| s.sub(*r));
    plus.chain(minus).collect()
}

fn lp2bp(z: &[Cx], p: &[Cx], k: f64, wo: f64, bw: f64) -> Zpk {
    let degree = p.len() - z.len();
    let zl: Vec<Cx> = z.iter().map(|v| v.scale(bw / 2.0)).collect();
    let pl: Vec<Cx> = p.iter().map(|v| v.scale(bw / 2.0)).collect();
    let mut zb = split_pairs(&zl, wo);
    zb.extend(std::iter::repeat_n(Cx::real(0.0), degree));
    (zb, split_pairs(&pl, wo), k * bw.powf(degree as f64))
}

fn lp2bs(z: &[Cx], p: &[Cx], k: f64, wo: f64, bw: f64) -> Zpk {
    let degree = p.len() - z.len();
    let h = Cx::real(bw / 2.0);
    let zh: Vec<Cx> = z.iter().map(|v| h.div(*v)).collect();
    let ph: Vec<Cx> = p.iter().map(|v| h.div(*v)).collect();
    let mut zb = split_pairs(&zh, wo);
    zb.extend(std::iter::repeat_n(Cx::new(0.0, wo), degree));
    zb.extend(std::iter::repeat_n(Cx::new(0.0, -wo), degree));
    let negz: Vec<Cx> = z.iter().map(|v| v.neg()).collect();
    let negp: Vec<Cx> = p.iter().map(|v| v.neg()).collect();
    (
        zb,
        split_pairs(&ph, wo),
        k * prod(&negz).div(prod(&negp)).re,
    )
}

fn bilinear(z: &[Cx], p: &[Cx], k: f64, fs: f64) -> Zpk {
    let degree = p.len() - z.len();
    let fs2 = Cx::real(2.0 * fs);
    let mut zz: Vec<Cx> = z.iter().map(|v| fs2.add(*v).div(fs2.sub(*v))).collect();
    let pz = p.iter().map(|v| fs2.add(*v).div(fs2.sub(*v))).collect();
    zz.extend(std::iter::repeat_n(Cx::real(-1.0), degree));
    let nz: Vec<Cx> = z.iter().map(|v| fs2.sub(*v)).collect();
    let np: Vec<Cx> = p.iter().map(|v| fs2.sub(*v)).collect();
    (zz, pz, k * prod(&nz).div(prod(&np)).re)
}

/// scipy `_cplxreal`: complex values with positive imaginary part (conjugate pairs merged by
/// averaging), sorted by real part then |imag|, followed by the real values sorted.
fn cplxreal(z: &[Cx]) -> Vec<Cx> {
    let tol = 100.0 * f64::EPSILON;
    let mut z = z.to_vec();
    // lexsort((|imag|, real)): stable, by real then |imag|.
    z.sort_by(|a, b| {
        a.re.total_cmp(&b.re)
            .then(a.im.abs().total_cmp(&b.im.abs()))
    });
    let is_r = |v: &Cx| v.im.abs() <= tol * v.abs();
    let zr: Vec<Cx> = z
        .iter()
        .filter(|v| is_r(v))
        .map(|v| Cx::real(v.re))
        .collect();
    let zc: Vec<Cx> = z.iter().filter(|v| !is_r(v)).copied().collect();
    let mut zp: Vec<Cx> = zc.iter().filter(|v| v.im > 0.0).copied().collect();
    let mut zn: Vec<Cx> = zc.iter().filter(|v| v.im < 0.0).copied().collect();
    // Within runs of equal real part, order each side by |imag| (stable).
    let mut start = 0;
    while start < zp.len() {
        let mut stop = start + 1;
        while stop < zp.len() && zp[stop].re - zp[stop - 1].re <= tol * zp[stop - 1].abs() {
            stop += 1;
        }
        let by_imag = |a: &Cx, b: &Cx| a.im.abs().total_cmp(&b.im.abs());
        zp[start..stop].sort_by(by_imag);
        if stop <= zn.len() {
            zn[start..stop].sort_by(by_imag);
        }
        start = stop;
    }
    let mut out: Vec<Cx> = zp
        .iter()
        .zip(&zn)
        .map(|(a, b)| a.add(b.conj()).scale(0.5))
        .collect();
    out.extend(zr);
    out
}

/// Index of the pole closest to the unit circle (first on ties, as `argmin`).
fn idx_worst(p: &[Cx], among: impl Iterator<Item = usize>) -> usize {
    let mut best = usize::MAX;
    let mut best_d = f64::INFINITY;
    for i in among {
        let d = (1.0 - p[i].abs()).abs();
        if best == usize::MAX || d < best_d {
            best = i;
            best_d = d;
        }
    }
    best
}

#[derive(Clone, Copy, PartialEq)]
enum Which {
    Real,
    Complex,
    Any,
}

/// scipy `_nearest_real_complex_idx`: the nearest element of `fro` to `to` of the given kind.
fn nearest(fro: &[Cx], to: Cx, which: Which) -> usize {
    let mut order: Vec<usize> = (0..fro.len()).collect();
    order.sort_by(|&a, &b| fro[a].sub(to).abs().total_cmp(&fro[b].sub(to).abs()));
    order
        .into_iter()
        .find(|&i| match which {
            Which::Any => true,
            Which::Real => fro[i].is_real(),
            Which::Complex => !fro[i].is_real(),
        })
        .unwrap_or(0)
}

/// Coefficients of the monic polynomial with the given roots (numpy `poly`), real part.
fn poly(roots: &[Cx]) -> Vec<f64> {
    let mut a = vec![Cx::real(1.0)];
    for r in roots {
        let mut next = vec![Cx::real(0.0); a.len() + 1];
        for (i, c) in a.iter().enumerate() {
            next[i] = next[i].add(*c);
            next[i + 1] = next[i + 1].sub(c.mul(*r));
        }
        a = next;
    }
    a.iter().map(|c| c.re).collect()
}

/// scipy `_single_zpksos` with k = 1: numerator and denominator right-aligned in a row.
fn single_sos(z: &[Cx], p: &[Cx]) -> [f64; 6] {
    let mut row = [0.0; 6];
    let b = poly(z);
    let a = poly(p);
    row[3 - b.len()..3].copy_from_slice(&b);
    row[6 - a.len()..6].copy_from_slice(&a);
    row
}

/// scipy `zpk2sos(z, p, k)` for a digital filter with `pairing="nearest"`.
fn zpk2sos(z: Vec<Cx>, p: Vec<Cx>, k: f64) -> Vec<[f64; 6]> {
    let (mut z, mut p) = (z, p);
    if z.is_empty() && p.is_empty() {
        return vec![[k, 0.0, 0.0, 1.0, 0.0, 0.0]];
    }
    let zero = Cx::real(0.0);
    while p.len() < z.len() {
        p.push(zero);
    }
    while z.len() < p.len() {
        z.push(zero);
    }
    let n_sections = p.len().div_ceil(2);
    if p.len() % 2 == 1 {
        p.push(zero);
        z.push(zero);
    }
    let mut z = cplxreal(&z);
    let mut p = cplxreal(&p);
    let mut sos = vec![[0.0; 6]; n_sections];
    let n_real = |v: &[Cx]| v.iter().filter(|c| c.is_real()).count();
    for si in (0..n_sections).rev() {
        let i1 = idx_worst(&p, 0..p.len());
        let p1 = p.remove(i1);
        if p1.is_real() && n_real(&p) == 0 {
            // The last real pole pairs with the nearest real zero as a first-order section.
            let iz = nearest(&z, p1, Which::Real);
            let z1 = z.remove(iz);
            sos[si] = single_sos(&[z1, zero], &[p1, zero]);
        } else if p.len() + 1 == z.len() && !p1.is_real() && n_real(&p) == 1 && n_real(&z) == 1 {
            // Keep the last real zero for the last real pole: take a complex zero here.
            let iz = nearest(&z, p1, Which::Complex);
            let z1 = z.remove(iz);
            sos[si] = single_sos(&[z1, z1.conj()], &[p1, p1.conj()]);
        } else {
            let p2 = if p1.is_real() {
                let reals = (0..p.len()).filter(|&i| p[i].is_real());
                let i2 = idx_worst(&p, reals);
                p.remove(i2)
            } else {
                p1.conj()
            };
            if z.is_empty() {
                sos[si] = single_sos(&[], &[p1, p2]);
            } else {
                let iz = nearest(&z, p1, Which::Any);
                let z1 = z.remove(iz);
                if !z1.is_real() {
                    sos[si] = single_sos(&[z1, z1.conj()], &[p1, p2]);
                } else if !z.is_empty() {
                    let iz2 = nearest(&z, p1, Which::Real);
                    let z2 = z.remove(iz2);
                    sos[si] = single_sos(&[z1, z2], &[p1, p2]);
                } else {
                    sos[si] = single_sos(&[z1], &[p1, p2]);
                }
            }
        }
    }
    for c in &mut sos[0][..3] {
        *c *= k;
    }
    sos
}
