//! A fast reader for the YAML that specs are written in: block mappings and
//! sequences, plain, quoted and block scalars, flow collections, comments,
//! anchors and aliases. libyaml (behind serde_yaml) and yaml-rust2 both read
//! about four times slower than serde_json reads the same document as JSON,
//! which made a YAML spec's load the largest serial step of a small run.
//!
//! The reader answers `None` for anything outside that subset or in doubt
//! (tags, directives, complex keys, tabs, numbers in rare notations, any
//! syntax error...); `load` then reads the text with serde_yaml as before, so
//! errors and rare constructs keep serde_yaml's behaviour. What it accepts, it
//! reads exactly as serde_yaml does into `serde_json::Value` (YAML 1.2 core
//! scalars; keys as their text; a later duplicate key wins): the unit tests
//! and `cargo xtask yaml-parity` compare the two on every YAML spec at hand.

use rustc_hash::FxHashMap;
use serde_json::{Map, Number, Value};

/// Reads `text` as one YAML document whose root is a mapping or a sequence;
/// `None` when it is outside the subset (the caller falls back to serde_yaml).
pub fn parse(text: &str) -> Option<Value> {
    if !plain_text(text) {
        return None;
    }
    let mut reader = Reader { text, lines: lines(text), at: 0, anchors: FxHashMap::default(), copies: 0, depth: 0 };
    reader.skip_blank();
    if let Some(line) = reader.lines.get(reader.at)
        && line.indent == 0
        && reader.content(reader.at).starts_with("---")
    {
        if !is_marker(reader.content(reader.at)) || !only_comment(&reader.content(reader.at)[3..]) {
            return None;
        }
        reader.at += 1;
        reader.skip_blank();
    }
    let line = reader.lines.get(reader.at)?;
    let indent = line.indent;
    let content = reader.content(reader.at);
    let root = if is_entry(content) {
        reader.sequence(indent)?
    } else if split_key(content)?.is_some() {
        reader.mapping(indent)?
    } else {
        return None;
    };
    reader.skip_blank();
    (reader.at == reader.lines.len()).then_some(root)
}

/// How [`parse`] compares with serde_yaml on one text.
#[derive(Debug, PartialEq)]
pub enum Parity {
    /// Both read the same value.
    Same,
    /// The reader left the text to serde_yaml.
    Left,
    /// The reader read a value serde_yaml does not: what each read.
    Differs(String),
}

/// Reads `text` with [`parse`] and with serde_yaml (`cargo xtask yaml-parity`, the tests).
pub fn parity(text: &str) -> Parity {
    let Some(ours) = parse(text) else { return Parity::Left };
    match serde_yaml::from_str::<Value>(text) {
        Ok(theirs) if theirs == ours => Parity::Same,
        Ok(theirs) => Parity::Differs(format!("this reader: {ours}\nserde_yaml: {theirs}")),
        Err(error) => Parity::Differs(format!("this reader: {ours}\nserde_yaml: {error}")),
    }
}

/// How many nested collections the reader follows; serde_yaml's own limit is 128, and the
/// reader recurses, so deeper documents are left to `load`'s bounded readers.
const MAX_DEPTH: usize = 100;

/// One line: its indentation and where its content is in the text (no line break, no `\r`).
#[derive(Clone, Copy)]
struct Line {
    indent: usize,
    start: usize,
    end: usize,
}

struct Reader<'a> {
    text: &'a str,
    lines: Vec<Line>,
    /// The next line to read.
    at: usize,
    /// Anchored values and how many values each holds, for aliases.
    anchors: FxHashMap<&'a str, (Value, usize)>,
    /// Values copied by aliases so far: bounded, against alias bombs.
    copies: usize,
    depth: usize,
}

/// Only characters libyaml accepts as printable, no tabs (their indentation rules are
/// subtle), and `\r` only before `\n`.
fn plain_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut ascii = true;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\n' | 0x20..=0x7e => {}
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {}
            0x80.. => ascii = false,
            _ => return false,
        }
    }
    // Not U+2028 and U+2029, which libyaml takes for line breaks, nor a byte order mark.
    ascii
        || text.chars().all(|c| {
            matches!(c, '\n' | '\r' | ' '..='~' | '\u{a0}'..='\u{2027}' | '\u{202a}'..='\u{d7ff}' | '\u{e000}'..='\u{fefe}' | '\u{ff00}'..='\u{fffd}' | '\u{10000}'..)
        })
}

