//! OpenAPI `format: date-time` and `format: date` strings, checked against RFC 3339 but kept as
//! written: a value from the server serializes back byte-for-byte (chrono would turn `.12345Z`
//! into `.123450Z`), and no date crate is compiled by every user of the client.

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

const DAY: i64 = 86_400;

/// Why a string is not an RFC 3339 date or date-time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    text: Box<str>,
    what: &'static str,
    reason: &'static str,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not an RFC 3339 {}: {}", self.text, self.what, self.reason)
    }
}

impl std::error::Error for DateError {}

/// An RFC 3339 `date-time`, e.g. `2014-01-01T05:20:00.12345Z`.
///
/// Equality and hashing are of the text as written, so `…Z` and `…+00:00` differ even though they
/// name the same instant: compare [`unix_timestamp`](Self::unix_timestamp) and
/// [`nanosecond`](Self::nanosecond) for that. Ordering is by instant, then by text.
// The derives say this: the other fields follow from the text, and come in the order `Ord` compares.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime {
    unix: i64,
    nanos: u32,
    text: Box<str>,
    offset: i32,
}

impl DateTime {
    /// Accepts `T`, `t` or a space between date and time, any number of fraction digits, and a
    /// leap second (`:60`, taken as `:59` for the instant).
    pub fn parse(text: &str) -> Result<DateTime, DateError> {
        let (unix, nanos, offset) =
            date_time(text.as_bytes()).map_err(|reason| DateError { text: text.into(), what: "date-time", reason })?;
        Ok(DateTime { text: text.into(), unix, nanos, offset })
    }

    /// Formats the instant as UTC, `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, with no trailing zeros in the
    /// fraction; `None` outside the years 0000-9999 RFC 3339 can write, or when `nanos` is not below 10⁹.
    pub fn from_unix(seconds: i64, nanos: u32) -> Option<DateTime> {
        const START: i64 = days_from_civil(0, 1, 1) * DAY;
        const END: i64 = days_from_civil(10_000, 1, 1) * DAY;
        if !(START..END).contains(&seconds) || nanos >= 1_000_000_000 {
            return None;
        }
        let (year, month, day) = civil_from_days(seconds.div_euclid(DAY));
        let time = seconds.rem_euclid(DAY);
        let mut text =
            format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}", time / 3600, time / 60 % 60, time % 60);
        if nanos > 0 {
            text += format!(".{nanos:09}").trim_end_matches('0');
        }
        text.push('Z');
        Some(DateTime { text: text.into(), unix: seconds, nanos, offset: 0 })
    }

    /// The current time in UTC, e.g. for a request's timestamp field.
    pub fn now() -> DateTime {
        let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        DateTime::from_unix(since.as_secs() as i64, since.subsec_nanos()).expect("the clock is before the year 10000")
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_timestamp(&self) -> i64 {
        self.unix
    }

    /// The fraction of the second, truncated to nanoseconds (the text keeps any further digits).
    pub fn nanosecond(&self) -> u32 {
        self.nanos
    }

    /// The offset from UTC as written: `+05:30` is 19800, `Z` and `-00:00` are 0.
    pub fn offset_seconds(&self) -> i32 {
        self.offset
    }

    /// Panics where the platform's `SystemTime` cannot hold the instant (before 1601 on Windows).
    pub fn to_system_time(&self) -> SystemTime {
        let nanos = Duration::from_nanos(self.nanos.into());
        match u64::try_from(self.unix) {
            Ok(seconds) => UNIX_EPOCH + Duration::from_secs(seconds) + nanos,
            Err(_) => UNIX_EPOCH - Duration::from_secs(self.unix.unsigned_abs()) + nanos,
        }
    }

    /// The calendar date as written, in the text's own offset (not converted to UTC).
    pub fn date(&self) -> Date {
        let (year, month, day) = civil_from_days((self.unix + i64::from(self.offset)).div_euclid(DAY));
        Date { text: self.text[..10].into(), year: year as i32, month: month as u8, day: day as u8 }
    }
}

/// An RFC 3339 `full-date`, e.g. `2014-01-01`. Equality and hashing are of the text (which year,
/// month and day follow from), ordering by year, month and day.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
    text: Box<str>,
}

