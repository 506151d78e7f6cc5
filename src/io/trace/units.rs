//! Acceleration units, and telling them apart from the first seconds of data.
//!
//! A sensor at rest reads gravity: a vector magnitude of about 1 in g, about 9.81 in m/s², and
//! in raw counts about the counts-per-g of its range (256, 1024, 4096, ...), always integers.
//! Sleepers mostly rest, so the median magnitude of the first rows tells the units apart.

use std::fmt;

use crate::STANDARD_GRAVITY;

/// Units of acceleration values in a file.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Units {
    /// Standard gravities.
    G,
    /// Metres per second squared.
    MetersPerSecond2,
    /// Raw integer counts, `scale` counts per g.
    Counts {
        /// Counts per g.
        scale: f64,
    },
}

impl Units {
    /// The factor that turns a value in these units into g.
    pub fn to_g(self) -> f64 {
        match self {
            Units::G => 1.0,
            Units::MetersPerSecond2 => 1.0 / STANDARD_GRAVITY,
            Units::Counts { scale } => 1.0 / scale,
        }
    }

    fn family(self) -> u8 {
        match self {
            Units::G => 0,
            Units::MetersPerSecond2 => 1,
            Units::Counts { .. } => 2,
        }
    }
}

impl fmt::Display for Units {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Units::G => f.write_str("g"),
            Units::MetersPerSecond2 => f.write_str("m/s²"),
            Units::Counts { scale } => write!(f, "counts ({scale} per g)"),
        }
    }
}

/// What the first rows look like.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Evidence {
    /// Median vector magnitude of the rows that are not exactly 0,0,0; `None` if there are none.
    pub median_magnitude: Option<f64>,
    /// Every value an integer.
    pub all_integers: bool,
    /// Rows looked at.
    pub rows: usize,
}

impl Evidence {
    /// Gathers evidence from raw rows.
    pub fn from_rows<'a>(rows: impl Iterator<Item = &'a [f64; 3]>) -> Evidence {
        let mut mags = Vec::new();
        let mut all_integers = true;
        let mut n = 0;
        for v in rows {
            n += 1;
            if *v == [0.0; 3] {
                continue;
            }
            all_integers &= v.iter().all(|a| a.fract() == 0.0);
            mags.push((v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt());
        }
        let median_magnitude = (!mags.is_empty()).then(|| {
            let mid = mags.len() / 2;
            *mags.select_nth_unstable_by(mid, f64::total_cmp).1
        });
        Evidence {
            median_magnitude,
            all_integers,
            rows: n,
        }
    }

    /// The unit family the data alone points to, with the reason in words.
    fn suggests(&self) -> Option<(Units, String)> {
        let m = self.median_magnitude?;
        let why = |what: &str| {
            format!(
                "median magnitude {m:.3} of the first {} rows {what}",
                self.rows
            )
        };
        if REST_G.contains(&m) {
            Some((Units::G, why("≈ 1 g")))
        } else if (5.0..=20.0).contains(&m) {
            Some((Units::MetersPerSecond2, why("≈ 9.81 m/s²")))
        } else if self.all_integers && m >= 50.0 {
            Some((Units::Counts { scale: 0.0 }, why("in integer counts")))
        } else {
            None
        }
    }
}

/// What a sensor's median magnitude reads in g over the first seconds: gravity, 1 g, at rest,
/// and sleepers mostly rest; the range leaves room for motion, tilt calibration error and
/// ±2 g of an ankle kick in a few rows. Outside it the units (or the counts scale) are wrong.
const REST_G: std::ops::RangeInclusive<f64> = 0.5..=2.0;

/// The nearest power of two to `m`, as a hint for a counts scale.
fn nearest_power_of_two(m: f64) -> f64 {
    2f64.powi(m.log2().round() as i32)
}

