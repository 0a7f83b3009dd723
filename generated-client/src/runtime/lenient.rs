//! Lenient decoding: a response that drifts from the spec still decodes, and says where.
//!
//! A body is decoded strictly first, at full speed. Only when that fails, and the client is not
//! strict ([`ClientBuilder::strict_decoding`](crate::runtime::ClientBuilder::strict_decoding)), is it
//! read again, as a `serde_json::Value`, through [`Lenient`], which
//! - reads a value that converts without loss as the declared type (`"true"` as `true`, `"42"` as
//!   `42`, `42` as `"42"`, `2.0` as `2`, a single value as a one-element list);
//! - lets a field that still does not fit take its absent form (`None`, `Nullable::Absent`), or its
//!   type's empty value (`""`, `0`, `false`, `[]`) when it is required;
//! - gives a missing required field its type's empty value.
//!
//! Each is a [`Deviation`], returned with the value
//! ([`Response::deviations`](crate::runtime::Response::deviations)), shown to middleware and logged
//! with the `tracing` feature. The generated models (`model`) and unions (`unions`) ask this module
//! only once a field has failed, so a body that conforms pays nothing for any of it.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use serde::de::{self, DeserializeOwned};
use serde_json::Value;

use super::lenient_read::{Empty, Lenient, LenientError};

/// Something a response held that its schema does not allow, and what the client made of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Deviation {
    /// Where, as a JSON path below the body (`result[3].ttl`; empty for the body itself).
    pub path: String,
    /// What the spec declares there (`a boolean`, `struct Zone`).
    pub expected: String,
    /// What arrived; `None` when a required field was missing.
    pub found: Option<Value>,
    pub kind: DeviationKind,
}

/// What the client did with a value that deviates from the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeviationKind {
    /// Read as the declared type without loss (`"true"` as `true`).
    Coerced,
    /// Did not fit: the field holds its absent form, or its type's empty value when required. With
    /// the `extra-fields` feature the model keeps the raw value among its undeclared properties.
    Dropped,
    /// A required field was missing: it holds its type's empty value.
    Missing,
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.path.is_empty() { "the body" } else { &self.path };
        match (&self.kind, &self.found) {
            (DeviationKind::Missing, _) | (_, None) => write!(f, "{at}: missing, expected {}", self.expected),
            (DeviationKind::Coerced, Some(found)) => write!(f, "{at}: expected {}, read {found} as one", self.expected),
            (DeviationKind::Dropped, Some(found)) => {
                write!(f, "{at}: expected {}, found {found}, dropped", self.expected)
            }
        }
    }
}

thread_local! {
    /// The decoding of the response under way on this thread (decoding is synchronous).
    static SCOPE: RefCell<Option<Scope>> = const { RefCell::new(None) };
}

/// One response's decoding: whether a lenient read may follow a failed strict one, and the
/// deviations of the reads that succeeded.
struct Scope {
    strict: bool,
    kept: Vec<Deviation>,
    reading: Option<Reading>,
}

/// A lenient read under way.
pub(super) struct Reading {
    /// The JSON read, for the raw value at a failed field's path.
    root: Rc<Value>,
    /// The JSON path of `root` within the body (`result.items`).
    prefix: String,
    /// Where the read is within `root`.
    path: Vec<Segment>,
    deviations: Vec<Deviation>,
    /// The raw values of dropped fields: the path of their object, their key, the value.
    dropped: Vec<(String, String, Value)>,
    /// Depth of strict trials (a union trying its variants): nothing is recovered inside one.
    trials: u32,
    /// Depth of empty values being built: their own missing fields are not deviations.
    pub(super) emptying: u32,
    /// Where the read last failed and why, unless that failure was recovered since.
    failure: Option<Unreadable>,
}

/// Why a lenient read found nothing usable: where, and what.
#[derive(Debug)]
pub(crate) struct Unreadable {
    pub path: String,
    pub message: String,
}

pub(super) enum Segment {
    Key(String),
    Index(usize),
    /// The one value read as a list of it: the path does not change.
    Only,
}

impl Reading {
    fn path(&self) -> String {
        Self::path_of(&self.prefix, &self.path)
    }