impl Date {
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let error = |reason| DateError { text: text.into(), what: "date", reason };
        let (year, month, day) = full_date(text.as_bytes()).map_err(error)?;
        if text.len() != 10 {
            return Err(error("unexpected text after the date"));
        }
        Ok(Date { text: text.into(), year: year as i32, month: month as u8, day: day as u8 })
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn month(&self) -> u8 {
        self.month
    }

    pub fn day(&self) -> u8 {
        self.day
    }
}

/// What both types share: the text is the value, read and written as a string.
macro_rules! kept_as_text {
    ($type:ident, $expecting:literal, $empty:literal) => {
        impl $type {
            /// The text as received (or as built by a constructor).
            pub fn as_str(&self) -> &str {
                &self.text
            }
        }

        impl FromStr for $type {
            type Err = DateError;
            fn from_str(text: &str) -> Result<$type, DateError> {
                $type::parse(text)
            }
        }

        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl fmt::Debug for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($type)).field(&self.text).finish()
            }
        }

        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.text)
            }
        }

        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$type, D::Error> {
                struct TextVisitor;
                impl Visitor<'_> for TextVisitor {
                    type Value = $type;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, text: &str) -> Result<$type, E> {
                        // The empty value lenient decoding gives a required field that did not fit.
                        let text = if text.is_empty() && super::lenient::emptying() { $empty } else { text };
                        $type::parse(text).map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(TextVisitor)
            }
        }
    };
}

kept_as_text!(DateTime, "an RFC 3339 date-time string", "0001-01-01T00:00:00Z");
kept_as_text!(Date, "an RFC 3339 date string", "0001-01-01");

