//! Civil (proleptic Gregorian) calendar arithmetic, the one copy: the trace readers turn device
//! date-times into seconds, the RemLogic reader dated event times, and the simulator writes
//! device exports with civil times.
//!
//! Years are counted from March, so that the leap day is the last day of the shifted year and
//! each 400-year era has exactly 146 097 days (H. Hinnant's algorithms).

// Only the readers (feature `io`) turn civil dates into days.
#[cfg_attr(not(feature = "io"), allow(dead_code))]
fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1..=12) of `year`.
// Only the readers (feature `io`) turn civil dates into days.
#[cfg_attr(not(feature = "io"), allow(dead_code))]
pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 1970-01-01 to the given civil date (negative before it).
// Only the readers (feature `io`) turn civil dates into days.
#[cfg_attr(not(feature = "io"), allow(dead_code))]
pub(crate) fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    // Count years from March so February (and its leap day) ends the year.
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let year_of_era = y.rem_euclid(400); // 0..=399
    let month_from_march = (i64::from(month) + 9) % 12; // Mar=0 .. Feb=11
    // Days before the month in a March-based year: 306 days in 10 months, linear fit 153/5.
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // 719_468 days from 0000-03-01 to 1970-01-01.
    era * 146_097 + day_of_era - 719_468
}

/// The civil date `days` days after 1970-01-01 (inverse of [`days_from_civil`]).
pub(crate) fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u8;
    let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u8;
    let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_and_match_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        // 2024-04-30 is 19_843 days after the epoch (1_714_435_200 s / 86_400).
        assert_eq!(days_from_civil(2024, 4, 30), 19_843);
        for d in -800_000..800_000i64 {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
    }
}
