//! Values a validating server accepts, for the operation tests' arguments
//! where the spec gives no example: strings of the schema's `format`, of its
//! `pattern` and lengths, numbers within its bounds. Deterministic: the same
//! limits give the same value.
//!
//! Bounded: a list sample has at most [`MAX_ITEMS`] items and a string at most
//! [`MAX_LENGTH`] characters, whatever `minItems` or `minLength` say (a spec
//! asking for a billion items would otherwise exhaust memory). Past a bound
//! the sample breaks its schema's limit, which only such a spec can notice.

use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::Value;

use crate::model::{Docs, Limits};

/// A string the `format`, `pattern` and lengths of `docs` allow.
pub(super) fn string(docs: &Docs) -> String {
    let limits = &docs.limits;
    let text = match (&limits.pattern, docs.format.as_deref().and_then(formatted)) {
        (_, Some(text)) => text.to_string(),
        (Some(pattern), None) => return matching(pattern, limits).unwrap_or_else(|| sized("string", limits)),
        (None, None) => "string".to_string(),
    };
    sized(&text, limits)
}

/// A number within `limits` (an integer when `integer`): 1 where that fits.
pub(super) fn number(limits: &Limits, integer: bool) -> Value {
    let step = if integer { 1.0 } else { 0.5 };
    let mut value: f64 = 1.0;
    if let Some(min) = limits.minimum {
        let least = if min.exclusive { min.value + step } else { min.value };
        value = value.max(if integer { least.ceil() } else { least });
    }
    if let Some(max) = limits.maximum {
        let most = if max.exclusive { max.value - step } else { max.value };
        value = value.min(if integer { most.floor() } else { most });
    }
    if integer { serde_json::json!(value as i64) } else { serde_json::json!(value) }
}

/// The most items a list sample has.
pub(super) const MAX_ITEMS: usize = 64;

/// The longest string sample, in characters.
pub(super) const MAX_LENGTH: usize = 4096;

/// How many items a list sample has: `minItems`, and at least one, at most [`MAX_ITEMS`].
pub(super) fn items(limits: &Limits) -> usize {
    limits.min_items.map_or(1, |n| capped(n, MAX_ITEMS).max(1))
}

/// How much an object or list sample may weigh ([`weight`]) before it takes
/// no more fields or items: required fields that fan out at every level (eight
/// per type, a dozen types deep) would otherwise make a sample of billions of
/// values. What is left out makes a sample its schema may refuse; only specs
/// whose samples would weigh this much can tell.
pub(super) const MAX_WEIGHT: usize = 1 << 14;

/// What a sample weighs: one per JSON value, and one per 64 bytes of text.
pub(super) fn weight(value: &Value) -> usize {
    let mut total = 0;
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        total += 1;
        match value {
            Value::String(text) => total += text.len() / 64,
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => {
                total += map.keys().map(|key| key.len() / 64).sum::<usize>();
                stack.extend(map.values());
            }
            _ => {}
        }
    }
    total
}

/// An object sample's entries, one made from each of `fields` in order while
/// those before (and `start`, what the object already weighs) weigh less than
/// [`MAX_WEIGHT`]; the rest are never made.
pub(super) fn within_weight<F, K>(
    start: usize,
    fields: impl Iterator<Item = F>,
    mut make: impl FnMut(F) -> (K, Value),
) -> impl Iterator<Item = (K, Value)> {
    let mut total = start;
    fields.map_while(move |field| {
        (total < MAX_WEIGHT).then(|| {
            let (key, value) = make(field);
            total += weight(&value);
            (key, value)
        })
    })
}

/// A list sample: `item` [`items`] times, fewer (but once) where that would
/// weigh more than [`MAX_WEIGHT`].
pub(super) fn list(item: Value, limits: &Limits) -> Vec<Value> {
    let fit = (MAX_WEIGHT / weight(&item)).max(1);
    vec![item; items(limits).min(fit)]
}

/// `n`, or `cap` when `n` is larger.
fn capped(n: u64, cap: usize) -> usize {
    usize::try_from(n).map_or(cap, |n| n.min(cap))
}

/// A well-formed string of a `format` a validator checks.
fn formatted(format: &str) -> Option<&'static str> {
    Some(match format {
        "uuid" => "5f0c6f02-8d25-4f3a-9c1e-2b7d4a6e9f10",
        "email" => "user@example.com",
        "uri" | "url" => "https://example.com/",
        "hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "date-time" => "2024-01-01T00:00:00Z",
        "date" => "2024-01-01",
        _ => return None,
    })
}

