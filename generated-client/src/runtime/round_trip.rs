//! The checks behind the generated `examples.rs` test: every `example` in the
//! spec deserializes into its generated type and serializes back to equal JSON.
//! The test lists its examples as `round_trips!` tables, a row per example.

/// Each example's location, and why it failed to round-trip.
pub type Outcomes = Vec<(String, Result<(), String>)>;

/// Records whether `json` deserializes into `T` and serializes back to the same JSON.
pub fn check<T: serde::Serialize + serde::de::DeserializeOwned>(location: &str, json: &str, results: &mut Outcomes) {
    let result =
        serde_json::from_str::<serde_json::Value>(json).map_err(|e| format!("is not JSON: {e}")).and_then(|original| {
            let typed =
                serde_json::from_value::<T>(original.clone()).map_err(|e| format!("does not deserialize: {e}"))?;
            let back = serde_json::to_value(&typed).map_err(|e| format!("does not serialize: {e}"))?;
            if same_json(&back, &original) { Ok(()) } else { Err(format!("serializes back as {back}")) }
        });
    results.push((location.to_string(), result));
}

/// JSON equality, where `1` and `1.0` are the same number (a `number` field is an `f64`).
fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// `round_trips! { examples_3 { Type = "location" "json", .. } }` is
/// `fn examples_3(results: &mut Outcomes)`, which [`check`]s each row; a row
/// may start with the `#[cfg]` of its type.
#[doc(hidden)]
#[macro_export]
macro_rules! __round_trips {
    ($batch:ident { $( $(#[$cfg:meta])* $ty:ty = $location:literal $json:literal ),* $(,)? }) => {
        fn $batch(results: &mut $crate::runtime::round_trip::Outcomes) {
            $( $(#[$cfg])* $crate::runtime::round_trip::check::<$ty>($location, $json, results); )*
        }
    };
}
pub use crate::__round_trips as round_trips;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_that_changes_on_the_way_back_fails() {
        let mut results = Outcomes::new();
        check::<f64>("ok", "1", &mut results);
        check::<u8>("too big", "300", &mut results);
        check::<String>("not json", "{", &mut results);
        check::<Option<u8>>("same", "null", &mut results);
        check::<std::collections::BTreeMap<String, bool>>("map", r#"{"a": true}"#, &mut results);
        // 0.1 as an f32 comes back as 0.10000000149011612.
        check::<f32>("lossy", "0.1", &mut results);
        let failed: Vec<&str> = results.iter().filter(|(_, r)| r.is_err()).map(|(l, _)| l.as_str()).collect();
        assert_eq!(failed, ["too big", "not json", "lossy"]);
    }
}