    fn path_of(prefix: &str, segments: &[Segment]) -> String {
        let mut path = prefix.to_string();
        for segment in segments {
            match segment {
                Segment::Key(key) if path.is_empty() => path.push_str(key),
                Segment::Key(key) => {
                    path.push('.');
                    path.push_str(key);
                }
                Segment::Index(index) => path.push_str(&format!("[{index}]")),
                Segment::Only => {}
            }
        }
        path
    }

    /// The raw value at the current path.
    fn found(&self) -> Option<Value> {
        let mut value = &*self.root;
        for segment in &self.path {
            value = match segment {
                Segment::Key(key) => value.get(key)?,
                Segment::Index(index) => value.get(index)?,
                Segment::Only => value,
            };
        }
        Some(value.clone())
    }

    pub(super) fn record(&mut self, kind: DeviationKind, expected: String, found: Option<Value>) {
        let path = self.path();
        if kind == DeviationKind::Dropped {
            // What was read below a dropped value is gone with it.
            while self.deviations.last().is_some_and(|d| is_at_or_below(&d.path, &path)) {
                self.deviations.pop();
            }
        }
        self.deviations.push(Deviation { path, expected, found, kind });
    }

    fn recovering(&self) -> bool {
        self.trials == 0
    }
}

fn is_at_or_below(path: &str, parent: &str) -> bool {
    match path.strip_prefix(parent) {
        Some(rest) => parent.is_empty() || rest.is_empty() || rest.starts_with('.') || rest.starts_with('['),
        None => false,
    }
}

pub(super) fn with_reading<R>(f: impl FnOnce(&mut Reading) -> R) -> Option<R> {
    SCOPE.with_borrow_mut(|scope| scope.as_mut().and_then(|scope| scope.reading.as_mut()).map(f))
}

/// Puts the previous scope back, even when decoding panics.
struct Restore(Option<Scope>);

impl Drop for Restore {
    fn drop(&mut self) {
        SCOPE.set(self.0.take());
    }
}

/// Runs `decode`, one response's decoding, letting a failed strict decode inside it be retried
/// leniently unless `strict`; returns its result and the deviations of the values it returned.
pub(crate) fn scope<T>(strict: bool, decode: impl FnOnce() -> T) -> (T, Vec<Deviation>) {
    let restore = Restore(SCOPE.replace(Some(Scope { strict, kept: Vec::new(), reading: None })));
    let value = decode();
    let deviations = SCOPE.with_borrow_mut(|scope| scope.as_mut().map(|scope| std::mem::take(&mut scope.kept)));
    drop(restore);
    (value, deviations.unwrap_or_default())
}

/// After a strict decode of the JSON `text` failed: its lenient decode, when the scope allows one
/// and something usable is left. `prefix` is the JSON path of `text` within the body. `Err(None)`
/// when no lenient read was made (a strict scope, or `text` is not JSON), else where it failed.
pub(crate) fn retry<T: DeserializeOwned>(text: &[u8], prefix: &str) -> Result<T, Option<Unreadable>> {
    if !allowed() {
        return Err(None);
    }
    let root = serde_json::from_slice::<Value>(text).map_err(|_| None)?;
    let mut failure = None;
    leniently(root, prefix, |root| {
        T::deserialize(Lenient(root))
            .map_err(|error| {
                let at = with_reading(|reading| reading.failure.take()).flatten();
                failure = Some(at.unwrap_or(Unreadable { path: prefix.to_string(), message: error.to_string() }));
            })
            .ok()
    })
    .ok_or(failure)
}

/// A value the body lacks at `path` (an envelope's `result`): when the scope allows a lenient
/// read, the empty value of `T`, recorded as missing.
pub(crate) fn missing_at<T: DeserializeOwned>(path: &str, expected: &str) -> Option<T> {
    if !allowed() {
        return None;
    }
    leniently(Value::Null, path, |_| {
        let value = empty()?;
        with_reading(|reading| reading.record(DeviationKind::Missing, expected.to_string(), None));
        Some(value)
    })
}

fn allowed() -> bool {
    SCOPE.with_borrow(|scope| scope.as_ref().is_some_and(|s| !s.strict && s.reading.is_none()))
}