fn lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::with_capacity(text.len() / 24);
    let mut start = 0;
    let bytes = text.as_bytes();
    while start < bytes.len() {
        let end = bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| start + i);
        let content_end = if end > start && bytes[end - 1] == b'\r' { end - 1 } else { end };
        let indent = bytes[start..content_end].iter().take_while(|&&b| b == b' ').count();
        lines.push(Line { indent, start: start + indent, end: content_end });
        start = end + 1;
    }
    lines
}

/// `- x` or a lone `-`: a block sequence entry.
fn is_entry(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

/// The text before a comment (a `#` at the start or after a space), trimmed at the end.
fn strip_comment(text: &str) -> &str {
    let bytes = text.as_bytes();
    let end = (0..bytes.len()).find(|&i| bytes[i] == b'#' && (i == 0 || bytes[i - 1] == b' '));
    text[..end.unwrap_or(text.len())].trim_end_matches(' ')
}

/// Whether only spaces and a comment follow a closed node on its line.
fn only_comment(after: &str) -> bool {
    after.is_empty() || (after.starts_with(' ') && strip_comment(after).is_empty())
}

/// Splits a `key: rest` line: `Some(Some((key, rest)))`; `Some(None)` when the line holds
/// no key (a scalar, a flow collection); `None` for a key the reader leaves to serde_yaml
/// (anchored, aliased, tagged or complex) or a quoted scalar followed by text.
fn split_key(content: &str) -> Option<Option<(String, &str)>> {
    let first = *content.as_bytes().first()?;
    match first {
        b'"' | b'\'' => {
            // Not closed on its line: a quoted scalar over lines, no key.
            let Some((key, after)) = quoted_line(content) else { return Some(None) };
            return Some(match after.trim_start_matches(' ').strip_prefix(':') {
                Some(rest) if rest.is_empty() || rest.starts_with(' ') => Some((key, rest.trim_start_matches(' '))),
                _ => None,
            });
        }
        // A flow collection (a flow key, `{a: 1}: x`, is refused after it).
        b'[' | b'{' => return Some(None),
        _ => {}
    }
    let bytes = content.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' if i > 0 && bytes[i - 1] == b' ' => return Some(None),
            b':' if i + 1 == bytes.len() || bytes[i + 1] == b' ' => {
                let key = content[..i].trim_end_matches(' ');
                if key.is_empty() || !plain_start(key) {
                    return None;
                }
                return Some(Some((key.to_string(), content[i + 1..].trim_start_matches(' '))));
            }
            _ => {}
        }
        i += 1;
    }
    Some(None)
}

/// Whether a plain scalar may start so (YAML's `ns-plain-first`), leaving out the
/// indicators the reader does not take: a plain scalar in the subset starts with none.
fn plain_start(text: &str) -> bool {
    let bytes = text.as_bytes();
    match bytes.first() {
        None => false,
        Some(b'-' | b'?' | b':') => bytes.get(1).is_some_and(|&b| b != b' '),
        Some(
            b'[' | b']' | b'{' | b'}' | b',' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\'' | b'"' | b'%' | b'@'
            | b'`',
        ) => false,
        Some(_) => true,
    }
}

/// A quoted scalar closed on its line: the string and what follows the closing quote.
fn quoted_line(content: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let body = &content[1..];
    let (quote, end) = match content.as_bytes().first()? {
        b'\'' => ('\'', unquote_into(body, &mut out)),
        b'"' => ('"', unescape_into(body, &mut out)?),
        _ => return None,
    };
    body[end..].strip_prefix(quote).map(|after| (out, after))
}

/// Single-quoted text into `out` (`''` is a quote) up to the closing quote or the end of
/// `text`; returns where it stopped (the quote's index, or `text.len()`).
fn unquote_into(text: &str, out: &mut String) -> usize {
    let mut rest = text;
    loop {
        match rest.find('\'') {
            Some(i) if rest[i + 1..].starts_with('\'') => {
                out.push_str(&rest[..=i]);
                rest = &rest[i + 2..];
            }
            Some(i) => {
                out.push_str(&rest[..i]);
                return text.len() - rest.len() + i;
            }
            None => {
                out.push_str(rest);
                return text.len();
            }
        }
    }
}

