//! Doc comments from spec text. Spec descriptions are Markdown written for web
//! docs; rustdoc would misread some of it (untagged code fences run as doctests,
//! `[x]` looks like an intra-doc link, `<x>` like HTML), so it is made safe here.

use std::borrow::Cow;

use serde_json::Value;

use crate::model::Docs;

/// Spec text with its line breaks as `\n` only: a `\r\n` or a lone `\r` (a bare
/// carriage return, which rustc refuses in a doc comment) becomes `\n`. Spec
/// text reaches doc comments through [`markdown`] and the emitter's doc
/// placeholders, which both call this; the few `#[doc]`s written without a
/// placeholder (servers, schemes, statuses, the title) call it themselves.
pub fn line_breaks(text: &str) -> Cow<'_, str> {
    if text.contains('\r') { Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")) } else { Cow::Borrowed(text) }
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
    let notes = notes(docs);
    if !notes.is_empty() {
        paragraph(&mut out, &[notes]);
    }
    for example in &docs.examples {
        paragraph(&mut out, &example_lines(example));
    }
    out
}

/// A value shown exactly, inside backticks on one line: a backtick would end
/// the span (it becomes `'`), and control characters (`\r`, `\n`, `\t`) are
/// written as their escapes, so values that differ only in them stay apart.
pub fn code_span(value: &str) -> Cow<'_, str> {
    if !value.contains(|c: char| c == '`' || c.is_control()) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match c {
            '`' => out.push('\''),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Facts the Rust type cannot carry: the wire format, and the allowed values of a non-string enum.
fn notes(docs: &Docs) -> String {
    let mut notes: Vec<String> = docs.format.iter().map(|f| format!("Format: `{f}`.")).collect();
    if !docs.allowed.is_empty() {
        let list: Vec<String> = docs.allowed.iter().map(|v| format!("`{v}`")).collect();
        notes.push(format!("Allowed values: {}.", list.join(", ")));
    }
    notes.join(" ")
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

/// Markdown made safe for rustdoc and clippy: fences that are not Rust become
/// `text`, indentation that would make a code block (a doctest) is dropped,
/// list continuations are indented so they stay in their item, and inline
/// text is escaped (see [`escape_inline`]).
pub fn markdown(text: &str) -> Vec<String> {
    let text = &*line_breaks(text);
    // Most descriptions are one line of prose: the same result, without the block pass.
    if !text.contains(['\n', '\t']) && !text.trim_start().starts_with("```") {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Vec::new();
        }
        return match list_item(trimmed) {
            Some((marker, rest)) => vec![escape_inline(&format!("{marker} {rest}"))],
            None => vec![escape_inline(trimmed)],
        };
    }
    // First the block structure, line by line; then inline escaping on each run of prose.
    let mut blocks: Vec<(String, bool)> = Vec::new();
    let mut in_fence = false;
    let mut list_indent: Option<usize> = None;
    for raw in text.replace('\t', "    ").lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        // CommonMark: a backtick fence's info string has no backtick (```` ```a``` ```` is inline code).
        if let Some(lang) = trimmed.strip_prefix("```").filter(|lang| !lang.contains('`')) {
            let fence = if in_fence {
                "```".to_string()
            } else {
                // Only Rust fences are doctests; anything else is shown as text.
                let lang = lang.trim();
                format!("```{}", if lang.is_empty() || lang == "rust" { "text" } else { lang })
            };
            in_fence = !in_fence;
            list_indent = None;
            blocks.push((fence, true));
            continue;
        }
        if in_fence {
            blocks.push((line.to_string(), true));
            continue;
        }
        if trimmed.is_empty() {
            list_indent = None;
            blocks.push((String::new(), false));
        } else if let Some((marker, rest)) = list_item(trimmed) {
            list_indent = Some(marker.len() + 1);
            blocks.push((format!("{marker} {rest}"), false));
        } else {
            let indent = " ".repeat(list_indent.unwrap_or(0));
            blocks.push((format!("{indent}{trimmed}"), false));
        }
    }
    if in_fence {
        blocks.push(("```".to_string(), true));
    }
    let mut out = Vec::new();
    let mut prose: Vec<String> = Vec::new();
    let flush = |prose: &mut Vec<String>, out: &mut Vec<String>| {
        if !prose.is_empty() {
            out.extend(escape_inline(&prose.join("\n")).split('\n').map(str::to_string));
            prose.clear();
        }
    };
    for (line, is_code) in blocks {
        if is_code {
            flush(&mut prose, &mut out);
            out.push(line);
        } else {
            prose.push(line);
        }
    }
    flush(&mut prose, &mut out);
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// `- item`, `* item`, `+ item`, `12. item` → (marker, text).
fn list_item(line: &str) -> Option<(&str, &str)> {
    let marker_end = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || !line[digits..].starts_with(['.', ')']) {
            return None;
        }
        digits + 1
    };
    let rest = &line[marker_end..];
    let text = rest.trim_start();
    (rest.starts_with(' ') && !text.is_empty()).then(|| (&line[..marker_end], text))
}

