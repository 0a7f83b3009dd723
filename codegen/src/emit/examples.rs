//! A test that round-trips every spec `example` through its generated type:
//! deserialize, serialize, compare with the original JSON.

use proc_macro2::TokenStream;
use quote::quote;

use super::Emitter;

impl Emitter<'_> {
    pub(super) fn examples_file(&self) -> TokenStream {
        let mut examples: Vec<_> = self.named.model.examples.iter().collect();
        examples.sort_by(|a, b| a.location.cmp(&b.location));
        let checks = examples.iter().map(|example| {
            let ty = self.rust_type(&example.ty);
            let location = example.location.to_string();
            let json = example.value.to_string();
            quote! { round_trip::<#ty>(#location, #json, &mut failures); }
        });
        let count = examples.len();
        let doc = " Every `example` in the spec deserializes into its generated type and serializes back to equal JSON.";
        quote! {
            #![doc = #doc]

            fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(location: &str, json: &str, failures: &mut Vec<String>) {
                let original: serde_json::Value = serde_json::from_str(json).expect("examples are valid JSON");
                let result = serde_json::from_value::<T>(original.clone())
                    .map_err(|e| format!("does not deserialize: {e}"))
                    .and_then(|typed| serde_json::to_value(&typed).map_err(|e| format!("does not serialize: {e}")))
                    .and_then(|back| if same_json(&back, &original) { Ok(()) } else { Err(format!("serializes back as {back}")) });
                if let Err(problem) = result {
                    failures.push(format!("{location}: {problem}"));
                }
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

            #[test]
            fn spec_examples_round_trip() {
                let mut failures = Vec::new();
                #( #checks )*
                assert!(failures.is_empty(), "{} of {} examples failed:\n{}", failures.len(), #count, failures.join("\n"));
            }
        }
    }
}
