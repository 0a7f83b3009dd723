//! Doc comments from spec text. Spec descriptions are Markdown written for web
//! docs; rustdoc would misread some of it (untagged code fences run as doctests,
//! `[x]` looks like an intra-doc link, `<x>` like HTML), so it is made safe here.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::model::Docs;

/// `#[doc = "…"]` attributes, one per line.
pub fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! { #( #[doc = #lines] )* }
}

pub fn lines(docs: &Docs) -> Vec<String> {
    let mut out = Vec::new();
    let description = docs.description.as_deref().map(str::trim).filter(|d| !d.is_empty());
    if let Some(title) = docs.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        if description.is_none_or(|d| !d.starts_with(title)) {
            paragraph(&mut out, &markdown(title));
        }
    }
    if let Some(description) = description {
        paragraph(&mut out, &markdown(description));
    }
    if docs.deprecated {
        paragraph(&mut out, &["**Deprecated.**".to_string()]);
    }
    if !docs.notes.is_empty() {
        paragraph(&mut out, &[docs.notes.join(" ")]);
    }
    for example in &docs.examples {
        paragraph(&mut out, &example_lines(example));
    }
    out
}

pub fn paragraph(out: &mut Vec<String>, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push(String::new());
    }
    out.extend(lines.iter().cloned());
}

fn example_lines(example: &Value) -> Vec<String> {
    let compact = example.to_string();
    if compact.len() <= 80 {
        return vec![format!("Example: `{}`", compact.replace('`', "'"))];
    }
    let pretty = serde_json::to_string_pretty(example).unwrap_or(compact);
    let mut lines = vec!["Example:".to_string(), "```json".to_string()];
    lines.extend(pretty.lines().map(str::to_string));
    lines.push("```".to_string());
    lines
}

/// Markdown made safe for rustdoc.
pub fn markdown(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for raw in text.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            if in_fence {
                out.push("```".to_string());
            } else {
                // Only Rust fences are doctests; anything else is shown as text.
                let lang = lang.trim();
                let lang = if lang.is_empty() || lang == "rust" { "text" } else { lang };
                out.push(format!("```{lang}"));
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_string());
        } else {
            // Leading indentation would make an indented code block (a doctest).
            out.push(escape_inline(trimmed));
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// Escapes `[`, `]`, `<`, `>` outside inline code and wraps bare URLs in `<…>`.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = rest.find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\'' | '`' | ']')).unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        if !in_code && matches!(c, '[' | ']' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    if in_code {
        // An unbalanced backtick would swallow the rest of the doc comment.
        out = out.replace('`', "'");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_are_never_doctests() {
        let lines = markdown("Use:\n```\ncurl x\n```\nand\n    indented");
        assert_eq!(lines, vec!["Use:", "```text", "curl x", "```", "and", "indented"]);
    }

    #[test]
    fn links_and_html_are_escaped() {
        assert_eq!(escape_inline("see [docs] <b> https://x.io/a."), "see \\[docs\\] \\<b\\> <https://x.io/a>.");
        assert_eq!(escape_inline("`[kept]`"), "`[kept]`");
    }
}