/// Double-quoted text into `out`, unescaped, up to the closing quote or the end of `text`;
/// returns where it stopped (the quote's index, or `text.len()`). `None` for a bad escape
/// or a `\` at the end (an escaped line break: [`Reader::quoted`] reads those).
fn unescape_into(text: &str, out: &mut String) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut run = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => break,
            b'\\' => {
                out.push_str(&text[run..i]);
                let escape = *bytes.get(i + 1)?;
                i += 2;
                let simple = match escape {
                    b'0' => Some('\0'),
                    b'a' => Some('\u{7}'),
                    b'b' => Some('\u{8}'),
                    b't' => Some('\t'),
                    b'n' => Some('\n'),
                    b'v' => Some('\u{b}'),
                    b'f' => Some('\u{c}'),
                    b'r' => Some('\r'),
                    b'e' => Some('\u{1b}'),
                    b' ' => Some(' '),
                    b'"' => Some('"'),
                    b'/' => Some('/'),
                    b'\\' => Some('\\'),
                    b'N' => Some('\u{85}'),
                    b'_' => Some('\u{a0}'),
                    b'L' => Some('\u{2028}'),
                    b'P' => Some('\u{2029}'),
                    _ => None,
                };
                if let Some(c) = simple {
                    out.push(c);
                } else {
                    let digits = match escape {
                        b'x' => 2,
                        b'u' => 4,
                        b'U' => 8,
                        _ => return None,
                    };
                    let hex = text.get(i..i + digits)?;
                    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return None;
                    }
                    out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                    i += digits;
                }
                run = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&text[run..i]);
    Some(i)
}

/// A plain scalar's value as serde_yaml reads it (YAML 1.2 core schema); `None` for the
/// notations the reader leaves to it (`0x1f`, `.inf`, signed leading zeros, huge integers).
fn plain_value(text: &str) -> Option<Value> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let bytes = text.as_bytes();
    let first = bytes[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return Some(Value::String(text.to_string()));
    }
    let (signed, unsigned) = match first {
        b'-' | b'+' => (true, &text[1..]),
        _ => (false, text),
    };
    let u = unsigned.as_bytes();
    match u {
        [] => return Some(Value::String(text.to_string())),
        [b'0', b'x' | b'X' | b'o' | b'O' | b'b' | b'B', ..] => return None,
        b".inf" | b".Inf" | b".INF" | b".nan" | b".NaN" | b".NAN" => return None,
        _ => {}
    }
    if u.iter().all(u8::is_ascii_digit) {
        if u.len() > 1 && u[0] == b'0' {
            return if signed { None } else { Some(Value::String(text.to_string())) };
        }
        let number = if first == b'-' {
            text.parse::<i64>().ok().map(Number::from)
        } else {
            unsigned.parse::<u64>().ok().map(Number::from)
        };
        return number.map(Value::Number);
    }
    if is_float(u) {
        if u.len() > 1 && u[0] == b'0' && u[1].is_ascii_digit() {
            return None;
        }
        let float: f64 = text.parse().ok()?;
        return if float.is_finite() { Number::from_f64(float).map(Value::Number) } else { None };
    }
    Some(Value::String(text.to_string()))
}

