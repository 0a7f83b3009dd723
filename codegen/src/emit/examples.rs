//! A test that round-trips every spec `example` through its generated type:
//! deserialize, serialize, compare with the original JSON.

use proc_macro2::TokenStream;
use quote::quote;

use super::Emitter;
use super::format::Unit;
use super::placeholders::{Parts, string_literal, tokens_text};
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
        order.sort_by(|&a, &b| examples[a].label.cmp(&examples[b].label));
        order.chunks(BATCH).map(<[usize]>::to_vec).enumerate().collect()
    }

    /// `round_trips! { examples_3 { T = "location" "json", .. } }`: one batch of
    /// checks, as a table (a row per example) that the runtime expands to a
    /// function checking each; a table is printed without syn and prettyplease.
    pub(super) fn example_batch(&self, number: usize, batch: &[usize]) -> Unit {
        let rows = batch.iter().map(|&index| {
            let example = &self.named.model.examples[index];
            let ty = self.rust_type(&example.ty).to_string();
            let location = string_literal(&example.label);
            let json = string_literal(&example.value.to_string());
            let cfg =
                self.type_ref_cfg(&example.ty).map(|cfg| format!("#[cfg({})] ", tokens_text(cfg))).unwrap_or_default();
            vec![format!("{cfg}{ty} = {location} {json}")]
        });
        let runtime = &self.runtime;
        let mut parts = Parts::default();
        let items =
            parts.table(quote! { #runtime::round_trip::round_trips }, &batch_name(number).to_string(), rows, None);
        parts.into_unit(items, None)
    }

    /// The helpers and the test, which calls every batch.
    pub(super) fn examples_prelude(&self, batches: usize) -> TokenStream {
        let calls = (0..batches).map(|n| {
            let name = batch_name(n);
            quote! { #name(&mut results); }
        });
        let doc =
            " Every `example` in the spec deserializes into its generated type and serializes back to equal JSON.";
        quote! {
            #![doc = #doc]

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