/// Decides the units. `declared` comes from the header (with its wording), `forced` and
/// `scale` from the options. On failure returns the message for an error at the first data row.
pub(crate) fn decide(
    evidence: &Evidence,
    declared: Option<(Units, String)>,
    forced: Option<Units>,
    scale: Option<f64>,
) -> Result<(Units, String), String> {
    if let Some(u) = forced {
        // Forced units override what the data suggest, except that a counts scale must still
        // read gravity as gravity: a wrong scale is the mistake forcing cannot mean.
        match u {
            Units::Counts { scale } => {
                check_scale(scale)?;
                check_rest(evidence, u, "the counts-per-g scale")?;
            }
            other if scale.is_some() => {
                return Err(format!(
                    "a counts-per-g scale was given, but the units were set to {other}"
                ));
            }
            _ => {}
        }
        return Ok((u, "set by the caller".into()));
    }
    let suggested = evidence.suggests();
    if let (Some(_), Some((d, why))) = (scale, &declared) {
        if !matches!(d, Units::Counts { .. }) {
            return Err(format!(
                "a counts-per-g scale was given, but the values are in {d} ({why})"
            ));
        }
    }
    if let Some((d, said)) = declared {
        return match suggested {
            Some((s, why)) if s.family() != d.family() => Err(format!(
                "mixed units: {said} ({d}) but the {why}, which looks like {}",
                family_name(s)
            )),
            Some((_, why)) => Ok((d, format!("{said}; {why}"))),
            None => Ok((d, said)),
        };
    }
    match suggested {
        Some((Units::Counts { .. }, why)) => match scale {
            Some(scale) => {
                check_scale(scale)?;
                check_rest(evidence, Units::Counts { scale }, "the counts-per-g scale")?;
                Ok((
                    Units::Counts { scale },
                    format!("{why}; {scale} counts per g from the options"),
                ))
            }
            None => Err(format!(
                "values look like raw counts ({why}); set the counts-per-g scale (about {} here?)",
                nearest_power_of_two(evidence.median_magnitude.unwrap_or(1.0))
            )),
        },
        Some((found, why)) if scale.is_some() => Err(format!(
            "a counts-per-g scale was given, but the values are in {found} ({why})"
        )),
        Some(found) => Ok(found),
        None => Err(match evidence.median_magnitude {
            Some(m) => format!(
                "cannot tell the units: median magnitude {m:.3} of the first {} rows is neither ≈ 1 (g), \
                 ≈ 9.81 (m/s²) nor integer counts; set the units",
                evidence.rows
            ),
            None => format!(
                "cannot tell the units: the first {} rows are all 0,0,0; set the units",
                evidence.rows
            ),
        }),
    }
}

/// Units as the data suggest them: counts without a scale.
fn family_name(units: Units) -> String {
    match units {
        Units::Counts { .. } => "raw counts".to_string(),
        other => other.to_string(),
    }
}

/// The first rows' median magnitude in g under `units` must read as a sensor at rest
/// ([`REST_G`]); `what` names the option that chose the units.
fn check_rest(evidence: &Evidence, units: Units, what: &str) -> Result<(), String> {
    let Some(m) = evidence.median_magnitude else {
        return Ok(()); // all 0,0,0: nothing to check against
    };
    let rest_g = m * units.to_g();
    if REST_G.contains(&rest_g) {
        return Ok(());
    }
    let hint = match units {
        Units::Counts { .. } if evidence.all_integers => {
            format!("; about {} counts per g?", nearest_power_of_two(m))
        }
        _ => match evidence.suggests() {
            Some((found, _)) if found.family() != units.family() => {
                format!("; the values look like {}", family_name(found))
            }
            _ => String::new(),
        },
    };
    Err(format!(
        "with {what} ({units}) the sensor reads {rest_g:.3} g at rest (median magnitude {m:.3} of \
         the first {} rows), where gravity reads 1 g{hint}",
        evidence.rows
    ))
}

fn check_scale(scale: f64) -> Result<(), String> {
    if scale.is_finite() && scale > 0.0 {
        Ok(())
    } else {
        Err(format!(
            "counts-per-g scale {scale} must be a positive number"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(rows: &[[f64; 3]]) -> Evidence {
        Evidence::from_rows(rows.iter())
    }

    #[test]
    fn resting_magnitude_tells_the_units() {
        let g = ev(&[[0.0, 0.0, 0.98], [0.1, 0.0, 1.0], [0.0, 0.0, 0.0]]);
        assert_eq!(decide(&g, None, None, None).unwrap().0, Units::G);
        let ms2 = ev(&[[0.0, 0.0, 9.79], [0.1, 0.2, 9.81]]);
        assert_eq!(
            decide(&ms2, None, None, None).unwrap().0,
            Units::MetersPerSecond2
        );
        let counts = ev(&[[0.0, 12.0, 1020.0], [3.0, -4.0, 1025.0]]);
        let err = decide(&counts, None, None, None).unwrap_err();
        assert!(err.contains("1024"), "{err}");
        let got = decide(&counts, None, None, Some(1024.0)).unwrap().0;
        assert_eq!(got, Units::Counts { scale: 1024.0 });
        let mixed = decide(
            &ms2,
            Some((Units::G, "the header says g".into())),
            None,
            None,
        );
        assert!(mixed.unwrap_err().starts_with("mixed units"));
        assert!(decide(&ev(&[[0.0; 3]]), None, None, None).is_err());
    }
}