/// `text` cut or padded to the lengths `limits` allow, and to [`MAX_LENGTH`].
fn sized(text: &str, limits: &Limits) -> String {
    let most = limits.max_length.map_or(MAX_LENGTH, |n| capped(n, MAX_LENGTH));
    let mut text: String = text.chars().take(most).collect();
    let length = text.chars().count();
    let least = limits.min_length.map_or(0, |n| capped(n, MAX_LENGTH));
    text.extend(std::iter::repeat_n('a', least.saturating_sub(length)));
    text
}

/// The shortest string `pattern` matches within the lengths of `limits`,
/// repetitions stretched when it would be too short; `None` when the pattern
/// does not parse or no length was found.
fn matching(pattern: &str, limits: &Limits) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).ok()?;
    let least = limits.min_length.map_or(0, |n| capped(n, MAX_LENGTH));
    let most = limits.max_length.map_or(MAX_LENGTH, |n| capped(n, MAX_LENGTH));
    let mut stretch = 0;
    for _ in 0..8 {
        let mut out = String::new();
        let mut budget = stretch;
        generate(&hir, &mut out, &mut budget);
        let length = out.chars().count();
        if (least..=most).contains(&length) {
            return Some(out);
        }
        if length > most || budget > 0 {
            return None;
        }
        stretch += least - length;
    }
    None
}

/// Appends a string `hir` matches: literals as written, a class's most
/// ordinary member, the first alternative, each repetition its least count
/// plus what `stretch` still allows. A repetition stops once the string is
/// longer than [`MAX_LENGTH`] (too long to use) or a turn changed nothing
/// (each further turn would do the same), so `a{1000000}` or `(?:){1000000}`
/// cost no more than the string they make.
fn generate(hir: &Hir, out: &mut String, stretch: &mut usize) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(class) => out.extend(member(class)),
        HirKind::Repetition(repetition) => {
            let extra = repetition.max.map_or(*stretch, |max| (*stretch).min((max - repetition.min) as usize));
            *stretch -= extra;
            for _ in 0..repetition.min as usize + extra {
                let before = (out.len(), *stretch);
                generate(&repetition.sub, out, stretch);
                if out.len() > MAX_LENGTH || (out.len(), *stretch) == before {
                    break;
                }
            }
        }
        HirKind::Capture(capture) => generate(&capture.sub, out, stretch),
        HirKind::Concat(parts) => parts.iter().for_each(|part| generate(part, out, stretch)),
        HirKind::Alternation(choices) => {
            if let Some(first) = choices.first() {
                generate(first, out, stretch);
            }
        }
    }
}