/// `len` ASCII digits at `at`.
fn number(b: &[u8], at: usize, len: usize) -> Option<u32> {
    b.get(at..at + len)?.iter().try_fold(0, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
}

/// Two digits at `at`, within `range`.
fn two_digits(b: &[u8], at: usize, range: RangeInclusive<u32>, reason: &'static str) -> Result<u32, &'static str> {
    number(b, at, 2).filter(|n| range.contains(n)).ok_or(reason)
}

fn expect(b: &[u8], at: usize, allowed: &[u8], reason: &'static str) -> Result<(), &'static str> {
    b.get(at).filter(|c| allowed.contains(c)).map(|_| ()).ok_or(reason)
}

/// The `full-date` at the start of `b`: year, month, day.
fn full_date(b: &[u8]) -> Result<(u32, u32, u32), &'static str> {
    let year = number(b, 0, 4).ok_or("the year is not 4 digits")?;
    expect(b, 4, b"-", "expected `-` after the year")?;
    let month = two_digits(b, 5, 1..=12, "the month is not 01-12")?;
    expect(b, 7, b"-", "expected `-` after the month")?;
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month as usize - 1];
    let day = two_digits(b, 8, 1..=days, "the day is not in the month")?;
    Ok((year, month, day))
}

/// A `date-time`: unix seconds, nanoseconds, offset seconds.
fn date_time(b: &[u8]) -> Result<(i64, u32, i32), &'static str> {
    let (year, month, day) = full_date(b)?;
    expect(b, 10, b"Tt ", "expected `T` between the date and the time")?;
    let hour = two_digits(b, 11, 0..=23, "the hour is not 00-23")?;
    expect(b, 13, b":", "expected `:` after the hour")?;
    let minute = two_digits(b, 14, 0..=59, "the minute is not 00-59")?;
    expect(b, 16, b":", "expected `:` after the minute")?;
    let second = two_digits(b, 17, 0..=60, "the second is not 00-60")?;
    let (mut at, mut nanos) = (19, 0);
    if b.get(at) == Some(&b'.') {
        let digits = b[at + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        let kept = digits.min(9);
        let fraction = number(b, at + 1, kept).filter(|_| digits > 0).ok_or("no digits after `.`")?;
        nanos = fraction * 10u32.pow(9 - kept as u32);
        at += 1 + digits;
    }
    let (offset, end) = match b.get(at) {
        Some(b'Z' | b'z') => (0, at + 1),
        Some(&sign @ (b'+' | b'-')) => {
            let hours = two_digits(b, at + 1, 0..=23, "the offset's hour is not 00-23")?;
            expect(b, at + 3, b":", "expected `:` in the offset")?;
            let minutes = two_digits(b, at + 4, 0..=59, "the offset's minute is not 00-59")?;
            let seconds = (hours * 3600 + minutes * 60) as i32;
            (if sign == b'-' { -seconds } else { seconds }, at + 6)
        }
        _ => return Err("expected an offset: `Z`, `+HH:MM` or `-HH:MM`"),
    };
    if end != b.len() {
        return Err("unexpected text after the offset");
    }
    let local = days_from_civil(year.into(), month, day) * DAY + i64::from(hour * 3600 + minute * 60 + second.min(59));
    Ok((local - i64::from(offset), nanos, offset))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
const fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = ((153 * ((month + 9) % 12) + 2) / 5 + day - 1) as i64; // from March 1
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`]: year, month, day.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 } as u32;
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> (i64, u32, i32) {
        let value = DateTime::parse(text).unwrap();
        (value.unix_timestamp(), value.nanosecond(), value.offset_seconds())
    }

    #[test]
    fn accepts_rfc_3339_date_times() {
        for text in [
            "2014-01-01T05:20:00.12345Z",
            "2021-03-04t10:00:00+05:30",
            "2021-03-04 10:00:00z",
            "1990-12-31T23:59:60Z",
            "2000-02-29T00:00:00-00:00",
            "0000-01-01T00:00:00.1234567891234Z",
        ] {
            assert_eq!(DateTime::parse(text).unwrap().as_str(), text);
        }
    }

    #[test]
    fn rejects_everything_else() {
        for text in [
            "",
            "2014-01-01",
            "2014-01-01T05:20:00",
            "2014-01-01T05:20Z",
            "2014-01-01T24:00:00Z",
            "2014-01-01T12:60:00Z",
            "2014-01-01T12:00:61Z",
            "2014-01-01T12:00:00.Z",
            "2014-01-01T12:00:00,5Z",
            "2014-01-01X12:00:00Z",
            "2014-01-01T12:00:00+0100",
            "2014-01-01T12:00:00+24:00",
            "2014-01-01T12:00:00+01:60",
            "2014-01-01T12:00:00Zx",
            "2014-01-01T12:00:00+01:00 ",
            "2014-13-01T12:00:00Z",
            "2014-00-01T12:00:00Z",
            "2014-01-00T12:00:00Z",
            "2014-04-31T12:00:00Z",
            "2023-02-29T12:00:00Z",
            "1900-02-29T12:00:00Z",
            "14-01-01T12:00:00Z",
            "+2014-01-01T12:00:00Z",
            "２014-01-01T12:00:00Z",
        ] {
            assert!(DateTime::parse(text).is_err(), "{text}");
        }
        let error = DateTime::parse("2014-01-01T24:00:00Z").unwrap_err();
        assert_eq!(error.to_string(), r#""2014-01-01T24:00:00Z" is not an RFC 3339 date-time: the hour is not 00-23"#);
    }

    #[test]
    fn instants() {
        assert_eq!(at("1970-01-01T00:00:00Z"), (0, 0, 0));
        assert_eq!(at("2014-01-01T05:20:00.12345Z"), (1_388_553_600, 123_450_000, 0));
        assert_eq!(at("1970-01-01T01:00:00+01:00"), (0, 0, 3600));
        assert_eq!(at("1969-12-31T20:30:00-03:30"), (0, 0, -12_600));
        assert_eq!(at("1969-12-31T23:59:59.5Z"), (-1, 500_000_000, 0));
        assert_eq!(at("2014-01-01T05:20:00.1234567899Z").1, 123_456_789);
        assert_eq!(at("1990-12-31T23:59:60Z"), at("1990-12-31T23:59:59Z"));
        assert_eq!(at("2000-02-29T00:00:00Z").0, 951_782_400);
        let value = DateTime::parse("2014-01-01T05:20:00.12345Z").unwrap();
        assert_eq!(value.to_system_time(), UNIX_EPOCH + Duration::new(1_388_553_600, 123_450_000));
        let before = DateTime::parse("1969-12-31T23:59:59.5Z").unwrap();
        assert_eq!(before.to_system_time(), UNIX_EPOCH - Duration::from_millis(500));
        assert_eq!(DateTime::parse("2021-03-04t23:30:00-05:00").unwrap().date(), Date::parse("2021-03-04").unwrap());
    }

    #[test]
    fn from_unix_writes_utc() {
        let text = |seconds, nanos| DateTime::from_unix(seconds, nanos).map(|value| value.to_string());
        assert_eq!(text(0, 0).unwrap(), "1970-01-01T00:00:00Z");
        assert_eq!(text(1_388_553_600, 123_450_000).unwrap(), "2014-01-01T05:20:00.12345Z");
        assert_eq!(text(-1, 500_000_000).unwrap(), "1969-12-31T23:59:59.5Z");
        assert_eq!(text(-62_167_219_200, 0).unwrap(), "0000-01-01T00:00:00Z");
        assert_eq!(text(253_402_300_799, 999_999_999).unwrap(), "9999-12-31T23:59:59.999999999Z");
        assert_eq!(text(-62_167_219_201, 0), None);
        assert_eq!(text(253_402_300_800, 0), None);
        assert_eq!(text(0, 1_000_000_000), None);
        // Parsing what from_unix wrote gives back the same instant, across the whole range.
        for seconds in (-62_167_219_200..253_402_300_800).step_by(7_777_777) {
            assert_eq!(at(&text(seconds, 0).unwrap()), (seconds, 0, 0));
        }
        assert!(DateTime::now().unix_timestamp() > 1_700_000_000);
    }

    #[test]
    fn equal_by_text_ordered_by_instant() {
        let parse = |text| DateTime::parse(text).unwrap();
        let (z, zero) = (parse("2021-03-04T05:00:00Z"), parse("2021-03-04T05:00:00+00:00"));
        assert!(z != zero && z > zero, "the same instant: unequal, ordered by text");
        let mut values =
            [parse("2021-03-04T05:00:00Z"), parse("2021-03-04T10:00:00+05:30"), parse("2021-03-04T04:30:00.1Z")];
        values.sort();
        let texts: Vec<_> = values.iter().map(DateTime::as_str).collect();
        assert_eq!(texts, ["2021-03-04T10:00:00+05:30", "2021-03-04T04:30:00.1Z", "2021-03-04T05:00:00Z"]);
        assert_eq!(format!("{:?}", values[2]), r#"DateTime("2021-03-04T05:00:00Z")"#);
    }

    #[test]
    fn serde_keeps_the_text() {
        for json in [r#""2014-01-01T05:20:00.12345Z""#, r#""2021-03-04t10:00:00+05:30""#] {
            let value: DateTime = serde_json::from_str(json).unwrap();
            assert_eq!(serde_json::to_string(&value).unwrap(), json);
        }
        let error = serde_json::from_str::<DateTime>(r#""2014-01-01T12:00:00""#).unwrap_err();
        assert!(error.to_string().contains("expected an offset"), "{error}");
        assert!(serde_json::from_str::<DateTime>("0").is_err());
        let date: Date = serde_json::from_str(r#""2024-02-29""#).unwrap();
        assert_eq!((date.year(), date.month(), date.day()), (2024, 2, 29));
        assert_eq!(serde_json::to_string(&date).unwrap(), r#""2024-02-29""#);
    }

    #[test]
    fn dates() {
        for text in ["2000-02-29", "2024-02-29", "0000-01-01", "9999-12-31"] {
            assert_eq!(text.parse::<Date>().unwrap().to_string(), text);
        }
        for text in
            ["1900-02-29", "2023-02-29", "2024-06-31", "2024-1-01", "2024-01-01T00:00:00Z", "2024-01-01 ", "20240101"]
        {
            assert!(Date::parse(text).is_err(), "{text}");
        }
        assert!(Date::parse("1999-12-31").unwrap() < Date::parse("2000-01-01").unwrap());
    }
}