/// Runs `read` as the scope's lenient read of `root` (at `prefix` in the body), keeping what it
/// recorded when it gives a value.
fn leniently<T>(root: Value, prefix: &str, read: impl FnOnce(&Value) -> Option<T>) -> Option<T> {
    let root = Rc::new(root);
    let reading = Reading {
        root: root.clone(),
        prefix: prefix.to_string(),
        path: Vec::new(),
        deviations: Vec::new(),
        dropped: Vec::new(),
        trials: 0,
        emptying: 0,
        failure: None,
    };
    SCOPE.with_borrow_mut(|scope| scope.as_mut().map(|scope| scope.reading = Some(reading)));
    let value = read(&root);
    let reading = SCOPE.with_borrow_mut(|scope| scope.as_mut().and_then(|scope| scope.reading.take()));
    let value = value?;
    let mut deviations = reading.map(|reading| reading.deviations).unwrap_or_default();
    // In path order: a missing field is noticed only once its object is read.
    deviations.sort_by(|a, b| a.path.cmp(&b.path));
    SCOPE.with_borrow_mut(|scope| scope.as_mut().map(|scope| scope.kept.extend(deviations)));
    Some(value)
}

/// Whether a lenient read is under way and may recover a failed value here.
pub(crate) fn recovering() -> bool {
    with_reading(|reading| reading.recovering()).unwrap_or(false)
}

/// A field's value failed to decode with `error`: during a lenient read, records it (the field
/// then takes its absent form), else the error back.
pub(crate) fn recover<E: fmt::Display>(error: E) -> Result<(), E> {
    let recovered = with_reading(|reading| {
        if !reading.recovering() {
            return false;
        }
        reading.failure = None;
        if reading.emptying == 0 {
            let found = reading.found();
            if let (Some(Segment::Key(key)), Some(raw)) = (reading.path.last(), &found) {
                let key = key.clone();
                let parent = reading.path.len() - 1;
                let object = Reading::path_of(&reading.prefix, &reading.path[..parent]);
                reading.dropped.push((object, key, raw.clone()));
            }
            reading.record(DeviationKind::Dropped, expected(&error.to_string()), found);
        }
        true
    });
    if recovered == Some(true) { Ok(()) } else { Err(error) }
}

/// A required field `key` the object lacked: during a lenient read, its type's empty value
/// (recorded), else `None`.
pub(crate) fn missing<'de, T: de::Deserialize<'de>>(key: &str, expected: &str) -> Option<T> {
    let record = with_reading(|reading| {
        if !reading.recovering() {
            return None;
        }
        if reading.emptying == 0 {
            reading.path.push(Segment::Key(key.to_string()));
            reading.record(DeviationKind::Missing, expected.to_string(), None);
            reading.path.pop();
        }
        Some(())
    });
    record.flatten()?;
    empty()
}

/// Whether an empty value is being built (the dates' empty value is `0001-01-01`).
pub(crate) fn emptying() -> bool {
    with_reading(|reading| reading.emptying > 0).unwrap_or(false)
}

/// The raw values of the fields of the object being read that were dropped, by key: what a
/// model keeps among its undeclared properties.
pub(crate) fn dropped_here() -> Vec<(String, Value)> {
    let taken = with_reading(|reading| {
        let here = reading.path();
        let (mine, others): (Vec<_>, Vec<_>) =
            std::mem::take(&mut reading.dropped).into_iter().partition(|(object, ..)| *object == here);
        reading.dropped = others;
        mine
    });
    taken.unwrap_or_default().into_iter().map(|(_, key, value)| (key, value)).collect::<Vec<_>>()
}

/// How deep empty values may nest: a required field of its own type (boxed) has none.
const EMPTY_DEPTH: u32 = 32;

/// The empty value of `T` (`""`, `0`, `false`, `[]`, a struct of empty fields), if it has one.
pub(crate) fn empty<'de, T: de::Deserialize<'de>>() -> Option<T> {
    let depth = with_reading(|reading| {
        reading.emptying += 1;
        reading.emptying
    })?;
    let value = if depth > EMPTY_DEPTH { None } else { T::deserialize(Empty).ok() };
    with_reading(|reading| reading.emptying -= 1);
    value
}

/// Runs `attempt` strictly, even inside a lenient read: a union trying which variant fits.
pub(crate) fn strictly<R>(attempt: impl FnOnce() -> R) -> R {
    with_reading(|reading| reading.trials += 1);
    let result = attempt();
    with_reading(|reading| reading.trials -= 1);
    result
}

