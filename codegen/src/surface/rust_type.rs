//! A Rust type as the generated code spells it. The emitter's one type printer
//! builds these; code (tokens, syntax trees), api.md, api.json and the change
//! report all print or compare this one value, so they cannot disagree.

use std::fmt;

use proc_macro2::{Ident, Punct, Spacing, Span, TokenStream};
use quote::{ToTokens, TokenStreamExt};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RustType {
    /// `a::b::C<args>`; an empty first segment is a leading `::`.
    Path { segments: Vec<String>, args: Vec<RustType> },
    /// `&T`.
    Ref(Box<RustType>),
    /// `[T]`.
    Slice(Box<RustType>),
    /// `()`.
    Unit,
}

impl RustType {
    /// `C`, a path of one segment without arguments.
    pub fn named(name: &str) -> RustType {
        RustType::Path { segments: vec![name.to_string()], args: Vec::new() }
    }

    /// `prefix::name<args>`.
    pub fn path(prefix: &[String], name: &str, args: Vec<RustType>) -> RustType {
        let mut segments = Vec::with_capacity(prefix.len() + 1);
        segments.extend(prefix.iter().cloned());
        segments.push(name.to_string());
        RustType::Path { segments, args }
    }

    /// `name<inner>`, as `Option<T>` or `Vec<T>`.
    pub fn generic(name: &str, inner: RustType) -> RustType {
        RustType::Path { segments: vec![name.to_string()], args: vec![inner] }
    }

    pub fn reference(self) -> RustType {
        RustType::Ref(Box::new(self))
    }

    /// Clippy's `type_complexity` score (a path, slice or tuple costs ten times its nesting
    /// depth, a reference one): above 250, clippy asks for a type alias.
    pub fn complexity(&self) -> usize {
        fn score(ty: &RustType, nest: usize) -> usize {
            match ty {
                RustType::Path { args, .. } => 10 * nest + args.iter().map(|a| score(a, nest + 1)).sum::<usize>(),
                RustType::Slice(inner) => 10 * nest + score(inner, nest + 1),
                RustType::Ref(inner) => 1 + score(inner, nest),
                RustType::Unit => 10 * nest,
            }
        }
        score(self, 1)
    }

    /// The single name of a one-segment path without arguments: a generated type's name.
    pub fn as_name(&self) -> Option<&str> {
        match self {
            RustType::Path { segments, args } if segments.len() == 1 && args.is_empty() => Some(&segments[0]),
            _ => None,
        }
    }

    /// The last segment and arguments of a path: `Option` and `[T]` of `Option<T>`.
    pub fn last_segment(&self) -> Option<(&str, &[RustType])> {
        match self {
            RustType::Path { segments, args } => segments.last().map(|last| (last.as_str(), args.as_slice())),
            _ => None,
        }
    }

    /// Every name this type mentions, outermost first (`Option<Vec<Token>>`: `Option`, `Vec`, `Token`).
    pub fn names(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_names(&mut out);
        out
    }

    fn collect_names<'s>(&'s self, out: &mut Vec<&'s str>) {
        match self {
            RustType::Path { segments, args } => {
                if let [name] = segments.as_slice() {
                    out.push(name);
                }
                for arg in args {
                    arg.collect_names(out);
                }
            }
            RustType::Ref(inner) | RustType::Slice(inner) => inner.collect_names(out),
            RustType::Unit => {}
        }
    }

    /// The syntax tree, for items built as trees.
    pub fn to_syn(&self) -> syn::Type {
        match self {
            RustType::Path { segments, args } => {
                let (leading_colon, segments) = match segments.split_first() {
                    Some((first, rest)) if first.is_empty() => (Some(Default::default()), rest),
                    _ => (None, segments.as_slice()),
                };
                let mut path = syn::Path {
                    leading_colon,
                    segments: segments.iter().map(|s| syn::PathSegment::from(ident(s))).collect(),
                };
                if !args.is_empty() {
                    if let Some(last) = path.segments.last_mut() {
                        last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
                            colon2_token: None,
                            lt_token: Default::default(),
                            args: args.iter().map(|a| syn::GenericArgument::Type(a.to_syn())).collect(),
                            gt_token: Default::default(),
                        });
                    }
                }
                syn::Type::Path(syn::TypePath { attrs: Vec::new(), qself: None, path })
            }
            RustType::Ref(inner) => syn::Type::Reference(syn::TypeReference {
                attrs: Vec::new(),
                and_token: Default::default(),
                lifetime: None,
                mutability: None,
                elem: Box::new(inner.to_syn()),
            }),
            RustType::Slice(inner) => syn::Type::Slice(syn::TypeSlice {
                attrs: Vec::new(),
                bracket_token: Default::default(),
                elem: Box::new(inner.to_syn()),
            }),
            RustType::Unit => syn::Type::Tuple(syn::TypeTuple {
                attrs: Vec::new(),
                paren_token: Default::default(),
                elems: Default::default(),
            }),
        }
    }

    /// Reads a type back from its text (api.json); `None` for what the printer never writes.
    pub fn parse(text: &str) -> Option<RustType> {
        from_syn(&syn::parse_str::<syn::Type>(text).ok()?)
    }
}