/// Escapes `[`, `]`, `<`, `>` outside inline code and Markdown links, and wraps
/// bare URLs in `<…>`, so rustdoc sees neither intra-doc links nor HTML.
fn escape_inline(text: &str) -> String {
    // Most descriptions are plain prose: nothing to escape or wrap.
    if !text.contains(['`', '[', ']', '<', '>']) && !text.contains("http") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_code = false;
    let mut i = 0;
    loop {
        // Only these characters start anything to do: copy the text up to the next one.
        let plain = text[i..].find(['`', '[', ']', '<', '>', 'h']).unwrap_or(text.len() - i);
        out.push_str(&text[i..i + plain]);
        i += plain;
        let Some(c) = text[i..].chars().next() else { break };
        let rest = &text[i..];
        if c == '`' {
            in_code = !in_code;
        } else if !in_code {
            if let Some(link) = markdown_link(rest) {
                out.push_str(link);
                i += link.len();
                continue;
            }
            if rest.starts_with("https://") || rest.starts_with("http://") {
                let end = rest
                    .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\'' | '`' | ']' | '<'))
                    .unwrap_or(rest.len());
                let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
                out.push('<');
                out.push_str(url);
                out.push('>');
                i += url.len();
                continue;
            }
            if matches!(c, '[' | ']' | '<' | '>') {
                out.push('\\');
            }
        }
        out.push(c);
        i += c.len_utf8();
    }
    if in_code {
        // An unbalanced backtick would swallow the rest of the doc comment.
        out = out.replace('`', "'");
    }
    out
}

