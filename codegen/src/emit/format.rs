//! Tokens → formatted text. A file is a prelude (inner attributes, `use`s,
//! shared items) and units (a type with its impls, a resource, a batch of
//! examples); units are built and formatted on every core, each thread with
//! its own tokens (`proc_macro2` token streams cannot cross threads), and
//! joined in order, so the output does not depend on the thread count.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;

use crate::diagnostics::Error;

/// One independently formatted piece of a file: its items, a `#[cfg(..)]`
/// to put on each of them, and the doc blocks its doc placeholders stand for.
pub(super) struct Unit {
    pub items: TokenStream,
    pub cfg: Option<TokenStream>,
    pub docs: Vec<Vec<String>>,
}

/// Formats a whole file: the header, the prelude's attributes and items, then
/// the unit of every piece of `work`, items separated by a blank line. Each
/// thread renders with its own context from `context`.
pub(super) fn format_file<W: Sync, C>(
    file: &str,
    header: &str,
    prelude: Unit,
    work: &[W],
    context: impl Fn() -> Result<C, Error> + Sync,
    render: impl Fn(&C, &W) -> Unit + Sync,
) -> Result<String, Error> {
    let mut out = String::from(header);
    out.push_str(&format_items(file, prelude, true)?);
    // Units vary a lot in size (a huge struct, a one-line alias), so threads take
    // the next unit as they finish instead of a fixed share.
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(work.len()).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: Vec<Result<Vec<(usize, String)>, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (render, context, next) = (&render, &context, &next);
                scope.spawn(move || {
                    let context = context()?;
                    let mut texts = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(piece) = work.get(index) else { break };
                        texts.push((index, format_unit(file, render(&context, piece))?));
                    }
                    Ok(texts)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(Error::Format { file: file.to_string(), message: "a formatting thread panicked".into() }))).collect()
    });
    let mut parts = vec![String::new(); work.len()];
    for texts in done {
        for (index, text) in texts? {
            parts[index] = text;
        }
    }
    for part in parts {
        out.push_str(&part);
    }
    Ok(out)
}

/// A small file formatted in one piece.
pub(super) fn format_whole(file: &str, header: &str, unit: Unit) -> Result<String, Error> {
    Ok(format!("{header}{}", format_items(file, unit, true)?))
}

fn format_unit(file: &str, unit: Unit) -> Result<String, Error> {
    let Some(cfg) = unit.cfg else { return format_items(file, unit, false) };
    let mut syntax = parse(file, unit.items)?;
    for item in &mut syntax.items {
        if let Some(item_attrs) = item_attrs(item) {
            // Parsed per item: `syn` is built without `Clone` impls, to compile faster.
            let attrs = syn::parse::Parser::parse2(syn::Attribute::parse_outer, cfg.clone()).map_err(|e| Error::Format { file: file.to_string(), message: e.to_string() })?;
            item_attrs.splice(0..0, attrs);
        }
    }
    put_docs(file, unparse_items(syntax, false), &unit.docs)
}

/// Formats a unit one item at a time, each after a blank line; with `inner`,
/// the file's inner attributes (`#![doc]`) come first.
fn format_items(file: &str, unit: Unit, inner: bool) -> Result<String, Error> {
    put_docs(file, unparse_items(parse(file, unit.items)?, inner), &unit.docs)
}