/// A letter or digit the class holds, else its first member.
fn member(class: &Class) -> Option<char> {
    match class {
        Class::Unicode(class) => {
            let ranges = class.ranges();
            ['a', '0', 'A']
                .into_iter()
                .find(|c| ranges.iter().any(|r| (r.start()..=r.end()).contains(c)))
                .or_else(|| ranges.first().map(|r| r.start()))
        }
        Class::Bytes(class) => {
            let ranges = class.ranges();
            [b'a', b'0', b'A']
                .into_iter()
                .find(|c| ranges.iter().any(|r| (r.start()..=r.end()).contains(c)))
                .or_else(|| ranges.first().map(|r| r.start()))
                .map(char::from)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(pattern: &str, min: Option<u64>, max: Option<u64>) -> Limits {
        Limits { pattern: Some(pattern.to_string()), min_length: min, max_length: max, ..Limits::default() }
    }

    #[test]
    fn strings_match_their_pattern_and_lengths() {
        let docs = |l: Limits| Docs { limits: l, ..Docs::default() };
        assert_eq!(string(&docs(limits("^[a-zA-Z0-9]$", None, None))), "a");
        assert_eq!(string(&docs(limits("^[a-z0-9][a-z0-9-]*$", None, None))), "a");
        assert_eq!(string(&docs(limits("^/.*$", None, None))), "/");
        assert_eq!(string(&docs(limits("^[0-9a-f]{8}-[0-9a-f]{4}$", None, None))), "aaaaaaaa-aaaa");
        assert_eq!(string(&docs(limits("^[a-z]+$", Some(5), Some(10)))), "aaaaa");
        assert_eq!(string(&docs(limits("^(foo|bar)\\.example$", None, None))), "foo.example");
        // A pattern that cannot fit its lengths falls back to a sized word.
        assert_eq!(string(&docs(limits("^ab$", Some(5), None))), "string");
    }

    #[test]
    fn formats_and_lengths_without_pattern() {
        let uuid = Docs { format: Some("uuid".into()), ..Docs::default() };
        assert_eq!(string(&uuid).len(), 36);
        let long = Docs { limits: Limits { min_length: Some(36), ..Limits::default() }, ..Docs::default() };
        assert_eq!(string(&long).len(), 36);
        let short = Docs { limits: Limits { max_length: Some(3), ..Limits::default() }, ..Docs::default() };
        assert_eq!(string(&short), "str");
    }

    #[test]
    fn samples_are_bounded_whatever_the_limits_say() {
        let started = std::time::Instant::now();
        let huge = Limits { min_items: Some(1_000_000_000), min_length: Some(u64::MAX), ..Limits::default() };
        assert_eq!(items(&huge), MAX_ITEMS);
        assert_eq!(items(&Limits { min_items: Some(3), ..Limits::default() }), 3);
        assert_eq!(items(&Limits { min_items: Some(0), ..Limits::default() }), 1);
        let docs = |l: Limits| Docs { limits: l, ..Docs::default() };
        assert_eq!(string(&docs(huge.clone())).len(), MAX_LENGTH);
        let uuid = Docs { format: Some("uuid".into()), ..docs(huge.clone()) };
        assert_eq!(string(&uuid).len(), MAX_LENGTH);
        let long = Limits { min_length: Some(100_000_000), ..Limits::default() };
        assert_eq!(string(&docs(long.clone())), format!("string{}", "a".repeat(MAX_LENGTH - 6)));
        // Patterns whose shortest match is huge, or whose repetitions repeat nothing.
        for pattern in ["^a{1000000000}$", "^(?:(?:a{1000}){1000}){1000}$", "^(?:(?:b?){1000000}){1000000}c$", "^a*$"] {
            let sample = string(&docs(Limits { pattern: Some(pattern.into()), ..long.clone() }));
            assert!(sample.len() <= MAX_LENGTH, "{pattern}: {}", sample.len());
        }
        assert_eq!(string(&docs(limits("^(?:(?:b?){1000000}){1000000}c$", None, None))), "c");
        assert_eq!(string(&docs(limits("^a*$", Some(5000), None))).len(), MAX_LENGTH);
        assert!(started.elapsed() < std::time::Duration::from_secs(1), "{:?}", started.elapsed());
    }

    #[test]
    fn lists_and_objects_stop_at_their_weight() {
        let many = Limits { min_items: Some(50), ..Limits::default() };
        assert_eq!(list(serde_json::json!(1), &many).len(), 50);
        let heavy = serde_json::json!({"a": "x".repeat(64 * 1000)});
        assert_eq!(weight(&heavy), 1002);
        assert_eq!(list(heavy.clone(), &many).len(), MAX_WEIGHT / 1002);
        assert_eq!(list(serde_json::json!("x".repeat(64 * MAX_WEIGHT)), &many).len(), 1);
        // Entries past the weight are never made.
        let made = std::cell::Cell::new(0);
        let make = |i| {
            made.set(made.get() + 1);
            (i, heavy.clone())
        };
        let kept: Vec<_> = within_weight(0, 0..100, make).collect();
        assert_eq!(kept.len(), MAX_WEIGHT.div_ceil(1002));
        assert_eq!(made.get(), kept.len());
        assert_eq!(within_weight(MAX_WEIGHT, 0..1, |i| (i, Value::Null)).count(), 0);
    }

    #[test]
    fn numbers_within_bounds() {
        use crate::resolve::Bound;
        let at_least = |value, exclusive| Limits { minimum: Some(Bound { value, exclusive }), ..Limits::default() };
        assert_eq!(number(&at_least(200.0, false), true), serde_json::json!(200));
        assert_eq!(number(&at_least(10.0, true), true), serde_json::json!(11));
        assert_eq!(number(&Limits::default(), true), serde_json::json!(1));
        let at_most = Limits { maximum: Some(Bound { value: 0.0, exclusive: false }), ..Limits::default() };
        assert_eq!(number(&at_most, false), serde_json::json!(0.0));
    }
}