/// Decodes `value`, leniently when a lenient read is under way; what a failed attempt recorded is
/// forgotten.
pub(crate) fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, serde_json::Error> {
    if !recovering() {
        return T::deserialize(value);
    }
    let mark = with_reading(|reading| reading.deviations.len()).unwrap_or(0);
    let decoded = T::deserialize(Lenient(value)).map_err(<serde_json::Error as de::Error>::custom);
    with_reading(|reading| match decoded {
        Ok(_) => reading.failure = None,
        Err(_) => reading.deviations.truncate(mark),
    });
    decoded
}

/// An envelope's `result` during a lenient read: decoded leniently, else (recorded as dropped)
/// its type's empty value; `None` for `null`.
pub(crate) fn result_or_empty<T: DeserializeOwned>(value: &Value) -> Option<T> {
    if value.is_null() {
        return None;
    }
    from_value(value).ok().or_else(|| {
        let empty = empty()?;
        with_reading(|reading| {
            let expected = reading.failure.take().map_or_else(|| "the result".to_string(), |f| expected(&f.message));
            reading.record(DeviationKind::Dropped, expected, Some(value.clone()));
        });
        Some(empty)
    })
}

/// The declared type in a serde message (`invalid type: string "x", expected a boolean`).
fn expected(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    match message.rsplit_once(", expected ") {
        Some((_, expected)) => expected.to_string(),
        None => message.to_string(),
    }
}

pub(super) fn coerced(expected: &str, found: &Value) {
    with_reading(|reading| {
        if reading.recovering() && reading.emptying == 0 {
            reading.record(DeviationKind::Coerced, expected.to_string(), Some(found.clone()));
        }
    });
}

/// Enters `segment` of the path for the duration of `read`, noting where it failed first.
pub(super) fn within<R>(segment: Segment, read: impl FnOnce() -> Result<R, LenientError>) -> Result<R, LenientError> {
    with_reading(|reading| reading.path.push(segment));
    let result = read();
    with_reading(|reading| {
        if let (Err(error), None) = (&result, &reading.failure) {
            reading.failure = Some(Unreadable { path: reading.path(), message: error.to_string() });
        }
        reading.path.pop()
    });
    result
}