/// Replaces each doc placeholder line, `///\u{1}N`, with block `N`: a `///`
/// line per doc line at the placeholder's indent, trailing spaces trimmed,
/// exactly as prettyplease prints a `#[doc = " line"]`.
fn put_docs(file: &str, text: String, docs: &[Vec<String>]) -> Result<String, Error> {
    let mark = format!("///{}", super::docs::DOC_MARK);
    if !text.contains(&mark) {
        return Ok(text);
    }
    let broken = |what: &str| Error::Format { file: file.to_string(), message: format!("doc placeholder {what}") };
    let mut out = String::with_capacity(text.len() + docs.iter().flatten().map(|l| l.len() + 8).sum::<usize>());
    let mut rest = text.as_str();
    while let Some(at) = rest.find(&mark) {
        let indent = &rest[rest[..at].rfind('\n').map_or(0, |i| i + 1)..at];
        let after = &rest[at + mark.len()..];
        let end = after.find('\n').unwrap_or(after.len());
        let block = after[..end].parse::<usize>().ok().and_then(|n| docs.get(n)).ok_or_else(|| broken("without its doc block"))?;
        if !indent.bytes().all(|b| b == b' ') {
            return Err(broken("printed inside a line"));
        }
        out.push_str(&rest[..at]);
        for (i, line) in block.iter().enumerate() {
            if i > 0 {
                out.push('\n');
                out.push_str(indent);
            }
            out.push_str("///");
            let line = line.trim_end_matches(' ');
            if !line.is_empty() {
                out.push(' ');
                out.push_str(line);
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    Ok(out)
}

fn parse(file: &str, tokens: TokenStream) -> Result<syn::File, Error> {
    syn::parse2(tokens).map_err(|e| Error::Format { file: file.to_string(), message: e.to_string() })
}

fn unparse_items(mut syntax: syn::File, inner: bool) -> String {
    let items = std::mem::take(&mut syntax.items);
    let mut out = String::new();
    if inner {
        out.push_str(&prettyplease::unparse(&syntax));
    }
    syntax.attrs.clear();
    for mut item in items {
        out.push('\n');
        let table = take_table(&mut item);
        syntax.items = vec![item];
        let text = prettyplease::unparse(&syntax);
        match table {
            Some(table) => out.push_str(&put_table(&text, &table)),
            None => out.push_str(&text),
        }
    }
    out
}

/// Stands in for a macro's table while prettyplease prints the invocation.
const TABLE_PLACEHOLDER: &str = "__generated_table__";

/// The body of a `fields!`, `string_enum!`, `params!` or `round_trips!` invocation (a name, a braced list of rows, a tail),
/// which prettyplease would print as one run of tokens, replaced by a placeholder.
fn take_table(item: &mut syn::Item) -> Option<TokenStream> {
    let syn::Item::Macro(invocation) = item else { return None };
    if invocation.mac.path.segments.last().is_none_or(|s| s.ident != "fields" && s.ident != "string_enum" && s.ident != "round_trips" && s.ident != "params") {
        return None;
    }
    let placeholder = proc_macro2::Ident::new(TABLE_PLACEHOLDER, proc_macro2::Span::call_site());
    Some(std::mem::replace(&mut invocation.mac.tokens, quote::quote! { #placeholder }))
}

/// Prints the table where its placeholder is, a row per line:
/// `Name {`, each `field: Type = "key" kind,`, `}`, then the tail.
fn put_table(text: &str, table: &TokenStream) -> String {
    let Some(line) = text.lines().find(|l| l.trim() == TABLE_PLACEHOLDER) else { return text.to_string() };
    let indent = &line[..line.len() - line.trim_start().len()];
    let (mut head, mut rows, mut tail) = (TokenStream::new(), None, TokenStream::new());
    for token in table.clone() {
        match token {
            TokenTree::Group(group) if rows.is_none() && group.delimiter() == Delimiter::Brace => rows = Some(group.stream()),
            token if rows.is_none() => head.extend([token]),
            token => tail.extend([token]),
        }
    }
    let mut body = format!("{indent}{} {{\n", tokens_text(head));
    for row in split_rows(rows.unwrap_or_default()) {
        let (docs, row) = leading_docs(row);
        for doc in docs {
            // A doc placeholder's line, which `put_docs` fills in.
            body.push_str(&format!("{indent}    ///{doc}\n"));
        }
        body.push_str(&format!("{indent}    {},\n", tokens_text(row)));
    }
    body.push_str(&format!("{indent}}}"));
    if !tail.is_empty() {
        body.push_str(&format!("\n{indent}{}", tokens_text(tail)));
    }
    text.replacen(line, &body, 1)
}

/// The texts of a row's leading doc placeholders (`#[doc = "\u{1}3"]`), and the rest of the row.
fn leading_docs(row: TokenStream) -> (Vec<String>, TokenStream) {
    let mut docs = Vec::new();
    let mut tokens: Vec<TokenTree> = row.into_iter().collect();
    while let [TokenTree::Punct(pound), TokenTree::Group(group), ..] = tokens.as_slice() {
        let placeholder = match group.stream().into_iter().collect::<Vec<_>>().as_slice() {
            [TokenTree::Ident(doc), TokenTree::Punct(eq), TokenTree::Literal(text)] if pound.as_char() == '#' && doc == "doc" && eq.as_char() == '=' => {
                syn::parse2::<syn::LitStr>(text.to_token_stream()).ok().map(|l| l.value()).filter(|v| v.starts_with(super::docs::DOC_MARK))
            }
            _ => None,
        };
        let Some(placeholder) = placeholder else { break };
        docs.push(placeholder);
        tokens.drain(..2);
    }
    (docs, tokens.into_iter().collect())
}

/// The comma-separated rows of a table.
fn split_rows(stream: TokenStream) -> Vec<TokenStream> {
    let mut rows = vec![TokenStream::new()];
    let mut depth = 0i32;
    for token in stream {
        if let TokenTree::Punct(p) = &token {
            match p.as_char() {
                '<' => depth += 1,
                '>' => depth -= 1,
                ',' if depth == 0 => {
                    rows.push(TokenStream::new());
                    continue;
                }
                _ => {}
            }
        }
        rows.last_mut().expect("never empty").extend([token]);
    }
    rows.retain(|row| !row.is_empty());
    rows
}

/// Tokens as Rust writes them: `Option<Vec<String>>`, `key: T = "k" kind`.
fn tokens_text(stream: TokenStream) -> String {
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

/// The attributes of the item kinds the generator emits.
fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::Item::Struct(i) => Some(&mut i.attrs),
        syn::Item::Enum(i) => Some(&mut i.attrs),
        syn::Item::Impl(i) => Some(&mut i.attrs),
        syn::Item::Type(i) => Some(&mut i.attrs),
        syn::Item::Fn(i) => Some(&mut i.attrs),
        syn::Item::Const(i) => Some(&mut i.attrs),
        syn::Item::Mod(i) => Some(&mut i.attrs),
        syn::Item::Use(i) => Some(&mut i.attrs),
        syn::Item::Macro(i) => Some(&mut i.attrs),
        _ => None,
    }
}

