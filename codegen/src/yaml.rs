//! A YAML reader of our own, for two users. `config` reads `codegen.yaml` as
//! a tree that remembers the line of every node, so that a config error can
//! name the line and key it is about (serde_yaml's values forget where they
//! came from); scalars stay text until the reader asks for the type it
//! expects. `load` reads specs nested deeper than serde_yaml's fixed limit of
//! 128 ([`to_json_bounded`]): this parser keeps open collections on a heap
//! stack, not the call stack. Built from yaml-rust2's parser events.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Why a document could not be read: its line and, for a key given twice, the key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Error {
    /// 1-based.
    pub line: usize,
    /// The key the error is about, or empty.
    pub key: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// 1-based.
    pub line: usize,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// The scalar's text, and whether it was quoted (a quoted `true` is a string).
    Scalar(String, bool),
    List(Vec<Node>),
    /// Keys in document order, each with its own line.
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Key {
    pub text: String,
    pub line: usize,
}

impl Node {
    /// `null`, `~` or nothing at all (`key:` with no value).
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar(text, false) if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Scalar(..) if self.is_null() => "null",
            Value::Scalar(..) => "a scalar",
            Value::List(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The node as JSON, for patches and merge documents: plain scalars are
    /// typed as YAML 1.2's core schema types them, quoted ones stay strings.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Scalar(_, false) if self.is_null() => serde_json::Value::Null,
            Value::Scalar(text, true) => serde_json::Value::String(text.clone()),
            Value::Scalar(text, false) => match text.as_str() {
                "true" | "True" | "TRUE" => serde_json::Value::Bool(true),
                "false" | "False" | "FALSE" => serde_json::Value::Bool(false),
                _ => serde_json::from_str::<serde_json::Number>(text)
                    .map(serde_json::Value::Number)
                    .unwrap_or_else(|_| serde_json::Value::String(text.clone())),
            },
            Value::List(items) => serde_json::Value::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => {
                serde_json::Value::Object(entries.iter().map(|(k, v)| (k.text.clone(), v.to_json())).collect())
            }
        }
    }
}

/// Parses one YAML document; an empty file is an empty mapping.
pub(crate) fn parse(text: &str) -> Result<Node, Error> {
    parse_bounded(text, usize::MAX)
}

/// A YAML document as JSON, nested at most `max_depth` collections deep:
/// for specs deeper than serde_yaml's fixed limit.
pub(crate) fn to_json_bounded(text: &str, max_depth: usize) -> Result<serde_json::Value, Error> {
    parse_bounded(text, max_depth).map(|node| node.to_json())
}

fn parse_bounded(text: &str, max_depth: usize) -> Result<Node, Error> {
    let mut builder = Builder { max_depth, ..Builder::default() };
    let mut parser = Parser::new_from_str(text);
    // Event by event, not `Parser::load`, which recurses once per nesting level.
    loop {
        let (event, mark) = parser.next_token().map_err(|e| Error {
            line: e.marker().line(),
            key: String::new(),
            message: e.info().to_string(),
        })?;
        if matches!(event, Event::DocumentEnd | Event::StreamEnd) {
            break;
        }
        builder.on_event(event, mark);
        if let Some(error) = builder.error.take() {
            return Err(error);
        }
    }
    Ok(builder.root.unwrap_or(Node { line: 1, value: Value::Map(Vec::new()) }))
}

/// Turns the parser's events into [`Node`]s: open collections wait on a stack.
#[derive(Default)]
struct Builder {
    stack: Vec<(Node, Option<Key>)>,
    /// Anchored nodes by anchor id, for aliases.
    anchors: Vec<(usize, Node)>,
    /// Anchor ids of the open collections, in stack order.
    open_anchors: Vec<usize>,
    root: Option<Node>,
    error: Option<Error>,
    /// How many collections may be open at once.
    max_depth: usize,
}