/// Whether a value that is no object may be read as the empty object where one is wanted: a
/// list's item (`null` too), or `null` as the body; a field's value is not, as its slot gives it
/// its absent form instead.
pub(super) fn empty_object_allowed(value: &Value) -> bool {
    with_reading(|reading| {
        reading.recovering()
            && match reading.path.last() {
                // An empty value being built (a union's, from `null`).
                _ if reading.emptying > 0 => value.is_null(),
                Some(Segment::Index(_)) => true,
                Some(Segment::Key(_) | Segment::Only) => false,
                None => value.is_null(),
            }
    })
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "extra-fields")]
    use std::collections::BTreeMap;

    use bytes::Bytes;
    use reqwest::header::HeaderMap;
    use serde_json::json;

    use super::*;
    use crate::runtime::model::{fields, union};
    use crate::runtime::{Error, Nullable, RawResponse};

    #[derive(Clone, PartialEq)]
    struct Record {
        id: String,
        ttl: i64,
        proxied: Option<bool>,
        weight: Option<f64>,
        tags: Vec<String>,
        comment: Nullable<String>,
        owner: Option<Owner>,
        #[cfg(feature = "extra-fields")]
        rest: BTreeMap<String, Value>,
    }

    fields! {
        Record {
            id: String = "id" required,
            ttl: i64 = "ttl" required,
            proxied: Option<bool> = "proxied" optional,
            weight: Option<f64> = "weight" optional,
            tags: Vec<String> = "tags" required,
            comment: Nullable<String> = "comment" optional_nullable,
            owner: Option<Owner> = "owner" optional,
        }
        undeclared rest
    }

    #[derive(Clone, PartialEq)]
    struct Owner {
        name: String,
        admin: bool,
        #[cfg(feature = "extra-fields")]
        rest: BTreeMap<String, Value>,
    }

    fields! {
        Owner {
            name: String = "name" required,
            admin: bool = "admin" required,
        }
        undeclared rest
    }

    fn response(body: &str) -> RawResponse {
        RawResponse { status: 200, headers: HeaderMap::new(), body: Bytes::from(body.to_string()) }
    }

    /// Decodes `body` as a call does, leniently unless `strict`.
    fn decode<T: DeserializeOwned>(body: &str, strict: bool) -> (Result<T, Error>, Vec<Deviation>) {
        let response = response(body);
        scope(strict, || response.json::<T>())
    }

    fn lenient<T: DeserializeOwned>(body: &str) -> (T, Vec<(String, DeviationKind)>) {
        let (value, deviations) = decode::<T>(body, false);
        let value = value.unwrap_or_else(|e| panic!("{body} does not decode leniently: {e}"));
        (value, deviations.into_iter().map(|d| (d.path, d.kind)).collect())
    }

    fn at(path: &str, kind: DeviationKind) -> (String, DeviationKind) {
        (path.to_string(), kind)
    }

    use DeviationKind::{Coerced, Dropped, Missing};

    #[test]
    fn conforming_bodies_have_no_deviations() {
        let (record, deviations) =
            lenient::<Record>(r#"{"id":"a","ttl":300,"tags":["x"],"owner":{"name":"n","admin":true}}"#);
        assert_eq!((record.ttl, deviations.len()), (300, 0));
    }

    #[test]
    fn values_that_convert_without_loss_are_read_as_declared() {
        let (record, deviations) = lenient::<Record>(
            r#"{"id":7,"ttl":"300","proxied":"false","weight":"0.5","tags":"only","owner":{"name":"n","admin":"true"}}"#,
        );
        assert_eq!(
            (record.id.as_str(), record.ttl, record.proxied, record.weight, record.tags),
            ("7", 300, Some(false), Some(0.5), vec!["only".to_string()])
        );
        assert!(record.owner.is_some_and(|owner| owner.admin));
        assert_eq!(
            deviations,
            [
                at("id", Coerced),
                at("owner.admin", Coerced),
                at("proxied", Coerced),
                at("tags", Coerced),
                at("ttl", Coerced),
                at("weight", Coerced),
            ]
        );
        let (record, _) = lenient::<Record>(r#"{"id":"a","ttl":2.0,"tags":[]}"#);
        assert_eq!(record.ttl, 2, "a whole float is an integer");
    }

    #[test]
    fn values_that_do_not_fit_take_their_absent_or_empty_form() {
        let (record, deviations) = lenient::<Record>(
            r#"{"id":"a","ttl":"5 minutes","proxied":"yes","tags":[1, {"x":1}],"comment":[7],"owner":{"name":"n","admin":"maybe"}}"#,
        );
        assert_eq!((record.ttl, record.proxied, record.tags.len()), (0, None, 0));
        assert_eq!(record.comment, Nullable::Absent);
        assert!(record.owner.is_some_and(|owner| !owner.admin), "only the field that failed is dropped");
        assert_eq!(
            deviations,
            [
                at("comment", Dropped),
                at("owner.admin", Dropped),
                at("proxied", Dropped),
                at("tags", Dropped),
                at("ttl", Dropped)
            ],
            "the coerced `1` is gone with the list it was in"
        );
        let (_, deviations) = decode::<Record>(r#"{"id":"a","ttl":"soon","tags":[]}"#, false);
        assert_eq!(deviations[0].expected, "i64", "{deviations:?}");
        assert_eq!(deviations[0].found, Some(json!("soon")));
        assert_eq!(deviations[0].to_string(), r#"ttl: expected i64, found "soon", dropped"#);
    }

    #[test]
    fn missing_required_fields_take_their_empty_value() {
        let (record, deviations) = lenient::<Vec<Record>>(r#"[{"id":"a","ttl":1,"tags":[]},{"ttl":2,"owner":{}}]"#);
        assert_eq!((record[1].id.as_str(), record[1].tags.len()), ("", 0));
        assert!(record[1].owner.as_ref().is_some_and(|owner| owner.name.is_empty() && !owner.admin));
        assert_eq!(
            deviations,
            [
                at("[1].id", Missing),
                at("[1].owner.admin", Missing),
                at("[1].owner.name", Missing),
                at("[1].tags", Missing)
            ]
        );
    }

    #[test]
    fn only_bodies_with_nothing_usable_fail() {
        assert!(matches!(decode::<Record>("not json", false).0, Err(Error::Decode { .. })));
        assert!(matches!(decode::<Record>(r#"["a"]"#, false).0, Err(Error::Decode { .. })));
        assert!(matches!(decode::<Vec<Record>>(r#""a""#, false).0, Err(Error::Decode { .. })));
        assert!(matches!(decode::<Record>(r#""a""#, false).0, Err(Error::Decode { .. })));
        assert!(
            matches!(
                decode::<Record>(r#"{"id": {"x": 1}, "ttl": [1], "tags": []}"#, true).0,
                Err(Error::Decode { .. })
            ),
            "strict"
        );
    }

    #[test]
    fn an_item_or_body_that_is_no_object_is_the_empty_object() {
        let (records, deviations) = lenient::<Vec<Record>>(r#"[{"id":"a","ttl":1,"tags":[]}, 5, null]"#);
        assert_eq!(records.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["a", "", ""]);
        assert_eq!(deviations, [at("[1]", Dropped), at("[2]", Dropped)]);
        let (record, deviations) = lenient::<Record>("null");
        assert_eq!((record.id.as_str(), deviations), ("", vec![at("", Dropped)]));
    }

    #[test]
    fn strict_decoding_fails_as_before() {
        let body = r#"{"id":"a","ttl":"300","tags":[]}"#;
        let (strict, deviations) = decode::<Record>(body, true);
        assert!(matches!(strict, Err(Error::Decode { path, .. }) if path == "ttl"));
        assert!(deviations.is_empty());
        // Outside a call's decoding (`RawResponse::json` called directly), decoding is strict too.
        assert!(response(body).json::<Record>().is_err());
    }

    /// What the generator writes for `anyOf: [Count {n: integer}, Label {s: string}]`.
    #[derive(Debug, PartialEq)]
    enum Either {
        Count(Count),
        Label(Label),
    }

    #[derive(Clone, PartialEq)]
    struct Count {
        n: i64,
        #[cfg(feature = "extra-fields")]
        rest: BTreeMap<String, Value>,
    }

    fields! { Count { n: i64 = "n" required } undeclared rest }

    #[derive(Clone, PartialEq)]
    struct Label {
        n: Option<String>,
        s: String,
        #[cfg(feature = "extra-fields")]
        rest: BTreeMap<String, Value>,
    }

    fields! { Label { n: Option<String> = "n" optional, s: String = "s" required } undeclared rest }

    union! {
        Either untagged {
            Count shape { fields: ["n"], required: ["n"], constants: [] },
            Label shape { fields: ["n", "s"], required: ["s"], constants: [] },
        }
    }

    #[test]
    fn a_union_takes_the_variant_that_fits_as_it_is_before_one_that_fits_once_coerced() {
        let (either, deviations) = lenient::<Vec<Either>>(r#"[{"n":"5","s":"x"},{"n":"5"},{"n":1}]"#);
        assert!(matches!(&either[0], Either::Label(label) if label.s == "x"), "{either:?}");
        assert!(matches!(&either[1], Either::Count(count) if count.n == 5), "{either:?}");
        assert!(matches!(&either[2], Either::Count(count) if count.n == 1), "{either:?}");
        assert_eq!(deviations, [at("[1].n", Coerced)]);
    }

    #[test]
    fn paths_start_at_the_part_of_the_body_decoded() {
        let response = response(r#"{"result":{"items":[{"id":"a","ttl":"1","tags":[]}]}}"#);
        let (items, deviations) = scope(false, || {
            crate::runtime::decode::decode_part::<Vec<Record>>(
                200,
                &response.body,
                r#"[{"id":"a","ttl":"1","tags":[]}]"#,
                "result.items",
            )
        });
        assert_eq!(items.unwrap()[0].ttl, 1);
        assert_eq!(deviations[0].path, "result.items[0].ttl");
    }

    #[test]
    fn a_missing_result_is_empty_and_recorded() {
        let response = response(r#"{"success":true,"errors":[],"messages":[],"result":null}"#);
        let (owner, deviations) = scope(false, || response.envelope::<Owner>());
        assert!(owner.is_ok_and(|owner| owner.name.is_empty()));
        assert_eq!(deviations.iter().map(|d| (d.path.as_str(), d.kind)).collect::<Vec<_>>(), [("result", Missing)]);
        assert!(scope(true, || response.envelope::<Owner>()).0.is_err());
    }

    #[test]
    fn a_union_result_that_is_null_is_its_first_variants_empty_value() {
        let response = response(r#"{"success":true,"errors":[],"messages":[],"result":null}"#);
        let (either, deviations) = scope(false, || response.envelope::<Either>());
        assert!(matches!(either, Ok(Either::Count(Count { n: 0, .. }))), "{either:?}");
        assert_eq!(deviations.len(), 1);
    }

    /// What the generator writes for a union tagged by `kind`: `{kind: "count"} | {kind: "label"}`.
    #[derive(Debug)]
    enum Tagged {
        Count(Count),
        Unknown(Value),
    }

    union! {
        Tagged tagged "kind" {
            Count = "count",
        }
        Unknown
    }

    #[test]
    fn a_tagged_union_without_its_tag_is_its_unknown_variant() {
        let (tagged, deviations) = lenient::<Vec<Tagged>>(r#"[{"kind":"count","n":"1"},{"n":2},null]"#);
        assert!(matches!(&tagged[0], Tagged::Count(Count { n: 1, .. })), "{tagged:?}");
        assert!(matches!(&tagged[1], Tagged::Unknown(value) if *value == json!({"n": 2})), "{tagged:?}");
        assert!(matches!(&tagged[2], Tagged::Unknown(Value::Null)), "{tagged:?}");
        assert_eq!(deviations, [at("[0].n", Coerced), at("[1]", Dropped), at("[2]", Dropped)]);
        let response = response(r#"{"success":true,"errors":[],"messages":[],"result":null}"#);
        let (tagged, deviations) = scope(false, || response.envelope::<Tagged>());
        assert!(matches!(tagged, Ok(Tagged::Unknown(Value::Null))), "{tagged:?}");
        assert_eq!(deviations.len(), 1);
    }

    #[test]
    fn a_result_that_does_not_fit_is_empty_and_recorded() {
        let response = response(r#"{"success":true,"errors":[],"messages":[],"result":"10.0.0.1"}"#);
        let (owner, deviations) = scope(false, || response.envelope::<Owner>());
        assert!(owner.is_ok_and(|owner| owner.name.is_empty()));
        assert_eq!((deviations[0].path.as_str(), &deviations[0].found), ("result", &Some(json!("10.0.0.1"))));
    }

    #[derive(Clone, PartialEq)]
    struct Stamp {
        at: crate::runtime::DateTime,
        on: Option<crate::runtime::Date>,
        #[cfg(feature = "extra-fields")]
        rest: BTreeMap<String, Value>,
    }

    fields! { Stamp { at: crate::runtime::DateTime = "at" required, on: Option<crate::runtime::Date> = "on" optional } undeclared rest }

    #[test]
    fn a_date_that_does_not_parse_is_the_first_day_of_year_one() {
        let (stamp, deviations) = lenient::<Stamp>(r#"{"at": "string", "on": "today"}"#);
        assert_eq!((stamp.at.to_string(), stamp.on), ("0001-01-01T00:00:00Z".to_string(), None));
        assert_eq!(deviations, [at("at", Dropped), at("on", Dropped)]);
    }

    #[test]
    fn an_unusable_body_names_where_the_lenient_read_failed() {
        match decode::<Vec<i64>>(r#"[1, "2", {"three": 3}]"#, false).0 {
            Err(Error::Decode { path, message, .. }) => {
                assert_eq!(path, "[2]");
                assert!(message.ends_with("(even read leniently)"), "{message}");
            }
            other => panic!("an object is no number: {other:?}"),
        }
    }

    #[cfg(feature = "extra-fields")]
    #[test]
    fn the_raw_values_of_dropped_fields_are_written_back() {
        let body = r#"{"id":"a","ttl":"5 minutes","proxied":"yes","tags":[],"odd":1}"#;
        let (record, _) = lenient::<Record>(body);
        assert_eq!(record.rest.get("ttl"), Some(&json!("5 minutes")));
        let back: Value = serde_json::to_value(&record).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(body).unwrap());
    }
}
