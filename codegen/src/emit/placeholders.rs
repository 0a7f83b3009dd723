//! Text that skips the token round trip. Doc comments and the tables of the
//! runtime's macros (`fields!`, `string_enum!`, `params!`, `round_trips!`) are
//! most of a generated crate, and quoting them into tokens, parsing those with
//! syn and printing them with prettyplease was most of the generate time.
//! Instead each is written as lines of text that wait in the unit's [`Parts`]
//! (a *block*); the tokens hold a placeholder, and [`fill_tables`] and
//! [`fill_docs`] put the block where prettyplease printed it, at the
//! placeholder's indent.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::{format_ident, quote};

use super::format::Unit;
use crate::diagnostics::Error;

/// Starts the text of a doc placeholder, `#[doc = "\u{1}N"]`, printed as `///\u{1}N`.
const DOC_MARK: char = '\u{1}';
/// Starts the ident that stands for a table inside its macro's braces.
const TABLE_MARK: &str = "__generated_table_";

/// The blocks behind a unit's placeholders, by kind: a unit without tables
/// (most) is not searched for them.
#[derive(Default)]
pub(super) struct Blocks {
    docs: Vec<Vec<String>>,
    tables: Vec<Vec<String>>,
}

/// What building a unit produces beside its tokens: items built as syntax
/// trees and the blocks behind its placeholders. Whoever builds a unit owns
/// one and passes it down to each step, then makes the unit of it
/// ([`Parts::into_unit`]): what a step adds is in its signature, and no unit
/// sees another's.
#[derive(Default)]
pub(super) struct Parts {
    /// Items built as syntax trees that come first in the unit (a model struct).
    pub built: Vec<syn::Item>,
    /// Items built as syntax trees that come last (a type's aliases).
    pub built_after: Vec<syn::Item>,
    blocks: Blocks,
}

impl Parts {
    /// The unit of `items` with what was built beside them.
    pub(super) fn into_unit(self, items: TokenStream, cfg: Option<TokenStream>) -> Unit {
        Unit { built: self.built, items, built_after: self.built_after, cfg, blocks: self.blocks }
    }

    /// Doc comments, a `///` line per line, behind one placeholder `#[doc]`.
    pub(super) fn doc_attrs(&mut self, lines: Vec<String>) -> TokenStream {
        let texts = self.doc_texts(lines);
        quote! { #( #[doc = #texts] )* }
    }

    /// [`Parts::doc_attrs`] as syntax trees.
    pub(super) fn doc_syntax(&mut self, lines: Vec<String>) -> Vec<syn::Attribute> {
        self.doc_texts(lines).iter().map(|text| super::syntax::doc_attribute(text)).collect()
    }

    /// The values of the `#[doc]` attributes for `lines`: one placeholder.
    fn doc_texts(&mut self, mut lines: Vec<String>) -> Vec<String> {
        if lines.iter().any(|l| l.contains('\r')) {
            // A bare carriage return (spec text outside `docs::markdown`) is a line break, as there.
            lines = lines
                .iter()
                .flat_map(|l| super::docs::line_breaks(l).split('\n').map(str::to_string).collect::<Vec<_>>())
                .collect();
        }
        if lines.iter().any(|l| l.contains('\n')) {
            // prettyplease prints these as block comments: leave them to it.
            return lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") }).collect();
        }
        if lines.is_empty() {
            return Vec::new();
        }
        // As prettyplease prints `#[doc = " line"]`: trailing spaces trimmed.
        let comments = lines
            .iter()
            .map(|line| match line.trim_end_matches(' ') {
                "" => "///".to_string(),
                line => format!("/// {line}"),
            })
            .collect();
        self.blocks.docs.push(comments);
        vec![format!("{DOC_MARK}{}", self.blocks.docs.len() - 1)]
    }

    /// The lines a table row starts with for its docs: `///\u{1}N`, filled in
    /// with the doc block like a `#[doc]` placeholder.
    pub(super) fn row_docs(&mut self, lines: Vec<String>) -> Vec<String> {
        self.doc_texts(lines)
            .into_iter()
            .map(|text| {
                if text.starts_with(DOC_MARK) {
                    format!("///{text}")
                } else {
                    format!("#[doc = {}]", string_literal(&text))
                }
            })
            .collect()
    }

    /// `path! { head { row, .. } tail }`, the table printed a row per line, each
    /// row as its lines of Rust text (`id: Option<String> = "id" optional`),
    /// doc lines first.
    pub(super) fn table(
        &mut self,
        path: TokenStream,
        head: &str,
        rows: impl IntoIterator<Item = Vec<String>>,
        tail: Option<&str>,
    ) -> TokenStream {
        let mut lines = vec![format!("{head} {{")];
        for row in rows {
            let last = row.len().saturating_sub(1);
            lines.extend(
                row.into_iter()
                    .enumerate()
                    .map(|(i, line)| if i == last { format!("    {line},") } else { format!("    {line}") }),
            );
        }
        lines.push("}".to_string());
        lines.extend(tail.map(str::to_string));
        self.blocks.tables.push(lines);
        let number = self.blocks.tables.len() - 1;
        let placeholder = format_ident!("{TABLE_MARK}{number}");
        quote! { #path! { #placeholder } }
    }
}

/// `text` as a Rust string literal, escaped exactly as `proc_macro2::Literal::string`
/// escapes it, quickly for the printable ASCII that is nearly all of it.
pub(super) fn string_literal(text: &str) -> String {
    if !text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return proc_macro2::Literal::string(text).to_string();
    }
    let mut out = String::with_capacity(text.len() + 2 + text.len() / 8);
    out.push('"');
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        if byte == b'"' || byte == b'\\' {
            out.push_str(&text[start..i]);
            out.push('\\');
            start = i;
        }
    }
    out.push_str(&text[start..]);
    out.push('"');
    out
}