/// `1.5`, `1.`, `.5`, `1e5`, `1.5E-3`: digits with a point or an exponent (no sign).
fn is_float(u: &[u8]) -> bool {
    let mut i = 0;
    let int_digits = u.iter().take_while(|b| b.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    let point = u.get(i) == Some(&b'.');
    if point {
        i += 1;
        frac_digits = u[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return false;
    }
    let mut exponent = false;
    if matches!(u.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(u.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let digits = u[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        i += digits;
        exponent = true;
    }
    i == u.len() && (point || exponent)
}

/// How many values `value` holds, itself included.
fn size(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(size).sum::<usize>(),
        Value::Object(map) => 1 + map.values().map(size).sum::<usize>(),
        _ => 1,
    }
}

impl<'a> Reader<'a> {
    fn content(&self, at: usize) -> &'a str {
        let line = self.lines[at];
        &self.text[line.start..line.end]
    }

    /// Past blank and comment-only lines.
    fn skip_blank(&mut self) {
        while let Some(line) = self.lines.get(self.at) {
            let content = &self.text[line.start..line.end];
            if !(content.is_empty() || content.starts_with('#')) {
                break;
            }
            self.at += 1;
        }
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    /// A block mapping whose keys are at `indent`; the current line is its first key.
    fn mapping(&mut self, indent: usize) -> Option<Value> {
        self.enter()?;
        let mut map = Map::new();
        loop {
            self.skip_blank();
            let Some(line) = self.lines.get(self.at).copied() else { break };
            if line.indent < indent {
                break;
            }
            let content = self.content(self.at);
            if line.indent > indent || is_entry(content) || (indent == 0 && is_marker(content)) {
                return None;
            }
            let (key, rest) = split_key(content)??;
            let rest_start = line.end - rest.len();
            let value = self.value(indent, rest_start, true)?;
            map.insert(key, value);
        }
        self.depth -= 1;
        Some(Value::Object(map))
    }

    /// A block sequence whose `-` are at `indent`; the current line is its first entry.
    fn sequence(&mut self, indent: usize) -> Option<Value> {
        self.enter()?;
        let mut items = Vec::new();
        loop {
            self.skip_blank();
            let Some(line) = self.lines.get(self.at).copied() else { break };
            let content = self.content(self.at);
            if line.indent < indent || (line.indent == indent && !is_entry(content)) {
                break;
            }
            if line.indent > indent {
                return None;
            }
            let after_dash = content[1..].trim_start_matches(' ');
            let item_start = line.end - after_dash.len();
            // An entry that opens a mapping or a sequence on its line: read that line as if it
            // started at the entry's column.
            let opens = !after_dash.is_empty() && !after_dash.starts_with('#');
            if opens && (is_entry(after_dash) || split_key(after_dash)?.is_some()) {
                let column = item_start - (line.start - line.indent);
                self.lines[self.at] = Line { indent: column, start: item_start, end: line.end };
                items.push(if is_entry(after_dash) { self.sequence(column)? } else { self.mapping(column)? });
                continue;
            }
            items.push(self.value(indent, item_start, false)?);
        }
        self.depth -= 1;
        Some(Value::Array(items))
    }

    /// The value that starts at byte `start` of the current line, after a key at `indent`
    /// (`in_mapping`) or a `-` at `indent`; reads through the lines it spans.
    fn value(&mut self, indent: usize, start: usize, in_mapping: bool) -> Option<Value> {
        let line = self.lines[self.at];
        let text = &self.text[start..line.end];
        match text.as_bytes().first() {
            None | Some(b'#') => {
                self.at += 1;
                self.nested(indent, in_mapping)
            }
            Some(b'&') => {
                let name_end = text.find(' ').unwrap_or(text.len());
                let name = &text[1..name_end];
                if name.is_empty() {
                    return None;
                }
                let after = text[name_end..].trim_start_matches(' ');
                let value = if after.is_empty() || after.starts_with('#') {
                    self.at += 1;
                    self.nested(indent, in_mapping)?
                } else {
                    if matches!(after.as_bytes()[0], b'&' | b'*') {
                        return None;
                    }
                    self.value(indent, line.end - after.len(), in_mapping)?
                };
                let held = size(&value);
                self.anchors.insert(name, (value.clone(), held));
                Some(value)
            }
            Some(b'*') => {
                let alias = strip_comment(&text[1..]);
                let (value, held) = self.anchors.get(alias)?;
                self.copies += held;
                if self.copies > self.text.len() {
                    return None;
                }
                let value = value.clone();
                self.at += 1;
                Some(value)
            }
            Some(b'|' | b'>') => self.block_scalar(indent, text),
            Some(b'"' | b'\'') => self.quoted(indent, start),
            Some(b'[' | b'{') => self.flow(indent, start),
            Some(_) => self.plain(indent, text),
        }
    }

    /// A value on the lines after a key or `-` with nothing after it: a more indented node,
    /// a sequence at the key's own indentation, or null.
    fn nested(&mut self, indent: usize, in_mapping: bool) -> Option<Value> {
        self.skip_blank();
        let Some(line) = self.lines.get(self.at).copied() else { return Some(Value::Null) };
        let content = self.content(self.at);
        if line.indent == indent && in_mapping && is_entry(content) {
            return self.sequence(indent);
        }
        if line.indent <= indent {
            return Some(Value::Null);
        }
        if is_entry(content) {
            return self.sequence(line.indent);
        }
        match split_key(content)? {
            Some(_) => self.mapping(line.indent),
            None => match content.as_bytes()[0] {
                b'"' | b'\'' => self.quoted(indent, line.start),
                b'[' | b'{' => self.flow(indent, line.start),
                _ if plain_start(content) => self.plain(indent, content),
                _ => None,
            },
        }
    }

    /// A plain scalar from `text` on the current line and the more indented lines after it.
    fn plain(&mut self, indent: usize, text: &'a str) -> Option<Value> {
        if !plain_start(text) {
            return None;
        }
        let first = strip_comment(text);
        let commented = first.len() < text.trim_end_matches(' ').len();
        if !plain_line(first) {
            return None;
        }
        self.at += 1;
        if commented {
            return plain_value(first);
        }
        let mut folded: Option<String> = None;
        let mut breaks = 0;
        let mut probe = self.at;
        while let Some(line) = self.lines.get(probe).copied() {
            let content = self.content(probe);
            if content.is_empty() {
                breaks += 1;
                probe += 1;
                continue;
            }
            if line.indent <= indent || content.starts_with('#') {
                break;
            }
            let piece = strip_comment(content);
            let commented = piece.len() < content.len();
            // A continued line may start with an indicator: it is text there.
            if !plain_line(piece) {
                return None;
            }
            let out = folded.get_or_insert_with(|| first.to_string());
            fold(out, breaks);
            out.push_str(piece);
            breaks = 0;
            probe += 1;
            self.at = probe;
            if commented {
                break;
            }
        }
        match folded {
            Some(text) => plain_value(&text),
            None => plain_value(first),
        }
    }

    /// A quoted scalar that opens at byte `start` of the current line and may fold over
    /// more indented lines.
    fn quoted(&mut self, indent: usize, start: usize) -> Option<Value> {
        let line = self.lines[self.at];
        let text = &self.text[start..line.end];
        if let Some((value, after)) = quoted_line(text) {
            if !only_comment(after) {
                return None;
            }
            self.at += 1;
            return Some(Value::String(value));
        }
        // Spans lines: each break folds to a space, or to one `\n` per empty line between.
        let double = text.starts_with('"');
        let mut out = String::new();
        let mut piece = &text[1..];
        loop {
            // A `\` ending a double-quoted line escapes the break: the lines join with nothing.
            let escaped_break = double && (piece.len() - piece.trim_end_matches('\\').len()) % 2 == 1;
            let closed = if escaped_break {
                let end = unescape_into(&piece[..piece.len() - 1], &mut out)?;
                if end < piece.len() - 1 {
                    return None;
                }
                None
            } else {
                let end = if double { unescape_into(piece, &mut out)? } else { unquote_into(piece, &mut out) };
                (end < piece.len()).then(|| &piece[end + 1..])
            };
            if let Some(after) = closed {
                if !only_comment(after) {
                    return None;
                }
                self.at += 1;
                return Some(Value::String(out));
            }
            // Spaces before the break go; an escaped one (`\ `) would stay: left to serde_yaml.
            let spaces = if escaped_break { 0 } else { piece.len() - piece.trim_end_matches(' ').len() };
            if double && !escaped_break && piece[..piece.len() - spaces].ends_with('\\') {
                return None;
            }
            out.truncate(out.len() - spaces);
            self.at += 1;
            let mut breaks = 0;
            loop {
                let line = *self.lines.get(self.at)?;
                let content = self.content(self.at);
                if content.is_empty() {
                    breaks += 1;
                    self.at += 1;
                    continue;
                }
                if line.indent <= indent {
                    return None;
                }
                break;
            }
            match (escaped_break, breaks) {
                (true, 0) => {}
                (true, _) => return None,
                (false, _) => fold(&mut out, breaks),
            }
            piece = self.content(self.at);
        }
    }

    /// A `|` or `>` block scalar whose header is `header`, for a node at `indent`.
    fn block_scalar(&mut self, indent: usize, header: &str) -> Option<Value> {
        let literal = header.starts_with('|');
        let rest = &header[1..];
        let n = rest.bytes().take_while(|b| matches!(b, b'+' | b'-' | b'0'..=b'9')).count();
        let chomp = match &rest[..n] {
            "" => Chomp::Clip,
            "-" => Chomp::Strip,
            "+" => Chomp::Keep,
            // Indentation indicators are left to serde_yaml.
            _ => return None,
        };
        if !only_comment(&rest[n..]) {
            return None;
        }
        self.at += 1;
        // The scalar's lines, `None` for an empty one, and the indentation of its content.
        let mut body: Vec<Option<&str>> = Vec::new();
        let mut content_indent: Option<usize> = None;
        let mut leading_spaces = 0;
        while let Some(line) = self.lines.get(self.at).copied() {
            let content = self.content(self.at);
            if content.is_empty() {
                match content_indent {
                    // Spaces past the content's indentation are text (a more indented line).
                    Some(n) if line.indent > n => body.push(Some(&self.text[line.start - (line.indent - n)..line.end])),
                    Some(_) => body.push(None),
                    None => {
                        leading_spaces = leading_spaces.max(line.indent);
                        body.push(None);
                    }
                }
                self.at += 1;
                continue;
            }
            let n = match content_indent {
                Some(n) => n,
                // No text: the scalar is empty.
                None if line.indent <= indent => break,
                // Empty lines more indented than the first text: an error, left to serde_yaml.
                None if leading_spaces > line.indent => return None,
                None => *content_indent.insert(line.indent),
            };
            if line.indent < n {
                break;
            }
            // The line's text past the scalar's indentation, more indentation included.
            body.push(Some(&self.text[line.start - (line.indent - n)..line.end]));
            self.at += 1;
        }
        if self.at == self.lines.len() && !self.text.ends_with('\n') {
            return None;
        }
        if content_indent.is_none() {
            return match chomp {
                Chomp::Keep => Some(Value::String("\n".repeat(body.len()))),
                Chomp::Clip | Chomp::Strip => Some(Value::String(String::new())),
            };
        }
        let trailing = body.iter().rev().take_while(|line| line.is_none()).count();
        let lines = &body[..body.len() - trailing];
        let mut out = String::new();
        // Empty lines since the last text line, and whether that line was more indented.
        let (mut breaks, mut previous) = (0, None::<bool>);
        for line in lines {
            let Some(text) = line else {
                breaks += 1;
                continue;
            };
            let more_indented = text.starts_with(' ');
            match previous {
                None => out.extend(std::iter::repeat_n('\n', breaks)),
                // `>` folds a break between two lines of text, neither more indented, to a
                // space, and keeps only the empty lines' breaks.
                Some(false) if !literal && !more_indented => fold(&mut out, breaks),
                Some(_) => out.extend(std::iter::repeat_n('\n', breaks + 1)),
            }
            (breaks, previous) = (0, Some(more_indented));
            out.push_str(text);
        }
        match chomp {
            Chomp::Strip => {}
            Chomp::Clip => out.push('\n'),
            Chomp::Keep => out.extend(std::iter::repeat_n('\n', 1 + trailing)),
        }
        Some(Value::String(out))
    }

    /// A flow collection opening at byte `start` of the current line; it may span lines,
    /// each more indented than `indent`.
    fn flow(&mut self, indent: usize, start: usize) -> Option<Value> {
        let mut flow = Flow { text: self.text, at: start, indent, depth: self.depth };
        let value = flow.value()?;
        while self.lines[self.at].end < flow.at {
            self.at += 1;
        }
        // Only a comment may follow on the closing line.
        if !only_comment(&self.text[flow.at..self.lines[self.at].end]) {
            return None;
        }
        self.at += 1;
        Some(value)
    }
}
/// Folds a line break with `empty` empty lines after it: a space, or a `\n` per empty line.
fn fold(out: &mut String, empty: usize) {
    match empty {
        0 => out.push(' '),
        _ => out.extend(std::iter::repeat_n('\n', empty)),
    }
}

/// `---` or `...` at the start of a line: a document marker.
fn is_marker(content: &str) -> bool {
    (content.starts_with("---") || content.starts_with("...")) && content.as_bytes().get(3).is_none_or(|&b| b == b' ')
}

/// A plain scalar's line in block context: no `: ` (a key where none may be) and no
/// trailing `:`.
fn plain_line(text: &str) -> bool {
    !(text.contains(": ") || text.ends_with(':'))
}

#[derive(Clone, Copy)]
enum Chomp {
    Clip,
    Strip,
    Keep,
}

/// A cursor in a flow collection, which may span lines.
struct Flow<'a> {
    text: &'a str,
    at: usize,
    /// Lines it continues on must be indented more than this.
    indent: usize,
    depth: usize,
}

impl Flow<'_> {
    /// Past spaces, line breaks and comments; `None` when a continued line is not indented
    /// enough.
    fn space(&mut self) -> Option<()> {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.at) {
            match b {
                b' ' | b'\r' => self.at += 1,
                b'\n' => {
                    self.at += 1;
                    let spaces = bytes[self.at..].iter().take_while(|&&b| b == b' ').count();
                    let next = bytes.get(self.at + spaces);
                    if spaces <= self.indent && !matches!(next, None | Some(b'\n' | b'\r' | b'#')) {
                        return None;
                    }
                }
                b'#' if self.at > 0 && matches!(bytes[self.at - 1], b' ' | b'\n') => {
                    while bytes.get(self.at).is_some_and(|&b| b != b'\n') {
                        self.at += 1;
                    }
                }
                _ => break,
            }
        }
        Some(())
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn value(&mut self) -> Option<Value> {
        match self.peek()? {
            b'[' => self
                .entries(b']', |flow| {
                    let item = flow.value()?;
                    flow.space()?;
                    // `[a: b]`: a mapping of one pair.
                    match (item, flow.peek()?) {
                        (Value::String(key), b':') => {
                            Some(Value::Object(Map::from_iter([(key, flow.pair_value(b']')?)])))
                        }
                        (_, b':') => None,
                        (item, _) => Some(item),
                    }
                })
                .map(Value::Array),
            b'{' => self
                .entries(b'}', |flow| {
                    let key = match flow.peek()? {
                        b'"' | b'\'' => flow.quoted()?,
                        _ => flow.plain_text()?.to_string(),
                    };
                    flow.space()?;
                    if flow.peek()? != b':' {
                        return None;
                    }
                    Some((key, flow.pair_value(b'}')?))
                })
                .map(|pairs| Value::Object(pairs.into_iter().collect())),
            b'"' | b'\'' => self.quoted().map(Value::String),
            _ => plain_value(self.plain_text()?),
        }
    }

    /// The entries of the flow collection opening here, up to `close`, each read by `entry`.
    fn entries<T>(&mut self, close: u8, mut entry: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.at += 1;
        let mut entries = Vec::new();
        loop {
            self.space()?;
            if self.peek()? == close {
                self.at += 1;
                break;
            }
            entries.push(entry(self)?);
            self.space()?;
            match self.peek()? {
                b',' => self.at += 1,
                next if next == close => {}
                _ => return None,
            }
        }
        self.depth -= 1;
        Some(entries)
    }

    /// The value after a key's `:` (here), null when the entry ends with the colon.
    fn pair_value(&mut self, close: u8) -> Option<Value> {
        self.at += 1;
        self.space()?;
        match self.peek()? {
            next if next == b',' || next == close => Some(Value::Null),
            _ => self.value(),
        }
    }

    /// A quoted scalar on one line.
    fn quoted(&mut self) -> Option<String> {
        let line_end = self.text[self.at..].find('\n').map_or(self.text.len(), |i| self.at + i);
        let text = &self.text[self.at..line_end];
        let (value, after) = quoted_line(text)?;
        self.at = line_end - after.len();
        Some(value)
    }

    /// A plain scalar on one line, ending before `,`, a bracket, `: ` or a comment.
    fn plain_text(&mut self) -> Option<&str> {
        let start = self.at;
        let bytes = self.text.as_bytes();
        let mut end = start;
        while let Some(&b) = bytes.get(end) {
            match b {
                b',' | b'[' | b']' | b'{' | b'}' | b'\n' | b'\r' => break,
                // libyaml refuses a `:` right before a flow indicator (`[a:]`).
                b':' if matches!(bytes.get(end + 1), Some(b',' | b'?' | b'[' | b']' | b'{' | b'}')) => return None,
                b':' if matches!(bytes.get(end + 1), None | Some(b' ' | b'\n' | b'\r')) => break,
                b'#' if end > start && bytes[end - 1] == b' ' => break,
                _ => end += 1,
            }
        }
        let text = self.text[start..end].trim_end_matches(' ');
        if !plain_start(text) {
            return None;
        }
        self.at = start + text.len();
        // A plain scalar continued on the next line is left to serde_yaml.
        let mut probe = self.at;
        while bytes.get(probe) == Some(&b' ') {
            probe += 1;
        }
        if matches!(bytes.get(probe), Some(b'\n' | b'\r')) {
            let mut next = probe;
            while matches!(bytes.get(next), Some(b' ' | b'\n' | b'\r')) {
                next += 1;
            }
            if !matches!(bytes.get(next), None | Some(b',' | b']' | b'}' | b':' | b'#')) {
                return None;
            }
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests;
