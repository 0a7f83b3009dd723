//! A test that round-trips every spec `example` through its generated type:
//! deserialize, serialize, compare with the original JSON.

use proc_macro2::TokenStream;
use quote::quote;

use super::format::Unit;
use super::Emitter;
use crate::model::TypeRef;

/// Examples per generated function: one function with thousands of calls is slow to compile.
const BATCH: usize = 200;

fn batch_name(n: usize) -> proc_macro2::Ident {
    quote::format_ident!("examples_{n}")
}

impl Emitter<'_> {
    /// The cfg of the named type a reference is built on, if any.
    fn type_ref_cfg(&self, ty: &TypeRef) -> Option<TokenStream> {
        match ty {
            TypeRef::Named(id) => self.type_cfg(*id),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => self.type_ref_cfg(inner),
            _ => None,
        }
    }

    /// The examples (indices, by location) in numbered batches of [`BATCH`], one function each.
    pub(super) fn example_batches(&self) -> Vec<(usize, Vec<usize>)> {
        let examples = &self.named.model.examples;
        let mut order: Vec<usize> = (0..examples.len()).collect();
        order.sort_by(|&a, &b| examples[a].location.cmp(&examples[b].location));
        order.chunks(BATCH).map(<[usize]>::to_vec).enumerate().collect()
    }

    /// `fn examples_3(results: ..) { round_trip::<T>(..); .. }`: one batch of checks.
    pub(super) fn example_batch(&self, number: usize, batch: &[usize]) -> Unit {
        let checks = batch.iter().map(|&index| {
            let example = &self.named.model.examples[index];
            let ty = self.rust_type(&example.ty);
            let location = example.location.to_string();
            let json = example.value.to_string();
            let cfg = self.type_ref_cfg(&example.ty);
            quote! { #cfg round_trip::<#ty>(#location, #json, results); }
        });
        let name = batch_name(number);
        let items = quote! {
            fn #name(results: &mut Vec<(String, Result<(), String>)>) {
                #( #checks )*
            }
        };
        self.unit(items, None)
    }

    /// The helpers and the test, which calls every batch.
    pub(super) fn examples_prelude(&self, batches: usize) -> TokenStream {
        let calls = (0..batches).map(|n| {
            let name = batch_name(n);
            quote! { #name(&mut results); }
        });
        let doc = " Every `example` in the spec deserializes into its generated type and serializes back to equal JSON.";
        quote! {
            #![doc = #doc]

            /// Records whether `json` deserializes into `T` and serializes back to the same JSON.
            fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(location: &str, json: &str, results: &mut Vec<(String, Result<(), String>)>) {
                let result = serde_json::from_str::<serde_json::Value>(json)
                    .map_err(|e| format!("is not JSON: {e}"))
                    .and_then(|original| {
                        let typed = serde_json::from_value::<T>(original.clone()).map_err(|e| format!("does not deserialize: {e}"))?;
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

            #[test]
            fn spec_examples_round_trip() {
                let mut results = Vec::new();
                #( #calls )*
                let failures: Vec<String> = results.iter().filter_map(|(location, result)| result.as_ref().err().map(|e| format!("{location}: {e}"))).collect();
                println!("{}/{} examples round-trip", results.len() - failures.len(), results.len());
                for failure in &failures {
                    println!("FAILED {failure}");
                }
                assert!(failures.is_empty(), "{} of {} examples failed:\n{}", failures.len(), results.len(), failures.join("\n"));
            }
        }
    }
}