/// Puts the tables back into the text of one macro invocation (the only items
/// that hold them). Their rows carry doc placeholders: [`fill_docs`] comes after.
pub(super) fn fill_tables(file: &str, text: String, blocks: &Blocks) -> Result<String, Error> {
    replace_lines(file, text, "", TABLE_MARK, |text| text.find(TABLE_MARK), &blocks.tables)
}

/// Puts the doc comments back. The mark is one rare byte, which a search finds
/// fast; the `///` before it is checked.
pub(super) fn fill_docs(file: &str, text: String, blocks: &Blocks) -> Result<String, Error> {
    replace_lines(file, text, "///", &DOC_MARK.to_string(), |text| text.find(DOC_MARK), &blocks.docs)
}

/// Replaces each line `{indent}{prefix}{mark}N` of `text` with block `N`, at
/// the placeholder's indent; `find` finds the next `mark`.
fn replace_lines(
    file: &str,
    text: String,
    prefix: &str,
    mark: &str,
    find: impl Fn(&str) -> Option<usize>,
    blocks: &[Vec<String>],
) -> Result<String, Error> {
    if blocks.is_empty() {
        return Ok(text);
    }
    let broken =
        |what: &str| Error::Format { file: file.to_string(), message: format!("placeholder `{prefix}{mark}` {what}") };
    let mut out = String::with_capacity(text.len() + blocks.iter().flatten().map(|l| l.len() + 8).sum::<usize>());
    let mut rest = text.as_str();
    while let Some(found) = find(rest) {
        let Some(at) = found.checked_sub(prefix.len()).filter(|&at| rest.get(at..found) == Some(prefix)) else {
            // The mark's byte in other text (a block comment from spec text): not a placeholder.
            let past = found + mark.len();
            out.push_str(&rest[..past]);
            rest = &rest[past..];
            continue;
        };
        let indent = &rest[rest[..at].rfind('\n').map_or(0, |i| i + 1)..at];
        let after = &rest[found + mark.len()..];
        let end = after.find('\n').unwrap_or(after.len());
        let block = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|n| blocks.get(n))
            .ok_or_else(|| broken("without its block"))?;
        if !indent.bytes().all(|b| b == b' ') {
            return Err(broken("printed inside a line"));
        }
        out.push_str(&rest[..at]);
        for (i, line) in block.iter().enumerate() {
            if i > 0 {
                out.push('\n');
                out.push_str(indent);
            }
            out.push_str(line);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Tokens as Rust writes them: `Option<Vec<String>>`, `key: T = "k" kind`.
pub(super) fn tokens_text(stream: TokenStream) -> String {
    let mut out = String::new();
    let mut after_word = false;
    let mut joint_colon = false;
    for token in stream {
        match token {
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                if after_word {
                    out.push(' ');
                }
                out.push_str(&token.to_string());
                after_word = true;
            }
            TokenTree::Punct(p) => {
                let c = p.as_char();
                match c {
                    ',' => out.push_str(", "),
                    '=' => out.push_str(" = "),
                    ':' if joint_colon || p.spacing() == Spacing::Joint => out.push(':'),
                    ':' => out.push_str(": "),
                    c => out.push(c),
                }
                joint_colon = c == ':' && p.spacing() == Spacing::Joint;
                after_word = false;
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                out.push_str(&tokens_text(group.stream()));
                out.push_str(close);
                after_word = true;
            }
        }
    }
    out
}
