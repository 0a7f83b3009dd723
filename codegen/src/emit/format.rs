//! Tokens → formatted text. A file is a prelude (inner attributes, `use`s,
//! shared items) and units (a type with its impls, a resource, a batch of
//! examples); units are built and formatted on every core, each thread with
//! its own tokens (`proc_macro2` token streams cannot cross threads), and
//! joined in order, so the output does not depend on the thread count.

use proc_macro2::TokenStream;

use super::placeholders::{Blocks, fill_docs, fill_tables};

use crate::diagnostics::Error;

/// One independently formatted piece of a file: its items, the predicate of a
/// `#[cfg(..)]` to put on each of them, and the blocks of text its placeholders stand for
/// (see `placeholders.rs`).
pub(super) struct Unit {
    /// Items built as syntax trees, which come first.
    pub built: Vec<syn::Item>,
    pub items: TokenStream,
    /// Items built as syntax trees that come last (a type's aliases).
    pub built_after: Vec<syn::Item>,
    pub cfg: Option<TokenStream>,
    pub blocks: Blocks,
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
    let worker = || -> Result<Vec<(usize, String)>, Error> {
        let context = context()?;
        let mut texts = Vec::new();
        loop {
            let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(piece) = work.get(index) else { break };
            texts.push((index, format_unit(file, render(&context, piece))?));
        }
        Ok(texts)
    };
    // This thread is one of the workers: a small file spawns no thread at all.
    let done: Vec<Result<Vec<(usize, String)>, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(worker)).collect();
        let mut done = vec![worker()];
        done.extend(handles.into_iter().map(|h| {
            h.join().unwrap_or_else(|_| {
                Err(Error::Format { file: file.to_string(), message: "a formatting thread panicked".into() })
            })
        }));
        done
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
    let syntax = parse(file, unit.built, unit.items, unit.built_after)?;
    unparse_items(file, syntax, false, &unit.blocks, Some(&cfg_text(file, cfg)?))
}

/// `#[cfg(..)]` as prettyplease prints it before a top-level item. A unit's items all
/// carry its cfg; printed once and put before each, rather than printed with each (a
/// feature list can be twenty lines, on hundreds of items).
fn cfg_text(file: &str, cfg: TokenStream) -> Result<String, Error> {
    let mut syntax: syn::File = syn::parse_quote!(
        struct Cfg;
    );
    if let Some(attrs) = syntax.items.first_mut().and_then(item_attrs) {
        attrs.push(super::syntax::list_attribute("cfg", cfg));
    }
    let text = prettyplease::unparse(&syntax);
    let cfg = text.strip_suffix("struct Cfg;\n").filter(|cfg| cfg.starts_with("#[cfg("));
    cfg.map(str::to_string).ok_or_else(|| Error::Format {
        file: file.to_string(),
        message: format!("a cfg attribute printed as `{text}`, not before its item"),
    })
}

/// Formats a unit one item at a time, each after a blank line; with `inner`,
/// the file's inner attributes (`#![doc]`) come first.
fn format_items(file: &str, unit: Unit, inner: bool) -> Result<String, Error> {
    unparse_items(file, parse(file, unit.built, unit.items, unit.built_after)?, inner, &unit.blocks, None)
}

/// The built items, then those parsed from `tokens`, then the ones built to come after.
fn parse(file: &str, built: Vec<syn::Item>, tokens: TokenStream, after: Vec<syn::Item>) -> Result<syn::File, Error> {
    let mut syntax: syn::File =
        syn::parse2(tokens).map_err(|e| Error::Format { file: file.to_string(), message: e.to_string() })?;
    syntax.items.splice(0..0, built);
    syntax.items.extend(after);
    Ok(syntax)
}

/// Prints each item, `cfg` (the printed attribute) first where the item kind takes one.
fn unparse_items(
    file: &str,
    mut syntax: syn::File,
    inner: bool,
    blocks: &Blocks,
    cfg: Option<&str>,
) -> Result<String, Error> {
    let items = std::mem::take(&mut syntax.items);
    let mut out = String::new();
    if inner {
        out.push_str(&prettyplease::unparse(&syntax));
    }
    syntax.attrs.clear();
    for mut item in items {
        out.push('\n');
        if let Some(cfg) = cfg.filter(|_| item_attrs(&mut item).is_some()) {
            out.push_str(cfg);
        }
        let invocation = matches!(item, syn::Item::Macro(_));
        syntax.items = vec![item];
        let text = prettyplease::unparse(&syntax);
        out.push_str(&if invocation { fill_tables(file, text, blocks)? } else { text });
    }
    fill_docs(file, out, blocks)
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