/// `[text](url)` at the start of `text` (the text may span lines, not the URL).
fn markdown_link(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('[')?;
    let close = rest.find(']')?;
    let label = &rest[..close];
    if label.contains('[') || label.is_empty() {
        return None;
    }
    let after = rest[close + 1..].strip_prefix('(')?;
    let end = after.find(|c: char| c == ')' || c.is_whitespace())?;
    after[end..].starts_with(')').then(|| &text[..1 + close + 1 + 1 + end + 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lazy_continuation_after_inline_code_stays_in_its_item() {
        let lines = markdown(
            "Cases.\n\n* `/whoami`: any token.\n* `/resolve`: any token, but a result\nif the token has access.\n\nEnd.",
        );
        assert_eq!(lines[3], "* `/resolve`: any token, but a result");
        assert_eq!(lines[4], "  if the token has access.");
    }

    #[test]
    fn a_line_of_backticks_with_a_backtick_after_is_not_a_fence() {
        // CommonMark: a backtick fence's info string has no backtick; this is inline code.
        let lines = markdown("* For text, escaped. E.g\n  '\n```plain```\n  '\n* For others.");
        assert!(!lines.iter().any(|l| l.starts_with("```")), "{lines:?}");
        assert!(lines.iter().skip(1).take(3).all(|l| l.starts_with("  ")), "{lines:?}");
    }

    #[test]
    fn fences_are_never_doctests() {
        let lines = markdown("Use:\n```\ncurl x\n```\nand\n    indented");
        assert_eq!(lines, vec!["Use:", "```text", "curl x", "```", "and", "indented"]);
    }

    #[test]
    fn links_and_html_are_escaped() {
        assert_eq!(escape_inline("see [docs] <b> https://x.io/a."), "see \\[docs\\] \\<b\\> <https://x.io/a>.");
        assert_eq!(escape_inline("`[kept]`"), "`[kept]`");
        assert_eq!(escape_inline("a [real\nlink](https://x.io/b) here"), "a [real\nlink](https://x.io/b) here");
    }

    #[test]
    fn one_line_takes_the_short_way_to_the_same_result() {
        assert_eq!(markdown("  A [note] <b>  "), vec!["A \\[note\\] \\<b\\>"]);
        assert_eq!(markdown("*   item"), vec!["* item"]);
        assert_eq!(markdown("   "), Vec::<String>::new());
        assert_eq!(markdown("```"), vec!["```text", "```"]);
    }

    #[test]
    fn list_continuations_stay_in_their_item() {
        let lines = markdown("Note:\n*   first item\ncontinued here\n*   second\n\nafter");
        assert_eq!(lines, vec!["Note:", "* first item", "  continued here", "* second", "", "after"]);
    }

    #[test]
    fn carriage_returns_are_line_breaks() {
        assert_eq!(markdown("a\rb"), vec!["a", "b"]);
        assert_eq!(markdown("a\r\nb\r\n"), vec!["a", "b"]);
        assert_eq!(markdown("a\r"), vec!["a"]);
        // As the same text with line feeds.
        for text in ["\ra\r", "\r\n\r\na\r\n\r\n", "```\rcode\r```\rafter"] {
            assert_eq!(markdown(text), markdown(&text.replace("\r\n", "\n").replace('\r', "\n")), "{text:?}");
        }
        assert_eq!(
            markdown("Note:\r* first\rcontinued\r\r\rafter"),
            vec!["Note:", "* first", "  continued", "", "", "after"]
        );
        assert!(markdown("x\r\r\ry\r\n\rz").iter().all(|line| !line.contains('\r')));
    }

    #[test]
    fn code_spans_show_control_characters_as_escapes() {
        assert_eq!(code_span("plain"), "plain");
        assert_eq!(code_span("\r\n|\n|\t|`x`"), "\\r\\n|\\n|\\t|'x'");
    }

    /// Spec text that reaches comments outside `markdown` (title, version, the
    /// file's name, servers, schemes, statuses, media types, paths): every
    /// file still lexes, as rustc's lexer would (no bare `\r` in a doc comment).
    #[test]
    fn carriage_returns_anywhere_make_valid_rust() {
        let spec = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "a\rb", "version": "1\r"},
            "servers": [{"url": "https://x.test/\r"}],
            "security": [{"k\rey": []}],
            "paths": {"/a\rb": {"get": {
                "operationId": "get",
                "summary": "s\r",
                "responses": {
                    "200": {"description": "d\r", "content": {"application/json\r": {"schema": {"type": "string", "format": "f\rg"}}}},
                    "2\r01": {"description": "d\r"}
                }
            }}},
            "components": {"securitySchemes": {"k\rey": {"type": "apiKey", "in": "header", "name": "X\rKey", "description": "a\rb"}}}
        });
        let options = crate::EmitOptions { operation_tests: Some("api".to_string()), ..crate::EmitOptions::default() };
        let generated = crate::generate_from_value("a\rb\nc.yaml", spec, std::path::Path::new("."), &options)
            .unwrap_or_else(|e| panic!("{e}"));
        for (file, text) in &generated.files {
            if file.ends_with(".rs") {
                syn::parse_file(text).unwrap_or_else(|e| panic!("{file}: {e}\n{text}"));
            }
        }
    }
}