impl Builder {
    fn finish(&mut self, node: Node) {
        let Some((parent, pending_key)) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        match &mut parent.value {
            Value::List(items) => items.push(node),
            Value::Map(entries) => match pending_key.take() {
                None => match node.value {
                    Value::Scalar(text, _) => *pending_key = Some(Key { text, line: node.line }),
                    _ => self.fail(node.line, "a mapping key must be a plain value"),
                },
                Some(key) => {
                    if entries.iter().any(|(k, _)| k.text == key.text) {
                        let first = entries.iter().find(|(k, _)| k.text == key.text).map_or(0, |(k, _)| k.line);
                        let message = format!("`{}` is given twice (first on line {first})", key.text);
                        self.error.get_or_insert(Error { line: key.line, key: key.text.clone(), message });
                    }
                    entries.push((key, node));
                }
            },
            Value::Scalar(..) => {}
        }
    }

    fn fail(&mut self, line: usize, message: &str) {
        self.error.get_or_insert(Error { line, key: String::new(), message: message.to_string() });
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let line = mark.line();
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let quoted = !matches!(style, TScalarStyle::Plain) || tag.as_ref().is_some_and(is_string_tag);
                let node = Node { line, value: Value::Scalar(text, quoted) };
                if anchor > 0 {
                    self.anchors.push((anchor, node.clone()));
                }
                self.finish(node);
            }
            Event::SequenceStart(..) | Event::MappingStart(..) if self.stack.len() >= self.max_depth => {
                let message = format!("nested more than {} levels deep", self.max_depth);
                self.fail(line, &message);
            }
            Event::SequenceStart(anchor, _) => {
                self.stack.push((Node { line, value: Value::List(Vec::new()) }, None));
                self.open_anchors.push(anchor);
            }
            Event::MappingStart(anchor, _) => {
                self.stack.push((Node { line, value: Value::Map(Vec::new()) }, None));
                self.open_anchors.push(anchor);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let (Some((node, _)), Some(anchor)) = (self.stack.pop(), self.open_anchors.pop()) {
                    if anchor > 0 {
                        self.anchors.push((anchor, node.clone()));
                    }
                    self.finish(node);
                }
            }
            Event::Alias(anchor) => match self.anchors.iter().rev().find(|(id, _)| *id == anchor) {
                Some((_, node)) => {
                    let node = Node { line, value: node.value.clone() };
                    self.finish(node);
                }
                None => self.fail(line, "an alias names no anchor before it"),
            },
            _ => {}
        }
    }
}

fn is_string_tag(tag: &Tag) -> bool {
    tag.suffix == "str"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_keys_are_kept() {
        let node = parse("a:\n  b: 1\n  c: [x, 'true']\n").unwrap();
        let Value::Map(entries) = &node.value else { panic!("a map") };
        assert_eq!(entries[0].0, Key { text: "a".into(), line: 1 });
        let Value::Map(inner) = &entries[0].1.value else { panic!("a map") };
        assert_eq!(inner[1].0.line, 3);
        assert_eq!(entries[0].1.to_json(), serde_json::json!({"b": 1, "c": ["x", "true"]}));
    }

    #[test]
    fn duplicate_keys_and_syntax_errors_name_their_line() {
        let error = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!((error.line, error.key.as_str()), (3, "a"));
        assert!(error.message.contains("line 1"), "{}", error.message);
        assert_eq!(parse("a: [1, 2\nb: 3\n").unwrap_err().line, 2);
    }

    #[test]
    fn depth_is_bounded_without_recursion() {
        let nested = |depth: usize| (0..depth).map(|level| format!("{}a:\n", "  ".repeat(level))).collect::<String>();
        let error = to_json_bounded(&nested(2_000), 512).unwrap_err();
        assert_eq!((error.line, error.message.as_str()), (513, "nested more than 512 levels deep"));
        assert!(to_json_bounded(&nested(400), 512).is_ok());
    }

    #[test]
    fn anchors_and_aliases_copy_the_node() {
        let node = parse("a: &x {k: v}\nb: *x\n").unwrap();
        assert_eq!(node.to_json(), serde_json::json!({"a": {"k": "v"}, "b": {"k": "v"}}));
    }
}