fn from_syn(ty: &syn::Type) -> Option<RustType> {
    match ty {
        syn::Type::Path(syn::TypePath { qself: None, path, .. }) => {
            let mut segments: Vec<String> = path.leading_colon.as_ref().map(|_| String::new()).into_iter().collect();
            let mut args = Vec::new();
            for (i, segment) in path.segments.iter().enumerate() {
                segments.push(segment.ident.to_string());
                match &segment.arguments {
                    syn::PathArguments::None => {}
                    syn::PathArguments::AngleBracketed(generic) if i + 1 == path.segments.len() => {
                        for arg in &generic.args {
                            let syn::GenericArgument::Type(arg) = arg else { return None };
                            args.push(from_syn(arg)?);
                        }
                    }
                    _ => return None,
                }
            }
            Some(RustType::Path { segments, args })
        }
        syn::Type::Reference(r) if r.lifetime.is_none() && r.mutability.is_none() => {
            Some(RustType::Ref(Box::new(from_syn(&r.elem)?)))
        }
        syn::Type::Slice(s) => Some(RustType::Slice(Box::new(from_syn(&s.elem)?))),
        syn::Type::Tuple(t) if t.elems.is_empty() => Some(RustType::Unit),
        syn::Type::Paren(p) => from_syn(&p.elem),
        _ => None,
    }
}

/// A segment as an identifier; `r#name` is a raw one.
fn ident(segment: &str) -> Ident {
    match segment.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(segment, Span::call_site()),
    }
}

/// As Rust writes it: `Option<Vec<Token>>`, `&[u8]`, `std::collections::BTreeMap<String, T>`.
impl fmt::Display for RustType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RustType::Path { segments, args } => {
                for (i, segment) in segments.iter().enumerate() {
                    if i > 0 {
                        f.write_str("::")?;
                    }
                    f.write_str(segment)?;
                }
                if !args.is_empty() {
                    f.write_str("<")?;
                    for (i, arg) in args.iter().enumerate() {
                        if i > 0 {
                            f.write_str(", ")?;
                        }
                        write!(f, "{arg}")?;
                    }
                    f.write_str(">")?;
                }
                Ok(())
            }
            RustType::Ref(inner) => write!(f, "&{inner}"),
            RustType::Slice(inner) => write!(f, "[{inner}]"),
            RustType::Unit => f.write_str("()"),
        }
    }
}

impl ToTokens for RustType {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            RustType::Path { segments, args } => {
                for (i, segment) in segments.iter().enumerate() {
                    if i > 0 {
                        tokens.append(Punct::new(':', Spacing::Joint));
                        tokens.append(Punct::new(':', Spacing::Alone));
                    }
                    if !segment.is_empty() {
                        tokens.append(ident(segment));
                    }
                }
                if !args.is_empty() {
                    tokens.append(Punct::new('<', Spacing::Alone));
                    for (i, arg) in args.iter().enumerate() {
                        if i > 0 {
                            tokens.append(Punct::new(',', Spacing::Alone));
                        }
                        arg.to_tokens(tokens);
                    }
                    tokens.append(Punct::new('>', Spacing::Alone));
                }
            }
            RustType::Ref(inner) => {
                tokens.append(Punct::new('&', Spacing::Alone));
                inner.to_tokens(tokens);
            }
            RustType::Slice(inner) => {
                tokens.append(proc_macro2::Group::new(proc_macro2::Delimiter::Bracket, inner.to_token_stream()));
            }
            RustType::Unit => {
                tokens.append(proc_macro2::Group::new(proc_macro2::Delimiter::Parenthesis, TokenStream::new()))
            }
        }
    }
}

/// In api.json a type is its text, as api.md and the code print it.
impl Serialize for RustType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RustType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        RustType::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("not a Rust type: `{text}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_tokens_and_trees_agree() {
        for text in [
            "Option<Vec<Token>>",
            "&str",
            "&[u8]",
            "()",
            "std::collections::BTreeMap<String, crate::support::Id>",
            "::api::runtime::Nullable<i64>",
            "rt::Page<r#Type>",
        ] {
            let ty = RustType::parse(text).expect("parses");
            assert_eq!(ty.to_string(), text);
            let tokens = ty.to_token_stream();
            let from_tokens: syn::Type = syn::parse2(tokens).expect("tokens parse");
            assert_eq!(from_syn(&from_tokens).as_ref(), Some(&ty));
            assert_eq!(from_syn(&ty.to_syn()).as_ref(), Some(&ty));
        }
    }

    #[test]
    fn a_configured_path_keeps_every_segment() {
        let ty = RustType::generic(
            "Option",
            RustType::Path { segments: vec!["crate".into(), "support".into(), "Id".into()], args: Vec::new() },
        );
        assert_eq!(ty.to_string(), "Option<crate::support::Id>");
        assert_eq!(ty.names(), ["Option"]);
    }
}
