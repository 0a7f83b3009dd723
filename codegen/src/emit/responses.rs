//! What a call returns and which runtime decoder produces it; and, for
//! operations with several different success responses, the enum of them and
//! its `FromResponse` impl that picks a variant by status and media type.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Emitter;
use crate::model::{ResponseShape, TypeId};
use crate::name::Returns;
use crate::surface::RustType;

impl Emitter<'_> {
    /// The `rt::decode` function that makes what a call returns; `None` for a stream, which is
    /// read as it arrives, not decoded from a whole body.
    pub(super) fn decoder(&self, returns: &Returns) -> Option<TokenStream> {
        let runtime = &self.runtime;
        let function = match returns {
            Returns::Nothing => quote! { empty },
            Returns::Text => quote! { text },
            Returns::Bytes => quote! { bytes },
            Returns::Json(_) => quote! { json },
            Returns::Envelope(_) => quote! { envelope },
            Returns::EnvelopeOptional(_) => quote! { envelope_nullable },
            Returns::EnvelopeUnit => quote! { envelope_unit },
            Returns::Page(_) => quote! { page },
            Returns::Alternatives(_) => quote! { alternatives },
            Returns::Events(_) => return None,
        };
        Some(quote! { #runtime::decode::#function })
    }

    /// `enum XResponse { Ok(T), Accepted, … }` and the match that decodes it.
    pub(super) fn responses_item(&self, id: TypeId, name: &Ident, docs: TokenStream) -> TokenStream {
        let runtime = &self.runtime;
        let mut variants = Vec::new();
        let mut arms = Vec::new();
        let cases: Vec<_> = self.named.cases(id).collect();
        for (index, &(case, member)) in cases.iter().enumerate() {
            let variant = Self::ident(&member.rust);
            let media = case.media_type.as_deref().unwrap_or("no content");
            let mut doc = vec![super::docs::line_breaks(&format!(" `{}` ({media})", case.status)).into_owned()];
            if let Some(description) = &case.description {
                doc.push(String::new());
                doc.extend(super::docs::markdown(description).into_iter().map(|l| format!(" {l}")));
            }
            let (payload, value) = self.case_value(&case.shape);
            variants.push(match &payload {
                Some(ty) => quote! { #( #[doc = #doc] )* #variant(#ty) },
                None => quote! { #( #[doc = #doc] )* #variant },
            });
            let construct = match (payload, value) {
                (_, Decode::Nothing) => quote! { Ok(Self::#variant) },
                (None, Decode::Fallible(value)) => quote! { #value.map(|_| Self::#variant) },
                (_, Decode::Fallible(value)) => quote! { #value.map(Self::#variant) },
                (_, Decode::Infallible(value)) => quote! { Ok(Self::#variant(#value)) },
            };
            let status = status_pattern(&case.status);
            // The last case of a status takes any media type; earlier ones need theirs (parameters
            // included: `application/json;stream=watch` is not `application/json`).
            let last_of_status = cases[index + 1..].iter().all(|(c, _)| c.status != case.status);
            let media_pattern = match (&case.media_type, last_of_status) {
                (Some(media_type), false) => {
                    let key = crate::model::media_key(media_type);
                    quote! { #key }
                }
                _ => quote! { _ },
            };
            arms.push(quote! { (#status, #media_pattern) => #construct, });
        }
        quote! {
            #docs
            #[derive(Debug, Clone)]
            #[allow(clippy::large_enum_variant)]
            pub enum #name {
                #( #variants, )*
            }

            impl #runtime::FromResponse for #name {
                fn from_response(response: &#runtime::RawResponse) -> #runtime::Result<Self> {
                    match (response.status(), response.media_key().as_str()) {
                        #( #arms )*
                        #[allow(unreachable_patterns)]
                        _ => Err(response.unexpected()),
                    }
                }
            }
        }
    }

    /// A case's payload type (`None` for a unit variant) and how to get its value.
    /// The payload is what a call of that one response would return ([`Returns`], printed by
    /// [`Emitter::returns_type`]); a case without a value is a unit variant.
    pub(super) fn case_value(&self, shape: &ResponseShape) -> (Option<RustType>, Decode) {
        let returns = Returns::of(shape);
        let decode = match &returns {
            Returns::Nothing | Returns::Alternatives(_) | Returns::Events(_) => Decode::Nothing,
            Returns::Text => Decode::Infallible(quote! { response.text() }),
            Returns::Bytes => Decode::Infallible(quote! { response.body().clone() }),
            Returns::Json(_) => Decode::Fallible(quote! { response.json() }),
            Returns::EnvelopeUnit => Decode::Fallible(quote! { response.envelope_nullable::<serde_json::Value>() }),
            Returns::EnvelopeOptional(_) => Decode::Fallible(quote! { response.envelope_nullable() }),
            Returns::Envelope(_) | Returns::Page(_) => Decode::Fallible(quote! { response.envelope() }),
        };
        let payload = match returns {
            Returns::Nothing | Returns::EnvelopeUnit | Returns::Alternatives(_) | Returns::Events(_) => None,
            value => Some(self.returns_type(None, &value)),
        };
        (payload, decode)
    }
}

/// How a response case's value is obtained.
pub(super) enum Decode {
    Nothing,
    Infallible(TokenStream),
    /// An expression of type `Result<_, Error>`.
    Fallible(TokenStream),
}

/// `200` → `200`, `2XX` → `200..=299`, `default` → `_`.
fn status_pattern(status: &str) -> TokenStream {
    if let Ok(code) = status.parse::<u16>() {
        let code = proc_macro2::Literal::u16_unsuffixed(code);
        return quote! { #code };
    }
    match status.as_bytes() {
        [digit @ b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => {
            let low = proc_macro2::Literal::u16_unsuffixed(u16::from(digit - b'0') * 100);
            let high = proc_macro2::Literal::u16_unsuffixed(u16::from(digit - b'0') * 100 + 99);
            quote! { #low..=#high }
        }
        _ => quote! { _ },
    }
}
